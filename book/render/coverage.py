"""Characters the bundled fonts cannot draw: named before the PDF is made.

WeasyPrint would draw them with whatever font the machine has (or a .notdef box), so the PDF
would depend on the machine: each such character is reported with the file and line it is on.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import cache
from pathlib import Path

from book.model import Book, Heading, ListBlock, Paragraph, plain_text
from book.render.typefaces import characters

LOGGER = logging.getLogger("book")
IGNORED = {"Cc", "Cf", "Zl", "Zp"}
"""Controls and format characters (soft hyphen, joiners, marks) are not drawn as glyphs."""
SHOWN = 5
"""At most this many different characters are named per line."""


@cache
def covered(styles_dir: Path) -> frozenset[int]:
    """Every code point some bundled font has a glyph for (kept in the build's cache)."""
    folders = sorted(p for p in (styles_dir / "fonts").iterdir() if p.is_dir())
    return frozenset().union(*(characters(folder) for folder in folders))


def missing(text: str, fonts: frozenset[int]) -> list[str]:
    """The distinct characters of `text` no bundled font can draw, in order of appearance."""
    return list(dict.fromkeys(ch for ch in text if ord(ch) not in fonts and not ch.isspace()
                              and unicodedata.category(ch) not in IGNORED))


def warn_missing(book: Book, styles_dir: Path) -> int:
    """Log one warning per line that holds undrawable characters; return how many lines."""
    fonts = covered(styles_dir)
    lines = 0
    for chapter in book.chapters:
        places = [(chapter.source, text) for text in (chapter.title, chapter.kicker, chapter.dek,
                                                       chapter.author) if text]
        places += [(block.source or chapter.source, plain_text(inlines))
                   for block in chapter.blocks for inlines in _inline_runs(block)]
        for source, text in places:
            chars = missing(text, fonts)
            if chars:
                lines += 1
                named = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in chars[:SHOWN])
                more = f" and {len(chars) - SHOWN} more" if len(chars) > SHOWN else ""
                LOGGER.warning("%s: the bundled fonts have no glyph for %s%s; the PDF will show "
                               "them in a font of this machine, or as boxes", source, named, more)
    return lines


def _inline_runs(block):
    if isinstance(block, (Paragraph, Heading)):
        yield block.inlines
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item:
                yield from _inline_runs(inner)
    elif hasattr(block, "blocks"):
        for inner in block.blocks:
            yield from _inline_runs(inner)
