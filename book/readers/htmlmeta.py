"""A web page's own metadata: <meta> tags, JSON-LD, <title> and the lang attribute.

`page_meta` reads them before anything is removed from the page (JSON-LD sits in scripts);
malformed JSON-LD is ignored quietly (a debug message): pages are full of it.

`resolve` then chooses between them and what the article shows (`htmlhead.Head`), in order:
title from og:title, JSON-LD headline, the article's h1, <title> (without " | Site");
author from <meta name=author>, JSON-LD, rel=author and byline elements (never the site's
name); date from the article's <time>, article:published_time, JSON-LD datePublished;
kicker from article:section, JSON-LD articleSection, a kicker element; standfirst from a
standfirst element (shown text is never lost), og:description, the meta description, unless
it merely repeats the start of the text.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from book.configcheck import BCP47
from book.readers.htmlhints import hint_words, tag_of, text_of
from book.readers.patterns import BYLINE_PREFIX, NAME_JOINS, NAME_PARTICLES
from book.readers.scraped import is_kicker_like, parse_date
from book.readers.textfile import ILLEGAL_XML

if TYPE_CHECKING:
    from book.readers.htmlhead import Head

log = logging.getLogger("book")

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "report", "scholarlyarticle", "techarticle",
    "opinionnewsarticle", "analysisnewsarticle", "reportagenewsarticle", "backgroundnewsarticle",
    "reviewnewsarticle", "socialmediaposting", "liveblogposting", "medicalscholarlyarticle",
    "posting", "review", "creativework",
})
"""schema.org types of an article (lower case)."""
META_KEYS = {
    # what -> <meta> names and properties, best first (lower case)
    "title": ("og:title", "twitter:title", "dc.title", "citation_title"),
    "author": ("author", "article:author", "dc.creator", "citation_author", "parsely-author",
               "sailthru.author"),
    "date": ("article:published_time", "og:article:published_time", "datepublished",
             "citation_publication_date", "dc.date.issued", "dc.date", "dcterms.created", "date",
             "parsely-pub-date"),
    "section": ("article:section", "parsely-section"),
    "description": ("og:description", "description", "twitter:description", "dc.description"),
    "site": ("og:site_name", "application-name", "apple-mobile-web-app-title"),
    "language": ("content-language", "og:locale", "dc.language"),
}
TITLE_SEPARATORS = re.compile(r"(\s+(?:\||-|–|—|·|•|::|»|/)\s+)")
STRONG_SEPARATORS = frozenset({"|", "·", "•", "::", "»"})
"""Separators that no headline uses: "Headline | Section" keeps its longest part."""
TITLE_HINT = re.compile(r"(?<![a-z0-9])(?:title|headline|heading)(?![a-z0-9])")
SHOWN_TITLE_WORDS = 30
ISO_DATE = re.compile(r"\s*(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)")
NAME_MAX_WORDS = 8
NOT_A_NAME = re.compile(r"https?:|www\.|@|\.com\b|^\W*$", re.I)
AND_WORDS = {"fr": "et", "de": "und", "es": "y", "it": "e", "pt": "e", "nl": "en", "ca": "i",
             "sv": "och", "da": "og", "no": "og", "nb": "og", "pl": "i"}
"""The word joining the last two names of a byline, by language (English "and" otherwise)."""


@dataclass
class PageMeta:
    """What the page says about itself."""

    meta: dict[str, str] = field(default_factory=dict)
    """<meta> name, property or itemprop (lower case) → content (the first given)."""
    ld: dict = field(default_factory=dict)
    """The page's JSON-LD article object, {} when none."""
    ld_ids: dict = field(default_factory=dict)
    """JSON-LD objects by @id (an author may be given by reference)."""
    title: str | None = None
    """<title>."""
    h1s: tuple[str, ...] = ()
    """The text of every <h1> in the page."""
    shown: tuple[str, ...] = ()
    """Headline-like texts the page shows: h1-h3 and elements with a "title" class."""

    def first(self, what: str) -> str | None:
        return next((self.meta[key] for key in META_KEYS[what] if self.meta.get(key)), None)

    def sites(self) -> set[str]:
        """The site's names (og:site_name, the JSON-LD publisher), lower case."""
        names = {self.meta.get(key, "") for key in META_KEYS["site"]}
        publisher = self.ld.get("publisher")
        names.update(ld_names(publisher, self.ld_ids))
        return {name.casefold() for name in names if name}


