"""Where the tool's own files are: its stylesheets and fonts.

The repository keeps them in `styles/` at its top (the design card); the wheel carries the
same folder as `book/styles/` (pyproject.toml maps it at build time, so there is one copy of
each file). An installed `book` finds them inside the package; a checkout, or an editable
install, finds them beside the package. This module imports nothing heavy: the no-op check
(book/stamp.py) uses it before WeasyPrint is imported.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
"""The book/ package, templates included."""


def _styles() -> Path:
    for folder in (PACKAGE / "styles", PACKAGE.parent / "styles"):
        if (folder / "fonts.css").is_file():
            return folder
    raise RuntimeError(f"the stylesheets of book are missing from {PACKAGE / 'styles'}; "
                       "reinstall the package (pip install --force-reinstall book)")


STYLES = _styles()
"""The stylesheets (base.css, print.css, epub.css...) and fonts/ with their licences."""
