"""Rules for scraped articles: what a line of page furniture looks like.

Everything here classifies one line (or a few) and never edits text. The rules
are data at the top: separators, date forms, byline prefixes, share-bar words,
boilerplate patterns, related-articles headings and the size limits. The
reader (`plaintext.py`) decides from their answers what is head, body and tail.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Iterable

from book.model import Removal

# ------------------------------------------------------------------ sizes

KICKER_MAX_WORDS = 5
"""A category line ("Sexuality & mental health") is at most this long."""
SHORT_MAX_WORDS = 15
SHORT_MAX_CHARS = 120
"""Headings and headline-only titles are at most this long."""
PARAGRAPH_MIN_WORDS = 25
"""A "longer paragraph" around a heading has at least this many words."""
BOILERPLATE_MAX_WORDS = 30
"""Boilerplate is a short line; anything longer is a real paragraph."""
TEASER_MAX_WORDS = 25
"""A teaser headline in a related-articles list is at most this long."""

# ---------------------------------------------------------- marker lines

SEPARATORS = re.compile(r"\s*[|·•]\s*|\s+-\s+|\s*[–—]\s*")
"""What joins markers on one line: "By Jane Doe | Mar 3, 2025 · 5 min read"."""

MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
), start=1) for name in names}
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)?"
DATE_FORMS = (
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.I),   # March 3, 2025
    re.compile(rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}{_TIME}", re.I),   # 3 March 2025
    re.compile(rf"{_YEAR}-(?P<mnum>\d\d)-(?P<day>\d\d)(?:[t ]\d\d:\d\d(?::\d\d)?z?)?", re.I),
)
DATE_PREFIX = re.compile(
    r"(?P<updated>(?:last\s+)?updated)?(?:(?:first\s+|originally\s+)?published|posted|date)?"
    r"(?:\s+on)?\s*:?\s*", re.I)
BYLINE_PREFIX = re.compile(
    r"(?:(?:published|written|posted|reported|words|story|text|photos?)\s+by|by|authors?:|words:)\s+",
    re.I)
NAME_JOINS = frozenset({"and", "&", ","})
NAME_PARTICLES = frozenset({"de", "da", "di", "du", "del", "della", "der", "den", "van", "von",
                            "la", "le", "bin", "ibn", "al", "el", "y", "dos", "das", "ter"})
NAME_MAX_WORDS = 6
NOT_NAMES = frozenset(MONTHS) | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                 "sunday", "then", "now", "far", "christmas", "easter", "noon"}
"""Capitalised words that start "By ..." phrases rather than names ("By Tuesday", "By March")."""
READING_TIMES = (
    re.compile(r"(?:about\s+)?\d+\s*-?\s*min(?:ute)?s?\.?\s+read(?:ing)?(?:\s+time)?", re.I),
    re.compile(r"(?:estimated\s+)?read(?:ing)?\s+time\s*:?\s*(?:about\s+)?\d+\s*-?\s*min(?:ute)?s?\.?",
               re.I),
)
SHARE_WORDS = frozenset({
    "share", "x", "twitter", "tweet", "linkedin", "facebook", "reddit", "email", "e-mail", "mail",
    "bluesky", "whatsapp", "pinterest", "pin", "telegram", "threads", "mastodon", "flipboard",
    "print", "copy", "messenger", "tumblr", "pocket", "sms",
})
SHARE_FILLERS = frozenset({"on", "via", "to", "this", "article", "story", "post", "page", "link", "url"})

# ------------------------------------------------------------ boilerplate

_END = r"\s*[.!:…»›→]*"
BOILERPLATE = tuple((what, re.compile(pattern + _END, re.I)) for what, pattern in (
    ("advertisement line",
     r"(?:advertisements?|advert|ads?|sponsored(?: content)?|paid (?:content|post)|promoted(?: content)?"
     r"|(?:story|article) continues below(?: this)?(?: advertisement| ad)?"
     r"|continue reading(?: the (?:main )?story)? below(?: (?:the )?(?:advertisement|ad))?"
     r"|scroll (?:down )?to continue(?: (?:with content|reading))?)"),
    ("share prompt",
     r"(?:share (?:this|the) (?:article|story|post|page)(?: on .{1,30}| with .{1,30})?|share this"
     r"|follow us(?: on .{1,40})?|like us on facebook"
     r"|follow [\w .@'’-]{1,30} on (?:twitter|x|instagram|facebook|linkedin|tiktok|threads|bluesky"
     r"|youtube|pinterest|mastodon))"),
    ("newsletter prompt",
     r"(?:(?:subscribe|sign up|sign-up|signup|register)(?: now| today| here| free)?(?: to| for)?"
     r"(?: (?:our|the|my))?(?: free)?(?: weekly| daily| monthly)? newsletters?(?: .{0,60})?"
     r"|click here to subscribe.{0,40}|get (?:our|the) (?:free )?(?:\w+ )?newsletter.{0,40}"
     r"|join our (?:mailing list|newsletter).{0,40}|enter your email(?: address)?.{0,40}"
     r"|subscribe(?: now| today)?|sign up(?: now| today)?)"),
    ("navigation",
     r"(?:skip to (?:main )?(?:content|navigation)|back to top|(?:main |open |close )?menu|home|search"
     r"|(?:previous|next|prev) (?:article|post|story|page)(?:\s*[:»›→].{0,100})?"
     r"|(?:tags?|filed under|categories|category|topics)\s*:.{0,200})"),
))
BREADCRUMB = re.compile(r"\s*[»›]\s*|\s+[>/]\s+")
BREADCRUMB_MAX_WORDS = 5

RELATED_HEADINGS = re.compile(
    r"(?:related(?: [\w-]+){0,2}|you (?:may|might) also (?:like|enjoy)|more (?:from|on|in|by) .{1,40}"
    r"|more stories(?: .{0,30})?|recommended(?: for you| reading| articles| stories)?"
    r"|(?:what to )?read next|up next|most (?:popular|read)|trending(?: now)?"
    r"|(?:popular|latest|recent) (?:posts|articles|stories)|more like this|don[’']?t miss)\s*:?", re.I)
TEASER_CHECK_LINES = 4
"""Teaser marks (a date line, a repeated category line) must start within this many lines..."""
TEASER_MARK_SHARE = 4
"""...and recur: at least one line in this many after the heading is a mark."""
FEW_TEASERS = 6
"""Up to this many short lines after a related heading are a list of teaser titles."""

SENTENCE_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+\S")
NO_TERMINAL = ".!?:;,"


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
    """Removal kinds: "share bar", "reading time"."""


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


def is_reading_time(text: str) -> bool:
    return any(form.fullmatch(text) for form in READING_TIMES)


def is_share_part(text: str) -> bool:
    """Share-bar words only ("X Linkedin Facebook", "Share on X", "Copy link")."""
    tokens = re.sub(r"[:,/]", " ", text.lower()).split()
    return (bool(tokens) and all(t in SHARE_WORDS or t in SHARE_FILLERS for t in tokens)
            and any(t in SHARE_WORDS for t in tokens))


def parse_marker(line: str) -> Marker | None:
    """A head line made only of bylines, dates, reading times and share words, else None."""
    authors, dates, drops = [], [], []
    for part in SEPARATORS.split(line):
        if not part:
            continue
        if is_share_part(part):
            drops.append("share bar")
        elif is_reading_time(part):
            drops.append("reading time")
        elif (author := parse_byline(part)) is not None:
            authors.append(author)
        elif (date := parse_date(part)) is not None:
            dates.append(date)
        else:
            return None
    if not (authors or dates or drops):
        return None
    return Marker(tuple(authors), tuple(dates), tuple(dict.fromkeys(drops)))


def is_date_line(line: str) -> bool:
    marker = parse_marker(line)
    return marker is not None and bool(marker.dates) and not marker.authors


def is_share_bar(line: str) -> bool:
    return all(is_share_part(part) for part in SEPARATORS.split(line) if part)


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


def is_related_heading(line: str) -> bool:
    return bool(RELATED_HEADINGS.fullmatch(line))


def is_teaser_tail(after: list[str]) -> bool:
    """Whether the lines after a related heading are a teaser list, not article text."""
    if not after:
        return True
    marks = [is_date_line(line) or (is_kicker_like(line) and after.count(line) >= 2) for line in after]
    if any(marks[:TEASER_CHECK_LINES]) and sum(marks) * TEASER_MARK_SHARE >= len(after):
        return True
    return len(after) <= FEW_TEASERS and all(word_count(line) <= TEASER_MAX_WORDS for line in after)


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
