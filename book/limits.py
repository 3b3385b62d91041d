"""What a build takes in and what it may spend: article size, line length, render time, memory.

Articles come from the open web; a saved page can hide a 200 MB data blob or a single line of
millions of characters. Every limit is generous for real articles, named in the message that
enforces it, and can be changed in book.toml:

    [limits]
    article_mb = 10          # an article file larger than this is refused
    line_chars = 100000      # a line (.txt, .md) or a paragraph longer than this is refused
    render_seconds = 0       # 0: automatic, 120 s + 20 s per chapter
    memory_mb = 4096         # address space of each rendering process

Rendering (WeasyPrint) runs in a child process held to `render_seconds` and `memory_mb`
(book/sandbox.py); an overrun stops it and names the chapter that does not fit the budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from book.errors import InputError
from book.model import Chapter, Heading, Paragraph, walk

KEYS = ("article_mb", "line_chars", "render_seconds", "memory_mb")
LINE_FORMATS = (".txt", ".text", ".md", ".markdown")
"""Formats whose lines are paragraphs (a saved web page may well be one long line)."""


@dataclass(frozen=True)
class Limits:
    article_mb: float = 10
    line_chars: int = 100_000
    render_seconds: float = 0
    """0: automatic (see `seconds_for`)."""
    memory_mb: int = 4096

    def seconds_for(self, chapters: int) -> float:
        """The render budget of a book of `chapters` chapters."""
        return self.render_seconds or 120 + 20 * chapters


def from_table(check, data: dict) -> Limits:
    """[limits] from book.toml (`check`: configcheck.Checker), every value a positive number."""
    table = check.table(data, "limits", KEYS)
    values = {}
    for key in KEYS:
        value = table.get(key)
        if value is None:
            continue
        whole = key in ("line_chars", "memory_mb")
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or value < 0 or (
                value == 0 and key != "render_seconds"):
            kind = "a whole number" if whole else "a number"
            check.problem("limits", key, f"'{key}' must be {kind} above 0, got {value!r}")
            continue
        values[key] = value
    return Limits(**values)


def _hint(key: str, value) -> str:
    return f"if the article is right, raise the limit in book.toml: [limits] {key} = {value}"


def check_file(path: Path, shown: str, limits: Limits) -> None:
    """Refuse an article file that is too large, or (for line-based formats) has a line far
    longer than any real paragraph. Reads the bytes only when the size is within the limit."""
    size = path.stat().st_size
    if size > limits.article_mb * 2**20:
        raise InputError(f"is {size / 2**20:,.1f} MB, over the limit of {limits.article_mb:g} MB "
                         "for one article", source=shown,
                         hint=_hint("article_mb", int(size / 2**20) + 1))
    if path.suffix.lower() not in LINE_FORMATS:
        return
    data = path.read_bytes()
    for number, line in enumerate(data.split(b"\n"), 1):
        if len(line) > limits.line_chars and len(line.decode("utf-8", "replace")) > \
                limits.line_chars:
            raise InputError(
                f"line {number} has {len(line):,} characters, over the limit of "
                f"{limits.line_chars:,} (no real paragraph is this long: is it pasted data?)",
                source=f"{shown}:{number}", hint=_hint("line_chars", len(line)))


def check_chapter(chapter: Chapter, shown: str, limits: Limits) -> None:
    """Refuse a chapter with a paragraph or heading longer than `line_chars` (a saved page
    whose text is one huge block)."""
    for block in chapter.blocks:
        for node in walk(block):
            if not isinstance(node, (Paragraph, Heading)):
                continue
            length = sum(len(getattr(inline, "text", "") or "") for inline in walk(node))
            if length > limits.line_chars:
                line = getattr(node, "line", None)
                raise InputError(
                    f"a paragraph of {length:,} characters is over the limit of "
                    f"{limits.line_chars:,} (no real paragraph is this long: is it pasted "
                    "data?)", source=f"{shown}:{line}" if line else shown,
                    hint=_hint("line_chars", length))
