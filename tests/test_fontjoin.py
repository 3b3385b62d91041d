"""Each font embedded once in the joined PDFs (render/fontjoin.py, render/fontmerge.py).

The sample book is built by the CLI (the `sample` fixture); its parts (the build's cache) and
handouts are joined here again with pikepdf, once without the merge and once with it, and the
two are read back with pypdf and rendered with PDFium: the same text, the same pixels.
"""

from __future__ import annotations

import collections
import io
import re
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from book.render.fontjoin import join_fonts
from book.render.fontmerge import Conflict, merged_program
from book.render.impose import _save

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "styles" / "fonts"


def font_programs(data: bytes) -> dict[str, int]:
    """How many font programs the PDF embeds, per font name without its subset tag."""
    found = collections.Counter()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" \
                    and any(key in obj for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                found[re.sub(r"^[A-Z]{6}\+", "", str(obj.FontName)[1:])] += 1
    return dict(found)


def joined(paths: list[Path], merge: bool) -> bytes:
    """The PDFs one after another, as the book's and the bundle's join puts pages together."""
    with pikepdf.new() as out:
        sources = [pikepdf.open(path) for path in paths]
        for source in sources:
            out.pages.extend(source.pages)
        if merge:
            join_fonts(out)
        data = _save(out, "1.7")
        for source in sources:
            source.close()
    return data


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pages_pixels(data: bytes) -> list[bytes]:
    """Each page rendered by PDFium at 100 dpi."""
    document = pypdfium2.PdfDocument(data)
    try:
        return [page.render(scale=100 / 72).to_pil().tobytes() for page in document]
    finally:
        document.close()


@pytest.fixture(scope="module")
def parts(sample) -> list[Path]:
    """The sample book's parts as WeasyPrint wrote them, and its handouts."""
    build = sample[0] / "build"
    found = sorted((build / ".cache" / "parts").glob("*.pdf")) + sorted(
        (build / "handouts").glob("*.pdf"))
    assert len(found) >= 5
    return found


def test_book_and_bundle_embed_each_font_once(sample):
    build = sample[0] / "build"
    for name in ("book.pdf", "handouts.pdf"):
        programs = font_programs((build / name).read_bytes())
        assert programs and set(programs.values()) == {1}, (name, programs)


def test_parts_embed_a_font_each(parts):
    """What the merge is for: without it, the joined parts carry a font once per part."""
    programs = font_programs(joined(parts, merge=False))
    assert max(programs.values()) >= 4, programs


def test_merge_keeps_text_and_pixels(parts):
    before, after = joined(parts, merge=False), joined(parts, merge=True)
    assert set(font_programs(after).values()) == {1}
    assert len(after) < len(before) * 0.75, (len(before), len(after))
    assert pages_text(after) == pages_text(before)
    assert pages_pixels(after) == pages_pixels(before)
    assert joined(parts, merge=True) == after  # the same bytes each time


def test_scripts_and_accents_merge_too(pdfua_book):
    """French, Arabic and Hebrew (tests/fixtures/pdfua): composite glyphs whose parts each
    part's subset renumbered, GDEF's mark classes; the parts and handouts joined."""
    build, _ = pdfua_book
    paths = sorted((build / ".cache" / "parts").glob("*.pdf")) + sorted(
        (build / "handouts").glob("*.pdf"))
    before, after = joined(paths, merge=False), joined(paths, merge=True)
    assert font_programs(before)["Book-Arabic"] > 1
    assert set(font_programs(after).values()) == {1}, font_programs(after)
    assert pages_text(after) == pages_text(before)
    assert pages_pixels(after) == pages_pixels(before)


