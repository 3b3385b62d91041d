"""Reader for saved web pages (.html, .htm): the article, as model blocks, and its metadata.

A page is read in stages, in this order:

1. decoding (BOM, declared charset, UTF-8, a guess) and parsing with lxml (`htmldecode`);
2. the page's metadata: <meta> tags, JSON-LD, <title>, before anything is removed
   (`htmlmeta`);
3. scripts, styles and hidden elements out; footnotes found and taken out (`htmlextract`,
   `htmlnotes`); captions, credits and galleries of pictures the book cannot show (remote
   ones: a page saved "HTML only") taken out (`htmlpictures`);
4. the article found by a vote, block by block, of three extractors: our own rules
   (`<article>`, `<main>`, or the best-scoring container, less its furniture:
   `htmlextract`), trafilatura and readability-lxml (`htmllibs`, offline, on the page as
   decoded); a block is the article's when most of them take it (`htmlvote`);
5. its head taken out: headline, kicker, standfirst, byline and date (`htmlhead`);
6. the blocks the vote left out dropped and reported: navigation, share bars, ads, related
   lists, comments, forms, captions (`htmlvote.prune`, by tag and class where they say
   what they are);
7. its elements converted to blocks and inlines (`htmlblocks`, `htmlinline`): no markup
   from the page reaches the model, only plain text in `Text` and checked links and images;
8. as in the plain-text reader, byline, date and furniture lines still left at the start
   (`scraped.parse_marker`, `head_furniture_kind`) and a related list, author box or
   comment form at the end (`tail.find_tails`) are dropped;
9. the chapter's metadata chosen from the page's and the article's (`htmlresolve`).

Removals are reported with the lines lxml gives (the line of an element's start tag, and the
last start tag inside it: best effort).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from book.model import (
    Block, Chapter, Figure, Heading, Link, ListBlock, Paragraph, Removal, Rule, Source, Text,
    plain_text,
)
from book.readers.bidi import clean_metadata
from book.readers.htmlblocks import BlockConverter
from book.readers.htmldecode import parse, read_page
from book.readers.htmlextract import clean_page, strip_furniture
from book.readers.htmlhead import harvest
from book.readers.htmlhints import last_line
from book.readers.htmlinline import Context, report_scripts
from book.readers.htmlmeta import language_of, page_meta, same_words
from book.readers.htmlnotes import find_notes
from book.readers.htmlpictures import can_show, drop_captions, lead_picture
from book.readers.htmlresolve import resolve
from book.readers.htmlvote import elect, prune
from book.readers.patterns import HEAD_ZONE_LINES
from book.readers.scraped import (
    head_furniture_kind, is_bare_name, is_paragraph, parse_marker,
)
from book.readers.tail import find_tails

__all__ = ["read"]

FORMAT = "html"
MARKER_DISTANCE = 4
"""A bare name ("Jane Doe") is a byline when a byline or date line follows within this many
paragraphs (other names and buttons between: an avatar's alt text, a profile link, "Follow")."""
TAIL_WINDOW = 60
"""A closing related list, author box or comment form is looked for in this many last lines."""
TEASERS_MIN = 2
TEASER_HEADING_WORDS = 6
"""At least this many links standing alone close a text as a related list, with the short
heading before them."""
OPENING_BLOCKS = 3
"""A description repeating the start of this many paragraphs is no standfirst."""


def read(path: Path, shown: str, root: Path | None = None) -> Chapter:
    """Read a saved web page into a Chapter (empty blocks when it holds no article text)."""
    root = root if root is not None else path.parent
    source = Source(Path(shown), None, FORMAT)
    text = read_page(path, shown)
    doc = parse(text, shown)
    if doc is None:
        return Chapter(source=source, blocks=())
    page = page_meta(doc)
    clean_page(doc)
    notes = find_notes(doc)
    body = doc.find("body")
    captions = drop_captions(doc if body is None else body, path, root)
    election = elect(doc, page, text, shown, lambda img: can_show(img, path, root))
    parts = election.parts
    head = harvest(parts, page)
    if election.kept:
        removed = prune(election)
    else:
        removed = strip_furniture(parts, keep={head.header} if head.header is not None else set())
    removed += [r for r in captions if _inside(r, parts)]
    lead = lead_picture(parts[0], path, root) if election.kept else None
    ctx = Context(path, shown, root)
    converter = BlockConverter(ctx, notes, source)
    blocks = (converter.block(lead) if lead is not None else []) + [
        block for part in parts for block in converter.blocks(part)]
    report_scripts(ctx)
    blocks, drops, authors, date = _head_lines(blocks)
    blocks, tails = _tails(blocks)
    blocks, teasers = _closing_links(blocks)
    tails += teasers
    blocks = _scene_breaks(blocks)
    language = language_of(parts, page)
    opening = " ".join(plain_text(b.inlines) for b in blocks[:OPENING_BLOCKS]
                       if isinstance(b, Paragraph))
    meta = resolve(page, head, language, opening, authors, date)
    blocks, repeats = _repeated_headline(blocks, meta.title)
    drops += head.drops + repeats
    removed += [Removal(what, line, line) for what, line in drops] + tails
    return clean_metadata(Chapter(
        source=source, blocks=tuple(blocks),
        title=meta.title, kicker=meta.kicker, dek=meta.dek, author=meta.author,
        date=meta.date, date_text=meta.date_text, language=language,
        removed=_merge(removed), notes=tuple(converter.footnotes),
    ), shown)


def _inside(removal: Removal, parts) -> bool:
    """A removal within the lines of the article's elements (what is left out around the
    article is not reported)."""
    return any((part.sourceline or 0) <= removal.first <= last_line(part) for part in parts)


def _repeated_headline(blocks: list[Block], title: str | None):
    """Paragraphs and headings that only repeat the headline (a sticky header, a gallery's
    title, a share box), dropped: the chapter shows its title once."""
    if not title:
        return blocks, []
    kept, drops = [], []
    for block in blocks:
        left = block
        if isinstance(block, ListBlock):
            items = tuple(item for item in block.items if not _is_title(item, title))
            if len(items) < len(block.items):
                left = ListBlock(block.ordered, items, block.source) if items else None
        if left is not block or _is_title([block], title):
            drops.append(("repeated headline", _first_line(block)))
        if left is not None and not _is_title([left], title):
            kept.append(left)
    return kept, drops


def _is_title(blocks, title: str) -> bool:
    return len(blocks) == 1 and isinstance(blocks[0], (Paragraph, Heading)) \
        and same_words(plain_text(blocks[0].inlines), title)


def _head_lines(blocks: list[Block]):
    """Byline, date and furniture paragraphs before the text starts, as `head.py` reads them.

    Returns the blocks left, the lines dropped (Removal kind, line), the authors and the date.
    """
    kept: list[Block] = []
    drops: list[tuple[str, int]] = []
    authors: list[str] = []
    date: tuple[datetime.date, str] | None = None
    texts = [plain_text(b.inlines).strip() if isinstance(b, Paragraph) else None for b in blocks]
    i = 0
    while i < min(len(blocks), HEAD_ZONE_LINES):
        block, text = blocks[i], texts[i]
        if isinstance(block, Figure):
            kept.append(block)
            i += 1
            continue
        if text is None or is_paragraph(text):
            break
        line = block.source.line or 0
        marker = parse_marker(text)
        if (what := head_furniture_kind(text)) is not None:
            drops.append((what, line))
        elif marker is not None:
            authors += [a for a in marker.authors if a not in authors]
            if date is None and marker.dates:
                date = (marker.dates[0].value, marker.dates[0].text)
            drops += [(what, line) for what in marker.drops]
        elif is_bare_name(text) and _marker_follows(texts, i + 1):
            authors += [text] if text not in authors else []
        else:
            break
        i += 1
    return kept + blocks[i:], drops, authors, date


def _marker_follows(texts: list[str | None], i: int) -> bool:
    """The next paragraph not furniture is a byline or date line."""
    for text in texts[i:i + MARKER_DISTANCE]:
        if text is None:
            return False
        if parse_marker(text) is not None:
            return True
        if head_furniture_kind(text) is None and not is_bare_name(text):
            return False
    return False


def _tails(blocks: list[Block]) -> tuple[list[Block], list[Removal]]:
    """A related list, author box or comment form closing the text (`tail.find_tails`)."""
    lines: list[tuple[int, str]] = []
    for i, block in enumerate(blocks):
        if isinstance(block, ListBlock):
            lines += [(i, " ".join(plain_text(b.inlines) for b in item
                                   if isinstance(b, Paragraph)))
                      for item in block.items]
        elif isinstance(block, (Paragraph, Heading)):
            lines.append((i, plain_text(block.inlines).strip()))
        elif isinstance(block, Figure):
            lines.append((i, block.image.alt))
        else:
            lines.append((i, ""))
    if not lines:
        return blocks, []
    # Tails close the text; find_tails takes time quadratic in its lines, so only the last few.
    _kept, tails = find_tails(lines[-TAIL_WINDOW:], len(blocks) - 1)
    if not tails:
        return blocks, []
    removals = [Removal(t.what, _first_line(blocks[t.first]), _last_line(blocks[t.last]))
                for t in tails]
    return blocks[:tails[0].first], removals


def _closing_links(blocks: list[Block]) -> tuple[list[Block], list[Removal]]:
    """Links standing alone, one a paragraph, closing the text ("You may also like", then
    teaser titles): a related list the page's markup did not name."""
    end = len(blocks)
    while end and _lone_link(blocks[end - 1]):
        end -= 1
    if len(blocks) - end < TEASERS_MIN or end == 0:
        return blocks, []
    if isinstance(blocks[end - 1], (Paragraph, Heading)) and \
            len(plain_text(blocks[end - 1].inlines).split()) <= TEASER_HEADING_WORDS:
        end -= 1  # its heading
    if end == 0:
        return blocks, []
    return blocks[:end], [Removal("related-articles list", _first_line(blocks[end]),
                                  _last_line(blocks[-1]))]


def _lone_link(block: Block) -> bool:
    """A paragraph that is one link, or a list whose every item is one."""
    if isinstance(block, ListBlock):
        return all(len(item) == 1 and _lone_link(item[0]) for item in block.items)
    if not isinstance(block, Paragraph):
        return False
    items = [i for i in block.inlines if not (isinstance(i, Text) and not i.text.strip())]
    return len(items) == 1 and isinstance(items[0], Link)


def _first_line(block: Block) -> int:
    return block.source.line if block.source and block.source.line else 0


def _last_line(block: Block) -> int:
    if isinstance(block, ListBlock) and block.items and block.items[-1]:
        return _last_line(block.items[-1][-1])
    return _first_line(block)


def _scene_breaks(blocks: list[Block]) -> list[Block]:
    """Rules that break nothing (first, last, doubled) dropped."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Rule) and (not out or isinstance(out[-1], Rule)):
            continue
        out.append(block)
    while out and isinstance(out[-1], Rule):
        out.pop()
    return out


def _merge(removed: list[Removal]) -> tuple[Removal, ...]:
    """Sorted by line; neighbouring removals of one kind become one."""
    merged: list[Removal] = []
    for removal in sorted(removed, key=lambda r: (r.first, r.last)):
        if merged and merged[-1].what == removal.what and removal.first <= merged[-1].last + 1:
            merged[-1] = Removal(removal.what, merged[-1].first, max(merged[-1].last, removal.last))
        else:
            merged.append(removal)
    return tuple(merged)
