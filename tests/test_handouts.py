"""Print handouts, built by the CLI and read back with pypdf: files, paper, bundle, booklets."""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from conftest import ROOT, make_book, normalise, run_book

A4 = (595, 842)
LETTER = (612, 792)
A4_LANDSCAPE = (842, 595)
STEMS = ["01-healing-relational-wounds-through", "02-how-attachment-focused-interventions"]


def size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample book's handouts, A4, with booklets."""
    root = tmp_path_factory.mktemp("handouts") / "sample"
    shutil.copytree(ROOT / "chapters", root / "chapters")
    shutil.copy(ROOT / "book.toml", root / "book.toml")
    done = run_book("build", str(root), "-f", "handouts", "--booklet")
    assert done.returncode == 0, done.stderr
    return root / "build"


def test_one_file_per_article_in_book_order(built):
    names = sorted(p.name for p in (built / "handouts").iterdir())
    assert names == sorted([f"{stem}.pdf" for stem in STEMS] + [f"{stem}.booklet.pdf" for stem in STEMS])
    assert sorted(p.name for p in built.iterdir() if not p.name.startswith(".")) == [
        "handouts", "handouts.pdf"]


def test_a4_by_default(built):
    for stem in STEMS:
        reader = PdfReader(built / "handouts" / f"{stem}.pdf")
        assert {size(page) for page in reader.pages} == {A4}


def test_head_and_foot(built):
    reader = PdfReader(built / "handouts" / f"{STEMS[1]}.pdf")
    pages = [normalise(page.extract_text()) for page in reader.pages]
    first = pages[0]
    assert "SEXUALITY & MENTAL HEALTH" in first.upper()
    assert "How attachment-focused interventions help partners rebuild" in first
    assert "Healing after rupture hinges on secure attachment practices" in first
    assert "CHARLES TAYLOR" in first.upper() and "July 14, 2025" in first
    for text in pages:
        # the foot: the book's title and the page on one line, the credit below
        assert "Healing Together Charles Taylor, July 14, 2025" in text[-120:], text[-120:]
    assert "ADVERTISEMENT" not in " ".join(pages)
    assert "How attachment-focused" not in " ".join(pages[1:])  # the head is on page 1 only


def test_bundle_starts_every_handout_on_an_odd_page(built):
    bundle = PdfReader(built / "handouts.pdf")
    counts = [len(PdfReader(built / "handouts" / f"{stem}.pdf").pages) for stem in STEMS]
    padded = [count + count % 2 for count in counts[:-1]] + counts[-1:]
    assert len(bundle.pages) == sum(padded)
    starts = [bundle.get_destination_page_number(item) + 1 for item in bundle.outline]
    assert starts == [1, 1 + padded[0]]
    assert all(start % 2 == 1 for start in starts)
    assert bundle.metadata.title == "Healing Together"
    for start, stem in zip(starts, STEMS):
        assert normalise(bundle.pages[start - 1].extract_text()) == normalise(
            PdfReader(built / "handouts" / f"{stem}.pdf").pages[0].extract_text())


def test_booklet_sheets_in_saddle_stitch_order(built):
    for stem in STEMS:
        booklet = PdfReader(built / "handouts" / f"{stem}.booklet.pdf")
        assert {size(page) for page in booklet.pages} == {A4_LANDSCAPE}
        sides = [normalise(page.extract_text()) for page in booklet.pages]
        folios = [[int(n) for n in re.findall(r"Page (\d+) of \d+", side)] for side in sides]
        total = int(re.search(r"Page \d+ of (\d+)", sides[0]).group(1))
        padded = -(-total // 4) * 4
        assert len(sides) == padded // 2
        expected = []
        for sheet in range(padded // 4):
            expected += [[padded - 2 * sheet, 2 * sheet + 1], [2 * sheet + 2, padded - 1 - 2 * sheet]]
        expected = [[n for n in side if n <= total] for side in expected]
        assert [sorted(side) for side in folios] == [sorted(side) for side in expected]


def test_letter_paper_and_booklet_from_book_toml(tmp_path):
    article = (ROOT / "chapters" / "02-attachment-focused-repair-after-rupture.txt").read_text()
    root = make_book(tmp_path, {"a.txt": article}, '[handouts]\npaper = "letter"\nbooklet = true\n')
    done = run_book("build", str(root), "-f", "handouts", "-q")
    assert done.returncode == 0, done.stderr
    stem = "01-how-attachment-focused-interventions"
    assert {size(p) for p in PdfReader(root / "build" / "handouts" / f"{stem}.pdf").pages} == {LETTER}
    booklet = PdfReader(root / "build" / "handouts" / f"{stem}.booklet.pdf")
    assert {size(p) for p in booklet.pages} == {(792, 612)}
    a4 = run_book("build", str(root), "-f", "handouts", "--paper", "a4", "-q")
    assert a4.returncode == 0, a4.stderr
    assert {size(p) for p in PdfReader(root / "build" / "handouts" / f"{stem}.pdf").pages} == {A4}


def test_a_failing_article_is_named_and_the_others_are_written(tmp_path, monkeypatch):
    """Handouts render in forked workers: a failure in one is reported, the rest land."""
    from book import log, pipeline
    from book.errors import PartialRenderError
    from book.render import handouts

    article = (ROOT / "chapters" / "02-attachment-focused-repair-after-rupture.txt").read_text()
    root = make_book(tmp_path, {"a.txt": article, "b.txt": "A second article\n" + article.split("\n", 6)[6]})
    real = handouts.render_pdf

    def fragile(book, chapter, sheet, styles_dir):
        if chapter.title == "A second article":
            raise ValueError("a glyph table exploded")
        return real(book, chapter, sheet, styles_dir)

    monkeypatch.setattr(handouts, "render_pdf", fragile)
    log.setup(-1)
    with pytest.raises(PartialRenderError, match="1 handout"):
        pipeline.build(root, formats=("handouts",))
    written = sorted(p.name for p in (root / "build" / "handouts").iterdir())
    assert written == ["01-how-attachment-focused-interventions.pdf"]
    assert len(PdfReader(root / "build" / "handouts.pdf").outline) == 1


def test_handouts_are_tagged_and_booklets_are_not_required_to_be(built):
    for stem in STEMS:
        root = PdfReader(built / "handouts" / f"{stem}.pdf").trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en"
