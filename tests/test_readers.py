"""Readers: each fixture NAME.txt under fixtures/text/ is read and compared with NAME.json.

The JSON gives the expected chapter: title, kicker, dek, author, date (ISO or
null), optionally date_text, blocks as ["p" | "h2", text prefix, optional line],
removed as [what, first, last], and optionally warnings (substrings of the log).
"""

from __future__ import annotations

import datetime
import json
import logging
from pathlib import Path

import pytest

from book.errors import InputError
from book.model import Chapter, Heading, Paragraph, Removal, Source, Text
from book.readers import READERS, reader_for
from book.readers.plaintext import describe_removals, read
from book.readers.scraped import parse_byline, parse_date, parse_marker
from book.readers.textfile import decode

FIXTURES = Path(__file__).parent / "fixtures" / "text"
CASES = sorted(FIXTURES.glob("*.txt"))
KINDS = {Paragraph: "p", Heading: "h2"}


def block_text(block) -> str:
    (inline,) = block.inlines
    assert isinstance(inline, Text)
    return inline.text


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    shown = f"chapters/{path.name}"
    with caplog.at_level(logging.WARNING, logger="book"):
        chapter = read(path, shown)
    for key in ("title", "kicker", "dek", "author"):
        assert getattr(chapter, key) == expected[key], key
    date = expected["date"] and datetime.date.fromisoformat(expected["date"])
    assert chapter.date == date
    if "date_text" in expected:
        assert chapter.date_text == expected["date_text"]
    got = [(KINDS[type(b)], block_text(b), b.source.line) for b in chapter.blocks]
    assert len(got) == len(expected["blocks"]), [g[:2] for g in got]
    for (kind, text, line), want in zip(got, expected["blocks"]):
        assert kind == want[0] and text.startswith(want[1]), (kind, text[:60], want)
        if len(want) > 2:
            assert line == want[2], (text[:60], line, want)
    assert [list(vars(r).values()) for r in chapter.removed] == expected["removed"]
    for needle in expected.get("warnings", []):
        assert needle in caplog.text
    if not expected.get("warnings"):
        assert caplog.text == ""


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_kept_text_is_a_whole_decoded_line(path: Path) -> None:
    """Never alter the words: every block is exactly one line of the decoded file."""
    lines = decode(path, path.name).split("\n")
    chapter = read(path, path.name)
    assert chapter.source == Source(Path(path.name), None, "text")
    for block in chapter.blocks:
        assert block.source == Source(Path(path.name), block.source.line, "text")
        assert lines[block.source.line - 1] == block_text(block)
        assert not isinstance(block, Heading) or (block.level == 2 and block.id == "")
    assert chapter.slug == "" and chapter.language is None
    assert list(chapter.removed) == sorted(chapter.removed, key=lambda r: r.first)


def test_binary_file_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "cover.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"IHDR" + bytes(range(256)))
    with pytest.raises(InputError) as caught:
        read(path, "chapters/cover.txt")
    assert caught.value.source == "chapters/cover.txt"
    assert "chapters/cover.txt" in str(caught.value) and "binary" in str(caught.value)
    assert caught.value.hint


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="chapters/gone.txt"):
        read(tmp_path / "gone.txt", "chapters/gone.txt")


def test_describe_removals() -> None:
    removed = (Removal("share bar", 4, 4), Removal("reading time", 6, 6),
               Removal("advertisement line", 11, 12), Removal("advertisement line", 16, 16),
               Removal("navigation", 20, 21), Removal("share prompt", 25, 25),
               Removal("share prompt", 27, 27), Removal("related-articles list", 29, 65))
    assert describe_removals(removed) == (
        "share bar (line 4), reading time (line 6), 3 advertisement lines (lines 11-12, 16), "
        "navigation (lines 20-21), 2 share prompts (lines 25, 27), "
        "related-articles list (lines 29-65)")
    assert describe_removals([Removal("advertisement line", 11, 12)]) == (
        "2 advertisement lines (lines 11-12)")
    assert describe_removals(()) == ""


def test_registry() -> None:
    assert READERS[".txt"] is read
    assert reader_for("chapters/01-a.TXT") is read
    assert reader_for(Path("notes.text")) is read
    assert reader_for("chapters/photo.png") is None
    assert reader_for("README") is None


@pytest.mark.parametrize("text, iso", [
    ("July 14, 2025", "2025-07-14"), ("August 08, 2025", "2025-08-08"),
    ("Sept. 3, 2025", "2025-09-03"), ("Mar 3 2025", "2025-03-03"),
    ("14 March 2025", "2025-03-14"), ("3rd Mar, 2025", "2025-03-03"),
    ("2025-03-14", "2025-03-14"), ("Updated March 3, 2025", "2025-03-03"),
    ("Published on 14 March 2025", "2025-03-14"), ("Mon 3 Mar 2025 07.00 GMT", "2025-03-03"),
    ("February 30, 2025", None), ("Smarch 3, 2025", None), ("March 2025", None),
])
def test_parse_date(text: str, iso: str | None) -> None:
    date = parse_date(text)
    assert (date and date.value.isoformat()) == iso


@pytest.mark.parametrize("text, author", [
    ("By Jane Doe", "Jane Doe"), ("Published by Charles Taylor", "Charles Taylor"),
    ("Words by Anna de Vries and Tom O’Neill", "Anna de Vries and Tom O’Neill"),
    ("BY J. R. HARTLEY", "J. R. HARTLEY"),
    ("By the time we arrived, the shop had closed.", None), ("By now", None),
    ("By Jane Doe and", None), ("Byron Smith", None), ("By Tuesday", None),
    ("By March 2025", None),
])
def test_parse_byline(text: str, author: str | None) -> None:
    assert parse_byline(text) == author


def test_combined_marker_line() -> None:
    marker = parse_marker("By Jane Doe | Mar 3, 2025 | 5 min read")
    assert marker.authors == ("Jane Doe",)
    assert marker.dates[0].value == datetime.date(2025, 3, 3)
    assert marker.drops == ("reading time",)
    assert parse_marker("By Jane Doe | a great day out") is None


def test_empty_chapter_is_a_chapter(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\n \n\t\n", encoding="utf-8")
    assert read(path, "chapters/blank.txt") == Chapter(Source(Path("chapters/blank.txt"), None, "text"), ())