def test_fonts_that_disagree_are_left_apart(parts, tmp_path):
    """Two fonts under one name (not subsets of one font program): that name's fonts are not
    merged, and the pages draw what they drew."""
    renamed, done = [], False
    for index, path in enumerate(parts[:3]):
        with pikepdf.open(path) as pdf:
            fonts = {str(font.BaseFont).split("+")[1]: font
                     for font in pdf.pages[0].Resources.Font.values()}
            if index and not done and {"Book-Serif", "Book-Sans-Bold"} <= fonts.keys():
                sans, serif = fonts["Book-Sans-Bold"], fonts["Book-Serif"]
                sans.BaseFont = serif.BaseFont  # the sans bold named as the serif
                sans.DescendantFonts[0].BaseFont = serif.BaseFont
                sans.DescendantFonts[0].FontDescriptor.FontName = serif.BaseFont
                done = True
            renamed.append(tmp_path / f"part-{index}.pdf")
            pdf.save(renamed[-1])
    assert done
    before, after = joined(renamed, merge=False), joined(renamed, merge=True)
    assert font_programs(after)["Book-Serif"] == font_programs(before)["Book-Serif"] == 4
    assert font_programs(after)["Book-Serif-Italic"] == 1
    assert pages_text(after) == pages_text(before)
    assert pages_pixels(after) == pages_pixels(before)


def _subset(font: TTFont, gids, retain: bool) -> TTFont:
    options = subset.Options(retain_gids=retain, passthrough_tables=False, hinting=False,
                             ignore_missing_glyphs=True, desubroutinize=True)
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=gids)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return TTFont(io.BytesIO(out.getvalue()))


def weasyprint_subset(path: Path, text: str) -> tuple[TTFont, dict[str, int]]:
    """`text`'s glyphs of the font, subset as WeasyPrint 70 has hb-subset do it, in two passes
    (here by fontTools, which like hb-subset drops the tables it does not know): keeping glyph
    IDs, then cut after the last glyph drawn, the parts of composite glyphs that lie after it
    renumbered. And the glyph ID of each character."""
    font = TTFont(path)
    gids = {char: font.getGlyphID(font.getBestCmap()[ord(char)]) for char in text}
    kept = _subset(font, set(gids.values()), retain=True)
    return _subset(kept, range(max(gids.values()) + 1), retain=False), gids


def drawn_as(font: TTFont, gid: int):
    """How a glyph is drawn: its outline (composite glyphs resolved) and its metrics."""
    name = font.getGlyphOrder()[gid]
    coordinates, ends, flags = font["glyf"][name].getCoordinates(font["glyf"])
    return list(coordinates), list(ends), list(flags), font["hmtx"][name]


def test_merged_program_draws_every_glyph_of_each_subset():
    """Accented letters are composite glyphs whose accent lies far after the letters: cut
    after the last glyph drawn, each subset has the accent under an ID of its own."""
    italic = FONTS / "charis-sil" / "CharisSIL-Italic.ttf"
    subsets = [weasyprint_subset(italic, text) for text in ("Hé", "éñö", "Helo’ǅà", "à")]
    assert all(len(font.getGlyphOrder()) > max(gids.values()) + 1  # accents renumbered
               for font, gids in subsets[:2])
    programs = []
    for font, gids in subsets:
        out = io.BytesIO()
        font.save(out)
        programs.append((out.getvalue(), max(gids.values())))
    merged = TTFont(io.BytesIO(merged_program(programs)))
    for font, gids in subsets:
        for char, gid in gids.items():
            assert drawn_as(merged, gid) == drawn_as(font, gid), char
    assert merged.getBestCmap().keys() >= {ord(char) for char in "Héñöeo’ǅà"}
    assert merged_program(programs) == merged_program(list(programs))


def test_subsets_of_two_fonts_are_not_merged():
    one, gids = weasyprint_subset(FONTS / "charis-sil" / "CharisSIL-Regular.ttf", "Hello")
    other, _ = weasyprint_subset(FONTS / "lato" / "Lato-Regular.ttf", "Hello")
    programs = []
    for font in (one, other):
        out = io.BytesIO()
        font.save(out)
        programs.append((out.getvalue(), max(gids.values())))
    with pytest.raises(Conflict):
        merged_program(programs)
