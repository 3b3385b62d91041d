"""Images an article refers to: local files inside the book folder, or nothing.

Used by the readers. A remote image is never fetched (offline, always); a reference that
leaves the book folder (`../..`, an absolute path, a `file:` URL, a link that escapes) is
refused. Either way the reader gets None, a warning names the article, and the alt text
stands in for the image.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from book.assets import svg
from book.assets.mediatypes import IMAGE_TYPES, RASTER_MAGIC
from book.model import Image

LOGGER = logging.getLogger("book")


STANDS_IN = "its alt text stands in"


def resolve_image(src: str, article: Path, root: Path, where: str, alt: str = "",
                  instead: str = STANDS_IN) -> Image | None:
    """The Image for `src` as written in `article`, or None (with a warning saying why).

    `where` names the place for messages ("chapters/a.md:12"); `instead` says what the reader
    does without the image.
    """
    src = (src or "").strip()
    parts = urlsplit(src)
    if not src:
        reason = "has no source"
    elif parts.scheme in ("http", "https", "ftp") or src.startswith("//"):
        reason = f"is remote and the build is offline; {instead}"
    elif parts.scheme == "data":
        reason = "is a data: URL; save the image as a file beside the article"
    elif parts.scheme or Path(unquote(parts.path)).is_absolute():
        reason = "is outside the book folder (an absolute path or URL)"
    else:
        return _local(unquote(parts.path), article, root, where, alt, instead)
    LOGGER.warning("%s: image '%s' %s", where, _short(src), reason)
    return None


def _local(relative: str, article: Path, root: Path, where: str, alt: str,
           instead: str) -> Image | None:
    candidate = article.parent / relative
    try:
        path = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        LOGGER.warning("%s: image '%s' not found. Hint: put it beside the article, in the book "
                       "folder", where, relative)
        return None
    if not path.is_relative_to(root.resolve()):
        LOGGER.warning("%s: image '%s' is outside the book folder; refused", where, relative)
        return None
    if path.suffix.lower() not in IMAGE_TYPES:
        LOGGER.warning("%s: '%s' is not an image file this builder embeds (%s)", where, relative,
                       ", ".join(IMAGE_TYPES))
        return None
    if not path.is_file():  # a folder, a FIFO or a device: never opened
        LOGGER.warning("%s: image '%s' is not a regular file (a folder, pipe or device); refused, "
                       "%s", where, relative, instead)
        return None
    return Image(path=path, alt=alt) if _safe_content(path, relative, where, instead) else None


def _safe_content(path: Path, relative: str, where: str, instead: str) -> bool:
    """A raster file must hold a raster image; an SVG is cleaned (see svg.py), and what that
    removes is named here, where the article is known."""
    if path.suffix.lower() != ".svg":
        with path.open("rb") as file:
            head = file.read(12)
        if head.startswith(RASTER_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
            return True
        LOGGER.warning("%s: image '%s' does not hold a %s image (its content does not match its "
                       "name); refused, %s", where, relative,
                       path.suffix.lower().lstrip(".").upper(), instead)
        return False
    try:
        removed = svg.clean(path.read_bytes())[1]
    except svg.UnsafeSVG as exc:
        LOGGER.warning("%s: SVG image '%s' %s; refused, %s", where, relative, exc, instead)
        return False
    if removed:
        LOGGER.warning("%s: SVG image '%s': removed %s (active or external content); the drawing "
                       "is kept without them", where, relative, ", ".join(removed))
    return True


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
