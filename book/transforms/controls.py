"""Invisible characters that change what a reader sees, or show as a box, leave the text.

- Bidirectional overrides (LRO U+202D, RLO U+202E) draw the characters they cover in an order
  other than the order they are written in: "evil" shows as "live", a file "gnp.exe" as
  "exe.png". They go, with the pop (PDF U+202C) that ends them, wherever they are.
- Embeddings (LRE U+202A, RLE U+202B) and isolates (LRI, RLI, FSI U+2066-2068) set a direction
  without reordering the letters inside them: they stay where they are closed in the same block
  (by PDF U+202C, PDI U+2069), as a bilingual text uses them. An opener never closed, a closer
  with nothing to close, are out of place: they go.
- DEL (U+007F) and the C1 controls (U+0080-U+009F) mean nothing in text and print as boxes: they
  go; a next-line (NEL U+0085) becomes a space. (The C0 controls XML forbids never get this
  far: the readers remove them.)

Every text of a chapter is cleaned (paragraphs, headings, list items, cells, captions, notes,
code, image descriptions, title, kicker, standfirst, author), with one warning per chapter that
names the file, the lines and what went. The letters and marks of the text are never changed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import is_dataclass, replace

from book.model import Book, Chapter, Source, Text

LOGGER = logging.getLogger("book")
OVERRIDES = "\u202d\u202e"
EMBEDDINGS = "\u202a\u202b"
ISOLATES = "\u2066\u2067\u2068"
POP, POP_ISOLATE = "\u202c", "\u2069"
CONTROLS = re.compile("[\x7f-\x9f]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
NEXT_LINE = "\x85"
_METADATA = ("title", "kicker", "dek", "author", "date_text")


def apply(book: Book) -> Book:
    """Every chapter cleaned, a warning for each one that held such characters."""
    return replace(book, chapters=tuple(_chapter(chapter) for chapter in book.chapters))


def clean(text: str) -> tuple[str, int, int]:
    """`text` without out-of-place bidi controls, DEL and C1 controls: (text, how many bidi
    controls and how many other controls went). `text` is one block (a paragraph for the
    bidi algorithm): an embedding or isolate closed in it stays."""
    if not BIDI.search(text) and not CONTROLS.search(text):
        return text, 0, 0
    drop = _out_of_place(text)
    kept, controls = _without_controls("".join(
        char for index, char in enumerate(text) if index not in drop))
    return kept, len(drop), controls


def _without_controls(text: str) -> tuple[str, int]:
    """`text` without DEL and C1 controls (a next-line as a space), and how many went."""
    count = len(CONTROLS.findall(text))
    if not count:
        return text, 0
    return CONTROLS.sub(lambda found: " " if found.group() == NEXT_LINE else "", text), count


def _out_of_place(text: str) -> set[int]:
    """Positions of the overrides and their pops, unclosed openers and stray closers."""
    drop, stack = set(), []  # stack: (kind, position), kind "o" override, "e" embedding, "i"
    for index, char in enumerate(text):
        if char in OVERRIDES or char in EMBEDDINGS or char in ISOLATES:
            stack.append(("o" if char in OVERRIDES else "e" if char in EMBEDDINGS else "i",
                          index))
            if char in OVERRIDES:
                drop.add(index)
        elif char == POP:
            if stack and stack[-1][0] in "oe":
                kind, _ = stack.pop()
                if kind == "o":
                    drop.add(index)
            else:
                drop.add(index)
        elif char == POP_ISOLATE:
            if any(kind == "i" for kind, _ in stack):
                while stack[-1][0] != "i":  # embeddings left open inside the isolate
                    drop.add(stack.pop()[1])
                stack.pop()
            else:
                drop.add(index)
    return drop | {index for _, index in stack}


class _Counter:
    """What went from one chapter, and where."""

    def __init__(self):
        self.bidi, self.controls, self.lines = 0, 0, set()

    def count(self, bidi: int, controls: int, source: Source | None) -> None:
        self.bidi, self.controls = self.bidi + bidi, self.controls + controls
        if (bidi or controls) and source is not None and source.line:
            self.lines.add(source.line)

    def text(self, text: str, source: Source | None) -> str:
        cleaned, bidi, controls = clean(text)
        self.count(bidi, controls, source)
        return cleaned


def _chapter(chapter: Chapter) -> Chapter:
    counter = _Counter()
    changes = {name: counter.text(value, chapter.source) for name in _METADATA
               if (value := getattr(chapter, name))}
    changes["blocks"] = tuple(_node(block, counter, None) for block in chapter.blocks)
    changes["notes"] = tuple(_node(note, counter, None) for note in chapter.notes)
    if not (counter.bidi or counter.controls):
        return chapter
    what = []
    if counter.bidi:
        what.append(f"{counter.bidi} bidirectional control{'s' if counter.bidi > 1 else ''} "
                    "out of place (overrides, which show letters in another order than they are "
                    "written; embeddings and isolates never closed or closing nothing)")
    if counter.controls:
        what.append(f"{counter.controls} control character{'s' if counter.controls > 1 else ''}"
                    " (DEL, U+0080-U+009F)")
    lines = sorted(counter.lines)
    where = f"{chapter.source.path}:{lines[0]}" if lines else str(chapter.source.path)
    on = f" (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})" if lines else ""
    LOGGER.warning("%s: removed %s%s", where, " and ".join(what), on)
    return replace(chapter, **changes)


def _node(node, counter: _Counter, source: Source | None):
    """`node` (a block, an inline, a cell, an image) with every text in it cleaned; a block's
    inlines are cleaned as one text (an isolate may open in one inline and close in another)."""
    if isinstance(node, tuple):
        return tuple(_node(item, counter, source) for item in node)
    if not is_dataclass(node):
        return node
    source = getattr(node, "source", None) or source
    changes = {}
    for name in ("inlines", "caption"):
        if getattr(node, name, None):
            changes[name] = _inlines(getattr(node, name), counter, source)
    for name in ("text", "alt"):
        if isinstance(getattr(node, name, None), str):
            changes[name] = counter.text(getattr(node, name), source)
    for name in ("blocks", "items", "rows", "image", "children"):
        if getattr(node, name, None):
            changes[name] = _node(getattr(node, name), counter, source)
    return replace(node, **changes) if changes else node


def _inlines(inlines: tuple, counter: _Counter, source: Source | None) -> tuple:
    """A block's inlines, their texts cleaned as the one text they make: an embedding or an
    isolate closed in another inline than the one it opens in stays."""
    texts = [node.text for node in _texts(inlines)]
    drop = _out_of_place("".join(texts))
    kept, start = [], 0
    for text in texts:
        piece, controls = _without_controls("".join(
            char for index, char in enumerate(text, start) if index not in drop))
        counter.count(0, controls, source)
        kept.append(piece)
        start += len(text)
    counter.count(len(drop), 0, source)
    pieces = iter(kept)

    def rebuild(nodes):
        out = []
        for node in nodes:
            if isinstance(node, Text):
                node = replace(node, text=next(pieces))
            elif getattr(node, "children", None):
                node = replace(node, children=rebuild(node.children))
            else:  # code, an image: texts of their own
                node = _node(node, counter, source)
            out.append(node)
        return tuple(out)
    return rebuild(inlines)


def _texts(nodes):
    """The Text inlines of `nodes`, in reading order."""
    for node in nodes:
        if isinstance(node, Text):
            yield node
        else:
            yield from _texts(getattr(node, "children", ()) or ())
