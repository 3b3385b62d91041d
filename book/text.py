"""Text helpers that every stage may use: they know strings, not files, outputs or stages."""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embedding (LRE, RLE), pop (PDF), override (LRO, RLO) and isolate (LRI, RLI, FSI, PDI)."""


def without_controls(text: str) -> str:
    """`text` without bidi embeddings, overrides and isolates (marks kept)."""
    return BIDI_CONTROLS.sub("", text)


MAX_SLUG = 40


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """'Sexuality & Mental Health!' → 'sexuality-mental-health' (ASCII, cut at a word)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug
