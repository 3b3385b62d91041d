"""Print imposition (book/render/impose.py) on real PDFs from WeasyPrint, read by pypdf and pdfium.

Every page of an input shows one marker, PAGE-1, PAGE-2..., so a test can tell where each page
went: pypdf for page count, outline, metadata and whole-page text; pdfium (pypdfium2) for the
text inside one half of a sheet, since pypdf reports no position for text inside a placed form.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
import sys
import textwrap

import pikepdf
import pypdfium2
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from weasyprint import HTML

from book.render.impose import booklet, bundle, saddle_order
from conftest import ROOT

A4_LANDSCAPE = (841.89, 595.28)
LETTER_LANDSCAPE = (792.0, 612.0)
A5 = (419.527559, 595.275591)  # what WeasyPrint writes for `size: A5`
A4 = (595.275591, 841.889764)
MARKER = re.compile(r"PAGE-\d+")


@functools.cache
def pages(count: int, size: str = "A5", first: int = 1, lang: str = "en",
          title: str = "Doc") -> bytes:
    """A PDF of `count` pages of CSS size `size`, page i showing only the marker PAGE-i."""
    body = "".join(f"<p>PAGE-{number}</p>" for number in range(first, first + count))
    return HTML(string=f"""<!DOCTYPE html><html lang="{lang}"><title>{title}</title><style>
        @page {{ size: {size}; margin: 1cm }}
        p {{ font: 36pt sans-serif; margin: 0; break-after: page }}
        p:last-child {{ break-after: auto }}
        </style>{body}""").write_pdf()


def markers(text: str) -> list[str]:
    return MARKER.findall(text)


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def size(page) -> tuple[float, float]:
    box = page.mediabox
    return float(box.width), float(box.height)


def halves(data: bytes) -> list[tuple[str | None, str | None]]:
    """Per page: the marker in its left half and in its right half (None where empty)."""
    document = pypdfium2.PdfDocument(data)
    try:
        result = []
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            text = page.get_textpage()
            left = text.get_text_bounded(0, 0, width / 2, height).strip()
            right = text.get_text_bounded(width / 2, 0, width, height).strip()
            result.append((left or None, right or None))
        return result
    finally:
        document.close()


def placements(page) -> list[tuple[float, ...]]:
    """The `cm` matrix (a b c d e f) in force at each `Do` of a page's content stream."""
    operations = ContentStream(page.get_contents(), page.pdf).operations
    found, matrix = [], None
    for operands, operator in operations:
        if operator == b"cm":
            matrix = tuple(float(value) for value in operands)
        elif operator == b"Do":
            found.append(matrix)
    return found


def expected_sides(count: int) -> list[tuple[str | None, str | None]]:
    """The markers the brief asks for, written out from its formula (not from saddle_order)."""
    padded = (count + 3) // 4 * 4
    marker = lambda index: f"PAGE-{index + 1}" if index < count else None  # noqa: E731
    sides = []
    for k in range(padded // 4):
        sides.append((marker(padded - 1 - 2 * k), marker(2 * k)))
        sides.append((marker(2 * k + 1), marker(padded - 2 - 2 * k)))
    return sides


# --- saddle_order -----------------------------------------------------------------------------

def test_saddle_order_of_eight_pages():
    assert saddle_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]


def test_saddle_order_pads_with_blanks_at_the_end():
    assert saddle_order(5) == [(None, 0), (1, None), (None, 2), (3, 4)]
    assert saddle_order(1) == [(None, 0), (None, None)]
    assert saddle_order(0) == []


