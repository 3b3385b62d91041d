"""The rules for scraped articles, as data: sizes, separators, date forms, byline prefixes,
share-bar words, boilerplate patterns and related-articles headings.

`scraped.py` applies them one line at a time. Month names and byline words cover English,
French, German, Spanish, Italian, Portuguese and Dutch, since articles come from many sites.
"""

from __future__ import annotations

import re

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
