"""The defaults of book.toml's options and the command line's, each written once.

config.py's schema (`BookConfig`) takes its defaults from here, and so do the model's `BookMeta`
and `Layout`, the command line's help and the renderers: the model may import nothing of the
builder (config.py reads files and raises errors), so the values sit in this leaf module, which
imports nothing. A new option's default goes here, its check in config.py.
"""

from __future__ import annotations

LANGUAGE = "en"
"""[book] language: a BCP 47 tag (book/text.py's `LANGUAGE_TAG`)."""

TRIM = "a5"
"""[pdf] trim: the book PDF's page size (book/pagesize.py's names, or "WxHmm"/"WxHin"); the
trim styles/print.css is designed for (pagesize.DESIGNED), so the default links no page.css."""

CLASSIC = "classic"
"""The theme that is styles/*.css alone (render/style.py links no theme sheet for it)."""
THEMES = (CLASSIC, "modern", "large-print")
"""[style] theme: the bundled designs; another than classic adds styles/themes/NAME.css (and
NAME-print.css for the book's pages)."""
THEME = CLASSIC

PAPERS = ("a4", "letter")
"""[handouts] paper, or --paper: the handouts' paper (styles/handout-*.css)."""
PAPER = PAPERS[0]

BOOKLET = False
"""[handouts] booklet, or --booklet: also impose each handout as a folded booklet."""

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")
"""--pdf-variant: PDF/UA-1 (tagged, for screen readers) or PDF/A-3b (archiving, tagged too)."""
PDF_VARIANT = PDF_VARIANTS[0]
