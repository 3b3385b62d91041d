"""Text helpers that every stage may use: they know strings, not files, outputs or stages."""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embedding (LRE, RLE), pop (PDF), override (LRO, RLO) and isolate (LRI, RLI, FSI, PDI)."""


def without_controls(text: str) -> str:
    """`text` without bidi embeddings, overrides and isolates (marks kept)."""
    return BIDI_CONTROLS.sub("", text)


LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?"
                          r"(-[A-Za-z0-9]{5,8}|-\d[A-Za-z0-9]{3})*")
"""A BCP 47 language tag as the builder takes it (fullmatch): a language of 2 or 3 letters, then
a script, a region and variants if any: "en", "en-US", "sr-Latn-RS", "de-CH-1901"; never "en_US".
The one pattern: book.toml, the articles' front matter and lang attributes, the EPUB, the checks."""


def is_language_tag(value: str) -> bool:
    """Whether `value` is shaped like a BCP 47 tag (`LANGUAGE_TAG`)."""
    return LANGUAGE_TAG.fullmatch(value) is not None


MAX_SLUG = 40


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """'Sexuality & Mental Health!' → 'sexuality-mental-health' (ASCII, cut at a word)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug
