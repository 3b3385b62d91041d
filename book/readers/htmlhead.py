"""The article's head: its headline, kicker, byline, date and standfirst, as the page shows
them, taken out of the text; then the chapter's metadata chosen from them and the page's.

`harvest` looks at the head zone: the article's own `<header>` (the one holding its h1) and
whatever comes before the first real paragraph. There it takes

- the headline: the first h1, when it is the page's title too (og:title or JSON-LD headline,
  compared loosely) or the page gives none; an h1 that differs from the page's title stays
  in the text as a section heading;
- the kicker, standfirst and byline/date blocks, by class hints ("kicker", "standfirst",
  "byline", "entry-meta"...), `rel="author"`, `itemprop`, and `<time datetime>`;
- in the header, a paragraph or h2 of text under the headline as the standfirst.

Everything it takes leaves the page, so that it is not read twice. `htmlresolve.resolve` then
chooses between what the article shows and what the page says.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from book.readers.htmlhints import BLOCK_TAGS, drop, furniture_hint, hint_words, tag_of, text_of
from book.readers.htmlmeta import PageMeta, clean_name, clean_title, ld_text, parse_when, same_text
from book.readers.patterns import BYLINE_PREFIX
from book.readers.scraped import is_kicker_like, parse_marker

_WORD = r"(?<![a-z0-9])(?:{})(?![a-z0-9])"
KICKER_HINT = re.compile(_WORD.format(
    r"kicker|eyebrow|overline|rubric|section-?(?:label|name|title)|(?:primary-)?category"
    r"|topic-?label|flag|tag"))
DEK_HINT = re.compile(_WORD.format(
    r"dek|deck|standfirst|stand-?first|sub-?title|sub-?head(?:line|ing)?|strapline|strap|summary"
    r"|lede-?text|excerpt|description"))
BYLINE_HINT = re.compile(_WORD.format(
    r"byline|by-?line|authors?|author-?(?:name|names|link|meta)|contributors?|writer|posted-?by"
    r"|reporter|by|auteurs?|autor(?:es|in)?|autore|signature|firma"))
DATE_HINT = re.compile(_WORD.format(
    r"date|dateline|published|pub-?date|publish-?date|timestamp|posted-?on|entry-?date|time"))
META_HINT = re.compile(_WORD.format(r"meta|entry-?meta|post-?meta|article-?meta|info"))
UPDATED_HINT = re.compile(r"updated|modified")
DATE_SHAPE = re.compile(r"(?:19|20)\d\d")
"""A date has a year (a cheap test before `parse_when`)."""
BODY_MIN_WORDS = 8
"""The first paragraph (outside the header) with this many words starts the body."""
META_MAX_WORDS = 40
"""A byline or date block is at most this long."""
DEK_MIN_WORDS = 5
DEK_MAX_WORDS = 80
"""A longer block marked as a standfirst ("text-description") is the text itself."""
OUTSIDE_ZONE_WORDS = 120
"""Between a headline outside the article's text and the text, at most this many words."""


@dataclass
class Head:
    """What the article shows above its text."""

    title: str | None = None
    """The headline as shown (its h1), when it is the article's title."""
    kicker: str | None = None
    dek: str | None = None
    byline_authors: list[str] = field(default_factory=list)
    rel_authors: list[str] = field(default_factory=list)
    date: tuple[datetime.date, str] | None = None
    header: HtmlElement | None = None
    """The article's own header: looked into, never dropped whole as furniture."""
    drops: list[tuple[str, int]] = field(default_factory=list)
    """Furniture in byline blocks (a reading time, a share bar): (Removal kind, line)."""


def harvest(parts: list[HtmlElement], page: PageMeta) -> Head:
    """Take the head's pieces out of the article's elements."""
    head = Head()
    elements = [el for part in parts for el in part.iter() if isinstance(el.tag, str)]
    h1 = next((el for el in elements if tag_of(el) == "h1"), None)
    header = None if h1 is None else next(
        (a for a in h1.iterancestors() if tag_of(a) == "header"), None)
    head.header = header
    body = _first_body_paragraph(elements, header)
    zone = elements[:elements.index(body)] if body is not None else elements
    if h1 is None and parts:
        zone = _zone_before(parts) + zone
        h1 = next((el for el in zone if tag_of(el) == "h1"), None)
    if h1 is not None and h1 in zone:
        _take_title(h1, page, head)
    taken: list[HtmlElement] = []
    for el in zone:
        if el.getparent() is None or any(t in (el, *el.iterancestors()) for t in taken) \
                or _in_furniture(el, parts):
            continue
        what = _what(el)
        if what is None:
            continue
        block = el if tag_of(el) in BLOCK_TAGS or what in ("kicker", "dek") \
            else _block_of(el, parts, header)
        block = el if block is None else block
        if block in parts or block is header:
            continue
        if _take(block, what, head):
            taken.append(block)
    if header is not None:
        _take_header_rest(header, head, taken)
    for el in taken:
        if el.getparent() is not None:
            drop(el)
    return head


