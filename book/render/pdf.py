"""The PDF: the book's parts laid out side by side and cached (render/parts.py), then put
together as one tagged document (render/assemble.py), offline, into a temporary file.

`weasyprint build/book.html book.pdf` lays out the same HTML in one pass and gives the same
pages; the builder's parts make it faster on several cores and on a rebuild.
"""

from __future__ import annotations

from pathlib import Path

from book.errors import RenderError
from book.model import Book
from book.outputs import cache_folder
from book.render import coverage, html
from book.render.report import SILENT, Report


def parts_of(book: Book, outdir: Path, styles_dir: Path, front: bool = True, on_part=None,
             report: Report = SILENT):
    """The rendered parts of `book`'s PDF in `outdir` (its assets copied there). Without
    `front`, the front matter's PDF may be missing (the EPUB's page numbers). `on_part` and
    `report` are parts.render's. Each call lays out what the parts' cache does not hold: a
    renderer asks once per build, and passes the parts on (`pages_of`) rather than asking
    again."""
    from book.render import parts

    html.copy_assets(book, styles_dir, outdir)
    # The characters no font draws are named while the workers lay out the first parts.
    return parts.render(book, outdir, styles_dir, cache_folder(outdir), front=front,
                        on_part=on_part, meanwhile=lambda: coverage.warn_missing(book, styles_dir),
                        report=report)


def pages_of(made) -> list[tuple[int, str, int]]:
    """(page number, block key, offset) where each page of the PDF begins inside a chapter,
    from the parts made (`parts_of`)."""
    return [(part.first + page, key, offset) for part in made
            for page, key, offset in part.starts]


def print_pages(book: Book, outdir: Path, styles_dir: Path,
                report: Report = SILENT) -> list[tuple[int, str, int]]:
    """(page number, block key, offset) where each page of the PDF begins inside a chapter."""
    return pages_of(parts_of(book, outdir, styles_dir, front=False, report=report))


def write_pdf(book: Book, target: Path, styles_dir: Path, parts_ready=None,
              report: Report = SILENT) -> None:
    """Render the book to `target`: the same pages as `weasyprint build/book.html` gives.
    `parts_ready(print_pages)` is told the print pages (`print_pages`) as soon as the parts are
    laid out, before they are put together (the EPUB beside uses them meanwhile). The
    parts' progress goes to `report`."""
    from book.render import assemble, parts

    with assemble.Assembly(cache_folder(target.parent) / parts.FOLDER, parts.LINK) as joined:
        # The body is joined while the later parts and the front matter are laid out.
        made = parts_of(book, target.parent, styles_dir, on_part=joined.add, report=report)
        if parts_ready:
            parts_ready(pages_of(made))
        try:
            joined.finish(made[0], target, dates=(parts.UNDATED, book.meta.modified))
        except OSError as exc:
            raise RenderError(f"could not write the PDF: {exc}", source=target) from exc
