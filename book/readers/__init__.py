"""Readers: one module per input format, chosen by file extension.

Each reader is `read(path: Path, shown: str, root: Path | None = None) -> Chapter`, where
`shown` is the path to name in messages and `root` the book folder (images must stay inside
it; None means the article's own folder). The registry is data, so tests and flags can name it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from book.model import Chapter
from book.readers import html, markdown, plaintext

Reader = Callable[..., Chapter]

READERS: dict[str, Reader] = {
    ".txt": plaintext.read,
    ".text": plaintext.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
}
"""File extension (lower case, with the dot) -> reader."""


def reader_for(path: Path | str) -> Reader | None:
    """The reader for `path`'s extension (case-insensitive), or None when there is none."""
    return READERS.get(Path(path).suffix.lower())
