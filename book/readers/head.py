"""The head of a scraped article: kicker, headline, dek and marker lines, before the body.

The head is read in three steps:

1. page furniture among the first `HEAD_ZONE_LINES` lines (sign-in links, follow and listen
   buttons, audio players, bare counts, punctuation-only lines) is set aside; it is dropped
   only when it stands before the first body line, where it cannot be text;
2. marker lines are found: bylines, dates, reading times, credits and share bars
   (`parse_marker`), and a bare name ("Jane Smith") next to a marker, after a text line;
3. up to three text lines before the first marker are the kicker, headline and dek; after the
   markers may come a dek (a standfirst after the byline) or, when nothing came before the
   markers, the headline itself ("Posted on March 3, 2025 by admin", then the headline),
   with a dek when a much longer paragraph follows.

Without markers, a first line is the headline only when clearly title-like: short, with a
real paragraph after it. Kept text is never edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from book.readers.lineshape import notice_kind
from book.readers.pastepatterns import INNER_SENTENCE_END
from book.readers.patterns import DATE_FORMS, DATE_PREFIX, HEAD_ZONE_LINES, SEPARATORS
from book.readers.scraped import (
    Date, Marker, head_furniture_kind, is_bare_name, is_kicker_like, is_paragraph,
    is_short_line, parse_byline, parse_date, parse_marker, word_count,
)

Line = tuple[int, str]
"""A non-empty line and its 1-based number."""

MAX_PRE_MARKER_LINES = 3
"""The first marker line must come after at most this many text lines (kicker, title, dek)."""
PRE_MARKER_LIMITS = {
    # number of text lines before the first marker -> word limits of those lines
    1: (25,),
    2: (25, 80),
    3: (8, 25, 80),
}
TITLE_MAX_WORDS = 20
"""Second of two head lines: a title (after a kicker) when at most this long, else a dek."""
LATE_DEK_WORDS = (8, 45)
"""A dek after the byline, not followed by another marker: its word range..."""
LATE_DEK_RATIO = 2
"""...and the paragraph after it is at least this many times longer."""


@dataclass
class Head:
    """What the head of an article says, gathered line by line."""

    kicker: str | None = None
    title: str | None = None
    dek: str | None = None
    author: str | None = None
    date: Date | None = None
    date_line: int = 0
    drops: list[tuple[str, int]] = field(default_factory=list)
    """Dropped head lines: (Removal kind, line number)."""


def parse_head(lines: list[Line]) -> tuple[Head, int]:
    """The head's metadata (furniture and credits in `drops`) and the index of the first body line."""
    furniture = {i: what for i, (_, line) in enumerate(lines[:HEAD_ZONE_LINES])
                 if (what := head_furniture_kind(line) or _caption_kind(line))}
    keep = [i for i in range(len(lines)) if i not in furniture]
    text = [lines[i] for i in keep]
    head, start = _HeadParser(text).parse()
    body = keep[start] if start < len(keep) else len(lines)
    head.drops.extend((what, lines[i][0]) for i, what in furniture.items() if i < body)
    return head, body


def _caption_kind(line: str) -> str | None:
    """A picture's caption ending in its credit ("... after the launch. (credit: Jane Doe)"),
    which a head holds before its headline as often as after it: never the headline. A caption
    is a sentence before its credit (a headline ending in an agency's name is no caption; a
    bare credit, "Photo: Jane Doe", is a marker line: see `parse_marker`)."""
    if (notice_kind(line) == "picture credit" and INNER_SENTENCE_END.search(line)
            and parse_marker(line) is None):
        return "caption"
    return None


