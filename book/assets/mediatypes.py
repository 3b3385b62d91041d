"""The image files a book may hold: their extensions, media types and first bytes."""

from __future__ import annotations

from pathlib import Path

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
"""File types an image may have, and their media types (for the EPUB manifest)."""
RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
"""How PNG, JPEG and GIF files begin (WebP: RIFF....WEBP). A raster name on anything else (an
SVG, an HTML page) is refused: WeasyPrint would draw an SVG it finds under any name."""


def media_type(path: Path) -> str:
    """The media type of the image file at `path`, by its extension."""
    return IMAGE_TYPES[path.suffix.lower()]
