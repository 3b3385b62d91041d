"""The web-page reader: each fixture NAME.html under fixtures/html/ is read and compared with
NAME.json.

The fixture is copied into a book folder in tmp_path (the book's root) with the images the
JSON lists under "images" (tiny PNGs made with Pillow), and read as "chapters/NAME.html".

The JSON gives the expected chapter: "title", "kicker", "dek", "author", "date" (ISO or
null), "language", optionally "date_text", "blocks", "notes", "removed" as [what, first,
last], and "warnings" (substrings of the log; without it the log must hold no warning).

Inlines are written as one string in a small markup: *emphasis*, **strong**, `code`,
[text](href) for a link, [^id] for a footnote reference, ![alt](file name) for an image,
"\\n" for a line break. A string ending in "…" is a prefix of the text; any other must match
it exactly. Blocks are lists:

- ["p", inlines], ["h2" | "h3" | "h4", inlines]; an optional last item is the source line;
- ["ul" | "ol", [item, ...]]: an item is the inlines of its one paragraph, or a list of
  blocks;
- ["quote", [block, ...]]; ["code", text, language or null]; ["hr"];
- ["figure", image file name, caption inlines];
- ["table", [[cell, ...], ...], head rows, caption inlines]: a cell is its inlines, with "!"
  in front for a header cell and "@left" / "@center" / "@right" after for its alignment.

"notes" is [[id, [block, ...]], ...].
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
    BlockQuote, Code, CodeBlock, Emphasis, Figure, Heading, Image, LineBreak, Link, ListBlock,
    NoteRef, Paragraph, Rule, Source, Strong, Table, Text,
)
from book.readers.html import read
from book.readers.htmldecode import to_text
from book.readers.htmlinline import tidy
from book.readers.htmlmeta import clean_title
from book.readers.textfile import ILLEGAL_XML

FIXTURES = Path(__file__).parent / "fixtures" / "html"
CASES = sorted(FIXTURES.glob("*.html"))
TAG = re.compile(r"<[a-zA-Z/!?]")


# ----------------------------------------------------------------- helpers


def render(inlines) -> str:
    """Inlines in the fixtures' markup."""
    out = []
    for item in inlines:
        if isinstance(item, Text):
            out.append(item.text)
        elif isinstance(item, Emphasis):
            out.append(f"*{render(item.children)}*")
        elif isinstance(item, Strong):
            out.append(f"**{render(item.children)}**")
        elif isinstance(item, Code):
            out.append(f"`{item.text}`")
        elif isinstance(item, Link):
            out.append(f"[{render(item.children)}]({item.href})")
        elif isinstance(item, NoteRef):
            out.append(f"[^{item.id}]")
        elif isinstance(item, Image):
            out.append(f"![{item.alt}]({item.path.name})")
        elif isinstance(item, LineBreak):
            out.append("\n")
        else:
            raise AssertionError(f"unexpected inline {item!r}")
    return "".join(out)


def describe(block) -> list:
    """A block in the fixtures' form (without its line)."""
    if isinstance(block, Paragraph):
        return ["p", render(block.inlines)]
    if isinstance(block, Heading):
        return [f"h{block.level}", render(block.inlines)]
    if isinstance(block, ListBlock):
        items = [render(item[0].inlines) if len(item) == 1 and isinstance(item[0], Paragraph)
                 else [describe(b) for b in item] for item in block.items]
        return ["ol" if block.ordered else "ul", items]
    if isinstance(block, BlockQuote):
        return ["quote", [describe(b) for b in block.blocks]]
    if isinstance(block, CodeBlock):
        return ["code", block.text, block.language]
    if isinstance(block, Rule):
        return ["hr"]
    if isinstance(block, Figure):
        return ["figure", block.image.path.name, render(block.caption)]
    if isinstance(block, Table):
        rows = [[("!" if cell.header else "") + render(cell.inlines)
                 + (f"@{cell.align}" if cell.align else "") for cell in row] for row in block.rows]
        return ["table", rows, block.head, render(block.caption)]
    raise AssertionError(f"unexpected block {block!r}")