def _zone_before(parts: list[HtmlElement]) -> list[HtmlElement]:
    """A headline shown before the article's text (a blog's "entry-header" above its
    "entry-content"): the page's only h1 and what lies between it and the text, if short."""
    root = parts[0].getroottree().getroot()
    h1s = list(root.iter("h1"))
    if len(h1s) != 1 or _in_furniture(h1s[0], parts):
        return []
    page = [el for el in root.iter() if isinstance(el.tag, str)]
    start, end = page.index(h1s[0]), page.index(parts[0])
    zone = [el for el in page[start:end] if not any(a in parts for a in el.iterancestors())]
    words = sum(len((el.text or "").split()) + len((el.tail or "").split()) for el in zone)
    return zone if start < end and words <= OUTSIDE_ZONE_WORDS else []


def _in_furniture(el: HtmlElement, parts: list[HtmlElement]) -> bool:
    """Inside navigation, a sidebar, a footer, a form or a widget: no head there. (An
    element around the article is none of these, whatever its class says.)"""
    around = set(parts[0].iterancestors()) if parts else set()
    for ancestor in el.iterancestors():
        if ancestor in parts or tag_of(ancestor) in ("body", "html"):
            return False
        if ancestor in around:
            continue
        if tag_of(ancestor) in ("nav", "aside", "footer", "form") or furniture_hint(ancestor):
            return True
    return False


def _first_body_paragraph(elements: list[HtmlElement],
                          header: HtmlElement | None) -> HtmlElement | None:
    for el in elements:
        if tag_of(el) != "p" or len(text_of(el).split()) < BODY_MIN_WORDS:
            continue
        ancestors = list(el.iterancestors())
        if header is not None and header in ancestors:
            continue
        if any(_what(a) and len(text_of(a).split()) <= DEK_MAX_WORDS
               for a in (el, *ancestors[:3])):
            continue
        return el
    return None


def _take_title(h1: HtmlElement, page: PageMeta, head: Head) -> None:
    """The h1 is the headline when it is the page's title (or the page names none)."""
    shown = text_of(h1).rstrip("#¶§ ").strip()
    wanted = clean_title(page.first("title") or ld_text(page.ld.get("headline")), page.sites(),
                         page.shown)
    if not shown or (wanted and not same_text(shown, wanted)):
        return
    head.title = shown
    group = h1.getparent()
    if tag_of(group) == "hgroup":
        rest = " ".join(text_of(el) for el in group if el is not h1 and text_of(el))
        head.dek = rest or None
        drop(group)
    else:
        drop(h1)


def _what(el: HtmlElement) -> str | None:
    """What a head element is by its markup: "kicker", "dek", "byline" or "date"."""
    words = hint_words(el)
    if (el.get("rel") or "").lower() == "author" or (el.get("itemprop") or "").lower() == "author":
        return "byline"
    if tag_of(el) == "time" and el.get("datetime"):
        return "date"
    if (el.get("itemprop") or "").lower() == "datepublished":
        return "date"
    if not words:
        return None
    for what, pattern in (("kicker", KICKER_HINT), ("dek", DEK_HINT), ("byline", BYLINE_HINT),
                          ("date", DATE_HINT), ("byline", META_HINT)):
        if pattern.search(words):
            return what
    return None


def _block_of(el: HtmlElement, parts: list[HtmlElement],
              header: HtmlElement | None) -> HtmlElement | None:
    """The short block around an inline byline or date ("By <a>Jane</a> | <time>...")."""
    for ancestor in el.iterancestors():
        if ancestor in parts or ancestor is header:
            return None
        if tag_of(ancestor) in BLOCK_TAGS:
            short = len(text_of(ancestor).split()) <= META_MAX_WORDS
            return ancestor if short and ancestor.find(".//h1") is None else None
    return None


