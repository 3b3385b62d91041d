"""The cover: the generated PNG (Pillow, pypdf, fontTools, subprocesses), the user's file, the macro.

The generated cover is rendered by two fresh interpreters (WeasyPrint is reproducible across
processes, not within one); the other tests look at the first one's PNG.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import struct
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import lxml.html
import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML

from book.errors import RenderError
from book.model import Book, BookMeta, Chapter, Paragraph, Source, Text
from book.render import cover as cover_module
from book.render.cover import HEIGHT, WIDTH, cover_image, cover_pdf
from book.render.fetcher import ProjectFetcher
from book.render.templates import environment

ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "styles"
TITLE = "The Quiet Rooms of Summer"


def cover_book(cover: Path | None = None) -> Book:
    """A book with every field the cover prints. Also run by subprocesses."""
    meta = BookMeta(title=TITLE, subtitle="Essays on staying & leaving",
                    authors=("Ann O'Neil", "Zoé Brant"), language="en-GB",
                    identifier="urn:uuid:00000000-0000-5000-8000-00000000c0e7",
                    modified=datetime.datetime(2025, 7, 15, tzinfo=datetime.UTC),
                    publisher="Small Press & Co", cover_image=cover)
    chapter = Chapter(source=Source(Path("chapters/one.txt")), slug="one", title="One",
                      blocks=(Paragraph((Text("Text."),)),))
    return Book(meta=meta, chapters=(chapter,))


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> list[bytes]:
    """The generated cover from two interpreters with different hash seeds."""
    folder = tmp_path_factory.mktemp("cover")
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import test_cover; "
            "from book.render.cover import cover_image; "
            "data, kind = cover_image(test_cover.cover_book(), Path(sys.argv[3])); "
            "assert kind == 'image/png', kind; Path(sys.argv[2]).write_bytes(data)")
    runs = [(folder / f"cover{seed}.png", subprocess.Popen(
                [sys.executable, "-c", code, str(Path(__file__).parent), str(folder / f"cover{seed}.png"), str(STYLES)],
                env={**os.environ, "PYTHONHASHSEED": seed}, cwd=folder,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            for seed in ("1", "2")]
    outputs = []
    for target, process in runs:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        outputs.append(target.read_bytes())
    return outputs


@pytest.fixture(scope="module")
def png(renders) -> Image.Image:
    image = Image.open(io.BytesIO(renders[0]))
    image.load()
    return image


def _luminance(pixel: tuple[int, int, int]) -> float:
    red, green, blue = pixel
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG file, in order."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    types, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        types.append(kind)
        offset += 12 + length
    return types


# ------------------------------------------------------------------ the generated PNG


def test_generated_cover_is_identical_across_processes(renders):
    assert renders[0] == renders[1]


def test_generated_cover_is_a_1600_by_2560_png_with_nothing_but_pixels(renders, png):
    assert (png.format, png.size, png.mode) == ("PNG", (WIDTH, HEIGHT), "RGB")
    assert set(_chunks(renders[0])) == {b"IHDR", b"IDAT", b"IEND"}  # no tIME, tEXt, iTXt, pHYs


def test_generated_cover_has_light_lettering_on_a_dark_ground(png):
    colours = png.getcolors(maxcolors=WIDTH * HEIGHT)
    assert len(colours) > 50  # antialiased type on a ground, not a blank page
    ground = max(colours)[1]
    assert _luminance(ground) < 80
    for corner in ((0, 0), (WIDTH - 1, 0), (0, HEIGHT - 1), (WIDTH - 1, HEIGHT - 1)):
        assert png.getpixel(corner) == ground, corner  # the ground runs to every edge
    title_band = png.crop((0, int(HEIGHT * 0.1), WIDTH, int(HEIGHT * 0.3)))
    light = sum(count for count, pixel in title_band.getcolors(maxcolors=WIDTH * HEIGHT) if _luminance(pixel) > 200)
    assert light > 5000  # the title's strokes
    foot = png.crop((0, int(HEIGHT * 0.85), WIDTH, HEIGHT))
    assert len(foot.getcolors(maxcolors=WIDTH * HEIGHT)) > 2  # the publisher at the foot


def test_generated_cover_uses_only_the_bundled_fonts():
    reader = PdfReader(io.BytesIO(cover_pdf(cover_book(), STYLES)))
    assert len(reader.pages) == 1
    bundled = {TTFont(path, lazy=True)["name"].getDebugName(6) for path in STYLES.glob("fonts/*/*.[ot]tf")}
    embedded = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        assert re.fullmatch(r"/[A-Z]{6}\+Book-(Serif|Sans)(-[A-Za-z]+)?", str(font["/BaseFont"])), font["/BaseFont"]
        for descendant in font["/DescendantFonts"]:
            descriptor = descendant.get_object()["/FontDescriptor"].get_object()
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            embedded.append(program["name"].getDebugName(6))  # the embedded subset's own PostScript name
    assert embedded and set(embedded) <= bundled, set(embedded) - bundled
    assert all(name.startswith(("CharisSIL", "Lato")) for name in embedded)
    assert {"CharisSIL", "CharisSIL-Italic", "Lato-Bold"} <= set(embedded)  # title, subtitle, authors


def test_generated_cover_document_is_standalone_and_offline():
    page = lxml.html.fromstring(cover_module.cover_document(cover_book()))
    assert page.get("lang") == "en-GB"
    assert page.xpath("//link[@rel='stylesheet']/@href") == ["fonts.css", "cover.css"]
    assert not page.xpath("//*[@src or @href][contains(@src, ':') or contains(@href, ':')]")
    assert page.xpath("string(//p[@class='cover-title'])") == TITLE


def test_missing_stylesheet_is_reported(tmp_path):
    (tmp_path / "fonts.css").write_text("")
    with pytest.raises(RenderError, match="stylesheet") as caught:
        cover_image(cover_book(), tmp_path)
    assert caught.value.source == tmp_path / "cover.css"


# ------------------------------------------------------------------ the user's cover


def _image_file(path: Path, kind: str) -> Path:
    Image.new("RGB", (16, 26), (200, 40, 30)).save(path, format=kind)
    return path


@pytest.mark.parametrize(("name", "kind", "media_type"), [
    ("cover.jpg", "JPEG", "image/jpeg"), ("cover.png", "PNG", "image/png"),
    ("misnamed.jpg", "PNG", "image/png"),  # the bytes decide, not the name
])
def test_user_cover_is_returned_unchanged(tmp_path, name, kind, media_type):
    path = _image_file(tmp_path / name, kind)
    assert cover_image(cover_book(path), STYLES) == (path.read_bytes(), media_type)


def test_user_cover_that_is_no_image_is_refused(tmp_path):
    path = tmp_path / "cover.png"
    path.write_bytes(b"GIF89a not what book.toml promised")
    with pytest.raises(RenderError, match="neither a PNG nor a JPEG") as caught:
        cover_image(cover_book(path), STYLES)
    assert caught.value.source == path


def test_unreadable_user_cover_is_reported(tmp_path):
    with pytest.raises(RenderError, match="cannot read") as caught:
        cover_image(cover_book(tmp_path / "gone.jpg"), STYLES)
    assert caught.value.source == tmp_path / "gone.jpg"


# ------------------------------------------------------------------ the macro, on pages of any size


def _macro(meta: BookMeta, image_href: str | None = None) -> lxml.html.HtmlElement:
    html = environment().from_string('{% from "cover.j2" import cover %}{{ cover(meta, href) }}').render(
        meta=meta, href=image_href)
    return lxml.html.fragment_fromstring(html)


def test_macro_typographic_cover_escapes_and_orders_the_lettering():
    meta = replace(cover_book().meta, title="Cats <& dogs>")
    section = _macro(meta)
    assert (section.tag, section.get("id"), section.get("class").split()[0]) == ("section", "cover", "cover")
    texts = [(e.get("class"), e.text_content()) for e in section.iter("p")]
    assert texts == [("cover-title", "Cats <& dogs>"), ("cover-subtitle", "Essays on staying & leaving"),
                     ("cover-authors", "Ann O'NeilZoé Brant"), ("cover-publisher", "Small Press & Co")]
    assert not section.xpath(".//h1 | .//h2 | .//img")  # no second heading: the title page has the h1


def test_macro_leaves_out_what_the_book_lacks():
    meta = BookMeta(title="Bare", identifier="urn:x", language="en")
    assert [e.get("class") for e in _macro(meta).iter("p")] == ["cover-title"]


def test_macro_with_an_image_is_just_the_image():
    section = _macro(cover_book().meta, "styles/cover.jpg")
    assert section.get("id") == "cover"
    assert [(img.get("src"), img.get("alt")) for img in section.iter("img")] == [("styles/cover.jpg", TITLE)]
    assert section.text_content().strip() == ""


@pytest.mark.parametrize(("size", "image"), [("A5", False), ("6in 9in", False), ("A5", True)])
def test_cover_fills_exactly_the_first_page_of_a_book(tmp_path, size, image):
    """Fonts and cover.css in a two-page document with ordinary margins, as the PDF links them."""
    href = _image_file(tmp_path / "cover.jpg", "JPEG").as_uri() if image else None
    body = environment().from_string('{% from "cover.j2" import cover %}{{ cover(meta, href) }}').render(
        meta=cover_book().meta, href=href)
    html = (f'<html lang="en"><head><link rel="stylesheet" href="fonts.css"><link rel="stylesheet" href="cover.css">'
            f'<style>@page {{ size: {size}; margin: 20mm; }} body {{ margin: 0; }}</style></head>'
            f'<body>{body}<h1>Title page</h1></body></html>')
    pdf = HTML(string=html, base_url=STYLES.as_uri() + "/", url_fetcher=ProjectFetcher([STYLES, tmp_path])).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    try:
        assert len(document) == 2
        first = document[0].render(scale=0.5).to_pil().convert("RGB")
        assert "Title page" not in document[0].get_textpage().get_text_range()
        assert "Title page" in document[1].get_textpage().get_text_range()
    finally:
        document.close()
    width, height = first.size
    if image:  # the red picture, as large as its proportions allow: full height, centred
        centre = first.getpixel((width // 2, height // 2))
        assert centre[0] > 150 and centre[1] < 90, centre
        assert first.getpixel((width // 2, 1))[0] > 150 and first.getpixel((width // 2, height - 2))[0] > 150
        return
    ground = max(first.getcolors(maxcolors=width * height))[1]
    assert _luminance(ground) < 80
    for point in ((0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1), (width // 2, height - 1)):
        assert first.getpixel(point) == ground, point  # no margin, no folio