def matches(got, want) -> bool:
    """Strings by prefix when `want` ends with "…", lists item by item, the rest exactly."""
    if isinstance(want, str) and want.endswith("…") and isinstance(got, str):
        return got.startswith(want[:-1])
    if isinstance(want, list) and isinstance(got, list):
        return len(got) == len(want) and all(matches(g, w) for g, w in zip(got, want))
    return got == want


def check_blocks(blocks, expected) -> None:
    got = [describe(b) for b in blocks]
    assert len(got) == len(expected), json.dumps(got, ensure_ascii=False, indent=1)
    for block, description, want in zip(blocks, got, expected):
        kind_length = len(description)
        assert matches(description, want[:kind_length]), (description, want)
        if len(want) > kind_length:
            assert block.source.line == want[kind_length], (description, block.source.line)


def walk_inlines(inlines):
    for item in inlines:
        yield item
        if isinstance(item, (Emphasis, Strong, Link)):
            yield from walk_inlines(item.children)


def all_inlines(chapter):
    """Every inline of the chapter: blocks, captions, cells, footnotes."""
    def blocks(items):
        for block in items:
            if isinstance(block, (Paragraph, Heading)):
                yield from walk_inlines(block.inlines)
            elif isinstance(block, Figure):
                yield block.image
                yield from walk_inlines(block.caption)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield from blocks(item)
            elif isinstance(block, BlockQuote):
                yield from blocks(block.blocks)
            elif isinstance(block, Table):
                yield from walk_inlines(block.caption)
                for row in block.rows:
                    for cell in row:
                        yield from walk_inlines(cell.inlines)
            elif isinstance(block, CodeBlock):
                yield Code(block.text)
    yield from blocks(chapter.blocks)
    for note in chapter.notes:
        yield from blocks(note.blocks)


def book_with(tmp_path: Path, fixture: Path, images: list[str] = ()) -> Path:
    """A book folder holding the fixture as chapters/NAME.html, and tiny PNGs beside it."""
    chapters = tmp_path / "book" / "chapters"
    chapters.mkdir(parents=True)
    shutil.copy(fixture, chapters / fixture.name)
    for name in images:
        target = chapters / name
        target.parent.mkdir(parents=True, exist_ok=True)
        PILImage.new("RGB", (4, 3), (200, 120, 40)).save(target)
    return chapters / fixture.name


def read_fixture(tmp_path: Path, fixture: Path, images: list[str] = ()):
    path = book_with(tmp_path, fixture, images)
    return read(path, f"chapters/{fixture.name}", path.parent.parent)


# ---------------------------------------------------------------- fixtures


