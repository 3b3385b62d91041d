"""The PDF: WeasyPrint renders the HTML intermediate, offline, into a temporary file."""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML

from book.errors import RenderError
from book.model import Book
from book.outputs import atomic_path
from book.render import coverage, html
from book.render.fetcher import ProjectFetcher


def write_pdf(book: Book, target: Path, styles_dir: Path) -> None:
    """Render the book to `target` exactly as `weasyprint build/book.html` would."""
    outdir = target.parent
    coverage.warn_missing(book, styles_dir)
    html.copy_assets(book, styles_dir, outdir)
    fetcher = ProjectFetcher([book.root, outdir])
    document = HTML(string=html.document(book, styles_dir), base_url=(outdir / "book.html").as_uri(),
                    url_fetcher=fetcher)
    try:
        with atomic_path(target) as tmp:
            document.write_pdf(tmp, presentational_hints=False)
    except OSError as exc:
        raise RenderError(f"could not write the PDF: {exc}", source=target) from exc
