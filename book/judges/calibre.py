"""calibre's `ebook-convert` (Debian's `calibre`): the EPUB converted to AZW3 (Kindle) and to
plain text, as a reader who sends the book to a Kindle or converts it would.

Both conversions must succeed, and the text must hold nothing the book marks `hidden` (the
page list and the landmarks are for the reading system's menus: a reading system that shows
them prints screens of bare page numbers). A hidden element counts as shown when the lines it
begins with (its heading and first entries) come out in a row in the text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from lxml import etree

from book.checks_epub import FAIL, OK, Epub, listed

TIMEOUT = 600
INSTALL = "apt-get install calibre"
FIRST_LINES = 3
"""How many of a hidden element's lines must come out in a row to count as shown."""


def find() -> str | None:
    return shutil.which("ebook-convert")


def judge(path: Path) -> tuple[str, str]:
    with tempfile.TemporaryDirectory(prefix="book-calibre-") as tmp:
        texts = {}
        for suffix in ("azw3", "txt"):
            target = Path(tmp) / f"book.{suffix}"
            try:
                done = subprocess.run([find(), str(path), str(target)], capture_output=True,
                                      text=True, timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                return FAIL, f"ebook-convert to {suffix.upper()} did not finish in {TIMEOUT} s"
            if done.returncode != 0 or not target.is_file():
                last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
                return FAIL, f"ebook-convert to {suffix.upper()} failed: {last[0][:200]}"
            if suffix == "txt":
                texts[suffix] = target.read_text(encoding="utf-8", errors="replace")
    shown = [name for name, lines in hidden(Epub(path)) if _in_a_row(lines, texts["txt"])]
    if shown:
        return FAIL, f"the text shows what the book hides: {listed(shown, 2)}"
    return OK, "AZW3 and TXT, nothing hidden shown"


def hidden(epub: Epub) -> list[tuple[str, list[str]]]:
    """(where, first lines) of every element marked hidden in the EPUB's documents."""
    found = []
    for name, tree in epub.documents():
        for element in tree.xpath("//*[@hidden]"):
            lines = [_words(etree.tostring(child, method="text", encoding="unicode"))
                     for child in element.iter() if child is not element and _leaf(child)]
            lines = [line for line in lines if line][:FIRST_LINES]
            if lines:
                found.append((f"{name.rsplit('/', 1)[-1]}#{element.get('id', '')}", lines))
    return found


def _leaf(element) -> bool:
    """A heading or an entry: an element whose text is a line of its own."""
    return etree.QName(element).localname in ("h1", "h2", "h3", "h4", "h5", "h6", "a", "p")


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _in_a_row(lines: list[str], text: str) -> bool:
    shown = [_words(line) for line in text.splitlines() if line.strip()]
    return any(shown[i:i + len(lines)] == lines for i in range(len(shown)))
