"""Images an article refers to: local files inside the book folder, or nothing.

Shared by the readers. A remote image is never fetched (offline, always); a reference that
leaves the book folder (`../..`, an absolute path, a `file:` URL, a link that escapes) is
refused. Either way the reader gets None, a warning names the article, and the alt text
stands in for the image.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from book.model import Image

LOGGER = logging.getLogger("book")
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
"""File types an image may have, and their media types (for the EPUB manifest)."""


def resolve_image(src: str, article: Path, root: Path, where: str, alt: str = "") -> Image | None:
    """The Image for `src` as written in `article`, or None (with a warning saying why).

    `where` names the place for messages ("chapters/a.md:12").
    """
    src = (src or "").strip()
    parts = urlsplit(src)
    if not src:
        reason = "has no source"
    elif parts.scheme in ("http", "https", "ftp") or src.startswith("//"):
        reason = "is remote and the build is offline; its alt text stands in"
    elif parts.scheme == "data":
        reason = "is a data: URL; save the image as a file beside the article"
    elif parts.scheme or Path(unquote(parts.path)).is_absolute():
        reason = "is outside the book folder (an absolute path or URL)"
    else:
        return _local(unquote(parts.path), article, root, where, alt)
    LOGGER.warning("%s: image '%s' %s", where, _short(src), reason)
    return None


def _local(relative: str, article: Path, root: Path, where: str, alt: str) -> Image | None:
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
    if not path.is_file() or path.suffix.lower() not in IMAGE_TYPES:
        LOGGER.warning("%s: '%s' is not an image file this builder embeds (%s)", where, relative,
                       ", ".join(IMAGE_TYPES))
        return None
    return Image(path=path, alt=alt)


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