class _HeadParser:
    """Reads the head from the lines left once the furniture is set aside."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.head = Head()
        self.markers = [parse_marker(line) for _, line in lines[:HEAD_ZONE_LINES]]
        for i, (_, line) in enumerate(lines[:HEAD_ZONE_LINES]):
            if self.markers[i] is None and self._is_bare_byline(i, line):
                self.markers[i] = Marker(authors=(line,))

    def _is_bare_byline(self, i: int, line: str) -> bool:
        """A bare name next to a marker line, after two text lines (headline and dek).

        With a single text line before it, a name-shaped line is as likely the headline
        under a kicker ("Family Life / Grandparents Raising Grandchildren / Mar 3, 2025").
        """
        near = [self.markers[j] for j in (i - 1, i + 1) if 0 <= j < len(self.markers)]
        texts_before = sum(marker is None for marker in self.markers[:i])
        return any(near) and texts_before >= 2 and is_bare_name(line)

    def marker(self, i: int) -> Marker | None:
        return self.markers[i] if i < len(self.markers) else None

    def parse(self) -> tuple[Head, int]:
        """The head, and the index of the first body line among the lines."""
        lines, head = self.lines, self.head
        first = next((i for i in range(min(len(lines), MAX_PRE_MARKER_LINES + 1)) if self.marker(i)),
                     None)
        if first is None or not self._take_pre_marker([line for _, line in lines[:first]]):
            return head, self._take_title(0)
        i = first
        while i < len(lines):
            n, line = lines[i]
            marker = self.marker(i)
            if marker:
                _take_marker(self.head, n, marker)
            elif head.title and head.dek is None and self._is_late_dek(i):
                head.dek = line
            else:
                break
            i += 1
        return head, (i if head.title else self._take_title(i, with_dek=True))

    def _take_pre_marker(self, pre: list[str]) -> bool:
        """Kicker, title and dek from the lines before the first marker; False if not a head."""
        head = self.head
        if not pre:
            return True
        if any(word_count(line) > limit for line, limit in zip(pre, PRE_MARKER_LIMITS[len(pre)])):
            return False
        if len(pre) == 3:
            head.kicker, head.title, head.dek = pre
        elif len(pre) == 1:
            head.title = pre[0]
        elif is_kicker_like(pre[0]) and word_count(pre[1]) <= TITLE_MAX_WORDS:
            head.kicker, head.title = pre
        else:
            head.title, head.dek = pre
        return True

    def _is_late_dek(self, i: int) -> bool:
        """A standfirst after the byline: followed by another marker, or by a much longer paragraph."""
        if i + 1 >= len(self.lines):
            return False
        line, following = self.lines[i][1], self.lines[i + 1][1]
        if self.marker(i + 1):
            return word_count(line) <= PRE_MARKER_LIMITS[2][1]
        low, high = LATE_DEK_WORDS
        return (low <= word_count(line) <= high
                and word_count(following) >= LATE_DEK_RATIO * word_count(line))

    def _take_title(self, i: int, with_dek: bool = False) -> int:
        """Without a headline so far, line `i` is one only when clearly title-like.

        That is a short line with a real paragraph after it or, `with_dek` (after the markers),
        with a dek after it and then a much longer paragraph. Returns the first body line.
        """
        lines, head = self.lines, self.head
        if i + 1 >= len(lines) or not is_short_line(lines[i][1]) or self.marker(i):
            return i
        if is_paragraph(lines[i + 1][1]):
            head.title = lines[i][1]
            return i + 1
        if with_dek and self._is_late_dek(i + 1):
            head.title, head.dek = lines[i][1], lines[i + 1][1]
            return i + 2
        return i


# ------------------------------------------------------------ a page's head


def _take_marker(head: Head, n: int, marker: Marker) -> None:
    """Keep the first byline and the first (preferably not "Updated") date; drop the rest."""
    for author in marker.authors:
        if head.author is None:
            head.author = author
        else:
            head.drops.append(("extra byline", n))
    for date in marker.dates:
        if head.date is None or (head.date.updated and not date.updated):
            if head.date is not None:
                head.drops.append(("extra date", head.date_line))
            head.date, head.date_line = date, n
        else:
            head.drops.append(("extra date", n))
    head.drops.extend((what, n) for what in marker.drops)


def parse_page_head(headline: Line | None, lines: list[Line], is_dek_shaped,
                    above: list[Line] = ()) -> Head:
    """The head of an article found in a whole-page paste (`page.py`): its headline is known;
    `lines` are those between it and the text (bylines, dates, a standfirst, captions, share
    bars, teasers), `above` a byline or date line just above the headline. Bylines and dates
    are kept as metadata (a name next to a date is a byline), the first line that
    `is_dek_shaped` right after the headline is the standfirst; everything else is dropped as
    a "page furniture line"."""
    head = Head(title=headline[1] if headline else None)
    for n, line in above:
        if marker := parse_marker(line) or _parts_marker(line):
            _take_marker(head, n, marker)
        else:
            head.drops.append(("page furniture line", n))
    markers = [parse_marker(line) or _parts_marker(line) for _, line in lines]
    for i, (n, line) in enumerate(lines):
        near = any(markers[j] and markers[j].dates for j in (i - 1, i + 1) if 0 <= j < len(lines))
        if markers[i] is None and near and is_bare_name(line):
            markers[i] = Marker(authors=(line,))
    first_text = next((i for i, marker in enumerate(markers) if marker is None), None)
    for i, (n, line) in enumerate(lines):
        if markers[i] is not None:
            _take_marker(head, n, markers[i])
        elif i == first_text and head.title and is_dek_shaped(line):
            head.dek = line
        else:
            head.drops.append(("page furniture line", n))
    return head


def _parts_marker(line: str) -> Marker | None:
    """A byline or date among a line's parts ("Associated Press | March 3, 2025, 9:02 AM"), or
    a date inside it ("Updated 9:14 am, Saturday, May 10, 2025"): the line is head furniture
    either way, and what it says is kept."""
    parts = [part for part in SEPARATORS.split(line) if part]
    marker = Marker(tuple(a for part in parts if (a := parse_byline(part))),
                    tuple(d for part in parts if (d := parse_date(part))))
    if not marker.dates:
        found = next((m for form in DATE_FORMS if (m := form.search(line))), None)
        date = parse_date(found.group()) if found else None
        if date is not None:
            updated = bool(DATE_PREFIX.match(line).group("updated"))
            marker = Marker(marker.authors, (Date(date.value, date.text, updated),))
    return marker if marker.authors or marker.dates else None
