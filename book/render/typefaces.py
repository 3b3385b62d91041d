"""The typefaces bundled under styles/fonts/, named as their own files name them.

styles/fonts/roles.toml says which folder serves what (styles/themes/roles.toml, where a theme
sets its text in other faces), so that the copyright page names the faces a book really uses:
the text faces always, the code face when there is code, a script's face when the book has
characters only it can draw.
"""

from __future__ import annotations

import contextlib
import json
import tomllib
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from book.model import Book, Code, CodeBlock, plain_text, walk
from book.outputs import write_text

FONT_FILES = ("*.ttf", "*.otf")
KEPT = "typefaces.json"
"""The fonts' character sets, kept in the build's cache (reading them takes 0.2 s)."""
_KEEP: list[Path] = []


@cache
def family(folder: Path) -> str | None:
    """The family name of the fonts in one folder ("Charis SIL")."""
    for pattern in FONT_FILES:
        for path in sorted(folder.glob(pattern)):
            table = TTFont(path, lazy=True)["name"]
            return table.getDebugName(16) or table.getDebugName(1)
    return None


def keep_in(cache: Path) -> None:
    """Keep the fonts' character sets in the build's cache folder from now on."""
    _KEEP[:] = [cache / KEPT]
    _kept.cache_clear()


@cache
def characters(folder: Path) -> frozenset[int]:
    """The characters the fonts in `folder` draw. A font's set is kept (as ranges, JSON) under
    its file's size and modification time, and read again when either changes."""
    kept = _kept()
    points: set[int] = set()
    changed = False
    for pattern in FONT_FILES:
        for path in sorted(folder.glob(pattern)):
            info = path.stat()
            name, stamp = str(path), [info.st_size, info.st_mtime_ns]
            entry = kept.get(name)
            if not (isinstance(entry, dict) and entry.get("stamp") == stamp
                    and _valid(entry.get("ranges"))):
                entry = kept[name] = {"stamp": stamp, "ranges": _ranges(
                    TTFont(path, lazy=True).getBestCmap())}
                changed = True
            for first, last in entry["ranges"]:
                points.update(range(first, last + 1))
    if changed and _KEEP:
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            write_text(_KEEP[0], json.dumps(kept, sort_keys=True))
    return frozenset(points)


@cache
def _kept() -> dict:
    try:
        kept = json.loads(_KEEP[0].read_text(encoding="utf-8")) if _KEEP else {}
    except (OSError, ValueError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _valid(ranges) -> bool:
    """Ranges as written by `_ranges` (a damaged or planted entry is read from the font)."""
    return isinstance(ranges, list) and all(
        isinstance(r, list) and len(r) == 2 and all(type(n) is int for n in r)
        and 0 <= r[0] <= r[1] <= 0x10FFFF for r in ranges)


def _ranges(points) -> list[list[int]]:
    out: list[list[int]] = []
    for point in sorted(points):
        if out and point == out[-1][1] + 1:
            out[-1][1] = point
        else:
            out.append([point, point])
    return out


@cache
def typefaces(styles_dir: Path) -> tuple[str, ...]:
    """Every bundled family, in folder order."""
    folders = sorted(p for p in (styles_dir / "fonts").iterdir() if p.is_dir())
    return tuple(name for name in dict.fromkeys(family(f) for f in folders) if name)


def typefaces_used(book: Book, styles_dir: Path) -> tuple[str, ...]:
    """The families a book uses, text faces first (see roles.toml). Not remembered: a caller
    that needs them twice keeps them (render/parts.py, for the PDF's two front matters)."""
    fonts = styles_dir / "fonts"
    roles = tomllib.loads((fonts / "roles.toml").read_text(encoding="utf-8"))
    themed = styles_dir / "themes" / "roles.toml"  # a theme's own text faces, if it has any
    if themed.is_file():
        roles |= tomllib.loads(themed.read_text(encoding="utf-8")).get(book.layout.theme, {})
    used = list(roles.get("text", []))
    if any(isinstance(node, (CodeBlock, Code)) for chapter in book.chapters
           for block in (*chapter.blocks, *chapter.notes) for node in walk(block)):
        used += roles.get("code", [])
    text = {ord(ch) for ch in _all_text(book)}
    main = set().union(*(characters(fonts / name) for name in roles.get("text", [])))
    for name in roles.get("scripts", []):
        if (text - main) & characters(fonts / name):
            used.append(name)
    return tuple(name for name in dict.fromkeys(family(fonts / f) for f in used) if name)


def _all_text(book: Book) -> str:
    parts = [book.meta.title, book.meta.subtitle or ""]
    for chapter in book.chapters:
        parts += [chapter.title or "", chapter.kicker or "", chapter.dek or "",
                  chapter.author or ""]
        parts += [plain_text(block.inlines) for block in chapter.blocks
                  if hasattr(block, "inlines")]
    return "\n".join(parts)

