"""The sample book end to end: built by the CLI, judged by pypdf, EPUBCheck 5 and XPath."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest
from lxml import etree, html as lxml_html
from pypdf import PdfReader

from conftest import ROOT, epub_text, epubcheck, epubcheck_problems, normalise, run_book

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}
TITLES = ["Healing Relational Wounds Through Shared Erotic Activities",
          "How attachment-focused interventions help partners rebuild sexual intimacy and "
          "emotional security after rupture."]
# Boilerplate of the seed articles that must appear in no output.
BOILERPLATE = ["ADVERTISEMENT", "Related Articles", "Linkedin", "Bluesky", "min Read",
               "Published by", "ACT-inspired strategies", "July 31, 2025"]


@pytest.fixture(scope="module")
def outputs(sample):
    root, _done = sample
    return root / "build"


@pytest.fixture(scope="module")
def pdf(outputs):
    return PdfReader(outputs / "book.pdf")


def outline(reader):
    """[(title, page number, [(child title, page number), ...]), ...] from the PDF outline."""
    result, items = [], reader.outline
    for index, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[index + 1] if index + 1 < len(items) and isinstance(
            items[index + 1], list) else []
        result.append((item.title, reader.get_destination_page_number(item) + 1,
                       [(c.title, reader.get_destination_page_number(c) + 1) for c in children
                        if not isinstance(c, list)]))
    return result


def seed_body_lines():
    """Every body line of the seeds: the words the book must keep, unchanged."""
    lines = []
    for path in sorted((ROOT / "chapters").glob("*.txt")):
        text = path.read_text(encoding="utf-8").splitlines()
        end = text.index("Related Articles") if "Related Articles" in text else len(text)
        start = 6 if "Published by" in "".join(text[:6]) else 0
        lines += [line for line in text[start:end] if line.strip() and line != "ADVERTISEMENT"]
    return lines


def test_make_outputs(outputs, sample):
    for name in ("book.pdf", "book.epub", "book.html", "styles/print.css"):
        assert (outputs / name).is_file(), name
    assert not list(outputs.glob(".*.part")), "temporary files left behind"
    log = sample[1].stderr
    assert re.search(r"chapters/02-attachment-focused-repair-after-rupture\.txt: removed share "
                     r"bar \(line 4\).*6 advertisement lines.*related-articles list \(lines 29-65\)",
                     log), log


def test_pdf_outline_is_chapters_and_their_sections(pdf):
    entries = outline(pdf)
    assert [title for title, _page, _children in entries] == TITLES
    sections = [[title for title, _page in children] for _t, _p, children in entries]
    assert sections[0][0] == "Boundaries, consent, and mindful pacing sustain long-term recovery and joy."
    assert len(sections[0]) == 4 and len(sections[1]) == 4
    assert "Practical steps support a gradual, respectful rebuild of closeness." in sections[1]
    assert all("Contents" not in title for title, _p, _c in entries)


def test_contents_page_numbers_match_chapter_starts(pdf):
    entries = outline(pdf)
    contents = next(i for i, page in enumerate(pdf.pages) if "CONTENTS" in page.extract_text().upper())
    text = normalise(pdf.pages[contents].extract_text())
    numbers = [int(n) for n in re.findall(r"\.\s*(\d+)(?=\s|$)", text)]
    starts = [page for _title, page, _children in entries]
    assert numbers[:-1] == starts, text  # the last entry is the Sources page
    for (title, page, _children) in entries:  # the opener really is on that page
        assert normalise(title)[:40] in normalise(pdf.pages[page - 1].extract_text())
    # The contents entries are links to those pages.
    links = [a.get_object() for a in pdf.pages[contents].get("/Annots", [])]
    assert len([a for a in links if a["/Subtype"] == "/Link"]) >= len(starts)


def test_pdf_metadata(pdf):
    info = pdf.metadata
    assert info.title == "Healing Together"
    assert info.author == "Various authors"
    assert info["/CreationDate"].startswith("D:20250801")
    assert pdf.trailer["/Root"]["/Lang"] == "en"


def test_pdf_keeps_the_words_and_drops_boilerplate(pdf):
    text = normalise("\n".join(page.extract_text() for page in pdf.pages))
    for snippet in BOILERPLATE:
        assert snippet not in text
    for line in seed_body_lines():
        assert normalise(line)[:60] in text, line[:60]
    upper = text.upper()
    assert "CHARLES TAYLOR" in upper and "JULY 14, 2025" in upper and "SEXUALITY & MENTAL HEALTH" in upper


def test_html_is_standalone_and_escaped(outputs):
    source = (outputs / "book.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(source)
    assert doc.get("lang") == "en"
    assert [link.get("href") for link in doc.xpath("//link[@rel='stylesheet']")] == [
        "styles/fonts.css", "styles/base.css", "styles/cover.css", "styles/screen.css",
        "styles/print.css"]
    text = doc.text_content()
    for snippet in BOILERPLATE:
        assert snippet not in text
    for line in seed_body_lines():
        assert line in text
    assert doc.xpath("//article/header/p[@class='kicker']/text()") == ["Sexuality & mental health"] * 2


def test_weasyprint_cli_renders_the_html_like_the_builder(outputs, tmp_path, pdf):
    """`weasyprint build/book.html x.pdf` gives the same pages and text as build/book.pdf."""
    target = tmp_path / "x.pdf"
    done = subprocess.run([sys.executable, "-m", "weasyprint", str(outputs / "book.html"),
                           str(target)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    other = PdfReader(target)
    assert len(other.pages) == len(pdf.pages)
    assert [p.extract_text() for p in other.pages] == [p.extract_text() for p in pdf.pages]


def test_epub_passes_epubcheck(outputs):
    report = epubcheck(outputs / "book.epub")
    assert epubcheck_problems(report) == []
    assert report["checker"]["nFatal"] == report["checker"]["nError"] == 0
    assert report["checker"]["nWarning"] == 0


def test_epub_opf_and_nav(outputs):
    with zipfile.ZipFile(outputs / "book.epub") as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        opf = etree.fromstring(archive.read(opf_path))
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        nav_href = opf.xpath("//opf:item[contains(@properties,'nav')]/@href", namespaces=NS)[0]
        nav = etree.fromstring(archive.read(base + nav_href))
        ncx_href = opf.xpath("//opf:item[@media-type='application/x-dtbncx+xml']/@href",
                             namespaces=NS)[0]
        ncx = etree.fromstring(archive.read(base + ncx_href))
    assert opf.xpath("//dc:title/text()", namespaces=NS)[0] == "Healing Together"
    assert opf.xpath("//dc:language/text()", namespaces=NS) == ["en"]
    assert opf.xpath("//dc:creator/text()", namespaces=NS) == ["Various authors"]
    assert opf.xpath("//dc:identifier/text()", namespaces=NS)[0].startswith("urn:uuid:")
    assert opf.xpath("//dc:date/text()", namespaces=NS)[0].startswith("2025-08-01")
    assert opf.xpath("//opf:meta[@property='dcterms:modified']/text()",
                     namespaces=NS) == ["2025-08-01T00:00:00Z"]
    toc = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li", namespaces=NS)
    labels = [normalise("".join(li.xpath("./x:a//text()", namespaces=NS))).strip() for li in toc]
    assert labels[-3:] == [*TITLES, "Sources"]
    assert all(len(li.xpath("./x:ol/x:li", namespaces=NS)) == 4 for li in toc[-3:-1])
    assert len(ncx.xpath("//ncx:navPoint", namespaces=NS)) >= 10


def test_epub_has_no_boilerplate(outputs):
    text = epub_text(outputs / "book.epub")
    for snippet in BOILERPLATE:
        assert snippet not in text
    for line in seed_body_lines():
        assert line in text


def test_builds_are_byte_identical(outputs, tmp_path):
    """A second build, in another process and another folder, gives the same bytes."""
    other = tmp_path / "again"
    done = run_book("build", str(outputs.parent), "-o", str(other), "-q")
    assert done.returncode == 0, done.stderr
    for name in ("book.pdf", "book.epub", "book.html"):
        assert (other / name).read_bytes() == (outputs / name).read_bytes(), name


def test_book_check_passes_on_the_sample(sample):
    """`book check` (EPUBCheck, e-reader rules, PDF checks) finds nothing to fault."""
    root, _done = sample
    done = run_book("check", str(root))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1].endswith(" passed, 0 failed")
    assert "FAIL" not in done.stdout


def test_epub_print_page_numbers_match_the_pdf(outputs, pdf):
    """Every pagebreak marker in the EPUB sits where that page of the PDF begins."""
    with zipfile.ZipFile(outputs / "book.epub") as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
        pages = nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)
        assert len(pages) >= 8
        openers = 0
        for link in pages:
            name, anchor = link.get("href").split("#")
            doc = lxml_html.fromstring(archive.read("EPUB/" + name))
            marker = doc.get_element_by_id(anchor)
            assert marker.get("aria-label") == link.text
            words = normalise("".join(marker.xpath("following::text()"))).split()
            page_text = normalise(pdf.pages[int(link.text) - 1].extract_text())
            # The marker stands before the word the page begins in (maybe its second half);
            # on a chapter opener, before the chapter head (the kicker or the title).
            # (A first line in small capitals reads back in capitals.)
            assert " ".join(words[1:5]).upper() in page_text[:600].upper(), (link.text, words[:5])
            if marker.getnext() is not None and marker.getnext().tag == "header":
                openers += 1
                assert page_text.upper().startswith(" ".join(words[:3]).upper()), words[:5]
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    assert openers == 2  # each chapter's opener page
    assert opf.xpath("//opf:meta[@property='source-of']/text()", namespaces=NS) == ["pagination"]
