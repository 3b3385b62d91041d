"""book.toml's page and style keys checked ([pdf] trim, [style] css, epub_css, accent and
font_size): each a value the outputs can use, or a problem naming the key, its line and what
is allowed (book/configcheck.py collects them; book/config.py is the schema)."""

from __future__ import annotations

import re
from pathlib import Path

from book import pagesize
from book.configcheck import Checker

FONT_SIZES = (7.0, 24.0)
"""The body text's sizes allowed, in points."""


def trim(check: Checker, pdf: dict) -> str | None:
    """A named trim or a size in mm or inches, within sensible bounds (book/pagesize.py)."""
    value = check.text("pdf", pdf, "trim")
    if value is None:
        return None
    try:
        return pagesize.parse(value)[0]
    except ValueError as exc:
        check.problem("pdf", "trim", f"'trim' {exc}, got {value!r}")
        return None


def stylesheets(check: Checker, root: Path, style: dict, key: str) -> tuple[Path, ...]:
    """CSS files inside the book folder, in the order given (one name, or a list)."""
    value = style.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        check.problem("style", key, f"'{key}' must be a list of CSS files in the book folder, "
                      f'such as ["styles/house.css"], got {value!r}')
        return ()
    found = []
    for name in value:
        path = (root / name.strip()).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            check.problem("style", key, f"'{key}' must name CSS files inside the book folder; "
                          f"'{name}' was not found there")
        elif path.suffix.lower() != ".css":
            check.problem("style", key, f"'{key}' must name CSS files (.css), got '{name}'")
        elif path in found:
            check.problem("style", key, f"'{name}' is listed twice in '{key}'")
        else:
            found.append(path)
    return tuple(found)


def accent(check: Checker, style: dict) -> str | None:
    """A CSS colour, opaque (#rgb, #rrggbb, rgb(), hsl() or a name), as #rrggbb."""
    import tinycss2.color3

    value = style.get("accent")
    if value is None:
        return None
    colour = tinycss2.color3.parse_color(value.strip()) if isinstance(value, str) else None
    if colour is None or not hasattr(colour, "alpha") or colour.alpha != 1:
        check.problem("style", "accent", "'accent' must be an opaque CSS colour such as "
                      f"\"#8a2c1f\", \"rgb(138, 44, 31)\" or \"darkred\", got {value!r}")
        return None
    return "#" + "".join(f"{round(part * 255):02x}" for part in colour[:3])


def font_size(check: Checker, style: dict) -> float | None:
    """The body text's size in points: a number, or a string in pt ("10.5pt")."""
    value = style.get("font_size")
    if value is None:
        return None
    number = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(pt)?\s*", value, re.IGNORECASE)
        number = float(found.group(1)) if found else None
    low, high = FONT_SIZES
    if number is None or not low <= number <= high:
        check.problem("style", "font_size", f"'font_size' must be a size in points from {low:g} "
                      f"to {high:g}, such as 11 or \"10.5pt\", got {value!r}")
        return None
    return number
