"""The printed book's design, judged on the sample PDF: fonts, page sequence, heads, matter."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from conftest import ROOT, make_book, normalise, run_book

STYLES = ROOT / "styles"


@pytest.fixture(scope="module")
def pdf(sample):
    root, _done = sample
    return PdfReader(root / "build" / "book.pdf")


def bundled_postscript_names() -> set[str]:
    """PostScript names of every font file under styles/fonts/."""
    return {TTFont(path, lazy=True)["name"].getDebugName(6)
            for path in STYLES.glob("fonts/*/*.[ot]tf")}


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The PostScript names inside every font file embedded in the PDF.

    WeasyPrint names a font after its CSS family ("ABCDEF+Book-Serif"), so the name that tells
    whose font it is comes from the embedded file itself (a system fallback would say DejaVu).
    """
    names = set()
    for page in reader.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            stream = next(descriptor[key] for key in ("/FontFile2", "/FontFile3", "/FontFile")
                          if key in descriptor)
            names.add(TTFont(io.BytesIO(stream.get_object().get_data()))["name"].getDebugName(6))
    return names


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def chapter_starts(reader: PdfReader) -> list[int]:
    return [reader.get_destination_page_number(item) + 1
            for item in reader.outline if not isinstance(item, list)]


def test_every_embedded_font_is_bundled(pdf):
    used = embedded_fonts(pdf)
    assert used, "no fonts found"
    assert used <= bundled_postscript_names(), used - bundled_postscript_names()
    assert {"CharisSIL", "CharisSIL-Italic"} <= used


def test_chapters_open_on_odd_pages(pdf):
    starts = chapter_starts(pdf)
    assert starts and all(page % 2 == 1 for page in starts), starts


def test_cover_first_then_title_page_on_a_recto(pdf):
    texts = page_texts(pdf)
    assert "Healing Together" in texts[0]            # the typographic cover
    assert texts[1].strip() == ""                    # its blank verso
    assert "Healing Together" in texts[2] and "VARIOUS AUTHORS" in normalise(texts[2]).upper()
    assert "urn:uuid:" in texts[3] and "Charis SIL" in texts[3]  # copyright on the verso


def test_blank_pages_carry_no_head_or_folio(pdf):
    texts = [normalise(text).strip() for text in page_texts(pdf)]
    blanks = [number for number, text in enumerate(texts, 1) if not text]
    assert 2 in blanks  # the cover's verso
    for number, text in enumerate(texts, 1):  # no page holds only a running head or a folio
        assert not re.fullmatch(r"(\d+ )?(HEALING TOGETHER)?( \d+)?", text.upper()) or not text, number


def test_body_pages_carry_running_heads_and_folios(pdf):
    texts = page_texts(pdf)
    starts = chapter_starts(pdf)
    body = [n for n in range(starts[0] + 1, starts[1] - 1) if texts[n - 1].strip()]
    assert body
    for number in body:
        lines = [line.strip() for line in texts[number - 1].splitlines() if line.strip()]
        head = "HEALING TOGETHER" if number % 2 == 0 else "Healing Relational Wounds"
        assert any(line.upper().startswith(head.upper()) for line in lines), number
        assert str(number) in lines, number  # the folio, alone on its line


def test_openers_have_no_running_head(pdf):
    texts = page_texts(pdf)
    for start in chapter_starts(pdf):
        first = texts[start - 1].splitlines()[0]
        assert "HEALING TOGETHER" not in first.upper() or "SEXUALITY" in first.upper()


def test_sources_page_names_every_article(pdf):
    texts = page_texts(pdf)
    sources = next(i for i, t in enumerate(texts) if t.strip().upper().startswith("SOURCES"))
    text = normalise(texts[sources])
    assert sources + 1 == len(texts) or not texts[sources + 1].strip()
    assert "CHARLES TAYLOR" in text.upper() and "July 14, 2025" in text
    assert "Healing Relational Wounds Through Shared Erotic Activities" in text
    assert text.upper().count("SEXUALITY & MENTAL HEALTH") == 2


def test_contents_lists_sources_too(pdf):
    texts = page_texts(pdf)
    contents = next(i for i, t in enumerate(texts) if "CONTENTS" in t.upper())
    numbers = [int(n) for n in re.findall(r"\.\s*(\d+)(?=\s|$)", normalise(texts[contents]))]
    sources = next(i for i, t in enumerate(texts) if t.strip().upper().startswith("SOURCES")) + 1
    assert numbers == [*chapter_starts(pdf), sources]


def test_trade_paperback_trim(tmp_path):
    article = (ROOT / "chapters" / "02-attachment-focused-repair-after-rupture.txt").read_text()
    root = make_book(tmp_path, {"a.txt": article}, '[pdf]\ntrim = "6x9"\n')
    done = run_book("build", str(root), "-f", "pdf", "-q")
    assert done.returncode == 0, done.stderr
    box = PdfReader(root / "build" / "book.pdf").pages[5].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (432, 648)  # 6 x 9 in, in points


def test_no_heading_at_a_page_foot(pdf):
    """Every section heading has body text after it on its own page."""
    items = pdf.outline
    headings = [(child.title, pdf.get_destination_page_number(child)) for item in items
                if isinstance(item, list) for child in item]
    assert headings
    for title, index in headings:
        text = normalise(pdf.pages[index].extract_text())
        after = text[text.index(normalise(title)[:30]) + len(normalise(title)):]
        assert len(after.split()) > 12, (title, index + 1)  # lines of text, not just the folio


def test_characters_without_a_bundled_glyph_are_named(tmp_path):
    article = ("A heading for the test\nThis paragraph is long enough to be a paragraph, and it "
               "holds a heart 💞 and some Chinese 你好 that no bundled font can draw at all.\n")
    root = make_book(tmp_path, {"a.txt": article})
    done = run_book("build", str(root), "-f", "pdf")
    assert done.returncode == 0, done.stderr
    assert "chapters/a.txt:2: the bundled fonts have no glyph for 💞 (U+1F49E), 你 (U+4F60)" in done.stderr
    assert ".notdef" not in done.stderr


def test_book_pdf_is_tagged(pdf):
    """PDF/UA-1: a structure tree with headings and paragraphs, marked content, a language."""
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en" and pdf.metadata.title == "Healing Together"
    kinds = set()

    def collect(node, depth=0):
        node = node.get_object()
        if hasattr(node, "get") and "/S" in node:
            kinds.add(str(node["/S"]))
        kids = node.get("/K") if hasattr(node, "get") else None
        if depth < 12 and kids is not None:
            for kid in (kids if isinstance(kids, list) or (hasattr(kids, "__iter__") and not hasattr(kids, "get")) else [kids]):
                if hasattr(kid, "get_object"):
                    collect(kid, depth + 1)

    collect(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/P"} <= kinds, kinds


def test_archival_variant(tmp_path):
    """--pdf-variant pdf/a-3b: PDF/A-3 conformance B declared in the XMP metadata, still tagged."""
    import pikepdf

    article = (ROOT / "chapters" / "02-attachment-focused-repair-after-rupture.txt").read_text()
    root = make_book(tmp_path, {"a.txt": article})
    done = run_book("build", str(root), "-f", "pdf", "--pdf-variant", "pdf/a-3b", "-q")
    assert done.returncode == 0, done.stderr
    with pikepdf.open(root / "build" / "book.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "3" and meta.get("pdfaid:conformance") == "B"
        assert "/StructTreeRoot" in pdf.Root
