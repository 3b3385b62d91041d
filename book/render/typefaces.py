"""The typefaces bundled under styles/fonts/, named as their own files name them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_FILES = ("*.ttf", "*.otf")


@cache
def typefaces(styles_dir: Path) -> tuple[str, ...]:
    """Family names ("Charis SIL", "Lato"), one per bundled family, in folder order."""
    names: dict[str, None] = {}
    for folder in sorted(p for p in (styles_dir / "fonts").iterdir() if p.is_dir()):
        for pattern in FONT_FILES:
            for path in sorted(folder.glob(pattern)):
                table = TTFont(path, lazy=True)["name"]
                family = table.getDebugName(16) or table.getDebugName(1)  # typographic family first
                if family:
                    names.setdefault(family)
    return tuple(names)
