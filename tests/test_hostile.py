"""Hostile articles: nothing active, external or misleading reaches any output.

The book in fixtures/hostile/ is built once (html, pdf, epub) and every output is read with
real parsers: book.html and every XHTML file of the EPUB with lxml, the SVG files beside
book.html and inside the EPUB with lxml (no entities, no DTD), the PDF with pikepdf and pypdf.
EPUBCheck runs on this one EPUB.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pikepdf
import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from book.assets import svg
from conftest import epub_text, epubcheck, epubcheck_problems, normalise, run_book

FIXTURE = Path(__file__).parent / "fixtures" / "hostile"
ACTIVE_ELEMENTS = ("script", "iframe", "frame", "form", "input", "button", "object", "embed",
                   "param", "video", "audio", "source", "base", "meta", "noscript", "applet",
                   "link", "style", "math", "svg", "textarea", "select")
"""Elements an article may hold and no output ever takes from it (the templates' own <meta>,
<link> and <style> in the head are not the article's)."""
MARKERS = ("127.0.0.1", "root:x:", "srcdoc", "form-value", "object-param", "scripted-paragraph",
           "noscript-paragraph", "foreign-words", "entity-word", "head-script", "body-onload",
           "h1-onclick", "js-link", "mixed-case", "vb-link", "good-link-onclick", "p-onmouseover",
           "inline-svg", "img-onerror", "md-script", "md-onclick", "md-js", "svg-")
"""Strings only hostile content carries (the payloads' names): none may appear in any output.
(The plain-text article's `alert(1)` and a refused autolink's own text are shown as text.)"""
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
SAFE_PARSER = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "hostile"
    shutil.copytree(FIXTURE, root)
    done = run_book("build", str(root), "-o", str(root / "out"), "-f", "html,pdf,epub")
    assert done.returncode == 0, done.stderr
    return root / "out", done.stderr


def _xhtml_files(epub: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name.endswith((".xhtml", ".html"))}


def _svg_files(out: Path) -> dict[str, bytes]:
    found = {f"html:{p.name}": p.read_bytes() for p in (out / "images").glob("*.svg")}
    with zipfile.ZipFile(out / "book.epub") as archive:
        found.update({f"epub:{name}": archive.read(name) for name in archive.namelist()
                      if name.endswith(".svg")})
    return found


def _article_parts(tree) -> list:
    """The chapters' elements (the templates' head and cover are the builder's own)."""
    return tree.xpath("//*[local-name()='body']//*[local-name()='article' or "
                      "local-name()='section' or local-name()='aside' or local-name()='nav']")


def _assert_inert(tree, where: str) -> None:
    for part in _article_parts(tree):
        for el in part.iter():
            if not isinstance(el.tag, str):
                continue
            name = etree.QName(el).localname.lower()
            assert name not in ACTIVE_ELEMENTS, f"{where}: <{name}> in the output"
            for attribute, value in el.attrib.items():
                attribute = etree.QName(attribute).localname.lower()
                assert not attribute.startswith("on"), f"{where}: {attribute}= on <{name}>"
                assert attribute not in ("style", "srcset", "formaction", "poster"), where
                if attribute in ("href", "src", "data"):
                    scheme = urlsplit(value).scheme.lower()
                    assert scheme in ("", "http", "https", "mailto"), f"{where}: {value}"
                    if attribute == "src":
                        assert scheme == "" and value.startswith("images/"), f"{where}: {value}"
    text = etree.tostring(tree, encoding="unicode")
    for marker in MARKERS:
        assert marker not in text, f"{where}: {marker!r} in the output"


def test_book_html_is_inert(built):
    out, _ = built
    tree = lxml_html.fromstring((out / "book.html").read_bytes())
    assert len(tree.xpath("//article")) == 4
    _assert_inert(tree, "book.html")
    hrefs = [a.get("href") for a in tree.iter("a") if a.get("href", "").startswith("http")]
    assert "https://example.org/" in hrefs  # good links survive: the check can see links


def test_every_epub_document_is_inert(built):
    out, _ = built
    documents = _xhtml_files(out / "book.epub")
    assert any(b"The hostile page" in data for data in documents.values())
    for name, data in documents.items():
        _assert_inert(etree.fromstring(data, etree.XMLParser(**SAFE_PARSER)), name)


def test_svg_copies_are_clean(built):
    out, stderr = built
    files = _svg_files(out)
    assert len([name for name in files if name.startswith("html:")]) == 2  # evil and clean
    assert len([name for name in files if name.startswith("epub:")]) == 2
    for name, data in files.items():
        assert b"<!DOCTYPE" not in data and b"<!ENTITY" not in data, name
        root = etree.fromstring(data, etree.XMLParser(**SAFE_PARSER))
        assert root.getroottree().docinfo.doctype == "", name
        for el in root.iter():
            assert isinstance(el.tag, str), f"{name}: {el!r} (entity, comment or PI) kept"
            assert etree.QName(el).localname in svg.ELEMENTS, f"{name}: <{el.tag}> kept"
            for attribute, value in el.attrib.items():
                assert not etree.QName(attribute).localname.lower().startswith("on"), name
                if etree.QName(attribute).localname == "href":
                    assert value.startswith("#"), f"{name}: href={value}"
                assert "url(" not in value or value.startswith("url(#"), f"{name}: {value}"
        for marker in (b"alert(", b"127.0.0.1", b"passwd", b"@import", b"foreign-words"):
            assert marker not in data, f"{name}: {marker!r}"
    evil = next(data for name, data in files.items() if name.startswith("html:evil"))
    assert b"url(#grad)" in evil and b'href="#box"' in evil  # the drawing itself is kept
    assert "01-page.html:28: SVG image 'images/evil.svg': removed 1 DOCTYPE" in stderr
    assert "3 scripts" in stderr and "3 event handlers" in stderr


def test_billion_laughs_and_fake_png_are_refused(built):
    out, stderr = built
    assert re.search(r"02-notes\.md:\d+: SVG image 'images/bomb\.svg' cannot be read safely as "
                     r"XML \(.*amplification.*\); refused", stderr)
    assert ("01-page.html:29: image 'images/fake.png' does not hold a PNG image" in stderr)
    names = [p.name for p in (out / "images").iterdir()]
    assert not [n for n in names if n.startswith(("bomb", "fake"))], names
    assert [n for n in names if n.startswith("dot-")]  # a real PNG is still embedded


def test_plain_text_markup_is_shown_as_text(built):
    out, _ = built
    expected = ["<script>alert(1)</script>", "<b>bold</b>", "&amp;", "&lt;i&gt;",
                "<img src=x onerror=alert(1)>"]
    tree = lxml_html.fromstring((out / "book.html").read_bytes())
    chapter = tree.xpath("//article[contains(@id, 'markup')]")[0]
    assert not chapter.xpath(".//b | .//script | .//img | .//i")
    text = chapter.text_content()
    epub = epub_text(out / "book.epub")
    # A line may break after the "/" of "</script>": the PDF's text is compared without spaces.
    pdf = "".join(normalise(_pdf_text(out / "book.pdf")).split())
    for snippet in expected:
        assert snippet in text, snippet
        assert snippet in epub, snippet
        assert "".join(normalise(snippet).split()) in pdf, snippet


def _pdf_text(path: Path) -> str:
    """The PDF's text by poppler's pdftotext: pypdf cannot decode the 'Custom' font encoding
    WeasyPrint writes for Charis when a chapter holds emoji and combining marks."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout


def test_pdf_has_no_action_attachment_or_outside_file(built):
    out, _ = built
    with pikepdf.open(out / "book.pdf") as pdf:
        assert "/Names" not in pdf.Root or "/EmbeddedFiles" not in pdf.Root.Names
        assert "/JavaScript" not in pdf.Root.get("/Names", {})
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        for page in pdf.pages:
            assert "/AA" not in page.obj
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                if action is not None:
                    assert action.get("/S") in ("/URI", "/GoTo", None), action
                    uri = str(action.get("/URI", ""))
                    assert not uri or urlsplit(uri).scheme in ("http", "https", "mailto"), uri
    data = (out / "book.pdf").read_bytes()
    assert b"root:x:" not in data and b"/JavaScript" not in data and b"/Launch" not in data


def test_bidi_controls_leave_titles_and_overrides_leave_the_body(built):
    """Titles lose every bidi control (the reader, readers/bidi.py); the body loses its
    overrides and unbalanced controls and keeps a balanced isolate (transforms/controls.py)."""
    out, stderr = built
    assert ("04-unicode.md: removed bidirectional control characters (U+202A-202E, "
            "U+2066-2069) from its title, author") in stderr
    assert re.search(r"04-unicode\.md:\d+: removed 1 bidirectional control out of place", stderr)
    tree = lxml_html.fromstring((out / "book.html").read_bytes())
    contents = tree.xpath("//nav[@id='contents']")[0].text_content()
    assert "Override and isolate" in contents and not BIDI.search(contents)
    heads = [el.get("data-running") or "" for el in tree.xpath("//*[@data-running]")]
    assert heads and not any(BIDI.search(head) for head in heads)
    with zipfile.ZipFile(out / "book.epub") as archive:
        nav = next(archive.read(n) for n in archive.namelist() if n.endswith("nav.xhtml"))
        opf = next(archive.read(n) for n in archive.namelist() if n.endswith(".opf"))
    assert not BIDI.search(nav.decode()) and not BIDI.search(opf.decode())
    outline = [item.title for item in PdfReader(out / "book.pdf").outline if hasattr(item, "title")]
    assert "Override and isolate" in outline
    assert not any(BIDI.search(title) for title in outline)
    body = tree.xpath("//article[contains(@id, 'override')]")[0].text_content()
    assert "\u202e" not in body and "Body keeps unbalanced override-body" in body
    for kept in ("\u2067isolate-body\u2069",
                 "\U0001F469\u200d\U0001F4BB", "zero\u200bwidth", "Z\u0351\u0352\u0353algo",
                 "word\u2060joiner", "a\u200cnon-joiner"):
        assert kept in body, repr(kept)
        assert kept in epub_text(out / "book.epub"), repr(kept)
    assert "Zoe\u0301 \u200dWriter Reversed" in tree.text_content()


def test_hostile_epub_passes_epubcheck(built):
    out, _ = built
    report = epubcheck(out / "book.epub")
    problems = [line for line in epubcheck_problems(report)
                if line.startswith(("FATAL", "ERROR", "WARNING"))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name, document, removed", [
    ("script", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect/></svg>',
     "1 script"),
    ("handler", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect ONCLICK="x"/>'
     b'</svg>', "2 event handlers"),
    ("external entity", b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', "1 entity reference"),
    ("remote use", b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/'
     b'xlink"><use l:href="http://127.0.0.1:9/a.svg#b"/></svg>', "1 external reference"),
    ("file image", b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/>'
     b'</svg>', "1 external reference"),
    ("css import", b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://127.0.0.1:9/'
     b'a.css";</style></svg>', "1 unsafe style sheet"),
    ("animation", b'<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><set attributeName="href"'
     b' to="javascript:alert(1)"/></a></svg>', "1 animation"),
    ("foreign object", b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns="http:'
     b'//www.w3.org/1999/xhtml">alert(1)</p></foreignObject></svg>', "1 foreignObject element"),
])
def test_svg_cleaning_one_by_one(name, document, removed):
    cleaned, found = svg.clean(document)
    assert removed in found, (name, found)
    for marker in (b"alert(", b"passwd", b"127.0.0.1", b"javascript", b"DOCTYPE", b"ENTITY"):
        assert marker not in cleaned, (name, cleaned)
    assert not re.search(rb"\son[a-z]+\s*=", cleaned, re.I), (name, cleaned)


def test_svg_that_is_not_svg_is_refused():
    for document in (b"<html><script>alert(1)</script></html>", b"not xml at all", b""):
        with pytest.raises(svg.UnsafeSVG):
            svg.clean(document)


def test_clean_svg_is_kept_whole():
    data = (FIXTURE / "chapters" / "images" / "clean.svg").read_bytes()
    cleaned, found = svg.clean(data)
    assert found == []
    before = etree.fromstring(data)
    after = etree.fromstring(cleaned)
    assert [(el.tag, dict(el.attrib)) for el in before.iter()] == \
        [(el.tag, dict(el.attrib)) for el in after.iter()]
