"""layout/glyphtext.py: what each glyph says, read from its font, and which clusters of a line
need /ActualText (that the adapters refuse another WeasyPrint is tests/test_layout.py's)."""

from __future__ import annotations

import hashlib

from book import resources
from book.layout import glyphtext
from book.layout.glyphtext import Glyph

FONTS = resources.STYLES / "fonts"


def _texts(relative: str) -> dict[int, str]:
    """Glyph → what it says when nothing else is known (the font's likeliest text)."""
    data = (FONTS / relative).read_bytes()
    texts = glyphtext.font_texts(data, 0, hashlib.sha256(data).hexdigest())
    return {glyph: glyphtext.choose(said, None) for glyph, said in texts.items()}


def test_glyphs_are_named_by_their_font_ligatures_and_forms_included():
    arabic = _texts("scheherazade/Scheherazade-Regular.ttf")
    # Scheherazade draws lam-alef as a lam and an alef in forms of their own, and an alef with
    # hamza as an alef and a hamza mark: each glyph is named by its letter or its mark
    assert sum(text == "\u0644" for text in arabic.values()) >= 5  # lam: its forms, with alef
    assert sum(text == "\u0627" for text in arabic.values()) >= 3
    assert {"\u0654", "\u0655", "\u064b", "\u0651"} <= set(arabic.values())  # the marks
    latin = _texts("charis-sil/CharisSIL-Regular.ttf")
    assert {"fi", "fl"} <= set(latin.values())
    # (a glyph reached only by a presentation form's code, U+FB01, says that character)


def test_a_glyph_says_what_it_was_drawn_for_when_its_font_allows():
    """A small capital stands for "a" and for "A": it says the one it was first drawn for; an
    alef drawn for "أ" (with a hamza mark) says "ا" all the same."""
    assert glyphtext.choose(("A", "a"), "a") == "a" and glyphtext.choose(("A", "a"), None) == "A"
    assert glyphtext.choose(("\u0627",), "\u0623") == "\u0627"
    assert glyphtext.choose((), "\u0644\u0627") == "\u0644\u0627"


def test_a_cluster_of_two_glyphs_gets_its_text():
    """أحمد drawn right to left, its alef with hamza as an alef and a hamza mark."""
    text = "أحمد".encode()
    glyphs = [Glyph("د", 6), Glyph("م", 4), Glyph("ح", 2), Glyph("\u0654", 0), Glyph("ا", 0)]
    assert glyphtext.actual_texts([(text, True, glyphs)]) == [(3, 5, "أ")]


def test_a_pointed_letter_is_one_unit_with_its_marks():
    """בְּכָל: each mark a cluster of its own in Pango, joined to its letter."""
    text = "\u05d1\u05b0\u05bc\u05db\u05b8\u05dc".encode()  # two bytes each
    glyphs = [Glyph("\u05dc", 10), Glyph("\u05b8", 8), Glyph("\u05db", 6),
              Glyph("\u05bc", 4), Glyph("\u05b0", 2), Glyph("\u05d1", 0)]
    assert glyphtext.actual_texts([(text, True, glyphs)]) == [
        (1, 3, "\u05db\u05b8"), (3, 6, "\u05d1\u05b0\u05bc")]


def test_text_its_glyphs_spell_needs_no_actual_text():
    text = b"fine"
    glyphs = [Glyph("fi", 0), Glyph("n", 2), Glyph("e", 3)]
    assert glyphtext.actual_texts([(text, False, glyphs)]) == []
    assert glyphtext.actual_texts([(b"x", False, [Glyph("y", 0)])]) == [(0, 1, "x")]


def test_wrap_cuts_the_text_arrays_where_spans_begin_and_end():
    ops = [b"BT", b"[<0001>0<0002>-250<>-10<0003>] TJ", b"0 Ts", b"[<0004>] TJ", b"ET"]
    wrapped = glyphtext.wrap(ops, [(1, 3, "x"), (3, 5, "y")], lambda text: text)
    assert wrapped == [b"BT", b"[<0001> 0] TJ", b"/Span", "x", b"BDC",
                       b"[<0002> -250 -10 <0003>] TJ", b"EMC", b"0 Ts", b"/Span", "y", b"BDC",
                       b"[<0004>] TJ", b"EMC", b"ET"]  # a span still open ends with its text

