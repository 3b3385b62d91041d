"""The HTML intermediate: one standalone document, its stylesheets linked relatively.

`build/book.html` is what the PDF is rendered from: `weasyprint build/book.html x.pdf` gives
the builder's PDF. Its stylesheets are copied next to it, into `build/styles/` (the pipeline
writes into a staging folder, so each build copies them afresh).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from book import __version__
from book.assets import images
from book.model import Book
from book.outputs import atomic_path, write_text
from book.render import style
from book.render.context import chapter_context
from book.render.report import SILENT, Report
from book.render.templates import render
from book.render.typefaces import typefaces_used

STYLESHEETS = (
    # (file in styles/, media): fonts and base typography everywhere, the cover, then screen
    # or print (@page, running heads); then what book.toml chooses (render/style.py): the
    # trim's page size, the theme, the accent and type size, the book's own stylesheets.
    ("fonts.css", None),
    ("base.css", None),
    ("cover.css", None),
    ("screen.css", "screen"),
    ("print.css", "print"),
)
ASSETS_DIR = "styles"
FONTS_DIR = "fonts"
COVER_NAME = "cover"


def stylesheets(book: Book) -> list[tuple[str, str | None]]:
    """The stylesheets the document links (names under styles/), in order, with their media."""
    return [*STYLESHEETS, *((sheet.name, sheet.media) for sheet in style.book_sheets(book))]


def cover_href(book: Book) -> str | None:
    """Where the HTML finds the user's cover image (copied beside it), if there is one."""
    image = book.meta.cover_image
    return f"{ASSETS_DIR}/{COVER_NAME}{image.suffix.lower()}" if image else None


def document(book: Book, styles_dir: Path, **part) -> str:
    """The book as one HTML document (text escaped by the templates); with `part` ("front",
    "chapter" or "back", and `chapters`, `link_base`, `page_numbers`), one part of the PDF
    (render/parts.py). `typefaces`: the families the book uses (`typefaces_used`), when the
    caller has them already (the PDF's two front matters)."""
    sheets = [{"href": f"{ASSETS_DIR}/{name}", "media": media} for name, media in stylesheets(book)]
    if not part.pop("linked", True):  # the parts of the PDF get their stylesheets parsed once
        sheets = []
    chapters = part.pop("chapters", book.chapters)
    faces = part.pop("typefaces", None)
    if part.get("part") not in (None, "front"):
        faces = ()  # for the copyright page only
    elif faces is None:
        faces = typefaces_used(book, styles_dir)
    return render("html/book.html.j2", meta=book.meta, chapters=chapters, **part,
                  stylesheets=sheets, version=__version__, cover_href=cover_href(book),
                  context_for=lambda chapter: chapter_context(chapter, "html",
                                                              images.relative_href),
                  typefaces=faces,
                  modified=book.meta.modified.strftime("%Y-%m-%dT%H:%M:%SZ"))


def copy_assets(book: Book, styles_dir: Path, outdir: Path) -> None:
    """Put stylesheets, fonts (with their licences), a cover image and the images beside the HTML;
    the generated stylesheets are written, the book's own copied with the files they use."""
    files = [(styles_dir / name, name) for name, _media in STYLESHEETS]
    sheets = style.book_sheets(book)
    files += [(styles_dir / sheet.name, sheet.name) for sheet in sheets
              if sheet.generated is None and sheet.source is None]
    files += [(path, style.own_name(book, path)) for path in style.own_files(book)]
    for sheet in sheets:
        if sheet.generated is not None and not (outdir / ASSETS_DIR / sheet.name).exists():
            write_text(outdir / ASSETS_DIR / sheet.name, sheet.generated)
    files += [(path, str(path.relative_to(styles_dir)))
              for path in sorted((styles_dir / FONTS_DIR).rglob("*")) if path.is_file()]
    if book.meta.cover_image:
        files.append((book.meta.cover_image, cover_href(book).removeprefix(f"{ASSETS_DIR}/")))
    for source, name in files:
        target = outdir / ASSETS_DIR / name
        if target.exists():
            continue
        with atomic_path(target) as tmp:
            shutil.copyfile(source, tmp)
    images.copy_images(book, outdir)


def write_html(book: Book, target: Path, styles_dir: Path, report: Report = SILENT) -> None:
    """Write build/book.html and its stylesheets (one step: nothing to `report`)."""
    copy_assets(book, styles_dir, target.parent)
    write_text(target, document(book, styles_dir))
