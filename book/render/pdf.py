"""The PDF: WeasyPrint renders the HTML intermediate, offline, into a temporary file."""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML

from book.errors import RenderError
from book.model import Book
from book.outputs import atomic_path
from book.render import coverage, html
from book.render.fetcher import ProjectFetcher


def write_options(book: Book) -> dict:
    """WeasyPrint's write_pdf options for the book's variant: PDF/UA-1 by default, tagged for
    screen readers (headings, lists, tables, figures; decorations as artifacts; WeasyPrint
    declares it even without a title or language, and a book always has both), or PDF/A-3b for
    archiving (`--pdf-variant`), tagged as well."""
    return {"pdf_variant": book.layout.pdf_variant, "pdf_tags": True}

_LAST: dict[str, tuple] = {}
"""The last layout made (book, folder, document): the PDF writes it, the EPUB reads its pages."""


def layout(book: Book, outdir: Path, styles_dir: Path):
    """WeasyPrint's layout of book.html for `book` in `outdir` (its assets copied there); made
    once per build: the PDF is written from it and the EPUB marks its page starts."""
    cached = _LAST.get("layout")
    if cached and cached[0] is book and cached[1] == outdir:
        return cached[2]
    coverage.warn_missing(book, styles_dir)
    html.copy_assets(book, styles_dir, outdir)
    fetcher = ProjectFetcher([book.root, outdir])
    document = HTML(string=html.document(book, styles_dir), base_url=(outdir / "book.html").as_uri(),
                    url_fetcher=fetcher).render(presentational_hints=False)
    _LAST["layout"] = (book, outdir, document)
    return document


def write_pdf(book: Book, target: Path, styles_dir: Path) -> None:
    """Render the book to `target` exactly as `weasyprint build/book.html` would."""
    document = layout(book, target.parent, styles_dir)
    try:
        with atomic_path(target) as tmp:
            document.write_pdf(tmp, **write_options(book))
    except OSError as exc:
        raise RenderError(f"could not write the PDF: {exc}", source=target) from exc
