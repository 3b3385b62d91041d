"""The chapter's metadata, chosen between what the page says (`htmlmeta.PageMeta`) and what
its article shows (`htmlhead.Head`, and the byline and date lines at the start of its text).

In order: title from og:title, JSON-LD headline, the article's h1, <title> (without
" | Site"); author from <meta name=author>, JSON-LD, rel=author and byline elements (never
the site's name); date from the article's <time>, article:published_time, JSON-LD
datePublished; kicker from article:section, JSON-LD articleSection, a kicker element;
standfirst from a standfirst element (shown text is never lost), og:description, the meta
description, unless it merely repeats the start of the text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from book.readers.htmlhead import Head
from book.readers.htmlmeta import (
    PageMeta, clean_name, clean_title, join_names, ld_names, ld_text, normal, parse_when,
)
from book.readers.scraped import is_kicker_like


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
                            and normal(d) != normal(title or "")), None)
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
    start = normal(re.sub(r"\s*\[?(?:…|\.\.\.)\]?\s*$", "", description))
    return bool(start) and normal(opening).startswith(start)
