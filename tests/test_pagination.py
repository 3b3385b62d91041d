"""layout/pagination.py: where the pages of the PDF edition begin, marked in the model."""

from __future__ import annotations

from pathlib import Path

from book.model import Book, BookMeta, Chapter, PageBreak, Paragraph, Source, Text
from book.layout import pagination


def _marked(text: str, offsets: list[int]) -> tuple:
    chapter = Chapter(Source(Path("a.txt")), blocks=(Paragraph((Text(text),)),), slug="a")
    starts = [(number, "a.0", offset) for number, offset in enumerate(offsets, 2)]
    (done,) = pagination.mark(Book(BookMeta(title="T"), chapters=(chapter,)), starts).chapters
    return done.blocks[0].inlines


def test_a_page_that_begins_in_a_word_is_marked_at_the_word():
    inlines = _marked("one two three", [6])
    assert inlines == (Text("one "), PageBreak("2"), Text("two three"))


def test_pages_that_begin_in_an_unbroken_run_each_have_their_place():
    """A 60,000-character token fills pages: each page's marker is where that page begins,
    not all at the token's start (the EPUB's page-list would point every page to one spot)."""
    token = "".join("abcdefghij"[(i * 7 + i // 10) % 10] for i in range(60_000))
    inlines = _marked("Before " + token + " after.", [7 + 3_000, 7 + 6_000])
    marks = [index for index, node in enumerate(inlines) if isinstance(node, PageBreak)]
    assert len(marks) == 2 and marks[1] - marks[0] == 2
    assert "".join(node.text for node in inlines if isinstance(node, Text)) == (
        "Before " + token + " after.")
    assert inlines[marks[0] - 1].text.endswith(token[2_999 - 6:3_000])