@pytest.mark.parametrize("fixture", CASES, ids=[p.stem for p in CASES])
def test_fixture(fixture: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    expected = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    with caplog.at_level(logging.WARNING, logger="book"):
        chapter = read_fixture(tmp_path, fixture, expected.get("images", []))
    for key in ("title", "kicker", "dek", "author", "language"):
        assert getattr(chapter, key) == expected[key], key
    assert chapter.date == (expected["date"] and datetime.date.fromisoformat(expected["date"]))
    if "date_text" in expected:
        assert chapter.date_text == expected["date_text"]
    check_blocks(chapter.blocks, expected["blocks"])
    assert [note.id for note in chapter.notes] == [n[0] for n in expected.get("notes", [])]
    for note, (_, blocks) in zip(chapter.notes, expected.get("notes", [])):
        check_blocks(note.blocks, blocks)
    assert [[r.what, r.first, r.last] for r in chapter.removed] == expected["removed"]
    for needle in expected.get("warnings", []):
        assert needle in caplog.text
    if not expected.get("warnings"):
        assert caplog.text == ""


@pytest.mark.parametrize("fixture", CASES, ids=[p.stem for p in CASES])
def test_nothing_from_the_page_but_text(fixture: Path, tmp_path: Path) -> None:
    """No markup, script, unsafe link or forbidden character reaches the model."""
    expected = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    chapter = read_fixture(tmp_path, fixture, expected.get("images", []))
    root = (tmp_path / "book").resolve()
    strings = [chapter.title, chapter.kicker, chapter.dek, chapter.author, chapter.date_text]
    for item in all_inlines(chapter):
        if isinstance(item, (Text, Code)):
            strings.append(item.text)
        elif isinstance(item, Link):
            assert re.match(r"(https?://|mailto:)\S", item.href), item.href
        elif isinstance(item, Image):
            assert item.path.is_file() and item.path.is_relative_to(root)
    for text in filter(None, strings):
        assert not TAG.search(text) and "javascript" not in text.lower(), text
        assert not ILLEGAL_XML.search(text), repr(text)
    assert chapter.source == Source(Path(f"chapters/{fixture.name}"), None, "html")
    assert chapter.slug == ""
    assert list(chapter.removed) == sorted(chapter.removed, key=lambda r: r.first)
    note_ids = [item.id for item in all_inlines(chapter) if isinstance(item, NoteRef)]
    assert sorted(set(note_ids)) == sorted(note.id for note in chapter.notes)


# -------------------------------------------------------------- decoding


@pytest.mark.parametrize("declared", ["windows-1252", "iso-8859-1", "latin1", "us-ascii"])
def test_legacy_labels_mean_windows_1252(declared: str) -> None:
    """WHATWG: bytes 0x80-0x9F of a "Latin-1" page are curly quotes and dashes, not C1 controls."""
    data = f'<meta charset="{declared}"><p>'.encode() + b"\x93Quoted\x94 \x96 it\x92s \x85 \x80</p>"
    assert "“Quoted” – it’s … €" in to_text(data, "chapters/x.html")


def test_declared_legacy_charset_but_utf8_bytes(caplog: pytest.LogCaptureFixture) -> None:
    data = '<meta charset="iso-8859-1"><p>“Café”</p>'.encode()
    with caplog.at_level(logging.WARNING, logger="book"):
        assert "“Café”" in to_text(data, "chapters/x.html")
    assert "declares cp1252 but is UTF-8" in caplog.text


def test_declared_utf8_but_cp1252_bytes(caplog: pytest.LogCaptureFixture) -> None:
    data = (b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Caf\xe9</title></head>'
            b'<body><p>\x93Caf\xe9\x94 is the word they used \x96 and it\x92s a good one\x85 The '
            b'na\xefve r\xe9sum\xe9 of the \xe9l\xe8ve was fine.</p></body></html>')
    with caplog.at_level(logging.WARNING, logger="book"):
        text = to_text(data, "chapters/x.html")
    assert "“Café” is the word they used – and it’s a good one…" in text
    assert "declares utf-8 but is not valid utf-8" in caplog.text


def test_unknown_charset_is_ignored(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="book"):
        assert to_text('<meta charset="klingon"><p>é</p>'.encode(), "x.html") == \
            '<meta charset="klingon"><p>é</p>'
    assert "unknown charset 'klingon'" in caplog.text


def test_binary_file_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "photo.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        read(path, "chapters/photo.html")


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=re.escape("chapters/gone.html")):
        read(tmp_path / "gone.html", "chapters/gone.html")


# ------------------------------------------------------------------ pieces


@pytest.mark.parametrize("title, sites, want", [
    ("Why we sleep badly | The Daily Ledger", {"the daily ledger"}, "Why we sleep badly"),
    ("Why we sleep badly – The Daily Ledger", {"the daily ledger"}, "Why we sleep badly"),
    ("The Daily Ledger: Why we sleep", {"the daily ledger"}, "The Daily Ledger: Why we sleep"),
    ("Why we sleep badly | Health | Ledger", set(), "Why we sleep badly"),
    ("Covid-19 - what we know", set(), "Covid-19 - what we know"),
    ("Ledger · Why we sleep badly", {"ledger"}, "Why we sleep badly"),
])
def test_clean_title(title: str, sites: set[str], want: str) -> None:
    assert clean_title(title, sites) == want


