"""The one place WeasyPrint's layout is touched: everything of the builder that reaches past
WeasyPrint's public API (`weasyprint.HTML`, `CSS`, `Document`, `Page`) is here, and nothing
outside this package imports a WeasyPrint submodule (import-linter's "weasyprint-internals"
contract in pyproject.toml; tests/test_architecture.py).

- `pagehook.py`: the folios of a part laid out before its first page number is known
  (`weasyprint.layout.make_margin_boxes`, patched for one render, `context.page_maker`);
- `pagination.py`: where each page begins, read from the laid-out boxes (`page._page_box`,
  `TextBox`), and marked in the model for the EPUB's page list;
- `pdfhooks.py`: the tagged PDF corrected for PDF/UA-1 (`weasyprint.pdf.tags`, `pdf.stream`,
  `draw.text`, Pango's glyphs), with its pure helpers `tagtree.py`, `tableheads.py` and
  `glyphtext.py`;
- `seams.py`: WeasyPrint classes the renderers build on (the URL fetcher's bases, the font
  configuration a part's HTML and CSS share).

This code was written against the WeasyPrint versions in `SUPPORTED` (pyproject.toml pins one):
importing the package refuses any other with a clear error, rather than print wrong folios or
write a wrong PDF (tests/test_layout.py names them).
"""

from __future__ import annotations

import weasyprint

SUPPORTED = ("70.0",)
"""The WeasyPrint releases this package was written and tested against."""


def check_version() -> None:
    """Refuse a WeasyPrint this package was not written for."""
    if weasyprint.__version__ not in SUPPORTED:
        raise RuntimeError(
            f"book/layout/ was written for WeasyPrint {', '.join(SUPPORTED)}, not "
            f"{weasyprint.__version__}: check pagehook.py against weasyprint.layout's "
            "layout_document, pdfhooks.py against weasyprint/pdf/tags.py and pagination.py "
            "against its boxes, then add the version to book.layout.SUPPORTED")


check_version()
