"""A web page's own metadata: <meta> tags, JSON-LD, <title> and the lang attribute.

`page_meta` reads them before anything is removed from the page (JSON-LD sits in scripts);
malformed JSON-LD is ignored quietly (a debug message): pages are full of it.

The values' own rules are here too: a title without the site's name (`clean_title`), names
(`clean_name`, `join_names`), dates (`parse_when`), the page's language (`language_of`).
`htmlresolve.resolve` then chooses between them and what the article shows.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from book.readers.htmlhints import hint_words, tag_of, text_of
from book.readers.patterns import BYLINE_PREFIX, NAME_JOINS, NAME_PARTICLES
from book.readers.scraped import parse_date
from book.readers.textfile import ILLEGAL_XML
from book.text import is_language_tag

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
    longest such part), or the separator is one no headline uses ("|", "·"): then the longest
    part is kept.
    """
    if not title:
        return None
    parts = TITLE_SEPARATORS.split(" ".join(title.split()))
    while len(parts) > 2 and parts[-1].casefold() in sites:
        parts = parts[:-2]
    while len(parts) > 2 and parts[0].casefold() in sites:
        parts = parts[2:]
    shown_texts = {normal(text) for text in shown}
    candidates = [piece for end in range(1, len(parts) - 1, 2)
                  for piece in ("".join(parts[:end]), "".join(parts[end + 1:]))
                  if normal(piece) in shown_texts]
    if candidates:  # the longest: "Opinion" in a menu is no headline beside the real one
        return max(candidates, key=len)
    if len(parts) > 2 and any(sep.strip() in STRONG_SEPARATORS for sep in parts[1::2]):
        return max(parts[::2], key=len)
    title = "".join(parts)
    return title if title and title.casefold() not in sites else None


def normal(text: str) -> str:
    """Lower case, letters and digits only: for comparing texts."""
    return re.sub(r"[\W_]+", "", text.casefold())


def same_text(a: str, b: str) -> bool:
    """The same words, whatever the case, punctuation and spacing (or one starts the other)."""
    a, b = normal(a), normal(b)
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def same_words(a: str, b: str) -> bool:
    """Exactly the same words, whatever the case, punctuation and spacing."""
    return bool(normal(a)) and normal(a) == normal(b)


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
        if is_language_tag(tag):
            return tag
        log.debug("language '%s' is not a BCP 47 tag; ignored", value)
    return None
