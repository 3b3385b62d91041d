"""A book mixing formats: Markdown with an image, a table, code and footnotes; an Arabic chapter;
a scraped plain-text article (tests/books.py). Built by the CLI, judged by EPUBCheck, pypdf and
lxml here, and by DAISY Ace, calibre and Chromium in tests/test_judges.py."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree
from PIL import Image as PILImage
from pypdf import PdfReader

from conftest import epubcheck, epubcheck_problems, make_book, normalise, run_book
from pdfua_tools import pdftotext
from test_design import bundled_postscript_names, embedded_fonts


@pytest.fixture(scope="module")
def mixed(mixed_book):
    return mixed_book


def test_remote_image_is_refused_with_a_warning(mixed):
    _build, log = mixed
    assert re.search(r"chapters/01-listening\.md:\d+: image 'https://example.com/pixel.png' is "
                     r"remote", log)


def test_epub_is_valid_and_carries_the_image_and_pop_up_notes(mixed):
    build, _log = mixed
    assert epubcheck_problems(epubcheck(build / "book.epub")) == []
    with zipfile.ZipFile(build / "book.epub") as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        pictures = opf.xpath("//*[local-name()='item'][@media-type='image/png']"
                             "[not(contains(@properties, 'cover-image'))]")
        assert len(pictures) == 1
        chapter = etree.fromstring(archive.read(next(n for n in archive.namelist()
                                                     if n.startswith("EPUB/ch01"))))
        arabic = archive.read(next(n for n in archive.namelist() if n.startswith("EPUB/ch02")))
        texts = [archive.read(n) for n in archive.namelist() if n.endswith(".xhtml")]
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    image = chapter.xpath("//x:figure/x:img", namespaces=ns)[0]
    assert image.get("src") == pictures[0].get("href") and image.get("alt") == "A brown circle on sand"
    ref = chapter.xpath("//x:a[@epub:type='noteref']", namespaces=ns)[0]
    note = chapter.xpath("//x:aside[@epub:type='footnote']", namespaces=ns)[0]
    assert ref.get("href") == "#" + note.get("id")
    assert "second question" in "".join(note.itertext())
    assert b'dir="rtl"' in arabic and "الإصغاء".encode() in arabic
    assert not any(b"<script" in text or b"javascript:" in text for text in texts)


def test_pdf_has_the_image_the_note_at_the_foot_and_arabic_text(mixed):
    build, _log = mixed
    reader = PdfReader(build / "book.pdf")
    texts = [normalise(page.extract_text()) for page in reader.pages]
    ref_page = next(i for i, text in enumerate(texts) if "Listening is not waiting" in text)
    assert "second question is where the conversation begins" in texts[ref_page]
    assert any(page.images for page in reader.pages)
    # the Arabic as poppler reads it (pypdf reads no /ActualText: an alef with hamza drawn as two
    # glyphs is its two characters to it, mark first; poppler may leave a space where a span ends)
    assert "الإصغاء" in "".join(pdftotext(build / "book.pdf").split())
    assert {"Scheherazade-Regular", "DejaVuSansMono"} <= embedded_fonts(reader) <= bundled_postscript_names()
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/JavaScript" not in root.get("/Names", {})


def test_html_has_no_active_content_and_the_image_is_beside_it(mixed):
    build, _log = mixed
    html = (build / "book.html").read_text(encoding="utf-8")
    assert "<script" not in html and "javascript:" not in html
    sources = re.findall(r'<img src="(images/[^"]+)"', html)
    assert sources and all((build / src).is_file() for src in sources)


def test_handout_of_the_markdown_article_has_its_image_and_note(mixed):
    build, _log = mixed
    reader = PdfReader(build / "handouts" / "01-listening-as-repair.pdf")
    assert any(page.images for page in reader.pages)
    assert "second question" in normalise(reader.pages[0].extract_text())


def test_accessibility_claims_only_what_is_true(mixed, tmp_path):
    build, _log = mixed
    with zipfile.ZipFile(build / "book.epub") as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    features = opf.xpath("//*[local-name()='meta'][@property='schema:accessibilityFeature']/text()")
    assert "alternativeText" in features  # the one article image has alt text
    summary = opf.xpath("//*[local-name()='meta'][@property='schema:accessibilitySummary']/text()")[0]
    assert "1 image in the articles, each with alternative text" in summary
    article = "# No alt\n\nA paragraph long enough to stand as the text of this small article here.\n\n![](pic.png)\n"
    root = make_book(tmp_path, {"a.md": article})
    PILImage.new("RGB", (40, 40), (0, 0, 0)).save(root / "chapters" / "pic.png")
    done = run_book("build", str(root), "-f", "epub", "-q")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(root / "build" / "book.epub") as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    features = opf.xpath("//*[local-name()='meta'][@property='schema:accessibilityFeature']/text()")
    assert "alternativeText" not in features
    assert opf.xpath("//*[local-name()='meta'][@property='schema:accessModeSufficient']/text()") == [
        "textual,visual"]
    assert not opf.xpath("//*[local-name()='meta'][@property='dcterms:conformsTo']")
