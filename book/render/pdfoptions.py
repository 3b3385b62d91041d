"""WeasyPrint's write_pdf options for a book: one place, read by every PDF the builder writes
(the book's parts, their cache keys, the handouts)."""

from __future__ import annotations

from book.model import Book


def write_options(book: Book) -> dict:
    """WeasyPrint's write_pdf options for the book's variant: PDF/UA-1 by default, tagged for
    screen readers (headings, lists, tables, figures; decorations as artifacts; WeasyPrint
    declares it even without a title or language, and a book always has both), or PDF/A-3b for
    archiving (`--pdf-variant`), tagged as well."""
    return {"pdf_variant": book.layout.pdf_variant, "pdf_tags": True}
