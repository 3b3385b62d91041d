"""Reader for scraped plain-text articles (.txt): one paragraph per line.

A scraped article is read in stages, in this order:

1. boilerplate anywhere (advertisement lines, share/follow/newsletter prompts,
   navigation leftovers), dropped and recorded as `Removal`s (`scraped.py`);
2. tails: a related-articles list, an author box or a comment section at the end,
   each dropped with everything after it (`tail.py`);
3. the head in the first lines: page furniture (sign-in links, buttons, counts),
   then kicker, headline, dek and marker lines (byline, date, reading time,
   credits, share bar), kept as chapter metadata (`head.py`);
4. the body: one block per line: paragraphs, section headings, lists and scene
   breaks (`body.py`).

The rules for single lines live in `scraped.py` and their data in `patterns.py`;
this module only arranges the stages. Kept text is never edited.
"""

from __future__ import annotations

from pathlib import Path

from book.model import Chapter, Removal, Source
from book.readers.bidi import clean_metadata
from book.readers.body import build_body
from book.readers.head import parse_head
from book.readers.scraped import boilerplate_kind, describe_removals
from book.readers.tail import find_tails
from book.readers.textfile import decode

__all__ = ["read", "describe_removals"]

FORMAT = "text"

Line = tuple[int, str]
"""A non-empty line and its 1-based number."""


def read(path: Path, shown: str, root: Path | None = None) -> Chapter:
    """Read a scraped plain-text article into a Chapter (empty blocks when nothing is left)."""
    text = decode(path, shown)
    lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line]
    kept, drops = _split_boilerplate(lines)
    kept, tails = find_tails(kept, lines[-1][0] if lines else 0)
    if tails:
        drops = [(what, n) for what, n in drops if n < tails[0].first]
    head, start = parse_head(kept)
    source = Source(Path(shown), None, FORMAT)
    blocks, body_drops = build_body(kept[start:], source)
    removed = sorted(_merge(head.drops + drops + body_drops) + tails, key=lambda r: r.first)
    return clean_metadata(Chapter(
        source=source, blocks=blocks,
        title=head.title, kicker=head.kicker, dek=head.dek, author=head.author,
        date=head.date.value if head.date else None,
        date_text=head.date.text if head.date else None,
        removed=tuple(removed),
    ), shown)


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
