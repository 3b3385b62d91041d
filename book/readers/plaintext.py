"""Reader for scraped plain-text articles (.txt): one paragraph per line.

A scraped article has three parts, read in this order:

1. boilerplate anywhere (advertisement lines, share/follow/newsletter prompts,
   navigation leftovers), dropped and recorded as `Removal`s;
2. a trailing related-articles list, dropped with everything after it;
3. the head in the first few lines (kicker, headline, dek, then marker lines:
   byline, date, reading time, share bar), kept as chapter metadata;
4. the body: one paragraph per line, a short line standing alone between two
   longer paragraphs being a section heading.

The rules for single lines live in `scraped.py`; this module only arranges
them. Kept text is never edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from book.model import Chapter, Heading, Paragraph, Removal, Source, Text
from book.readers.scraped import (
    Date, Marker, boilerplate_kind, describe_removals, is_kicker_like, is_paragraph,
    is_related_heading, is_share_bar, is_short_line, is_teaser_tail, parse_marker, word_count,
)
from book.readers.textfile import decode

__all__ = ["read", "describe_removals"]

FORMAT = "text"
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

LABEL_ENDINGS = (".", "!", "…", "\"", "”", "»", "'", "’")
"""A heading without long paragraphs around it does not end like a sentence or a quotation."""

Line = tuple[int, str]
"""A non-empty line and its 1-based number."""


@dataclass
class _Head:
    """What the head of an article says, gathered line by line."""

    kicker: str | None = None
    title: str | None = None
    dek: str | None = None
    author: str | None = None
    date: Date | None = None
    date_line: int = 0
    drops: list[tuple[str, int]] = field(default_factory=list)


def read(path: Path, shown: str) -> Chapter:
    """Read a scraped plain-text article into a Chapter (empty blocks when nothing is left)."""
    text = decode(path, shown)
    lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line]
    kept, drops = _split_boilerplate(lines)
    spans: list[Removal] = []
    tail = _find_tail(kept)
    if tail is not None:
        first = kept[tail][0]
        spans.append(Removal("related-articles list", first, lines[-1][0]))
        kept = kept[:tail]
        drops = [(what, n) for what, n in drops if n < first]
    head, start = _parse_head(kept)
    body = []
    for n, line in kept[start:]:
        if is_share_bar(line):
            drops.append(("share bar", n))
        else:
            body.append((n, line))
    source = Source(Path(shown), None, FORMAT)
    removed = sorted(_merge(head.drops + drops) + spans, key=lambda r: r.first)
    return Chapter(
        source=source, blocks=_blocks(body, source),
        title=head.title, kicker=head.kicker, dek=head.dek, author=head.author,
        date=head.date.value if head.date else None,
        date_text=head.date.text if head.date else None,
        removed=tuple(removed),
    )


# ------------------------------------------------------- boilerplate, tail


def _split_boilerplate(lines: list[Line]) -> tuple[list[Line], list[tuple[str, int]]]:
    """Text lines (share bars included: they are head markers) and dropped boilerplate."""
    kept, drops = [], []
    for n, line in lines:
        what = boilerplate_kind(line)
        if what is None or what == "share bar":
            kept.append((n, line))
        else:
            drops.append((what, n))
    return kept, drops


def _find_tail(lines: list[Line]) -> int | None:
    """Index of a related-articles heading that starts a teaser list, if any."""
    for i, (_, line) in enumerate(lines[1:], 1):
        if is_related_heading(line):
            after = [text for _, text in lines[i + 1:] if not is_share_bar(text)]
            if is_teaser_tail(after):
                return i
    return None


# -------------------------------------------------------------------- head


def _parse_head(lines: list[Line]) -> tuple[_Head, int]:
    """The head's metadata and the index of the first body line."""
    head = _Head()
    first = next((i for i, (_, line) in enumerate(lines[:MAX_PRE_MARKER_LINES + 1])
                  if parse_marker(line)), None)
    if first is None or not _take_pre_marker(head, [line for _, line in lines[:first]]):
        return _take_title(head, lines, 0)
    i = first
    while i < len(lines):
        n, line = lines[i]
        marker = parse_marker(line)
        if marker:
            _take_marker(head, n, marker)
        elif head.title and head.dek is None and _is_late_dek(lines, i):
            head.dek = line
        else:
            break
        i += 1
    return (head, i) if head.title else _take_title(head, lines, i)


def _take_pre_marker(head: _Head, pre: list[str]) -> bool:
    """Kicker, title and dek from the lines before the first marker; False if not a head."""
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


def _take_marker(head: _Head, n: int, marker: Marker) -> None:
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


def _is_late_dek(lines: list[Line], i: int) -> bool:
    """A standfirst after the byline: followed by another marker, or by a much longer paragraph."""
    line = lines[i][1]
    following = lines[i + 1][1] if i + 1 < len(lines) else None
    if following is None:
        return False
    if parse_marker(following):
        return word_count(line) <= PRE_MARKER_LIMITS[2][1]
    low, high = LATE_DEK_WORDS
    return (low <= word_count(line) <= high
            and word_count(following) >= LATE_DEK_RATIO * word_count(line))


def _take_title(head: _Head, lines: list[Line], i: int) -> tuple[_Head, int]:
    """Without a head, line `i` is the headline only when clearly title-like."""
    if i + 1 < len(lines) and is_short_line(lines[i][1]) and is_paragraph(lines[i + 1][1]):
        head.title = lines[i][1]
        return head, i + 1
    return head, i


# -------------------------------------------------------------------- body


def _blocks(body: list[Line], source: Source) -> tuple[Paragraph | Heading, ...]:
    """One paragraph per line; a short line between two longer paragraphs is a heading."""
    blocks = []
    for i, (n, line) in enumerate(body):
        inlines, where = (Text(line),), source.at(n)
        if _is_heading(body, i):
            blocks.append(Heading(2, inlines, where))
        else:
            blocks.append(Paragraph(inlines, where))
    return tuple(blocks)


def _is_heading(body: list[Line], i: int) -> bool:
    """A short line standing alone between paragraphs.

    A full sentence ("Practical steps support a gradual rebuild.") needs long paragraphs on
    both sides; a label without a full stop ("Rebuilding trust", "What helps?") needs only
    neighbours that are not short lines themselves (two short lines in a row are a list).
    """
    if not 0 < i < len(body) - 1 or not is_short_line(body[i][1]):
        return False
    line, before, after = body[i][1], body[i - 1][1], body[i + 1][1]
    if is_paragraph(before) and is_paragraph(after):
        return True
    return (not line.endswith(LABEL_ENDINGS) and not is_short_line(before)
            and not is_short_line(after) and word_count(after) > word_count(line))


def _merge(drops: list[tuple[str, int]]) -> list[Removal]:
    """Per-line removals as ranges: consecutive lines of one kind become one Removal."""
    merged: list[Removal] = []
    for what, n in sorted(drops, key=lambda drop: drop[1]):
        same = [i for i, r in enumerate(merged) if r.what == what and r.last == n - 1]
        if same:
            merged[same[0]] = Removal(what, merged[same[0]].first, n)
        else:
            merged.append(Removal(what, n, n))
    return merged
