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
text runs and its headline), the page is read as a page instead: everything before the
headline is the "page header", everything after the text the "page footer"; between headline
and text, bylines and dates are kept and the rest dropped (`head.parse_page_head`); the text
goes through stages 1, 2 and 4, with the notices `lineshape.py` knows (cookie consent,
copyright, picture credits) dropped too.

The rules for single lines live in `scraped.py`, `lineshape.py` and their data in
`patterns.py`, `pastepatterns.py`; this module only arranges the stages. Kept text is never
edited.
"""

from __future__ import annotations

from pathlib import Path

from book.model import Chapter, Removal, Source
from book.readers.bidi import clean_metadata
from book.readers.body import build_body
from book.readers.head import Head, parse_head, parse_page_head
from book.readers.page import Article, find_article
from book.readers.pastepatterns import DEK_WORDS, NO_HEADLINE_HEAD, PAGE_FURNITURE_LINES
from book.readers.patterns import HEAD_ZONE_LINES
from book.readers.scraped import boilerplate_kind, describe_removals, head_furniture_kind
from book.readers.tail import find_tails
from book.readers.textfile import decode

__all__ = ["read", "describe_removals"]

FORMAT = "text"

Line = tuple[int, str]
"""A non-empty line and its 1-based number."""


def read(path: Path, shown: str, root: Path | None = None) -> Chapter:
    """Read a plain-text article into a Chapter (empty blocks when nothing is left)."""
    text = decode(path, shown)
    lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line]
    source = Source(Path(shown), None, FORMAT)
    article = find_article([line for _, line in lines]) if lines else None
    if article is not None and _is_page(lines, article):
        return _chapter(source, shown, *_read_page(lines, article, source))
    kept, drops = _split_boilerplate(lines)
    kept, tails = find_tails(kept, lines[-1][0] if lines else 0)
    if tails:
        drops = [(what, n) for what, n in drops if n < tails[0].first]
    head, start = parse_head(kept)
    blocks, body_drops = build_body(kept[start:], source)
    removed = _merge(head.drops + drops + body_drops) + tails
    return _chapter(source, shown, head, blocks, removed)


def _chapter(source: Source, shown: str, head: Head, blocks, removed: list[Removal]) -> Chapter:
    return clean_metadata(Chapter(
        source=source, blocks=blocks,
        title=head.title, kicker=head.kicker, dek=head.dek, author=head.author,
        date=head.date.value if head.date else None,
        date_text=head.date.text if head.date else None,
        removed=tuple(sorted(removed, key=lambda r: r.first)),
    ), shown)


def _is_page(lines: list[Line], article: Article) -> bool:
    """Whether the article reader would keep `PAGE_FURNITURE_LINES` lines or more outside the
    article `page.py` found: before its headline (notices and the head furniture of the first
    lines aside) or after its text (what the tails explain aside)."""
    start = article.headline if article.headline is not None else article.body
    shapes = article.shapes
    before = sum(not shapes[i].notice and not (i < HEAD_ZONE_LINES and head_furniture_kind(line))
                 for i, (_, line) in enumerate(lines[:start]))
    after = [(n, line) for (n, line), shape in zip(lines[article.end + 1:], shapes[article.end + 1:])
             if not shape.notice]
    if before + len(after) < PAGE_FURNITURE_LINES or before >= PAGE_FURNITURE_LINES:
        return before + len(after) >= PAGE_FURNITURE_LINES
    kept, tails = find_tails(_split_boilerplate(lines)[0], lines[-1][0])
    cut = tails[0].first if tails else lines[-1][0] + 1
    return before + sum(n < cut for n, _ in after) >= PAGE_FURNITURE_LINES


def _read_page(lines: list[Line], article: Article, source: Source):
    """The head, blocks and removals of an article found in a whole-page paste."""
    shapes = article.shapes
    headline = lines[article.headline] if article.headline is not None else None
    start = article.headline if headline else max(0, article.body - NO_HEADLINE_HEAD)
    between = range(start + 1 if headline else start, article.body)
    notices = [(shapes[i].notice, lines[i][0]) for i in between if shapes[i].notice]
    head = parse_page_head(headline, [lines[i] for i in between if not shapes[i].notice],
                           _is_dek_shaped)
    span = range(article.body, article.end + 1)
    notices += [(shapes[i].notice, lines[i][0]) for i in span if shapes[i].notice]
    text = [lines[i] for i in span if not shapes[i].notice]
    footer = [lines[i] for i in range(article.end + 1, len(lines)) if not shapes[i].notice]
    text, tails = find_tails(text + footer, lines[-1][0])  # what follows tells a tail
    tails = [tail for tail in tails if tail.first <= lines[article.end][0]]
    if tails:
        notices = [(what, n) for what, n in notices if n < tails[0].first]
        tails[-1] = Removal(tails[-1].what, tails[-1].first, lines[article.end][0])
    text = [(n, line) for n, line in text if n <= lines[article.end][0]]
    text, repeated = _first_copies(text, {line for _, line in lines[:article.body]})
    blocks, body_drops = build_body(text, source)
    return head, blocks, (_span("page header", lines, 0, start - 1) + tails
                          + _merge(head.drops + notices + repeated + body_drops)
                          + _span("page footer", lines, article.end + 1, len(lines) - 1))


def _first_copies(text: list[Line], seen: set[str]) -> tuple[list[Line], list[tuple[str, int]]]:
    """The lines of `text` not `seen` before (on the page or earlier in the text), and the
    others as "repeated line" removals: a caption shown twice, the headline again."""
    kept, repeated = [], []
    for n, line in text:
        if line in seen:
            repeated.append(("repeated line", n))
        else:
            kept.append((n, line))
            seen.add(line)
    return kept, repeated


def _is_dek_shaped(line: str) -> bool:
    """A standfirst: a sentence or a long phrase, not a label."""
    low, high = DEK_WORDS
    return low <= len(line.split()) <= high and not line.endswith(":")


def _span(what: str, lines: list[Line], first: int, last: int) -> list[Removal]:
    """One Removal for the lines from index `first` to `last` (none when the span is empty)."""
    return [Removal(what, lines[first][0], lines[last][0])] if first <= last else []


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
