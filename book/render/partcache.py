"""The cache of the PDF's parts (render/parts.py), handouts and cover: keys and entries.

A key hashes a document and everything else that shapes its pages: the styles and fonts (the
book's own stylesheets and the files they use too), the page layout and PDF variant, the
tool's and WeasyPrint's versions, the book's folder. A part's entry is its page count and page
starts (JSON) beside its PDF(s); what a whole build did not use is removed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from book import __version__, caches
from book.model import Book
from book.outputs import write_text
from book.render import pdfoptions as pdf_options
from book.render import style


VERSION = 3
"""What an entry holds: 2 since WeasyPrint fetches by place (render/fetcher.py); a part of
version 1 named its images by the build's staging folder, and would be another PDF. 3 since
the parts are tagged as layout/pdfhooks.py corrects WeasyPrint's tags (artifacts, one element
per HTML element, glyphs named by their fonts)."""


def cache_key(book: Book, styles_dir: Path, text: str) -> str:
    """The cache key of a part, a handout or the cover: its document, and what shapes every
    page besides (`_environment`)."""
    return hashlib.sha256(f"{_environment(book, styles_dir)}\n{text}".encode()).hexdigest()[:32]


_ENVIRONMENT: dict[tuple, str] = {}
"""The last environment worked out, by what it depends on (values, not identities)."""
caches.register(_ENVIRONMENT.clear)  # the styles folder's files may change under watch


def _environment(book: Book, styles_dir: Path) -> str:
    """A hash of the styles and fonts, the page layout and PDF variant, and the versions; worked
    out once for what it depends on (the book's layout and folder, the styles folder)."""
    import weasyprint

    own = [(path, path.stat().st_size, path.stat().st_mtime_ns)
           for path in style.own_files(book, (*book.layout.css, *book.layout.epub_css))]
    depends = (book.layout, book.root, styles_dir, tuple(own))
    if depends not in _ENVIRONMENT:
        digest = hashlib.sha256(f"{VERSION}|{__version__}|{weasyprint.__version__}|{book.layout}|"
                                f"{pdf_options.write_options(book)}|{book.root}".encode())
        for path in sorted(styles_dir.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(styles_dir)).encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        for path, _size, _mtime in own:  # the book's own stylesheets and the files they use
            digest.update(str(path.relative_to(book.root)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        _ENVIRONMENT.clear()
        _ENVIRONMENT[depends] = digest.hexdigest()
    return _ENVIRONMENT[depends]


def load(cache: Path, part) -> None:
    """The part's page count and starts, when an earlier build kept them (else none)."""
    try:
        saved = json.loads((cache / f"{part.key}.json").read_text(encoding="utf-8"))
        part.pages, part.starts = int(saved["pages"]), [tuple(s) for s in saved["starts"]]
    except (OSError, ValueError, KeyError, TypeError):
        part.pages, part.starts = 0, []


def save(cache: Path, part) -> None:
    write_text(cache / f"{part.key}.json", json.dumps({"pages": part.pages,
                                                        "starts": part.starts}))


def prune(cache: Path, parts: list) -> None:
    """Keep what this build used; an older build's parts go."""
    keep = {f"{p.key}.json" for p in parts} | {p.pdf(cache).name for p in parts}
    for path in cache.iterdir():
        if path.name not in keep and not path.name.startswith("."):
            path.unlink(missing_ok=True)
