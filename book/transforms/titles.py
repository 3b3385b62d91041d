"""Chapters without a headline get a title derived from their text, never from the file name."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from book.model import Book, Chapter, Heading, Paragraph
from book.readers.bidi import without_controls
from book.render.templates import plain_text

LOGGER = logging.getLogger("book")
MAX_WORDS = 10
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'“‘(]?[A-Z0-9])")
CLAUSE_END = re.compile(r"[,;:—–]\s*|\s+-\s+")


def apply(book: Book) -> Book:
    """Fill in every missing chapter title, with a warning naming the file."""
    chapters = []
    for chapter in book.chapters:
        if not chapter.title:
            title = derive_title(chapter)
            LOGGER.warning("%s: no headline found; using a title derived from the text: '%s'. "
                           "Hint: set title in its [[chapters]] entry in book.toml.",
                           chapter.source, title)
            chapter = replace(chapter, title=title)
        chapters.append(chapter)
    return replace(book, chapters=tuple(chapters))


def derive_title(chapter: Chapter) -> str:
    """The first sentence when short; else its leading clause; else its first words and '…'."""
    first = next((b for b in chapter.blocks if isinstance(b, (Paragraph, Heading))), None)
    text = without_controls(plain_text(first.inlines)).strip() if first else ""
    sentence = SENTENCE_END.split(text, maxsplit=1)[0].strip()
    words = sentence.split()
    if len(words) <= MAX_WORDS:
        return sentence.rstrip(".")
    clause = CLAUSE_END.split(sentence, maxsplit=1)[0].strip()
    if 2 <= len(clause.split()) <= MAX_WORDS:
        return clause
    return " ".join(words[:8]).rstrip(",;:") + "…"
