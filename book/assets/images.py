"""The images of a book: found in the model, named once, copied or packed by each output."""

from __future__ import annotations

import hashlib
from pathlib import Path

from book import caches
from book.assets import svg
from book.model import Book, Chapter, Image, walk
from book.outputs import atomic_path
from book.text import slugify

FOLDER = "images"


@caches.memo
def asset_name(path: Path) -> str:
    """A stable, unique file name: 'photo-1a2b3c4d5e.jpg' (the content's hash tells apart
    two files of one name, and makes one file used twice one asset)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return f"{slugify(path.stem, 30) or 'image'}-{digest}{path.suffix.lower()}"


def image_bytes(path: Path) -> bytes:
    """What every output holds for the image at `path`: the file's bytes, or for an SVG its
    cleaned copy (no DOCTYPE, script, handler or external reference; see svg.py)."""
    return svg.clean_file(path) if path.suffix.lower() == ".svg" else path.read_bytes()


def book_images(book: Book) -> list[Path]:
    """Every image file the chapters show, once each, in reading order."""
    return list(dict.fromkeys(path for chapter in book.chapters
                              for path in chapter_images(chapter)))


def chapter_images(chapter: Chapter) -> list[Path]:
    """Every image file a chapter shows (its notes included), once each, in reading order."""
    return list(dict.fromkeys(node.path for block in (*chapter.blocks, *chapter.notes)
                              for node in walk(block) if isinstance(node, Image)))


def relative_href(image: Image) -> str:
    """How book.html and the EPUB's documents refer to an image: images/<asset name>."""
    return f"{FOLDER}/{asset_name(image.path)}"


def copy_images(book: Book, outdir: Path) -> None:
    """Copy every image beside book.html, under images/."""
    for path in book_images(book):
        target = outdir / FOLDER / asset_name(path)
        if not target.exists():
            with atomic_path(target) as tmp:
                tmp.write_bytes(image_bytes(path))
