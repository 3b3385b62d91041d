"""The HTML intermediate: one standalone document, its stylesheets linked relatively.

`build/book.html` is what the PDF is rendered from: `weasyprint build/book.html x.pdf` gives
the builder's PDF. Its stylesheets are copied next to it, into `build/styles/` (the pipeline
writes into a staging folder, so each build copies them afresh).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from book import __version__
from book.model import Book
from book.outputs import atomic_path, write_text
from book.render.templates import render

STYLESHEETS = (
    # (file in styles/, media): base typography everywhere, then screen or print (@page)
    ("base.css", None),
    ("screen.css", "screen"),
    ("print.css", "print"),
)
ASSETS_DIR = "styles"


def document(book: Book) -> str:
    """The book as one HTML document (text escaped by the templates)."""
    sheets = [{"href": f"{ASSETS_DIR}/{name}", "media": media} for name, media in STYLESHEETS]
    return render("html/book.html.j2", meta=book.meta, chapters=book.chapters,
                  stylesheets=sheets, version=__version__,
                  modified=book.meta.modified.strftime("%Y-%m-%dT%H:%M:%SZ"))


def copy_assets(styles_dir: Path, outdir: Path) -> None:
    """Put the stylesheets beside the HTML (`styles/`), where it and the PDF renderer find them."""
    for name, _media in STYLESHEETS:
        source, target = styles_dir / name, outdir / ASSETS_DIR / name
        if target.exists():
            continue
        with atomic_path(target) as tmp:
            shutil.copyfile(source, tmp)


def write_html(book: Book, target: Path, styles_dir: Path) -> None:
    """Write build/book.html and its stylesheets."""
    copy_assets(styles_dir, target.parent)
    write_text(target, document(book))
