"""Print page numbers for the EPUB: where each page of the PDF edition begins, in the model.

WeasyPrint's layout of book.html says which text starts each page. For every page that starts
inside a chapter, a `PageBreak` marker is put into the chapter at that place: before the word
the page starts with (inside a paragraph or heading), or before the block; a page that begins
with a chapter head (the opener) is the chapter's `page`, marked before its head. The EPUB shows
the markers as `epub:type="pagebreak"` and lists them in its page-list, so that a reader on an
e-reader and a reader of the printed book can cite the same page.

`page_starts` reads WeasyPrint 70's laid-out boxes (`page._page_box`, the class name `TextBox`),
past its public API: hence its place in book/layout/.
"""

from __future__ import annotations

import re
from dataclasses import replace

from book.model import Book, Chapter, Paragraph, Heading, PageBreak, Text

BLOCK_KEY = "data-b"
"""The attribute book.html gives each top-level block of a chapter: "<slug>.<index>", and the
chapter head: "<slug>.head"."""
HEAD = "head"
LONG_WORD = 64
"""A page that begins further into a word than this (a pasted token, a URL that fills pages)
is marked where it begins, not at the word's start: every page in it a place of its own."""


def page_starts(document) -> list[tuple[int, str, int]]:
    """(page number, block key, character offset in the block's text) for each page whose first
    text belongs to a chapter block."""
    starts, texts = [], {}
    for number, page in enumerate(document.pages, 1):
        first = _first_text(page._page_box, None)
        if first is None:
            continue
        key, element, text = first
        if key not in texts:
            texts[key] = _normal("".join(element.itertext()))
        full = texts[key]
        probe = _normal(text)[:24]
        offset = full.find(probe) if probe else 0
        starts.append((number, key, max(offset, 0)))
    return starts


def _first_text(box, key):
    element = getattr(box, "element", None)
    if element is not None and element.get(BLOCK_KEY):
        key = (element.get(BLOCK_KEY), element)
    if type(box).__name__ == "TextBox" and key and box.text.strip():
        return key[0], key[1], box.text
    for child in getattr(box, "children", None) or ():
        found = _first_text(child, key)
        if found:
            return found
    return None


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def mark(book: Book, starts: list[tuple[int, str, int]]) -> Book:
    """The book with a PageBreak at every page start found in its chapters."""
    by_chapter: dict[str, dict[int, list[tuple[int, int]]]] = {}
    for number, key, offset in starts:
        slug, _, index = key.rpartition(".")
        index = index if index == HEAD else int(index)
        by_chapter.setdefault(slug, {}).setdefault(index, []).append((offset, number))
    chapters = []
    for chapter in book.chapters:
        marks = by_chapter.get(chapter.slug)
        if marks and HEAD in marks:  # the opener page begins with the chapter head
            chapter = replace(chapter, page=str(marks.pop(HEAD)[0][1]))
        chapters.append(_mark_chapter(chapter, marks) if marks else chapter)
    return replace(book, chapters=tuple(chapters))


def _mark_chapter(chapter: Chapter, marks: dict[int, list[tuple[int, int]]]) -> Chapter:
    blocks = []
    for index, block in enumerate(chapter.blocks):
        for offset, number in sorted(marks.get(index, ())):
            if isinstance(block, (Paragraph, Heading)):
                block = replace(block, inlines=_insert(block.inlines, offset, number))
            else:
                blocks.append(Paragraph((PageBreak(str(number)),)))
        blocks.append(block)
    return replace(chapter, blocks=tuple(blocks))


def _insert(inlines: tuple, offset: int, number: int) -> tuple:
    """`inlines` with a PageBreak before the word at `offset` of their whitespace-normalised
    text (as a browser collapses it); inside a Text, or before the inline holding that place."""
    target, position, in_space = None, 0, True  # leading whitespace is not counted
    for index, node in enumerate(inlines):
        for char_index, char in enumerate(_inline_text(node)):
            if char.isspace():
                if in_space:
                    continue
                in_space = True
            else:
                in_space = False
            if position == offset:
                target = (index, char_index)
                break
            position += 1
        if target:
            break
    marker = PageBreak(str(number))
    if target is None:
        return (*inlines, marker)
    index, cut = target
    node = inlines[index]
    if not isinstance(node, Text):
        return (*inlines[:index], marker, *inlines[index:])
    start = cut
    while cut > 0 and not node.text[cut - 1].isspace():
        cut -= 1  # back to the start of the word the page begins in...
    if start - cut > LONG_WORD:
        cut = start  # ...unless it is an unbroken run that fills pages: each page its place
    before, after = node.text[:cut], node.text[cut:]
    return (*inlines[:index], *([Text(before)] if before else []), marker,
            *([Text(after)] if after else []), *inlines[index + 1:])


def _inline_text(node) -> str:
    if isinstance(node, Text):
        return node.text
    return "".join(_inline_text(child) for child in getattr(node, "children", ()) or ())
