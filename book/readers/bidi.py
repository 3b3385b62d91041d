"""Invisible characters in an article: what is kept, what is removed, and why.

Bidirectional controls in metadata are removed, with a warning. The embeddings, overrides and
isolates U+202A-U+202E and U+2066-U+2069 in a chapter's title, kicker, standfirst or author
(and in a title derived from the text) go: those short lines are repeated out of their context
(Contents, running heads, the EPUB's nav, the PDF outline and metadata, Sources), where an
override could make a line show something other than what it holds (U+202E then "gnp.exe"
shows as "exe.png") or reorder the page number set beside it. The marks LRM, RLM and ALM (U+200E,
U+200F, U+061C) stay: they set a direction without reordering anything.

Everything else is kept on purpose, and never crashes a build:

- body text keeps its bidi controls, balanced or not: each paragraph, heading, list item and
  cell is a paragraph of its own for the Unicode bidi algorithm in every output (HTML, EPUB,
  PDF), so an override ends with its block and cannot reach the next; and the builder never
  changes the words of the text it keeps;
- zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner), combining marks and emoji are text:
  joiners build emoji sequences and Persian or Indic words, combining marks spell letters.
  A character the bundled fonts lack is reported by render/coverage.py.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from book.model import Chapter
from book.text import BIDI_CONTROLS, without_controls

LOGGER = logging.getLogger("book")
FIELDS = ("title", "kicker", "dek", "author")
"""The chapter metadata repeated out of context (Contents, running heads, nav, Sources)."""


def clean_metadata(chapter: Chapter, shown: str) -> Chapter:
    """The chapter with no bidi control in its metadata; a warning names each field cleaned."""
    changes = {name: without_controls(value) for name in FIELDS
               if (value := getattr(chapter, name)) and BIDI_CONTROLS.search(value)}
    if not changes:
        return chapter
    LOGGER.warning("%s: removed bidirectional control characters (U+202A-202E, U+2066-2069) from "
                   "its %s: they could make the Contents and running heads show other words; the "
                   "body text keeps them", shown, ", ".join(changes))
    return replace(chapter, **changes)