def page_meta(doc: HtmlElement) -> PageMeta:
    page = PageMeta()
    for el in doc.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop")
               or el.get("http-equiv") or "").strip().lower()
        content = " ".join((el.get("content") or "").split())
        if key and content and key not in page.meta:
            page.meta[key] = content
    page.ld, page.ld_ids = _json_ld(doc)
    title = doc.find(".//title")
    page.title = text_of(title) or None if title is not None else None
    page.h1s = tuple(text for h1 in doc.iter("h1") if (text := text_of(h1)))
    page.shown = tuple(text for el in doc.iter() if isinstance(el.tag, str)
                       and (tag_of(el) in ("h1", "h2", "h3") or TITLE_HINT.search(hint_words(el)))
                       and (text := text_of(el)) and len(text.split()) <= SHOWN_TITLE_WORDS)
    return page


def _json_ld(doc: HtmlElement) -> tuple[dict, dict]:
    """The first article object of the page's JSON-LD, and every object by @id."""
    objects: list[dict] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        raw = re.sub(r"^(?://)?\s*<!\[CDATA\[|(?://)?\s*\]\]>$", "", raw).strip()
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as err:  # nesting deeper than json's stack
            log.debug("ignored malformed JSON-LD on line %s: %s", script.sourceline, err)
            continue
        objects.extend(_walk(_legal(data)))
    ids = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    article = next((obj for obj in objects if _types(obj) & ARTICLE_TYPES), {})
    return article, ids


def _legal(data, depth: int = 0):
    """JSON-LD without the characters XML forbids, which JSON escapes ("\\u0000") can write;
    nothing deeper than any real metadata nests."""
    if depth > 20:
        return None
    if isinstance(data, str):
        return ILLEGAL_XML.sub("", data)
    if isinstance(data, list):
        return [_legal(item, depth + 1) for item in data]
    if isinstance(data, dict):
        return {key: _legal(value, depth + 1) for key, value in data.items()}
    return data


def _walk(data, depth: int = 0):
    """Every object in a JSON-LD document: lists, @graph and mainEntity included."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                yield from _walk(data[key], depth + 1)


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def ld_text(value) -> str | None:
    """A JSON-LD value as one string (the first of a list)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return " ".join(value.split()) or None if isinstance(value, str) else None


def ld_names(value, ids: dict) -> list[str]:
    """The names of JSON-LD authors: strings, Person objects, @id references, lists."""
    if isinstance(value, list):
        return [name for item in value for name in ld_names(item, ids)]
    if isinstance(value, dict):
        if "name" not in value and isinstance(value.get("@id"), str):
            value = ids.get(value["@id"], {})
        value = value.get("name")
    name = ld_text(value)
    return [name] if name else []


# ------------------------------------------------------------------ values


def clean_title(title: str | None, sites: set[str], shown: tuple[str, ...] = ()) -> str | None:
    """A title without the site's name ("Headline | The Daily" → "Headline").

    The site's name is known (`sites`), or a part is a headline the page shows (`shown`: the
    longest such part), or the separator is one no headline uses ("|", "·"): then the longest part is kept.
    """
    if not title:
        return None
    parts = TITLE_SEPARATORS.split(" ".join(title.split()))
    while len(parts) > 2 and parts[-1].casefold() in sites:
        parts = parts[:-2]
    while len(parts) > 2 and parts[0].casefold() in sites:
        parts = parts[2:]
    shown_texts = {_normal(text) for text in shown}
    candidates = [piece for end in range(1, len(parts) - 1, 2)
                  for piece in ("".join(parts[:end]), "".join(parts[end + 1:]))
                  if _normal(piece) in shown_texts]
    if candidates:  # the longest: "Opinion" in a menu is no headline beside the real one
        return max(candidates, key=len)
    if len(parts) > 2 and any(sep.strip() in STRONG_SEPARATORS for sep in parts[1::2]):
        return max(parts[::2], key=len)
    title = "".join(parts)
    return title if title and title.casefold() not in sites else None


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def same_text(a: str, b: str) -> bool:
    """The same words, whatever the case, punctuation and spacing (or one starts the other)."""
    a, b = _normal(a), _normal(b)
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def same_words(a: str, b: str) -> bool:
    """Exactly the same words, whatever the case, punctuation and spacing."""
    return bool(_normal(a)) and _normal(a) == _normal(b)