def _take(block: HtmlElement, what: str, head: Head) -> bool:
    """Read a kicker, standfirst or byline/date block; False when it is none after all."""
    text = text_of(block)
    words = len(text.split())
    if what == "kicker":
        if not text or not is_kicker_like(text):
            return False
        head.kicker = head.kicker or text
        return True
    if what == "dek":
        if head.dek or words < 3 or words > DEK_MAX_WORDS or block.find(".//h1") is not None \
                or _repeated(block):
            return False
        head.dek = head.dek or text
        return True
    if words > META_MAX_WORDS:
        return False
    _read_byline(block, head)
    return True


def _repeated(block: HtmlElement) -> bool:
    """Its kind of element (tag and class) comes again next to it: a run of the text's own
    blocks ("text-description" after "text-description"), not a standfirst."""
    kind = (block.tag, block.get("class"))
    return any((el.tag, el.get("class")) == kind
               for el in (block.getprevious(), block.getnext()) if el is not None)


def _read_byline(block: HtmlElement, head: Head) -> None:
    """Names and the publication date in a byline or date block.

    Names come from the innermost elements marked as authors ("By <span class=author>Jane
    Doe</span>"), else from the block's text read as a byline ("By Jane Doe | May 3, 2025").
    """
    names = []
    for el in block.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        if (el.get("rel") or "").lower() == "author":
            head.rel_authors.append(clean_name(text_of(el)) or "")
        elif _is_author(el) and not any(_is_author(d) for d in el.iterdescendants()
                                         if isinstance(d.tag, str)):
            inner = el.find(".//*[@itemprop='name']")
            names.append(text_of(inner if inner is not None else el))
    text = text_of(block)
    marker = parse_marker(text)
    if marker:
        head.drops.extend((what, block.sourceline or 0) for what in marker.drops)
    found = [n for name in names if (n := clean_name(name))]
    if not found and marker:
        found = list(marker.authors)
    elif not found and not head.rel_authors and BYLINE_HINT.search(hint_words(block)):
        found = [n for n in [clean_name(text)] if n]
    head.byline_authors.extend(n for n in found if n not in head.byline_authors)
    if head.date is None:
        head.date = _published(block) or (
            (marker.dates[0].value, marker.dates[0].text) if marker and marker.dates else None)
    if head.date is None:  # a date alone in one of its elements ("<div>Apr 02, 2025</div>")
        dates = (parse_when(text_of(el)) for el in block.iter()
                 if isinstance(el.tag, str) and len(el) == 0 and DATE_SHAPE.search(text_of(el)))
        head.date = next((d for d in dates if d), None)


def _is_author(el: HtmlElement) -> bool:
    return ((el.get("itemprop") or "").lower() == "author"
            or bool(BYLINE_HINT.search(hint_words(el))))


def _published(block: HtmlElement) -> tuple[datetime.date, str] | None:
    """The publication date of the <time> elements (not the "updated" one, unless alone)."""
    times = [t for t in block.iter("time") if t.get("datetime")] + [
        t for t in block.iter() if isinstance(t.tag, str) and tag_of(t) != "time"
        and (t.get("itemprop") or "").lower() == "datepublished" and t.get("content")]
    times.sort(key=lambda t: bool(UPDATED_HINT.search(
        hint_words(t) + " " + (t.get("itemprop") or "").lower())))
    for t in times:
        when = parse_when(t.get("datetime") or t.get("content"))
        if when:
            return when[0], text_of(t) or when[1]
    return None


def _take_header_rest(header: HtmlElement, head: Head, taken: list[HtmlElement]) -> None:
    """Unmarked text left in the article's header: a byline ("Par Marie Dupont") or the
    standfirst (a sentence under the headline)."""
    for el in header.iter("p", "h2", "div"):
        if any(t in (el, *el.iterancestors()) for t in taken) or el.getparent() is None:
            continue
        if tag_of(el) == "div" and any(tag_of(c) in BLOCK_TAGS for c in el):
            continue
        text = text_of(el)
        if el.find(".//img") is not None or len(text.split()) > META_MAX_WORDS:
            continue
        if BYLINE_PREFIX.match(text) and clean_name(text):
            head.byline_authors.append(clean_name(text))  # "Par Marie Dupont et Jean Martin"
            taken.append(el)
        elif len(text.split()) >= DEK_MIN_WORDS and parse_marker(text) is None and head.dek is None:
            head.dek = text
            taken.append(el)