@pytest.mark.parametrize("inlines, want", [
    ([Text("  a \n b "), Emphasis((Text(" c "),)), Text(" d  ")], "a b *c *d"),
    ([Text("x "), LineBreak(), Text(" y")], "x\ny"),
    ([LineBreak(), Text(" \t"), Strong((Text(" "),)), Text("z"), LineBreak()], "z"),
    ([Text("\u00a0keep\u00a0")], "\u00a0keep\u00a0"),
    ([Link("https://e.org", (Text(" "),)), Text("a")], "a"),
])
def test_white_space_collapses_like_a_browser(inlines, want: str) -> None:
    assert render(tidy(inlines)) == want


def test_images_must_stay_inside_the_book(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    page = tmp_path / "book" / "chapters" / "a.html"
    page.parent.mkdir(parents=True)
    PILImage.new("RGB", (2, 2)).save(tmp_path / "outside.png")
    page.write_text('<article><p>Text of the article, long enough to be the text.</p>'
                    '<p><img src="../../outside.png" alt="Outside"></p>'
                    '<p><img src="data:image/png;base64,AAAA" alt=""></p></article>', "utf-8")
    with caplog.at_level(logging.WARNING, logger="book"):
        chapter = read(page, "chapters/a.html", tmp_path / "book")
    # A picture standing alone that the book cannot show is left out, its alt text with it
    # (a saved page's alt texts describe pictures: "Outside" alone would read as text).
    assert [describe(b) for b in chapter.blocks] == [
        ["p", "Text of the article, long enough to be the text."]]
    assert "outside the book folder" in caplog.text and "data: URL" in caplog.text


def test_root_defaults_to_the_article_folder(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    PILImage.new("RGB", (2, 2)).save(tmp_path / "img" / "a.png")
    page = tmp_path / "a.htm"
    page.write_text('<p>Some words before <img src="img/a.png" alt="A"> and after.</p>', "utf-8")
    (paragraph,) = read(page, "a.htm").blocks
    assert render(paragraph.inlines) == "Some words before ![A](a.png) and after."


def test_scripts_page_leaks_nothing(tmp_path: Path) -> None:
    """Nothing of a script, style, template, hidden element, form or embed reaches the model."""
    chapter = read_fixture(tmp_path, FIXTURES / "scripts.html")
    strings = [chapter.title or ""] + [item.text for item in all_inlines(chapter)
                                       if isinstance(item, (Text, Code))]
    strings += [item.href for item in all_inlines(chapter) if isinstance(item, Link)]
    text = "\n".join(strings)
    for needle in ("Injected", "Comic Sans", "styled", "buy now", "enable JavaScript", "Flash",
                   "Template", "Hidden", "Decorative", "svg text", "Subscribe", "Weekly",
                   "Write here", "fallback", "Cookies", "alert", "void", "track", "steal",
                   "vbscript", "data:", "iframes"):
        assert needle not in text, needle


def test_escaped_markup_stays_literal_text(tmp_path: Path) -> None:
    """Text that shows markup ("&lt;b&gt;") is plain text, escaped again by the templates."""
    page = tmp_path / "a.html"
    page.write_text("<p>The tag &lt;b&gt; makes text bold &amp; &lt;script&gt; runs code.</p>",
                    "utf-8")
    (paragraph,) = read(page, "a.html").blocks
    assert paragraph.inlines == (Text("The tag <b> makes text bold & <script> runs code."),)


def test_deep_nesting_is_flattened(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<body>" + "<div>" * 400 + "<p>Deep <em>inside</em>, still read.</p>"
                    + "</div>" * 400 + "</body>", "utf-8")
    with caplog.at_level(logging.WARNING, logger="book"):
        (paragraph,) = read(page, "deep.html").blocks
    assert render(paragraph.inlines) == "Deep *inside*, still read."
    assert "deep.html:1: elements nested more than" in caplog.text


def test_empty_and_blank_pages(tmp_path: Path) -> None:
    for name, text in (("blank.html", " \n\t\n"), ("head-only.html", "<html><head><title>"
                                                     "Only a title</title></head></html>")):
        page = tmp_path / name
        page.write_text(text, "utf-8")
        chapter = read(page, name)
        assert chapter.blocks == () and chapter.notes == () and chapter.removed == ()