def clean_name(text: str | None) -> str | None:
    """A byline's name(s) without "By" and trailing separators; None for no name (a word
    starting in lower case that is no particle: "Posted on", "sleepless_in_leeds").

    Scripts without case (Arabic, Chinese) pass."""
    if not text:
        return None
    text = " ".join(text.split())
    prefix = BYLINE_PREFIX.match(text)
    text = text[prefix.end():] if prefix else text
    text = text.strip(" |,·•–—-:")
    if not text or len(text.split()) > NAME_MAX_WORDS or NOT_A_NAME.search(text):
        return None
    lower = [word for word in text.replace(",", " ").split()
             if word[0].islower() and word not in NAME_JOINS and word not in NAME_PARTICLES
             and word not in AND_WORDS.values()]
    return None if lower else text


def join_names(names: list[str], language: str | None) -> str | None:
    """ "A", "A and B", "A, B and C" (the joining word in the page's language)."""
    names = list(dict.fromkeys(name for name in names if name))
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    word = AND_WORDS.get((language or "en").split("-")[0].lower(), "and")
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def parse_when(text: str | None) -> tuple[datetime.date, str] | None:
    """An ISO date or date-time ("2025-03-03T08:00:00Z") or a written one ("March 3, 2025")."""
    if not text:
        return None
    text = " ".join(text.split())
    m = ISO_DATE.match(text)
    if m:
        try:
            return datetime.date(int(m["year"]), int(m["month"]), int(m["day"])), text
        except ValueError:
            return None
    date = parse_date(text)
    return (date.value, date.text) if date else None


def language_of(parts: list[HtmlElement], page: PageMeta) -> str | None:
    """The lang attribute nearest the article (else the page's meta), if shaped like BCP 47."""
    candidates = []
    for el in (*parts[:1], *(parts[0].iterancestors() if parts else ())):
        candidates += [el.get("lang"), el.get("xml:lang"),
                       el.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += [page.first("language"), ld_text(page.ld.get("inLanguage"))]
    for value in candidates:
        if not value or not value.strip():
            continue
        tag = value.strip().replace("_", "-").split(",")[0].strip()
        if BCP47.match(tag):
            return tag
        log.debug("language '%s' is not a BCP 47 tag; ignored", value)
    return None


# ------------------------------------------------------------------ resolve


@dataclass(frozen=True)
class Meta:
    """The chapter's metadata, chosen."""

    title: str | None
    kicker: str | None
    dek: str | None
    author: str | None
    date: datetime.date | None
    date_text: str | None


def resolve(page: PageMeta, head: Head, language: str | None, opening: str,
            marker_authors: list[str], marker_date: tuple[datetime.date, str] | None) -> Meta:
    """The chapter's metadata from the page's and the article's (`head`, and the byline and
    date lines left at the start of its text); `opening` is the start of its text."""
    sites, ld, shown = page.sites(), page.ld, page.shown
    title = (head.title or clean_title(page.first("title"), sites, shown)
             or clean_title(ld_text(ld.get("headline")) or ld_text(ld.get("name")), sites, shown)
             or (page.h1s[0] if len(page.h1s) == 1 else None)
             or clean_title(page.title, sites, shown))
    kicker = page.first("section") or ld_text(ld.get("articleSection")) or head.kicker
    kicker = kicker if kicker and is_kicker_like(kicker) else head.kicker
    descriptions = (page.first("description"), ld_text(ld.get("description")))
    dek = head.dek or next((d for d in descriptions if d and not _repeats(d, opening)
                            and _normal(d) != _normal(title or "")), None)
    author = (_names([page.first("author")], sites, language)
              or _names(ld_names(ld.get("author"), page.ld_ids), sites, language)
              or _names(head.rel_authors, sites, language)
              or _names(head.byline_authors + marker_authors, sites, language))
    when = (head.date or parse_when(page.first("date"))
            or parse_when(ld_text(ld.get("datePublished"))) or marker_date)
    if when and marker_date and marker_date[0] == when[0]:
        when = marker_date  # the date as the article shows it
    return Meta(title, kicker, dek, author, when[0] if when else None, when[1] if when else None)


def _names(found: list[str | None], sites: set[str], language: str | None) -> str | None:
    """Real names only, joined: never the site's ("By The Daily Ledger" names no author)."""
    names = [n for name in found if (n := clean_name(name)) and n.casefold() not in sites]
    return join_names(names, language)


def _repeats(description: str, opening: str) -> bool:
    """A description that is only the start of the text (maybe cut short with "…")."""
    start = _normal(re.sub(r"\s*\[?(?:…|\.\.\.)\]?\s*$", "", description))
    return bool(start) and _normal(opening).startswith(start)
