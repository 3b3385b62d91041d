"""Articles that do not say their language, built into every output (tests/fixtures/language/):
plain-text French, Arabic and Hebrew pastes and a Spanish saved page without `lang` come out in
their language (lang, direction, date, quotes, hyphenation, fonts), a declared language is kept
even when the text is in another, and book.toml's per-chapter language wins over detection.
Judged by EPUBCheck, lxml (EPUB XHTML, book.html), pikepdf and poppler's pdftotext (the PDF)."""

from __future__ import annotations

import re
import shutil
import subprocess
import types
import zipfile
from pathlib import Path

import pikepdf
import pyphen
import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from conftest import epubcheck, epubcheck_problems, make_book, run_book
from test_design import embedded_fonts

FIXTURES = Path(__file__).parent / "fixtures" / "language"
NNBSP, NBSP = "\u202f", "\u00a0"
TOML = """\
[book]
title = "Reading aloud"
language = "en"
""" + "".join(f'\n[[chapters]]\nfile = "{path.name}"\n' for path in sorted(FIXTURES.iterdir())
              if path.name != "README.md") + 'language = "de-CH"\n'  # the last: 06-swiss.txt
CHAPTERS = [  # (file, language, right to left, date as printed, words its quotes must give)
    ("01-french.txt", "fr", False, "14 juillet 2025",
     [f"«{NNBSP}se taisaient trop{NNBSP}»", f"si bien{NNBSP}?", f"grande table{NBSP}:",
      f"n’a pas{NNBSP}!", f"qu’avant{NNBSP};"]),
    ("02-arabic.txt", "ar", True, "14 يوليو 2025", ["«صارت صامتة أكثر من اللازم»"]),
    ("03-hebrew.txt", "he", True, "14 ביולי 2025",
     ["“נעשו שקטים מדי”", "ד״ר לאה כהן", "מארה״ב", "ג׳ירפות ועל צ׳יטות"]),
    ("04-spanish.html", "es", False, "14 de julio de 2025",
     ["«se habían quedado demasiado callados»"]),
    # declared English in its front matter: English quotes, no French spaces, though French
    ("05-declared.md", "en", False, "July 14, 2025", ["“explicite”", "Pourquoi ?", "chacun un passage ;"]),
    # book.toml says de-CH (the detector would say de)
    ("06-swiss.txt", "de-CH", False, None, ["„viel zu still geworden“"]),
]
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_book(tmp_path_factory.mktemp("language"), {}, TOML)
    for path in FIXTURES.iterdir():
        if path.name != "README.md":
            shutil.copy(path, root / "chapters" / path.name)
    done = run_book("build", str(root), "-f", "html,pdf,epub,handouts")
    assert done.returncode == 0, done.stderr
    return root / "build", done.stderr


def test_each_detection_is_said_and_no_other(built):
    _out, log = built
    said = re.findall(r"(chapters/\S+): language detected from its text: ([\w-]+)", log)
    assert said == [("chapters/01-french.txt", "fr"), ("chapters/02-arabic.txt", "ar"),
                    ("chapters/03-hebrew.txt", "he"), ("chapters/04-spanish.html", "es")]


def _epub_chapters(out: Path) -> list[etree._Element]:
    with zipfile.ZipFile(out / "book.epub") as archive:
        names = sorted(n for n in archive.namelist() if re.match(r"EPUB/ch\d\d.*\.xhtml$", n))
        return [etree.fromstring(archive.read(name)) for name in names]


def test_epub_chapter_roots_carry_language_and_direction(built):
    out, _log = built
    documents = _epub_chapters(out)
    assert len(documents) == len(CHAPTERS)
    for document, (name, tag, rtl, date, _quotes) in zip(documents, CHAPTERS):
        assert (document.get("lang"), document.get(XML_LANG)) == (tag, tag), name
        body = document.find("x:body", XHTML)
        section = body.find("x:section", XHTML)
        assert [document.get("dir"), body.get("dir"), section.get("dir")] == \
            (["rtl"] * 3 if rtl else [None] * 3), name
        dateline = section.xpath(".//x:p[@class='dateline']/x:time", namespaces=XHTML)
        assert [element.text for element in dateline] == ([date] if date else []), name
    with zipfile.ZipFile(out / "book.epub") as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    assert opf.xpath("//*[local-name()='language']/text()") == ["en"]  # the book's own


def test_epub_quotes_and_spaces_follow_each_chapters_language(built):
    out, _log = built
    for document, (name, _tag, _rtl, _date, words) in zip(_epub_chapters(out), CHAPTERS):
        text = "".join(document.find("x:body", XHTML).itertext())
        for word in words:
            assert word in text, (name, word)
        if name != "01-french.txt":
            assert NNBSP not in text, name  # French spacing is the French chapter's alone


def test_epub_is_valid(built):
    out, _log = built
    assert epubcheck_problems(epubcheck(out / "book.epub")) == []


def test_web_edition_articles_carry_language_direction_and_date(built):
    out, _log = built
    page = lxml_html.fromstring((out / "book.html").read_bytes())
    articles = page.xpath("//article[contains(concat(' ', @class, ' '), ' chapter ')]")
    assert len(articles) == len(CHAPTERS)
    for article, (name, tag, rtl, date, words) in zip(articles, CHAPTERS):
        assert (article.get("lang"), article.get("dir")) == (tag, "rtl" if rtl else None), name
        assert [time.text for time in article.xpath(".//header//time")] == ([date] if date else [])
        text = article.text_content()
        assert all(word in text for word in words), name