@pytest.mark.parametrize("count", range(1, 26))
def test_saddle_order_places_every_page_once(count):
    sides = saddle_order(count)
    padded = (count + 3) // 4 * 4
    assert len(sides) == padded // 2
    placed = [index for side in sides for index in side]
    assert sorted(index for index in placed if index is not None) == list(range(count))
    assert placed.count(None) == padded - count
    # Folded, the stack reads in order: right of a front, left of its back, ... from the outside in.
    fronts, backs = sides[0::2], sides[1::2]
    outer = [i if i < count else None for i in range(padded // 2)]
    assert [front[1] for front in fronts] == outer[0::2]
    assert [back[0] for back in backs] == outer[1::2]


def test_saddle_order_rejects_a_negative_count():
    with pytest.raises(ValueError):
        saddle_order(-1)


# --- bundle -----------------------------------------------------------------------------------

def make_parts(counts: list[int]) -> list[tuple[str, bytes]]:
    parts, first = [], 1
    for number, count in enumerate(counts, start=1):
        lang = "fr" if number == 1 else "en"
        parts.append((f"Handout {number}", pages(count, first=first, lang=lang)))
        first += count
    return parts


@pytest.mark.parametrize("counts", [[1, 2, 3, 4], [3, 1, 4, 2], [4, 2], [1], [2, 1, 1]])
def test_bundle_starts_every_part_on_an_odd_page(counts):
    parts = make_parts(counts)
    pdf = reader(bundle(parts, "Handouts"))

    starts, expected_texts, position = [], [], 0
    for number, count in enumerate(counts):
        starts.append(position)
        expected_texts += [f"PAGE-{sum(counts[:number]) + i + 1}" for i in range(count)]
        position += count
        if count % 2 and number < len(counts) - 1:
            expected_texts.append("")  # the blank
            position += 1
    assert len(pdf.pages) == position
    assert all(start % 2 == 0 for start in starts)  # 0-based even = page 1, 3, 5...
    assert [pdf.pages[i].extract_text().strip() for i in range(len(pdf.pages))] == expected_texts
    assert [(item.title, pdf.get_destination_page_number(item)) for item in pdf.outline] == [
        (title, start) for (title, _), start in zip(parts, starts)]
    assert pdf.metadata.title == "Handouts"
    assert pdf.trailer["/Root"]["/Lang"] == "fr"
    assert all(size(page) == pytest.approx(A5, abs=1e-3) for page in pdf.pages)


def test_bundle_blank_is_the_size_of_the_page_before_it():
    parts = [("Small", pages(1, size="A6")), ("Big", pages(3, size="A4", first=2)),
             ("Letter", pages(1, size="letter", first=5))]
    pdf = reader(bundle(parts, "Mixed"))
    a6 = (297.637795, 419.527559)
    assert [size(page) for page in pdf.pages] == [pytest.approx(s, abs=1e-3) for s in
                                                  [a6, a6, A4, A4, A4, A4, (612, 792)]]
    assert pdf.pages[1].extract_text() == "" and pdf.pages[5].extract_text() == ""


def test_bundle_title_and_outline_keep_any_script():
    parts = [("Ça « marche »", pages(1)), ("Ελληνικά — 日本語", pages(1, first=2))]
    pdf = reader(bundle(parts, "Dossier n° 2 — été"))
    assert pdf.metadata.title == "Dossier n° 2 — été"
    assert [item.title for item in pdf.outline] == [title for title, _ in parts]


def test_bundle_outline_is_one_entry_per_part_whatever_the_parts_carry():
    """Handouts have outlines of their own (title, sections); pikepdf 10.18's add_pages_from
    carries them along with the pages. The bundle's outline is still one entry per part."""
    handout = HTML(string="""<html lang="en"><style>@page { size: A5 }</style>
        <h1>Own title</h1><h2>A section</h2><p>PAGE-1</p></html>""").write_pdf()
    assert len(reader(handout).outline) == 2  # the part does carry entries of its own
    pdf = reader(bundle([("First", handout), ("Second", handout)], "T"))
    assert [(item.title, pdf.get_destination_page_number(item)) for item in pdf.outline] == [
        ("First", 0), ("Second", 2)]


def test_bundle_without_lang_writes_none():
    bare = pages(1, lang="")
    assert "/Lang" not in reader(bundle([("Bare", bare)], "T")).trailer["/Root"]


def test_bundle_keeps_links_inside_each_part():
    """Handouts name their anchors alike; each link must still land in its own part."""
    handout = HTML(string="""<html lang="en">
        <style>@page { size: A5 } p { break-after: page }</style>
        <p><a href="#end">PAGE-A</a></p><p>PAGE-B</p><p id="end">PAGE-C</p></html>""").write_pdf()
    pdf = reader(bundle([("First", handout), ("Second", handout)], "T"))
    assert len(pdf.pages) == 7  # 3 pages, a blank, 3 pages
    targets = []
    for index, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots") or []:
            destination = pdf.named_destinations[str(annotation.get_object()["/Dest"])]
            targets.append((index, pdf.get_destination_page_number(destination)))
    assert targets == [(0, 2), (4, 6)]


@pytest.mark.parametrize("data, message", [
    (b"Hello, world", "not a PDF"),
    (b"", "not a PDF"),
    (b"%PDF-1.7\n", "not a readable PDF"),
    ("%PDF-1.7", "not a PDF"),
])
def test_bundle_rejects_a_part_that_is_not_a_pdf(data, message):
    with pytest.raises(ValueError, match=rf"bundle part 2 \('Broken'\) is {message}"):
        bundle([("Fine", pages(1)), ("Broken", data)], "T")


def test_bundle_rejects_no_parts():
    with pytest.raises(ValueError, match="at least one part"):
        bundle([], "T")


# --- booklet ----------------------------------------------------------------------------------

@pytest.mark.parametrize("count", [1, 2, 4, 5, 7, 8, 12])
def test_booklet_sides_and_order(count):
    pdf = booklet(pages(count), A4_LANDSCAPE)
    sheets = reader(pdf)
    assert len(sheets.pages) == (count + 3) // 4 * 2
    assert all(size(page) == pytest.approx(A4_LANDSCAPE, abs=1e-3) for page in sheets.pages)
    assert halves(pdf) == expected_sides(count)
    for page, (left, right) in zip(sheets.pages, expected_sides(count)):
        assert markers(page.extract_text()) == [m for m in (left, right) if m]  # pypdf reads both


def test_booklet_places_half_sheet_pages_at_full_size_centred():
    """A5 is 148 mm wide, half of A4 148.5 mm: 100 % (the fit expands by <0.001 %), centred."""
    sheet = reader(booklet(pages(2), A4_LANDSCAPE)).pages[0]
    (a, b, c, d, e, f), = placements(sheet)  # 4 sides; the first has page 1 on the right only
    assert (b, c) == (0, 0) and a == d == pytest.approx(1, abs=1e-4)
    half = A4_LANDSCAPE[0] / 2
    assert e == pytest.approx(half + (half - A5[0] * a) / 2, abs=0.01)
    assert f == pytest.approx((A4_LANDSCAPE[1] - A5[1] * d) / 2, abs=0.01)


def test_letter_booklet_from_half_letter_pages():
    pdf = booklet(pages(8, size="5.5in 8.5in"), LETTER_LANDSCAPE)
    sheets = reader(pdf)
    assert len(sheets.pages) == 4
    assert all(size(page) == (792, 612) for page in sheets.pages)
    assert halves(pdf) == expected_sides(8)
    # 5.5 x 8.5 in is exactly half a Letter sheet: placed at 100 %, flush with the halves.
    assert placements(sheets.pages[0]) == [(1, 0, 0, 1, 0, 0), (1, 0, 0, 1, 396, 0)]


def test_booklet_scales_a_larger_page_into_its_half():
    pdf = booklet(pages(4, size="A4"), A4_LANDSCAPE)
    sheets = reader(pdf)
    assert halves(pdf) == expected_sides(4)
    half_width, height = A4_LANDSCAPE[0] / 2, A4_LANDSCAPE[1]
    scale = min(half_width / A4[0], height / A4[1])  # uniform: the tighter of the two
    assert scale == pytest.approx(0.7071, abs=1e-4)
    left, right = placements(sheets.pages[0])
    for (a, b, c, d, e, f), x0 in ((left, 0), (right, half_width)):
        assert (b, c) == (0, 0)
        assert a == pytest.approx(scale, abs=1e-4) and d == pytest.approx(scale, abs=1e-4)
        assert e == pytest.approx(x0 + (half_width - A4[0] * scale) / 2, abs=0.01)
        assert f == pytest.approx((height - A4[1] * scale) / 2, abs=0.01)


def test_booklet_scales_a_smaller_page_up_and_never_distorts():
    sheet = reader(booklet(pages(1, size="A6"), A4_LANDSCAPE)).pages[0]
    (a, b, c, d, e, f), = placements(sheet)
    a6, half_width, height = (297.637795, 419.527559), A4_LANDSCAPE[0] / 2, A4_LANDSCAPE[1]
    scale = min(half_width / a6[0], height / a6[1])
    assert (b, c) == (0, 0)
    assert a == pytest.approx(scale, abs=1e-4) and d == pytest.approx(scale, abs=1e-4)
    assert e == pytest.approx(half_width + (half_width - a6[0] * scale) / 2, abs=0.01)
    assert f == pytest.approx((height - a6[1] * scale) / 2, abs=0.01)


def test_booklet_places_a_rotated_page_as_it_is_shown():
    """/Rotate 90 on an A5-landscape page shows it portrait: it fills its half at 100 %."""
    with pikepdf.open(io.BytesIO(pages(2, size="A5 landscape"))) as source:
        for page in source.pages:
            page.obj.Rotate = 90
        buffer = io.BytesIO()
        source.save(buffer)
    pdf = booklet(buffer.getvalue(), A4_LANDSCAPE)
    assert halves(pdf) == [(None, "PAGE-1"), ("PAGE-2", None)]
    (a, _b, _c, d, e, _f), = placements(reader(pdf).pages[0])
    assert a == pytest.approx(1, abs=1e-4) and d == pytest.approx(1, abs=1e-4)
    assert e == pytest.approx(A4_LANDSCAPE[0] / 2 + (A4_LANDSCAPE[0] / 2 - A5[0]) / 2, abs=0.01)


def test_booklet_keeps_title_and_language():
    pdf = reader(booklet(pages(3, lang="de", title="Merkblatt"), A4_LANDSCAPE))
    assert pdf.metadata.title == "Merkblatt"
    assert pdf.trailer["/Root"]["/Lang"] == "de"


@pytest.mark.parametrize("sheet", [(595.28, 841.89), (0, 0), (float("nan"), 595), ("A4", 1),
                                   (841.89,)])
def test_booklet_rejects_a_bad_sheet(sheet):
    with pytest.raises(ValueError, match="sheet must be"):
        booklet(pages(1), sheet)


@pytest.mark.parametrize("data", [b"", b"<html></html>", b"%PDF-1.4\ngarbage"])
def test_booklet_rejects_what_is_not_a_pdf(data):
    with pytest.raises(ValueError, match="booklet's input is not a"):
        booklet(data, A4_LANDSCAPE)


# --- determinism ------------------------------------------------------------------------------

RUN = textwrap.dedent("""
    import pathlib, sys
    from book.render.impose import booklet, bundle
    folder = pathlib.Path(sys.argv[1])
    parts = [(f"Handout {i} — é", (folder / f"in{i}.pdf").read_bytes()) for i in range(3)]
    (folder / sys.argv[2]).write_bytes(bundle(parts, "Handouts — été"))
    (folder / sys.argv[3]).write_bytes(booklet(parts[2][1], (841.89, 595.28)))
""")


def test_output_is_the_same_in_every_process(tmp_path):
    inputs = [pages(1), pages(2, first=2), pages(5, first=4)]
    for index, data in enumerate(inputs):
        (tmp_path / f"in{index}.pdf").write_bytes(data)
    for run in ("a", "b"):
        done = subprocess.run([sys.executable, "-c", RUN, str(tmp_path), f"bundle-{run}.pdf",
                               f"booklet-{run}.pdf"], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
    parts = [(f"Handout {i} — é", data) for i, data in enumerate(inputs)]
    assert (tmp_path / "bundle-a.pdf").read_bytes() == (tmp_path / "bundle-b.pdf").read_bytes() \
        == bundle(parts, "Handouts — été")
    assert (tmp_path / "booklet-a.pdf").read_bytes() == (tmp_path / "booklet-b.pdf").read_bytes() \
        == booklet(inputs[2], A4_LANDSCAPE)
    assert set(reader(bundle(parts, "T")).metadata) == {"/Title"}  # no dates, no producer
