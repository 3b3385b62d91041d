"""transforms/controls.py: no override, stray bidi control, DEL or C1 control reaches an output;
balanced embeddings and isolates stay; one warning per chapter names the file and the lines."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from book.model import (Book, BookMeta, Chapter, Code, Emphasis, Footnote, Heading, Paragraph,
                        Source, Table, TableCell, Text)
from book.transforms import controls


@pytest.mark.parametrize("text, cleaned, bidi, other", [
    ("a file named \u202egnp.exe", "a file named gnp.exe", 1, 0),          # "evil" as "live"
    ("the word \u202elive\u202c here", "the word live here", 2, 0),          # with its pop
    ("an \u202dLTR override\u202c", "an LTR override", 2, 0),
    ("a balanced \u2067isolate\u2069 stays", "a balanced \u2067isolate\u2069 stays", 0, 0),
    ("an embedding \u202bstays\u202c closed", "an embedding \u202bstays\u202c closed", 0, 0),
    ("a stray pop\u202c and end\u2069", "a stray pop and end", 2, 0),
    ("never closed \u2066 here", "never closed  here", 1, 0),
    ("an isolate \u2067with \u202ban open embedding\u2069", "an isolate \u2067with an open "
     "embedding\u2069", 1, 0),
    ("DEL\x7f, C1\x9b and a next\x85line", "DEL, C1 and a next line", 0, 3),
    ("plain text, marks e\u0301 and joiners a\u200db", "plain text, marks e\u0301 and joiners "
     "a\u200db", 0, 0),
])
def test_clean(text, cleaned, bidi, other):
    assert controls.clean(text) == (cleaned, bidi, other)


def _book(*chapters):
    return Book(BookMeta(title="T"), chapters=chapters)


def test_a_pair_closed_in_another_inline_stays_and_warning_names_file_and_lines(caplog):
    source = Source(Path("chapters/01-x.md"), None, "markdown")
    chapter = Chapter(source, blocks=(
        Paragraph((Text("an \u2067isolate "), Emphasis((Text("across\u2069 inlines"),))),
                  source.at(7)),
        Heading(2, (Text("a \u202espoof"),), source.at(9)),
        Table(((TableCell((Text("cell\x7f"),), header=True),),), head=1, source=source.at(12)),
        Paragraph((Code("code\u202e"),), source.at(14)),
    ), title="Title\x85one", notes=(Footnote("1", (Paragraph((Text("note\u202c"),),
                                                              source.at(20)),)),))
    with caplog.at_level(logging.WARNING, logger="book"):
        (done,) = controls.apply(_book(chapter)).chapters
    paragraph, heading, table, code = done.blocks
    assert paragraph.inlines[0].text == "an \u2067isolate "
    assert paragraph.inlines[1].children[0].text == "across\u2069 inlines"
    assert heading.inlines[0].text == "a spoof"
    assert table.rows[0][0].inlines[0].text == "cell"
    assert code.inlines[0].text == "code"
    assert done.notes[0].blocks[0].inlines[0].text == "note"
    assert done.title == "Title one"
    (message,) = [r.getMessage() for r in caplog.records]
    assert message.startswith("chapters/01-x.md:9: removed 3 bidirectional controls out of place")
    assert "2 control characters (DEL, U+0080-U+009F) (lines 9, 12, 14, 20)" in message


def test_a_clean_chapter_is_the_same_object(caplog):
    chapter = Chapter(Source(Path("a.txt")), blocks=(Paragraph((Text("plain"),)),), title="T")
    with caplog.at_level(logging.WARNING, logger="book"):
        assert controls.apply(_book(chapter)).chapters[0] is chapter
    assert not caplog.records