def test_handouts_declare_each_chapters_language(built):
    out, _log = built
    handouts = sorted((out / "handouts").glob("*.pdf"))
    assert len(handouts) == len(CHAPTERS)
    for path, (name, tag, _rtl, date, _words) in zip(handouts, CHAPTERS):
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == tag, name
        if date and tag not in ("ar",):  # pdftotext may misread Arabic ligatures (TRAPS.md)
            assert date.split()[1] in _pdftotext(path), name


# ------------------------------------------------------------------ the PDF


def _pdftotext(path: Path, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(path), "-"],
                          capture_output=True, text=True, check=True, timeout=60).stdout


def _opening_pages(out: Path) -> dict[str, int]:
    """The page (1-based) each chapter opens on, found by its date or first words."""
    marks = {"01-french.txt": "Dans une petite", "02-arabic.txt": "يوليو",
             "03-hebrew.txt": "ביולי", "04-spanish.html": "En una pequeña",
             "05-declared.md": "Ce texte déclare", "06-swiss.txt": "In einer kleinen"}
    pages = _pdftotext(out / "book.pdf").split("\f")
    return {name: next(n for n, text in enumerate(pages, 1) if mark in text)
            for name, mark in marks.items()}


def _body_lines(pdf: Path, page: int) -> list[tuple[float, float]]:
    """(left, right) of each line of the page's paragraphs (blocks of three lines or more)."""
    layout = _pdftotext(pdf, "-bbox-layout", "-f", str(page), "-l", str(page))
    tree = etree.fromstring(layout.encode(), etree.XMLParser(recover=True))
    return [(float(line.get("xMin")), float(line.get("xMax")))
            for block in tree.iter("{*}block") if len(block.findall("{*}line")) >= 3
            for line in block.findall("{*}line")]


@pytest.mark.parametrize(("name", "paragraphs"), [
    ("01-french.txt", 4), ("02-arabic.txt", 3), ("03-hebrew.txt", 3)])
def test_pdf_paragraphs_run_in_their_languages_direction(built, name, paragraphs):
    """Left to right: every line starts at the left margin but the indented first lines, and
    paragraphs end short of the right one. Right to left, the mirror image."""
    out, _log = built
    rtl = {c[0]: c[2] for c in CHAPTERS}[name]
    lines = _body_lines(out / "book.pdf", _opening_pages(out)[name])
    left, right = min(x for x, _ in lines), max(x for _, x in lines)
    starts = [right - end if rtl else start - left for start, end in lines]  # from the start
    ends = [start - left if rtl else right - end for start, end in lines]    # from the end side
    indented = [gap for gap in starts if 5 < gap < 25]
    assert len(indented) == paragraphs - 1, (starts, ends)  # the first paragraph is not indented
    # flush at the start side (to 2 pt: poppler measures a cluster given as /ActualText by where
    # its glyphs' pens start and end, which a mark drawn over its letter can move)
    assert all(gap < 2 for gap in starts if not 5 < gap < 25), starts
    assert sum(gap > 40 for gap in ends) >= paragraphs - 1, ends  # short last lines, other side


def test_pdf_sets_arabic_and_hebrew_in_their_bundled_faces(built):
    out, _log = built
    reader = PdfReader(out / "book.pdf")
    opening = _opening_pages(out)
    faces = {name: embedded_fonts(types.SimpleNamespace(pages=[reader.pages[page - 1]]))
             for name, page in opening.items()}
    assert "Scheherazade-Regular" in faces["02-arabic.txt"]
    assert "EzraSIL" in faces["03-hebrew.txt"]
    assert not faces["01-french.txt"] & {"Scheherazade-Regular", "EzraSIL"}


def test_pdf_dates_and_french_hyphenation(built):
    out, _log = built
    text = _pdftotext(out / "book.pdf")
    for _name, tag, _rtl, date, _words in CHAPTERS:
        if date and tag != "ar":  # see test_handouts_declare_each_chapters_language
            assert date.split()[-2] in text and date.split()[0] in text, date
    assert "يوليو" in text
    # French words broken at line ends by WeasyPrint's hyphenation (‐, U+2010) break where
    # the French dictionary allows, and at least one does where the English one would not.
    pages = _pdftotext(out / "book.pdf").split("\f")
    french = pages[_opening_pages(out)["01-french.txt"] - 1]
    breaks = re.findall(r"(\w+)\u2010\n(\w+)", french)
    assert breaks, french
    fr, en = pyphen.Pyphen(lang="fr"), pyphen.Pyphen(lang="en")
    assert all(len(head) in fr.positions(head + tail) for head, tail in breaks), breaks
    assert any(len(head) not in en.positions(head + tail) for head, tail in breaks), breaks


def test_sources_entries_run_in_their_chapters_direction(built):
    """An Arabic or Hebrew entry on the Sources page (EPUB and the print HTML) is set right to
    left: in an English line, bidi would show "14 يوليو 2025" as "14 2025 يوليو"."""
    out, _log = built
    with zipfile.ZipFile(out / "book.epub") as epub:
        sources = etree.fromstring(epub.read("EPUB/sources.xhtml"))
    page = lxml_html.fromstring((out / "book.html").read_bytes())
    for entries in (sources.iter("{http://www.w3.org/1999/xhtml}li"),
                    page.xpath("//li[contains(concat(' ', @class, ' '), ' source ')]")):
        said = {entry.get("lang") or "": entry.get("dir") for entry in entries}
        rtl = {tag for name, tag, is_rtl, *_ in CHAPTERS if is_rtl}
        assert rtl and all(said[tag] == "rtl" for tag in rtl), said
        assert all(direction is None for tag, direction in said.items() if tag not in rtl), said
