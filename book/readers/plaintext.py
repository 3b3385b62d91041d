"""Reader for plain-text articles (.txt): one paragraph per line, as copied from a web page.

An article is read in stages, in this order:

1. boilerplate anywhere (advertisement lines, share/follow/newsletter prompts,
   navigation leftovers), dropped and recorded as `Removal`s (`scraped.py`);
2. tails: a related-articles list, an author box or a comment section at the end,
   each dropped with everything after it (`tail.py`);
3. the head in the first lines: page furniture (sign-in links, buttons, counts),
   then kicker, headline, dek and marker lines (byline, date, reading time,
   credits, share bar), kept as chapter metadata (`head.py`);
4. the body: one block per line: paragraphs, section headings, lists and scene
   breaks (`body.py`).

A whole page pasted as text (Ctrl+A, Ctrl+C in a browser) holds the article among menus,
notices, teasers, comments and footers. When the stages above leave at least
`PAGE_FURNITURE_LINES` lines of such furniture outside the article (`page.py` finds where its
text runs and its headline), the page is read as a page instead (`pasted.py`): everything
before the headline is the "page header", everything after the text the "page footer";
between headline and text, bylines and dates are kept and the rest dropped; the text goes
through stages 1, 2 and 4, with the notices `lineshape.py` knows (cookie consent, copyright,
picture credits, captions) dropped too. A page of furniture alone (no prose at all: a
sign-in page, a site's menu) gives no text, and the book goes on without it.

The rules for single lines live in `scraped.py`, `lineshape.py` and their data in
`patterns.py`, `pastepatterns.py`; this module only arranges the stages. Kept text is never
edited.
"""

from __future__ import annotations

import logging
from pathlib import Path

from book.model import Chapter, Removal, Source
from book.readers.bidi import clean_metadata
from book.readers.body import build_body
from book.readers.head import Head, parse_head
from book.readers.headwords import is_marker
from book.readers.page import Article, find_article, is_furniture
from book.readers.pasted import read_page
from book.readers.lineshape import META
from book.readers.pastepatterns import PAGE_FURNITURE_LINES, PAGE_WITHOUT_NOTICES
from book.readers.patterns import HEAD_ZONE_LINES
from book.readers.scraped import boilerplate_kind, describe_removals, head_furniture_kind
from book.readers.tail import find_tails
from book.readers.textfile import decode

__all__ = ["describe_removals", "read"]

FORMAT = "text"
LOGGER = logging.getLogger("book")
PREVIEW_CHARS = 60
"""How much of a removed line the debug detail shows."""

Line = tuple[int, str]
"""A non-empty line and its 1-based number."""


def read(path: Path, shown: str, root: Path | None = None) -> Chapter:
    """Read a plain-text article into a Chapter (empty blocks when nothing is left); each
    removal is said in detail at debug level (-v): its lines and how its first one begins."""
    text = decode(path, shown)
    lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line]
    chapter = _read(lines, shown)
    _say_removals(dict(lines), chapter.removed, shown)
    return chapter


def _read(lines: list[Line], shown: str) -> Chapter:
    source = Source(Path(shown), None, FORMAT)
    article = find_article([line for _, line in lines]) if lines else None
    if article is not None and _is_page(lines, article):
        head, text, spans, drops = read_page(lines, article)
        blocks, body_drops = build_body(text, source)
        return _chapter(source, shown, head, blocks, spans + _merge(head.drops + drops + body_drops))
    kept, drops = _split_boilerplate(lines)
    kept, tails = find_tails(kept, lines[-1][0] if lines else 0)
    if tails:
        drops = [(what, n) for what, n in drops if n < tails[0].first]
    head, start = parse_head(kept)
    blocks, body_drops = build_body(kept[start:], source)
    removed = _merge(head.drops + drops + body_drops) + tails
    if (article is None and blocks and len(lines) >= PAGE_FURNITURE_LINES
            and is_furniture([line for _, line in lines])):
        head, blocks, removed = Head(), (), [Removal("page furniture", lines[0][0], lines[-1][0])]
    return _chapter(source, shown, head, blocks, removed)


def _say_removals(lines: dict[int, str], removed, shown: str) -> None:
    """One debug line per removal: "chapters/x.txt:12-40: removed page header: Skip to content"."""
    for removal in removed:
        where = str(removal.first) if removal.first == removal.last else f"{removal.first}-{removal.last}"
        first = lines.get(removal.first, "")
        shown_line = first if len(first) <= PREVIEW_CHARS else first[:PREVIEW_CHARS - 1] + "…"
        LOGGER.debug("%s:%s: removed %s: %s", shown, where, removal.what, shown_line)


def _chapter(source: Source, shown: str, head: Head, blocks, removed: list[Removal]) -> Chapter:
    return clean_metadata(Chapter(
        source=source, blocks=blocks,
        title=head.title, kicker=head.kicker, dek=head.dek, author=head.author,
        date=head.date.value if head.date else None,
        date_text=head.date.text if head.date else None,
        removed=tuple(sorted(removed, key=lambda r: r.first)),
    ), shown)


def _is_page(lines: list[Line], article: Article) -> bool:
    """Whether the text is a whole page: the article reader would keep `PAGE_FURNITURE_LINES`
    lines or more outside the article `page.py` found (before its headline and between it and
    its text, notices, bylines, dates, a standfirst and the head furniture of the first lines
    aside; after its text, what the tails explain aside), and a page's mark is among them: a
    notice or a date, or furniture of `PAGE_WITHOUT_NOTICES` lines. (An article of one's own
    that ends on a reading list, with no notice, stays an article.)"""
    start = article.headline if article.headline is not None else article.body
    shapes = article.shapes
    before = sum(not shapes[i].notice and not (i < HEAD_ZONE_LINES and head_furniture_kind(line))
                 and not (start < i and (i == start + 1 or is_marker(line, shapes[i].words)))
                 for i, (_, line) in enumerate(lines[:article.body]) if i != start)
    after = [(n, line) for (n, line), shape in zip(lines[article.end + 1:], shapes[article.end + 1:])
             if not shape.notice]
    outside = [*range(article.body), *range(article.end + 1, len(lines))]
    marked = any(shapes[i].notice or shapes[i].kind == META for i in outside)
    if before + len(after) < PAGE_FURNITURE_LINES or before >= PAGE_FURNITURE_LINES:
        furniture = before + len(after)
    else:
        _kept, tails = find_tails(_split_boilerplate(lines)[0], lines[-1][0])
        cut = tails[0].first if tails else lines[-1][0] + 1
        furniture = before + sum(n < cut for n, _ in after)
    return furniture >= PAGE_FURNITURE_LINES and (marked or furniture >= PAGE_WITHOUT_NOTICES)


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
