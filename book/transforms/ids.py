"""Stable, unique, ASCII ids: chapter slugs (file names in the EPUB) and heading anchors."""

from __future__ import annotations

from dataclasses import replace

from book.model import Book, Heading, plain_text
from book.text import slugify


def apply(book: Book) -> Book:
    """Slug each chapter `chNN-title`, id each heading `chNN-heading`, all unique."""
    used: set[str] = set()
    chapters = []
    for number, chapter in enumerate(book.chapters, 1):
        base = f"ch{number:02d}"
        words = slugify(chapter.title or "")
        slug = _unique(f"{base}-{words}" if words else base, used)
        blocks = []
        for block in chapter.blocks:
            if isinstance(block, Heading):
                words = slugify(plain_text(block.inlines), 30) or "section"
                block = replace(block, id=_unique(f"{base}-{words}", used))
            blocks.append(block)
        chapters.append(replace(chapter, slug=slug, blocks=tuple(blocks)))
    return replace(book, chapters=tuple(chapters))


def _unique(candidate: str, used: set[str]) -> str:
    slug, n = candidate, 2
    while slug in used:
        slug, n = f"{candidate}-{n}", n + 1
    used.add(slug)
    return slug
