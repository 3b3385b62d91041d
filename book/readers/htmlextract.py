"""Finding the article in a whole web page, and clearing the page furniture out of it.

1. `clean_page`: what is never text (scripts, styles, templates...) and what the page hides
   (`hidden`, `aria-hidden="true"`, `display:none`) goes first, everywhere, unreported.
2. `find_article`: the `<article>` with the most text; else the `<main>` (or `role="main"`)
   with the most text; else the best container by a readability-style score of its
   paragraphs (length, commas, less the share of link text, with class and id hints), with
   the siblings that score nearly as well.
3. `strip_furniture`: inside the article, navigation, site headers, footers, asides, forms,
   embeds and widgets (by tag, role, class and id hints) and short boilerplate text
   (`scraped.boilerplate_kind`: "Advertisement", "Share this article"...) are dropped and
   reported as `Removal`s with their lines.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from book.model import Removal
from book.readers.htmlhints import (
    BLOCK_TAGS, CONTENT_HINT, FURNITURE_HINTS, FURNITURE_ROLES, FURNITURE_TAGS, HEADINGS,
    NEGATIVE_HINT, QUIET_TAGS, drop, furniture_hint, hint_words, is_hidden, is_svg_image, last_line,
    link_density, role_of, tag_of, text_of,
)
from book.readers.scraped import boilerplate_kind
from book.readers.patterns import BOILERPLATE_MAX_WORDS

MIN_PARAGRAPH_CHARS = 25
"""Shorter paragraphs do not count when scoring containers."""
ANCESTOR_LEVELS = 5
"""A paragraph's score goes to this many ancestors (readability)."""
CLASS_WEIGHT = 25
"""Added for a content hint, taken off for a furniture hint."""
TAG_WEIGHTS = {"div": 5, "article": 10, "section": 3, "pre": 3, "td": 3, "blockquote": 3,
               "main": 10, "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3,
               "li": -3, "form": -3, "th": -5, **dict.fromkeys(HEADINGS, -5)}
SIBLING_SHARE = 0.2
"""A sibling of the best container joins it when it scores at least this share of it..."""
SIBLING_MIN = 10
"""...and at least this much."""
MOSTLY_ARTICLE = 0.6
"""An element holding more than this share of the article's text is never furniture by its
class alone (a misleading class on a wrapper); comment sections excepted."""
LINK_BAR_MIN = 2
LINK_BAR_WORDS = 3
LINK_BAR_SHARE = 0.9
"""A link bar: at least this many links of at most this many words, holding this share of
its text (spaces and "|" aside)."""
_BAR_FILLER = re.compile(r"[\s|·•/,]+")
UNSCORED = frozenset({"nav", "aside", "footer", "header", "form"})
"""Paragraphs inside these do not score."""


def clean_page(doc: HtmlElement) -> None:
    """Drop what is never text and what the page hides (no report: none of it is shown)."""
    body = doc.find("body")
    doomed = [el for el in (doc if body is None else body).iter() if not isinstance(el.tag, str)
              or (tag_of(el) in QUIET_TAGS and not (tag_of(el) == "title"
                                                      and tag_of(el.getparent()) == "svg"))
              or (tag_of(el) == "svg" and not is_svg_image(el)) or is_hidden(el)]
    for el in doomed:
        if el.getparent() is not None and _attached(el, doc):
            if tag_of(el) in QUIET_TAGS:
                el.drop_tree()
            else:
                drop(el)


def _attached(el: HtmlElement, doc: HtmlElement) -> bool:
    """Still in the document (not inside something dropped already)."""
    return el.getroottree().getroot() is doc


# ------------------------------------------------------------ the article


def find_article(doc: HtmlElement) -> list[HtmlElement]:
    """The elements holding the article, in page order (usually one); [] for no body."""
    body = doc.find("body")
    if body is None:
        body = doc
    for found in (list(body.iter("article")),
                  [el for el in body.iter() if tag_of(el) == "main" or role_of(el) == "main"]):
        found = [el for el in found if text_of(el)]
        if found:
            return [max(found, key=lambda el: len(text_of(el)))]
    return _best_by_score(body)


