"""Readers: each fixture NAME.txt under fixtures/text/ is read and compared with NAME.json.

The JSON gives the expected chapter: title, kicker, dek, author, date (ISO or
null), optionally date_text, blocks, removed as [what, first, last], and
optionally warnings (substrings of the log) and absent (boilerplate that must be
gone: no block, title, kicker, dek or author holds any of these strings). Each
block is [kind, text, optional line]: kind "p" or "h2" with a prefix of the text;
"ul" or "ol" with a list of item prefixes (one per item, the bullet or number
stripped) and the first item's line; "hr" (a scene break) with "".

The fixtures named paste-*.txt are whole pages pasted from a browser (menus,
cookie notices, teasers, comments and footers around the article), written for
these tests in the shape of real pastes.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from pathlib import Path

import pytest

from book.errors import InputError
from book.model import Chapter, Heading, ListBlock, Paragraph, Removal, Rule, Source, Text
from book.readers import READERS, reader_for
from book.readers.plaintext import describe_removals, read
from book.readers.scraped import (
    head_furniture_kind, is_bare_name, parse_byline, parse_credit, parse_date, parse_marker,
)
from book.readers.textfile import decode

FIXTURES = Path(__file__).parent / "fixtures" / "text"
CASES = sorted(FIXTURES.glob("*.txt"))
KINDS = {Paragraph: "p", Heading: "h2", Rule: "hr"}
ITEM_MARKER = re.compile(r"[-•*–·]\s+|\d{1,2}[.)]\s+")
"""What a list item's line may hold before the item's text."""


def block_text(block) -> str:
    (inline,) = block.inlines
    assert isinstance(inline, Text)
    return inline.text


def describe(block) -> tuple[str, str | list[str], int]:
    """A block as the fixtures write it: kind, text (item texts for a list), line."""
    if isinstance(block, ListBlock):
        texts = []
        for item in block.items:
            (paragraph,) = item
            assert isinstance(paragraph, Paragraph)
            texts.append(block_text(paragraph))
        return ("ol" if block.ordered else "ul"), texts, block.source.line
    if isinstance(block, Rule):
        return "hr", "", block.source.line
    return KINDS[type(block)], block_text(block), block.source.line


def matches(text: str | list[str], want: str | list[str]) -> bool:
    if isinstance(want, list):
        return isinstance(text, list) and len(text) == len(want) and all(
            item.startswith(prefix) for item, prefix in zip(text, want))
    return isinstance(text, str) and text.startswith(want)


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
    got = [describe(b) for b in chapter.blocks]
    assert len(got) == len(expected["blocks"]), [g[:2] for g in got]
    for (kind, text, line), want in zip(got, expected["blocks"]):
        assert kind == want[0] and matches(text, want[1]), (kind, text, want)
        if len(want) > 2:
            assert line == want[2], (text[:60], line, want)
    assert [list(vars(r).values()) for r in chapter.removed] == expected["removed"]
    for needle in expected.get("warnings", []):
        assert needle in caplog.text
    if not expected.get("warnings"):
        assert caplog.text == ""
    kept = [chapter.title, chapter.kicker, chapter.dek, chapter.author]
    kept += [text for block in chapter.blocks for text in _texts(block)]
    for needle in expected.get("absent", []):
        assert not any(needle in text for text in kept if text), needle


def _texts(block) -> list[str]:
    """The text of a block's lines (a list's items one by one)."""
    if isinstance(block, ListBlock):
        return [block_text(paragraph) for (paragraph,) in block.items]
    return [] if isinstance(block, Rule) else [block_text(block)]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_kept_text_is_a_whole_decoded_line(path: Path) -> None:
    """Never alter the words: every block is one line of the decoded file.

    A list item is its line without the bullet or number; a scene break is punctuation only.
    """
    lines = decode(path, path.name).split("\n")
    chapter = read(path, path.name)
    assert chapter.source == Source(Path(path.name), None, "text")
    for block in chapter.blocks:
        assert block.source == Source(Path(path.name), block.source.line, "text")
        line = lines[block.source.line - 1]
        if isinstance(block, ListBlock):
            assert block.items[0][0].source == block.source
            for (item,) in block.items:
                text = lines[item.source.line - 1]
                assert text.endswith(block_text(item))
                assert ITEM_MARKER.fullmatch(text[:-len(block_text(item))])
        elif isinstance(block, Rule):
            assert not any(ch.isalnum() for ch in line)
        else:
            assert line == block_text(block)
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
    with pytest.raises(InputError, match=re.escape("chapters/gone.txt")):
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


@pytest.mark.parametrize("line, authors, dates, drops", [
    ("Posted on March 3, 2025 by admin", (), ("2025-03-03",), ()),
    ("Published March 3, 2025 by Jane Doe", ("Jane Doe",), ("2025-03-03",), ()),
    ("Posted March 3, 2025 | Reviewed by Jessica Schrader", (), ("2025-03-03",),
     ("reviewer credit",)),
    ("By Jane Doe · Edited by John Roe", ("Jane Doe",), (), ("editor credit",)),
    ("Photo by Anna de Vries", (), (), ("photo credit",)),
    ("Photograph: Getty Images", (), (), ("photo credit",)),
    ("Fact checked by Sam Lee", (), (), ("fact-check credit",)),
])
def test_marker_lines(line: str, authors: tuple, dates: tuple, drops: tuple) -> None:
    marker = parse_marker(line)
    assert marker.authors == authors
    assert tuple(d.value.isoformat() for d in marker.dates) == dates
    assert marker.drops == drops


@pytest.mark.parametrize("line", [
    "Posted on March 3, 2025 by the council, the notice gave residents four weeks.",
    "March 3, 2025 by noon", "Reviewed by the board", "Photo by", "By admin",
])
def test_not_marker_lines(line: str) -> None:
    assert parse_marker(line) is None


def test_credits() -> None:
    assert parse_credit("Medically reviewed by Dr. Ana Ruiz") == "reviewer credit"
    assert parse_credit("Reviewed by the board") is None


@pytest.mark.parametrize("line, name", [
    ("Jane Smith", True), ("Anna de Vries", True), ("Jane Doe and John Roe", True),
    ("Why Couples Fight About Chores", False), ("Relationships", False), ("Key points", False),
    ("HEALTH", False), ("Small Habits Keep Couples Close", False), ("March Madness", False),
    ("Jane Smith.", False),
])
def test_bare_name(line: str, name: bool) -> None:
    assert is_bare_name(line) is name


@pytest.mark.parametrize("line, what", [
    ("Sign in", "navigation"), ("Get started", "navigation"), ("Follow", "button"),
    ("Listen", "button"), ("Listen to this article · 6 min", "audio player"),
    ("Listen · 6:12 min", "audio player"), ("12", "count line"), ("1.2K", "count line"),
    ("·", "separator line"), ("--", "separator line"), ("* * *", "separator line"),
    ("Listen to your partner", None), ("Listen.", None), ("2025", None), ("Follow the money", None),
    ("HEALTH", None),
])
def test_head_furniture(line: str, what: str | None) -> None:
    assert head_furniture_kind(line) == what
