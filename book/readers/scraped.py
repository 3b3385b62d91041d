"""Rules for scraped articles: what a line of page furniture looks like.

Everything here classifies one line (or a few) and never edits text. The rules
are data in `patterns.py`: separators, date forms, byline prefixes, credits,
share-bar words, boilerplate and head-furniture patterns, related-articles
headings and the size limits. The stages (`head.py`, `body.py`, `tail.py`,
arranged by `plaintext.py`) decide from their answers what is head, body and tail.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from book.model import Removal
from book.readers.patterns import (
    BARE_NAME_WORDS,
    BOILERPLATE,
    BOILERPLATE_MAX_WORDS,
    BREADCRUMB,
    BREADCRUMB_MAX_WORDS,
    BYLINE_PREFIX,
    CREDITS,
    DATE_FORMS,
    DATE_PREFIX,
    DATE_THEN_BYLINE,
    HEAD_FURNITURE,
    KICKER_MAX_WORDS,
    LOGIN,
    MONTHS,
    NAME_JOINS,
    NAME_MAX_WORDS,
    NAME_PARTICLES,
    NOT_NAMES,
    NO_TERMINAL,
    PARAGRAPH_MIN_WORDS,
    READING_TIMES,
    SENTENCE_BREAK,
    SEPARATOR_LINE,
    SEPARATORS,
    SHARE_FILLERS,
    SHARE_WORDS,
    SHORT_MAX_CHARS,
    SHORT_MAX_WORDS,
    TITLE_WORDS,
)

# ---------------------------------------------------------------- helpers


def word_count(text: str) -> int:
    return len(text.split())


def is_kicker_like(text: str) -> bool:
    """A category line: a few words, no terminal punctuation."""
    return word_count(text) <= KICKER_MAX_WORDS and not text.endswith(tuple(NO_TERMINAL))


def is_short_line(text: str) -> bool:
    """One short sentence: a heading or headline candidate."""
    return (word_count(text) <= SHORT_MAX_WORDS and len(text) <= SHORT_MAX_CHARS
            and not SENTENCE_BREAK.search(text) and not text.endswith((":", ",", ";"))
            and not text[0].islower())


def is_paragraph(text: str) -> bool:
    """A real, longer paragraph."""
    return word_count(text) >= PARAGRAPH_MIN_WORDS


# ----------------------------------------------------------------- markers


@dataclass(frozen=True)
class Date:
    value: datetime.date
    text: str
    """As written, without a "Published on" prefix."""
    updated: bool


@dataclass(frozen=True)
class Marker:
    """What a head line says: bylines and dates to keep, furniture to drop."""

    authors: tuple[str, ...] = ()
    dates: tuple[Date, ...] = ()
    drops: tuple[str, ...] = ()
    """Removal kinds: "share bar", "reading time", "reviewer credit"..."""


def parse_date(text: str) -> Date | None:
    """A date alone ("Updated Sept. 3, 2025", "14 March 2025", "2025-03-14"), else None."""
    prefix = DATE_PREFIX.match(text)
    rest = text[prefix.end():]
    for form in DATE_FORMS:
        m = form.fullmatch(rest)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else MONTHS.get(groups["month"].lower())
        try:
            value = datetime.date(int(groups["year"]), month or 0, int(groups["day"]))
        except ValueError:
            return None
        return Date(value, rest, bool(prefix.group("updated")))
    return None


def parse_byline(text: str) -> str | None:
    """The name(s) of a byline ("By Jane Doe and John Roe"), else None."""
    prefix = BYLINE_PREFIX.match(text)
    if not prefix:
        return None
    name = text[prefix.end():].strip()
    if name.split(" ")[0].rstrip(".,").lower() in NOT_NAMES:
        return None
    tokens = name.replace(",", " , ").split()
    names = [t for t in tokens if t not in NAME_JOINS and t.lower() not in NAME_PARTICLES]
    if not 1 <= len(names) <= NAME_MAX_WORDS or tokens[0] in NAME_JOINS or tokens[-1] in NAME_JOINS:
        return None
    if not all(t[0].isupper() and all(c.isalpha() or c in ".'’-" for c in t) for t in names):
        return None
    return name


def is_bare_name(text: str) -> bool:
    """A name line without "By" ("Jane Smith"): a byline only next to a marker line."""
    if parse_byline("By " + text) != text or text.endswith(tuple(NO_TERMINAL)):
        return False
    tokens = text.replace(",", " ").split()
    names = [t for t in tokens if t not in NAME_JOINS and t.lower() not in NAME_PARTICLES]
    low, high = BARE_NAME_WORDS
    return (low <= len(names) <= high
            and not any(t.rstrip(".").lower() in TITLE_WORDS | NOT_NAMES for t in tokens))


def parse_credit(text: str) -> str | None:
    """The Removal kind of a credit that is not the byline ("Reviewed by Jessica Schrader")."""
    return next((what for what, pattern in CREDITS if pattern.fullmatch(text)), None)


def _parse_dated_byline(text: str) -> tuple[Date, str | None] | None:
    """ "Posted on March 3, 2025 by Jane Doe": the date and the name (None for a login)."""
    m = DATE_THEN_BYLINE.fullmatch(text)
    date = m and parse_date(m.group("date"))
    if not date:
        return None
    author = parse_byline(m.group("by"))
    login = LOGIN.fullmatch(m.group("by")) and m.group("by").split()[-1] not in NOT_NAMES
    return (date, author) if author is not None or login else None


def is_reading_time(text: str) -> bool:
    return any(form.fullmatch(text) for form in READING_TIMES)


def is_share_part(text: str) -> bool:
    """Share-bar words only ("X Linkedin Facebook", "Share on X", "Copy link")."""
    tokens = re.sub(r"[:,/]", " ", text.lower()).split()
    return (bool(tokens) and all(t in SHARE_WORDS or t in SHARE_FILLERS for t in tokens)
            and any(t in SHARE_WORDS for t in tokens))


def parse_marker(line: str) -> Marker | None:
    """A head line made only of bylines, dates, reading times, credits and share words, else None.

    A byline naming a login ("by admin") gives no author, and a credit ("Reviewed by ...") is
    dropped: neither is the author.
    """
    authors, dates, drops = [], [], []
    for part in SEPARATORS.split(line):
        if not part:
            continue
        if is_share_part(part):
            drops.append("share bar")
        elif is_reading_time(part):
            drops.append("reading time")
        elif (credit := parse_credit(part)) is not None:
            drops.append(credit)
        elif (author := parse_byline(part)) is not None:
            authors.append(author)
        elif (date := parse_date(part)) is not None:
            dates.append(date)
        elif (dated := _parse_dated_byline(part)) is not None:
            dates.append(dated[0])
            if dated[1]:
                authors.append(dated[1])
        else:
            return None
    if not (authors or dates or drops):
        return None
    return Marker(tuple(authors), tuple(dates), tuple(dict.fromkeys(drops)))


def is_date_line(line: str) -> bool:
    marker = parse_marker(line)
    return marker is not None and bool(marker.dates) and not marker.authors


def is_share_bar(line: str) -> bool:
    # Most lines are text: a first word no share bar has settles it at once (splitting a long
    # line at its separators is slow). A word with a hyphen ("e-mail") needs the whole test.
    first = line.split(None, 1)[:1]
    words = _SHARE_SPLIT.sub(" ", first[0].lower()).split() if first else []
    if any(w not in SHARE_WORDS and w not in SHARE_FILLERS and "-" not in w for w in words):
        return False
    parts = [part for part in SEPARATORS.split(line) if part]
    return bool(parts) and all(is_share_part(part) for part in parts)


_SHARE_SPLIT = re.compile(r"[:,/|·•–—]")
"""Where a share bar's words end besides spaces (SEPARATORS and is_share_part's [:,/])."""


def is_separator_line(line: str) -> bool:
    """Punctuation only: "·", "--", "* * *"."""
    return bool(SEPARATOR_LINE.fullmatch(line))


def head_furniture_kind(line: str) -> str | None:
    """The Removal kind of a line that is page furniture when it stands in the head, or None."""
    return next((what for what, pattern in HEAD_FURNITURE if pattern.fullmatch(line)), None)


# ------------------------------------------------------------- boilerplate


def boilerplate_kind(line: str) -> str | None:
    """The Removal kind of a boilerplate line, or None for text."""
    if word_count(line) > BOILERPLATE_MAX_WORDS:
        return None
    for what, pattern in BOILERPLATE:
        if pattern.fullmatch(line):
            return what
    if is_share_bar(line):
        return "share bar"
    return "navigation" if is_breadcrumb(line) else None


def is_breadcrumb(line: str) -> bool:
    """ "Home » Health » Relationships": short parts joined by » or ›, or starting at Home."""
    parts = BREADCRUMB.split(line)
    if len(parts) < 2 or not all(0 < word_count(p) <= BREADCRUMB_MAX_WORDS for p in parts):
        return False
    if any(p.endswith(tuple(".!?")) for p in parts):
        return False
    return "»" in line or "›" in line or parts[0].lower() == "home"


# ----------------------------------------------------------------- report


def describe_removals(removed: Iterable[Removal]) -> str:
    """The info-level summary: "share bar (line 4), 2 advertisement lines (lines 11-12)"."""
    groups: dict[str, list[Removal]] = {}
    for removal in removed:
        groups.setdefault(removal.what, []).append(removal)
    return ", ".join(_describe_group(what, items) for what, items in groups.items())


def _describe_group(what: str, items: list[Removal]) -> str:
    lines = sum(r.last - r.first + 1 for r in items)
    spans = ", ".join(str(r.first) if r.first == r.last else f"{r.first}-{r.last}" for r in items)
    where = f"line {spans}" if lines == 1 else f"lines {spans}"
    count = lines if what.endswith(" line") else len(items)
    if what == "navigation" or count == 1:
        return f"{what} ({where})"
    return f"{count} {what}s ({where})"