def _best_by_score(body: HtmlElement) -> list[HtmlElement]:
    scores: dict[HtmlElement, float] = {}
    for el in body.iter("p", "pre", "td", "div", "section"):
        if tag_of(el) in ("div", "section", "td") and any(
                tag_of(child) in BLOCK_TAGS for child in el):
            continue  # a container; only a div holding text alone scores as a paragraph
        text = text_of(el)
        if len(text) < MIN_PARAGRAPH_CHARS or _unscored(el, body):
            continue
        commas = text.count(",") + text.count("，") + text.count("、")
        score = 1 + commas + min(len(text) // 100, 3)
        for level, ancestor in enumerate(el.iterancestors()):
            if level == ANCESTOR_LEVELS:
                break
            if ancestor not in scores:
                scores[ancestor] = _base_score(ancestor)
            scores[ancestor] += score / (1 if level == 0 else 2 if level == 1 else level * 3)
            if ancestor is body:
                break
    if not scores:
        return [body]
    final = {el: score * (1 - link_density(el)) for el, score in scores.items()}
    best = max(final, key=final.get)
    parent = best.getparent()
    if parent is None or best is body:
        return [best]
    threshold = max(SIBLING_MIN, final[best] * SIBLING_SHARE)
    return [sibling for sibling in parent if sibling is best or _joins(sibling, final, threshold)]


def _unscored(el: HtmlElement, body: HtmlElement) -> bool:
    """Inside navigation, a sidebar, a footer or a form, or a widget by its class."""
    for ancestor in (el, *el.iterancestors()):
        if ancestor is body:
            return False
        if tag_of(ancestor) in UNSCORED or role_of(ancestor) in FURNITURE_ROLES \
                or furniture_hint(ancestor):
            return True
    return False


def _base_score(el: HtmlElement) -> float:
    words = hint_words(el)
    weight = TAG_WEIGHTS.get(tag_of(el), 0)
    if CONTENT_HINT.search(words):
        weight += CLASS_WEIGHT
    if any(p.search(words) for _, p in FURNITURE_HINTS) or NEGATIVE_HINT.search(words):
        weight -= CLASS_WEIGHT
    return weight


def _joins(sibling: HtmlElement, final: dict, threshold: float) -> bool:
    """A sibling scoring nearly as well, or a paragraph of text with few links."""
    if not isinstance(sibling.tag, str):
        return False
    if final.get(sibling, 0) >= threshold:
        return True
    if tag_of(sibling) != "p" or _unscored(sibling, sibling.getparent()):
        return False
    text, density = text_of(sibling), link_density(sibling)
    return (len(text) > 80 and density < 0.25) or (0 < len(text) <= 80 and density == 0
                                                   and text.rstrip().endswith((".", "!", "?")))


# ------------------------------------------------------------ furniture


def strip_furniture(parts: list[HtmlElement], keep: set[HtmlElement]) -> list[Removal]:
    """Drop the furniture inside the article's elements; what was dropped, by line.

    Elements in `keep` (the article's own header, footnote sections) are not judged by their
    tag or class, only looked into.
    """
    removed: list[Removal] = []
    total = sum(len(text_of(part)) for part in parts) or 1
    for part in parts:
        _strip(part, keep, total, removed)
    return removed


def _strip(el: HtmlElement, keep: set[HtmlElement], total: int, removed: list[Removal]) -> None:
    for child in list(el):
        what = None if child in keep else furniture_kind(child, total)
        if what is None:
            _strip(child, keep, total, removed)
            continue
        if text_of(child) or what == "embed":
            removed.append(Removal(what, child.sourceline or 0, last_line(child)))
        drop(child)


def furniture_kind(el: HtmlElement, total: int) -> str | None:
    """The Removal kind of a piece of page furniture, or None for the article's text."""
    tag = tag_of(el)
    if tag in ("blockquote", "figure", "pre", "code", "table", "a", "em", "strong", "i", "b",
               "img", "picture", "sup", "sub", "li", "td", "th", "tr"):
        return None
    if tag == "footer" and any(tag_of(a) in ("blockquote", "figure") for a in el.iterancestors()):
        return None  # a quotation's attribution
    if tag == "header":
        return header_kind(el)
    if tag in FURNITURE_TAGS:
        return FURNITURE_TAGS[tag]
    if role_of(el) in FURNITURE_ROLES:
        if role_of(el) == "button" and el.find(".//img") is not None:
            return None  # an image that zooms when clicked
        return FURNITURE_ROLES[role_of(el)]
    text = text_of(el)
    what = furniture_hint(el)
    if what and (what == "comment section" or len(text) <= MOSTLY_ARTICLE * total):
        return what
    if tag in BLOCK_TAGS and text and len(text.split()) <= BOILERPLATE_MAX_WORDS \
            and el.find(".//img") is None:
        return boilerplate_kind(text) or ("navigation" if is_link_bar(el, text) else None)
    return None


def is_link_bar(el: HtmlElement, text: str) -> bool:
    """A row of short links and separators ("Home | About | Contact"), not a list of sources."""
    links = [text_of(a) for a in el.iter("a")]
    return (tag_of(el) not in ("ul", "ol", "li") and len(links) >= LINK_BAR_MIN
            and all(0 < len(link.split()) <= LINK_BAR_WORDS for link in links)
            and sum(len(_BAR_FILLER.sub("", link)) for link in links)
            >= LINK_BAR_SHARE * len(_BAR_FILLER.sub("", text)))


def header_kind(el: HtmlElement) -> str | None:
    """A header that is page furniture ("header"), or None for a section's own header.

    A header holding navigation or a site logo is the site's; one holding a heading (and
    not the site's) heads its section and stays.
    """
    site = el.find(".//nav") is not None or furniture_hint(el) is not None
    heading = any(True for _ in el.iter(*HEADINGS))
    return "header" if site or not heading else None
