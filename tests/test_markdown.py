"""Markdown reader: each fixtures/markdown/NAME.md is read and compared with its NAME.json.

Every fixture is copied to a book folder in tmp_path, as `chapters/NAME.md`, beside the images
the test draws with Pillow (`IMAGES`), and read with that folder as the book root; messages name
it `chapters/NAME.md`.

The JSON gives the expected chapter, compared exactly:

- "title", "kicker", "dek", "author", "date" (ISO), "date_text", "language": a missing key
  means null;
- "blocks": each block a list, its 1-based line last:
  ["p", TEXT, line]; ["h2"|"h3"|"h4", TEXT, line]; ["hr", line];
  ["quote", [BLOCK, ...], line]; ["ul"|"ol", [[BLOCK, ...] per item], line];
  ["code", language or null, text, line]; ["figure", PATH, caption TEXT, alt, line];
  ["table", head rows, [[[TEXT, align or null], ...] per row], line];
- "notes": [[id, [BLOCK, ...], line], ...] in the chapter's order;
- "warnings": every warning of the "book" logger, each given by a substring, in any order.
  Each warning must also start with `chapters/NAME.md:LINE: `.

TEXT writes inlines compactly: Text as is, Emphasis *x*, Strong **x**, Code `x`,
Link [x](href), LineBreak "\\n", NoteRef {^id}, Image ![alt](PATH); a PATH is relative to the
book folder.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image as PILImage

from book.errors import InputError
from book.model import (
    BlockQuote, Chapter, Code, CodeBlock, Emphasis, Figure, Heading, Image, LineBreak, Link,
    ListBlock, NoteRef, Paragraph, Rule, Source, Strong, Table, Text,
)
from book.readers.markdown import read

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
CASES = sorted(FIXTURES.glob("*.md"))
META = ("title", "kicker", "dek", "author", "date", "date_text", "language")
IMAGES = {"chapters/images/dot.png": (4, 4), "chapters/images/wide.png": (8, 2),
          "outside.png": (2, 2)}
"""Images drawn for every fixture, relative to tmp_path/book (outside.png: beside the book)."""
IMAGES_DOT = "chapters/images/dot.png"
WARNING_PLACE = re.compile(r"chapters/[\w.-]+\.md:\d+: ")


def book_folder(tmp_path: Path) -> Path:
    """tmp_path/book with chapters/images/*.png, and tmp_path/outside.png outside it."""
    root = tmp_path / "book"
    for name, size in IMAGES.items():
        target = (root / name) if name.startswith("chapters/") else tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        PILImage.new("RGB", size, (200, 30, 30)).save(target)
    return root


def text(inlines, root: Path) -> str:
    """Inlines in the compact notation of the module docstring."""
    parts = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, Emphasis):
            parts.append(f"*{text(inline.children, root)}*")
        elif isinstance(inline, Strong):
            parts.append(f"**{text(inline.children, root)}**")
        elif isinstance(inline, Code):
            parts.append(f"`{inline.text}`")
        elif isinstance(inline, Link):
            parts.append(f"[{text(inline.children, root)}]({inline.href})")
        elif isinstance(inline, LineBreak):
            parts.append("\n")
        elif isinstance(inline, NoteRef):
            parts.append(f"{{^{inline.id}}}")
        elif isinstance(inline, Image):
            parts.append(f"![{inline.alt}]({relative(inline, root)})")
        else:
            raise AssertionError(f"unexpected inline {inline!r}")
    return "".join(parts)


def relative(image: Image, root: Path) -> str:
    assert image.path.is_absolute() and image.path.is_file()
    return image.path.relative_to(root.resolve()).as_posix()


def describe(block, root: Path, shown: str) -> list:
    """A block in the fixtures' notation; its Source is checked on the way."""
    assert block.source.path == Path(shown) and block.source.format == "markdown"
    line = block.source.line
    if isinstance(block, Paragraph):
        return ["p", text(block.inlines, root), line]
    if isinstance(block, Heading):
        assert block.id == ""
        return [f"h{block.level}", text(block.inlines, root), line]
    if isinstance(block, Rule):
        return ["hr", line]
    if isinstance(block, BlockQuote):
        return ["quote", [describe(b, root, shown) for b in block.blocks], line]
    if isinstance(block, ListBlock):
        items = [[describe(b, root, shown) for b in item] for item in block.items]
        return ["ol" if block.ordered else "ul", items, line]
    if isinstance(block, CodeBlock):
        return ["code", block.language, block.text, line]
    if isinstance(block, Figure):
        return ["figure", relative(block.image, root), text(block.caption, root), block.image.alt,
                line]
    if isinstance(block, Table):
        rows = []
        for number, row in enumerate(block.rows):
            assert all(cell.header == (number < block.head) for cell in row)
            rows.append([[text(cell.inlines, root), cell.align] for cell in row])
        return ["table", block.head, rows, line]
    raise AssertionError(f"unexpected block {block!r}")


def meta(chapter: Chapter) -> dict:
    values = {key: getattr(chapter, key) for key in META}
    values["date"] = chapter.date and chapter.date.isoformat()
    return values


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture(path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    root = book_folder(tmp_path)
    article = root / "chapters" / path.name
    shutil.copyfile(path, article)
    shown = f"chapters/{path.name}"
    with caplog.at_level(logging.WARNING, logger="book"):
        chapter = read(article, shown, root)
    assert chapter.source == Source(Path(shown), None, "markdown")
    assert meta(chapter) == {key: expected.get(key) for key in META}
    assert [describe(b, root, shown) for b in chapter.blocks] == expected["blocks"]
    notes = [[n.id, [describe(b, root, shown) for b in n.blocks], n.source.line]
             for n in chapter.notes]
    assert notes == expected.get("notes", [])
    assert all(n.source.path == Path(shown) for n in chapter.notes)
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    for message in messages:
        assert WARNING_PLACE.match(message) and message.startswith(shown), message
    unmatched = list(messages)
    for needle in expected.get("warnings", []):
        found = next((m for m in unmatched if needle in m), None)
        assert found is not None, (needle, messages)
        unmatched.remove(found)
    assert not unmatched, unmatched


def test_bom_crlf_fixture_keeps_its_bytes() -> None:
    """The fixture must really start with a UTF-8 BOM and end its lines with CRLF."""
    data = (FIXTURES / "bom-crlf.md").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == data.count(b"\n") > 3


def test_an_empty_file_is_an_empty_chapter(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(b"")
    assert read(path, "chapters/blank.md") == Chapter(
        Source(Path("chapters/blank.md"), None, "markdown"), ())


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=re.escape("chapters/gone.md")):
        read(tmp_path / "gone.md", "chapters/gone.md")


def test_root_defaults_to_the_article_folder(tmp_path: Path, caplog) -> None:
    """Without a book root, images must stay in the article's own folder."""
    root = book_folder(tmp_path)
    article = root / "chapters" / "a.md"
    article.write_text("![Dot](images/dot.png)\n\n![Out](../../outside.png)\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="book"):
        chapter = read(article, "chapters/a.md")
    (figure, fallback) = chapter.blocks
    assert isinstance(figure, Figure) and figure.image.path == (root / IMAGES_DOT).resolve()
    assert fallback == Paragraph((Text("Out"),), Source(Path("chapters/a.md"), 3, "markdown"))
    assert "chapters/a.md:3: image '../../outside.png' is outside the book folder" in caplog.text


def test_front_matter_dates(tmp_path: Path) -> None:
    """YAML dates are read from their text; TOML dates are typed."""
    cases = {
        "---\ndate: 2025-07-14T09:30:00+02:00\n---\n": (datetime.date(2025, 7, 14),
                                                      "2025-07-14T09:30:00+02:00"),
        "---\ndate: July 14, 2025\n---\n": (datetime.date(2025, 7, 14), "July 14, 2025"),
        "+++\ndate = 2025-07-14T09:30:00Z\n+++\n": (datetime.date(2025, 7, 14),
                                                    "2025-07-14T09:30:00+00:00"),
    }
    for source, (date, date_text) in cases.items():
        path = tmp_path / "a.md"
        path.write_text(source, encoding="utf-8")
        chapter = read(path, "chapters/a.md")
        assert (chapter.date, chapter.date_text) == (date, date_text), source
