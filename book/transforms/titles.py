"""Chapters without a headline get a title derived from their text, never from the file name
while there is text; whatever the article's format.

The title is the first text of the chapter (a paragraph, a heading, a list item, a quotation,
a table cell, a caption): its first sentence when short, else its leading clause, else its
first words and "…". When that is the whole of the first block, the block goes: the title is
not said twice. A chapter with no text at all (only pictures) is named after its file, the
one case where the file name stands in. Each derived title is said in a warning naming the
file and the line it comes from, with what to do.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

from book.model import (
    Block, BlockQuote, Book, Chapter, Figure, Heading, ListBlock, Paragraph, Source, Table,
    plain_text,
)
from book.text import without_controls

LOGGER = logging.getLogger("book")
MAX_WORDS = 10
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'“‘(]?[A-Z0-9])")
CLAUSE_END = re.compile(r"[,;:—–]\s*|\s+-\s+")
HINT = "Hint: set title in its [[chapters]] entry in book.toml."


def apply(book: Book) -> Book:
    """Fill in every missing chapter title, with a warning naming the file."""
    chapters = []
    for chapter in book.chapters:
        if not chapter.title:
            chapter = titled(chapter)
        chapters.append(chapter)
    return replace(book, chapters=tuple(chapters))


def titled(chapter: Chapter) -> Chapter:
    """The chapter with a title derived from its text (said in a warning), its first block
    dropped when the title is all of it."""
    found = first_text(chapter.blocks)
    if found is None:
        title = _file_title(chapter.source)
        LOGGER.warning("%s: no headline and no text to take one from; using its file name: "
                       "'%s'. %s", chapter.source, title, HINT)
        return replace(chapter, title=title)
    block, text = found
    title = derive(text)
    line = block.source.line if block.source else None
    where = f" (line {line})" if line else ""
    LOGGER.warning("%s: no headline found; using a title derived from the text%s: '%s'. %s",
                   chapter.source, where, title, HINT)
    blocks = chapter.blocks
    if blocks and blocks[0] is block and isinstance(block, (Paragraph, Heading)) \
            and _same(title, text):
        blocks = blocks[1:]
    return replace(chapter, title=title, blocks=blocks)


def derive(text: str) -> str:
    """The first sentence when short; else its leading clause; else its first words and '…'.
    A clause ends outside brackets, and the first words stop before a bracket they would leave
    open: "Notes (for pastes, saved pages), and more" is never "Notes (for pastes"."""
    sentence = SENTENCE_END.split(text, maxsplit=1)[0].strip()
    words = sentence.split()
    if len(words) <= MAX_WORDS:
        return sentence.rstrip(".")
    clause = sentence[:_clause_end(sentence)].strip()
    if 2 <= len(clause.split()) <= MAX_WORDS:
        return clause
    first = words[:8]
    for at, _word in enumerate(first):
        if at >= 2 and _depth(" ".join(first[:at + 1])) > 0 and _depth(" ".join(first[:at])) == 0:
            first = first[:at]  # the words before the bracket this one opens and leaves open
            break
    return " ".join(first).rstrip(",;:") + "…"


OPENING, CLOSING = "([{", ")]}"


def _depth(text: str) -> int:
    """How many brackets `text` leaves open."""
    depth = 0
    for char in text:
        depth += (char in OPENING) - (char in CLOSING and depth > 0)
    return depth


def _clause_end(sentence: str) -> int:
    """Where the leading clause ends: the first clause mark outside brackets, else the end."""
    for mark in CLAUSE_END.finditer(sentence):
        if _depth(sentence[:mark.start()]) == 0:
            return mark.start()
    return len(sentence)


def first_text(blocks) -> tuple[Block, str] | None:
    """The first block with words (looking into lists, quotations, tables and captions),
    and its text."""
    for block in blocks:
        text = _text(block)
        if text:
            return block, text
    return None


def _text(block: Block) -> str:
    if isinstance(block, (Paragraph, Heading)):
        return _clean(block.inlines)
    if isinstance(block, Figure):
        return _clean(block.caption)
    if isinstance(block, BlockQuote):
        found = first_text(block.blocks)
        return found[1] if found else ""
    if isinstance(block, ListBlock):
        found = first_text([b for item in block.items for b in item])
        return found[1] if found else ""
    if isinstance(block, Table):
        cells = [cell.inlines for row in block.rows for cell in row]
        return next((text for inlines in (block.caption, *cells) if (text := _clean(inlines))), "")
    return ""


def _clean(inlines) -> str:
    return " ".join(without_controls(plain_text(inlines)).split())


def _same(title: str, text: str) -> bool:
    return title.rstrip(".…").strip() == text.rstrip(".…").strip()


def _file_title(source: Source) -> str:
    words = re.sub(r"^[\d\s_.-]+", "", Path(source.path).stem).replace("_", " ").replace("-", " ")
    words = " ".join(words.split()) or Path(source.path).stem or "Untitled"
    return words[0].upper() + words[1:]
