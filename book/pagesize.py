"""The book's page sizes (`[pdf] trim`): named trims and any `WxHmm` / `WxHin`, with the
page's margins and base font size scaled from the A5 design of styles/print.css.

Pure arithmetic, imported by config.py (validation) and the renderers (the @page stylesheet,
templates/css/page.css.j2); it imports nothing heavy.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MM_PER_IN = 25.4

NAMED = {
    # name: (width, height, unit)
    "a5": (148.0, 210.0, "mm"),
    "6x9": (6.0, 9.0, "in"),        # US trade paperback
    "a4": (210.0, 297.0, "mm"),
    "letter": (8.5, 11.0, "in"),    # US Letter
    "5.5x8.5": (5.5, 8.5, "in"),    # US digest, half-letter
}
"""The trims known by name; a5 is the design print.css sets up (and the default)."""

WIDTH = (90.0, 300.0)
HEIGHT = (120.0, 430.0)
RATIO = (1.0, 1.8)
"""Sensible bounds, in mm and height/width: from a small pocket book to A3, portrait or square."""

ALLOWED = ", ".join(NAMED) + ' or a size like "150x230mm" or "6.14x9.21in"'
"""What `[pdf] trim` takes, as said in messages."""

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(mm|in)\s*$", re.IGNORECASE)

DESIGNED = "a5"
"""The trim styles/print.css sets up: any other gets a generated page.css (render/style.py)."""
_A5 = NAMED[DESIGNED]
_A5_MARGINS = (17.0, 14.0, 19.0, 18.0)
"""print.css: top, outside, bottom, inside, in mm on A5."""
_A5_FONT = 10.0
"""print.css: the body text on A5, in points."""
_SIX_BY_NINE = ((0.75 * MM_PER_IN, 0.6 * MM_PER_IN, 0.8 * MM_PER_IN, 0.8 * MM_PER_IN), 10.5)
"""The 6x9 design the book has always had (it was styles/trim-6x9.css)."""


@dataclass(frozen=True)
class PageSize:
    """A trim: the page, its margins (mirrored: inside is the spine side) and base font size."""

    name: str
    """As normalised: "a5", "letter", "150x230mm"."""
    size: str
    """The CSS page size, in the unit it was given in: "8.5in 11in"."""
    width: float
    """In mm."""
    height: float
    top: float
    outside: float
    bottom: float
    inside: float
    font_size: float
    """The body text, in points."""

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom


def parse(value: str) -> tuple[str, float, float]:
    """(normalised name, width mm, height mm) of a trim; ValueError saying what is wrong."""
    name, width, height, unit = _given(value)
    scale = MM_PER_IN if unit == "in" else 1.0
    if name in NAMED:
        return name, width * scale, height * scale
    width_mm, height_mm = width * scale, height * scale
    if not (WIDTH[0] <= width_mm <= WIDTH[1] and HEIGHT[0] <= height_mm <= HEIGHT[1]
            and RATIO[0] <= height_mm / width_mm <= RATIO[1]):
        raise ValueError(
            f"is {width_mm:.0f} x {height_mm:.0f} mm, not a book page: the width must be "
            f"{WIDTH[0]:.0f} to {WIDTH[1]:.0f} mm, the height {HEIGHT[0]:.0f} to "
            f"{HEIGHT[1]:.0f} mm, and the height {RATIO[0]:g} to {RATIO[1]:g} times the width")
    return name, width_mm, height_mm


def _given(value: str) -> tuple[str, float, float, str]:
    """(normalised name, width, height, unit) as written."""
    name = value.strip().lower()
    if name in NAMED:
        return (name, *NAMED[name])
    found = _SIZE.match(name.replace(" ", ""))
    if not found:
        raise ValueError(f"must be {ALLOWED}")
    width, height, unit = float(found.group(1)), float(found.group(2)), found.group(3).lower()
    return f"{_number(width)}x{_number(height)}{unit}", width, height, unit


def page_size(trim: str) -> PageSize:
    """The page, margins and font size of a (valid) trim. Margins scale with the page, across
    and down; the type grows with the square root of the width, so that a larger page gets a
    larger size and a line of a comfortable length (about 66 characters on A5, 78 on A4)."""
    name, width, height = parse(trim)
    if name == "6x9":
        margins, font = _SIX_BY_NINE
    else:
        across, down = width / _A5[0], height / _A5[1]
        top, outside, bottom, inside = _A5_MARGINS
        margins = (top * down, outside * across, bottom * down, inside * across)
        font = round(_A5_FONT * math.sqrt(across) * 4) / 4  # in quarter points
    _name, given_width, given_height, unit = _given(trim)
    size = f"{_number(given_width)}{unit} {_number(given_height)}{unit}"
    return PageSize(name, size, width, height, *(round(m, 1) for m in margins), font)


def _number(value: float) -> str:
    return f"{value:g}"
