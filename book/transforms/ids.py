"""Stable, unique, ASCII ids: chapter slugs (file names in the EPUB) and heading anchors."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from book.model import Book, Heading
from book.render.templates import plain_text

MAX_SLUG = 40


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """'Sexuality & Mental Health!' → 'sexuality-mental-health' (ASCII, cut at a word)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug


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
