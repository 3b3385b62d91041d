"""The typefaces bundled under styles/fonts/, named as their own files name them.

styles/fonts/roles.toml says which folder serves what, so that the copyright page names the
faces a book really uses: the text faces always, the code face when there is code, a script's
face when the book has characters only it can draw.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from book.model import Book, Code, CodeBlock, walk
from book.render.templates import plain_text

FONT_FILES = ("*.ttf", "*.otf")


@cache
def family(folder: Path) -> str | None:
    """The family name of the fonts in one folder ("Charis SIL")."""
    for pattern in FONT_FILES:
        for path in sorted(folder.glob(pattern)):
            table = TTFont(path, lazy=True)["name"]
            return table.getDebugName(16) or table.getDebugName(1)
    return None


@cache
def _cmap(folder: Path) -> frozenset[int]:
    points: set[int] = set()
    for pattern in FONT_FILES:
        for path in sorted(folder.glob(pattern)):
            points.update(TTFont(path, lazy=True).getBestCmap())
    return frozenset(points)


@cache
def typefaces(styles_dir: Path) -> tuple[str, ...]:
    """Every bundled family, in folder order."""
    folders = sorted(p for p in (styles_dir / "fonts").iterdir() if p.is_dir())
    return tuple(name for name in dict.fromkeys(family(f) for f in folders) if name)


_USED: dict[tuple[int, Path], tuple] = {}


def typefaces_used(book: Book, styles_dir: Path) -> tuple[str, ...]:
    """The families a book uses, text faces first (see roles.toml); worked out once per book."""
    known = _USED.get((id(book.meta), styles_dir))  # the EPUB's copy of the book (with page
    if known and known[0] is book.meta:           # markers) has the same meta and text
        return known[1]
    _USED.clear()
    _USED[(id(book.meta), styles_dir)] = (book.meta, _typefaces_used(book, styles_dir))
    return _USED[(id(book.meta), styles_dir)][1]


def _typefaces_used(book: Book, styles_dir: Path) -> tuple[str, ...]:
    fonts = styles_dir / "fonts"
    roles = tomllib.loads((fonts / "roles.toml").read_text(encoding="utf-8"))
    used = list(roles.get("text", []))
    if any(isinstance(node, (CodeBlock, Code)) for chapter in book.chapters
           for block in (*chapter.blocks, *chapter.notes) for node in walk(block)):
        used += roles.get("code", [])
    text = {ord(ch) for ch in _all_text(book)}
    main = set().union(*(_cmap(fonts / name) for name in roles.get("text", [])))
    for name in roles.get("scripts", []):
        if (text - main) & _cmap(fonts / name):
            used.append(name)
    return tuple(name for name in dict.fromkeys(family(fonts / f) for f in used) if name)


def _all_text(book: Book) -> str:
    parts = [book.meta.title, book.meta.subtitle or ""]
    for chapter in book.chapters:
        parts += [chapter.title or "", chapter.kicker or "", chapter.dek or "", chapter.author or ""]
        parts += [plain_text(block.inlines) for block in chapter.blocks if hasattr(block, "inlines")]
    return "\n".join(parts)

