"""What the lines of a page's head are, word by word: bylines and dates (marker lines), menus
whose separators the paste lost, score lines, and the words that say what a line is about.
`headline.py` scores headlines with them; `page.py`, `pasted.py` and `shortlines.py` use them
too.
"""

from __future__ import annotations

import re

from book.readers.lineshape import MENU, Shape
from book.readers.pastepatterns import (
    DATE_OR_TIME, GLUED_MIN_ITEMS, HEADLINE_MAX_WORDS, MARKER_MAX_WORDS, MENU_ITEM_WORDS,
)
from book.readers.patterns import BYLINE_PREFIX, SEPARATORS
from book.readers.scraped import parse_byline, parse_date, parse_marker

WORD = re.compile(r"\w+")
UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
"""Kana, ideographs and Hangul syllables."""


def is_marker(line: str, words: int) -> bool:
    """A byline or a date line: "By Jane Doe | March 3, 2025", "Updated 2 hours ago"."""
    if BYLINE_PREFIX.match(line) and parse_byline(" ".join(line.split()[:3])) is not None:
        return words <= HEADLINE_MAX_WORDS
    if words > MARKER_MAX_WORDS:
        return False
    if DATE_OR_TIME.search(line) or parse_marker(line) is not None:
        return True
    return any(parse_byline(part) or parse_date(part) for part in SEPARATORS.split(line) if part)


def menu_items(lines: list[str], shapes: list[Shape]) -> frozenset[str]:
    """The page's menu items: its lines of `MENU_ITEM_WORDS` words or fewer shaped as menus."""
    return frozenset(line.strip() for line, shape in zip(lines, shapes)
                     if shape.kind == MENU and shape.words <= MENU_ITEM_WORDS)


def is_glued_menu(line: str, menu: frozenset[str]) -> bool:
    """A breadcrumb or a menu whose separators the paste lost ("Home Culture Theatre Reviews"):
    `GLUED_MIN_ITEMS` or more of the page's menu items end to end, save a first word (the
    breadcrumb's root, often an icon) that need not be one."""
    words = line.split()
    if line.strip() in menu or len(words) < GLUED_MIN_ITEMS:
        return False
    return any(_items(words[start:], menu) >= GLUED_MIN_ITEMS - start for start in (0, 1))


def _items(words: list[str], menu: frozenset[str]) -> int:
    """The most menu items `words` splits into end to end, or 0 when it does not split."""
    most = [0] + [-1] * len(words)
    for j in range(1, len(words) + 1):
        for i in range(max(0, j - MENU_ITEM_WORDS), j):
            if most[i] >= 0 and " ".join(words[i:j]) in menu:
                most[j] = max(most[j], most[i] + 1)
    return max(most[-1], 0)


def mostly_numbers(line: str) -> bool:
    """More numbers than words: a table's row or a score line ("Palm Bay 18 22 13 17 — 70")."""
    tokens = WORD.findall(line)
    return 2 * sum(token.isdigit() for token in tokens) > len(tokens)


def content_words(line: str) -> set[str]:
    """The words that say what a line is about: four letters or more, or not Latin; in the
    scripts that write words without spaces or glue their particles to them (Chinese,
    Japanese, Korean), each two letters in a row."""
    found = set()
    for w in WORD.findall(line.lower()):
        if w.isascii():
            if len(w) >= 4:
                found.add(w)
        elif UNSPACED.search(w):
            found.update(w[k:k + 2] for k in range(len(w) - 1) if UNSPACED.match(w, k)
                         and UNSPACED.match(w, k + 1))
        else:
            found.add(w)
    return found
