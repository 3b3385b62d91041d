"""The PDFs judged as readers and publishers judge them (issue 18): outloud, an independent
PDF/UA-1 checker; pikepdf on the structure tree and the marked content; poppler's pdftotext
for the text a reader copies.

Three books, each built once: the sample book, the mixed book (Markdown with an image, a table,
code and a note; Arabic; a scraped page) and tests/fixtures/pdfua/ (French with notes, links,
ordered and nested lists and a table over two pages; Arabic with lam-alef and hamza; pointed
Hebrew; a 60,000-character token, bidi overrides, DEL and a C1 control). Every PDF made for
reading (book.pdf, each handout, handouts.pdf) is held to:

- outloud: no error, and no running head or folio tagged as content (PAG-001);
- its marked content: every text shown is content or an artifact; what sits in the top and
  bottom margins is a /Pagination artifact; every MCID finds its element, through the parent
  tree, in the tree (after the parts and the handouts are joined);
- links in Link elements (printable), lists of Lbl and LBody, one Table per table with scoped
  header cells and IDs in the ID tree, /Lang wherever a chapter's language is not the PDF's;
- no empty content stream on a blank page (MuPDF's warning);
- pdftotext gives back the words of every chapter, in order, in every script (marks too).

pdftotext (Debian poppler-utils) is required; outloud (the `test` extra) is skipped only when
it is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from lxml import html as lxml_html
from pikepdf import Name

import pdfua_tools as judge
from conftest import run_book

FIXTURE = Path(__file__).parent / "fixtures" / "pdfua"
BOOKS = ("sample", "mixed", "judged")
RTL = ("ar", "he")
BAND = 0.07
"""The top and bottom margins' share of the page where running heads, feet and folios sit."""


@pytest.fixture(scope="session")
def judged(tmp_path_factory):
    """tests/fixtures/pdfua built once, html, pdf and handouts: (build folder, stderr)."""
    root = tmp_path_factory.mktemp("pdfua") / "book"
    shutil.copytree(FIXTURE, root)
    done = run_book("build", str(root), "-f", "html,pdf,handouts")
    assert done.returncode == 0, done.stderr
    return root / "build", done.stderr


@pytest.fixture(scope="module", params=BOOKS)
def book(request):
    """(name, build folder, its PDFs for reading, its chapters' HTML, build log)."""
    if request.param == "sample":
        root, done = request.getfixturevalue("sample")
        build, log = root / "build", done.stderr
    else:
        build, log = request.getfixturevalue({"mixed": "mixed_book"}.get(request.param,
                                                                          request.param))
    handouts = sorted((build / "handouts").glob("[0-9]*.pdf"))
    pdfs = [build / "book.pdf", *handouts, build / "handouts.pdf"]
    chapters = lxml_html.fromstring((build / "book.html").read_bytes()).xpath(
        "//article[contains(concat(' ', @class, ' '), ' chapter ')]")
    return request.param, build, pdfs, chapters, log


_OUTLOUD: dict[str, dict] = {}


def test_outloud_finds_no_error_and_no_running_head_tagged_as_content(book):
    if not judge.outloud_installed():
        pytest.skip("outloud is not installed (make installs it: the test extra)")
    name, _build, pdfs, _chapters, _log = book
    results = _OUTLOUD.setdefault(name, judge.outloud(pdfs))
    problems = {path.name: judge.findings(results[path], "error")
                + judge.findings(results[path], rule="PAG-001") for path in pdfs}
    assert not any(problems.values()), problems


def test_furniture_is_artifact_and_every_text_is_one_or_content(book):
    _name, _build, pdfs, _chapters, _log = book
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                height = float(page.mediabox[3])
                for run in judge.shown(page):
                    where = f"{path.name} p.{number} at {run.top:.0f} pt"
                    assert run.marked is not None, f"{where}: neither content nor artifact"
                    if run.top < BAND * height or run.top > (1 - BAND) * height:
                        assert (run.marked, run.kind) == ("artifact", "Pagination"), where
                    if run.marked == "artifact":
                        assert run.kind in ("Pagination", "Layout"), where


def test_contents_leaders_are_layout_artifacts(book):
    _name, build, _pdfs, _chapters, _log = book
    with pikepdf.open(build / "book.pdf") as pdf:
        kinds = [{run.kind for run in judge.shown(page)} for page in pdf.pages]
    assert any("Layout" in found and "Pagination" not in found for found in kinds)


def test_every_marked_sequence_and_annotation_finds_its_element(book):
    """After the join: /StructParents and /StructParent keys lead, through the parent tree, to
    the elements that hold each MCID and each link's OBJR; the keys are below the next key."""
    _name, _build, pdfs, _chapters, _log = book
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            reachable = {element.objgen for element, _ in judge.elements(pdf)}
            tree = judge.parent_tree(pdf)
            assert max(tree) < int(pdf.Root.StructTreeRoot.ParentTreeNextKey)
            for number, page in enumerate(pdf.pages):
                mcids = {run.mcid for run in judge.shown(page) if run.mcid is not None}
                if not mcids:
                    continue
                parents = tree[int(page.obj.StructParents)]
                for mcid in mcids:
                    element = parents[mcid]
                    assert element.objgen in reachable, f"{path.name} p.{number + 1} {mcid}"
                    held = [kid for kid in judge.kids(element) if kid == mcid or (
                        isinstance(kid, pikepdf.Dictionary) and kid.get("/MCID") == mcid
                        and kid.Pg.objgen == page.obj.objgen)]
                    assert held, f"{path.name} p.{number + 1}: MCID {mcid} not in its element"
            for page in pdf.pages:
                for annotation in page.obj.get("/Annots", []):
                    if annotation.get("/Subtype") != Name.Link:
                        continue
                    link = tree[int(annotation.StructParent)]
                    assert link.S == Name.Link and link.objgen in reachable
                    assert any(kid.get("/Obj") is not None and kid.Obj.objgen ==
                               annotation.objgen for kid in judge.kids(link)
                               if isinstance(kid, pikepdf.Dictionary))
                    assert int(annotation.F) & 4 and str(annotation.Contents).strip()


def test_lists_hold_labels_and_bodies(book):
    _name, _build, pdfs, _chapters, _log = book
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            for element, above in judge.elements(pdf):
                kinds = [str(kid.S) for kid in judge.kids(element)
                         if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
                if element.S == Name.L:
                    assert set(kinds) <= {"/LI", "/Caption"}, (path.name, kinds)
                elif element.S == Name.LI:
                    assert kinds in (["/Lbl", "/LBody"], ["/LBody"]), (path.name, kinds)
                    assert above[-2:-1] == ("/L",)


def test_tables_are_whole_with_scoped_headers(book):
    _name, _build, pdfs, chapters, _log = book
    tables = sum(len(chapter.xpath(".//table")) for chapter in chapters)
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            found = judge.of_type(pdf, "/Table")
            if path.name in ("book.pdf", "handouts.pdf"):
                assert len(found) == tables, path.name
            root = pdf.Root.StructTreeRoot
            ids = dict(zip(map(str, list(root.IDTree.Names)[0::2]),
                           list(root.IDTree.Names)[1::2])) if "/IDTree" in root else {}
            for table in found:
                cells = [e for e in judge.elements_under(table) if e.S in (Name.TH, Name.TD)]
                assert any(cell.S == Name.TH for cell in cells), path.name
                for cell in cells:
                    if cell.S == Name.TH:
                        assert str(cell.A.Scope) in ("/Column", "/Row")
                        assert ids[str(cell.ID)].objgen == cell.objgen
                    else:
                        assert all(str(name) in ids for name in cell.A.Headers)
                        assert len(cell.A.Headers) >= 1


def test_the_table_over_two_pages_is_one_table(judged):
    build, _log = judged
    for path in (build / "book.pdf",
                 build / "handouts" / "01-reflechir-a-deux-un-carnet-de-bord.pdf"):
        with pikepdf.open(path) as pdf:
            (table,) = [t for t in judge.of_type(pdf, "/Table") if len(
                [e for e in judge.elements_under(t) if e.S == Name.TR]) == 41]
            pages = {kid.Pg.objgen for kid in judge.elements_under(table) if "/Pg" in kid}
            assert len(pages) == 2, path.name  # one Table, on two pages
            heads = [e for e in judge.elements_under(table) if e.S == Name.TH]
            assert [str(h.A.Scope) for h in heads] == ["/Column"] * 3  # the head, not repeated


def test_languages_are_said(judged):
    build, _log = judged
    with pikepdf.open(build / "book.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"
        arts = {str(art.get("/Lang", "")) for art in judge.of_type(pdf, "/Art")}
        assert arts == {"fr", "ar", "he", ""}
        spans = {str(e.Lang) for e, above in judge.elements(pdf)
                 if "/Lang" in e and "/Art" not in above and e.S != Name.Art}
        assert {"fr", "ar", "he"} <= spans  # the Contents' titles and authors, the Sources
    languages = ["fr", "ar", "he", "en"]
    for path, language in zip(sorted((build / "handouts").glob("*.pdf")), languages):
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == language, path.name
    with pikepdf.open(build / "handouts.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en" and bool(pdf.Root.MarkInfo.Marked)
        parts = [str(part.get("/Lang", "")) for part in judge.of_type(pdf, "/Part")]
        assert parts == ["fr", "ar", "he", ""]
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == "Judged by readers" and xmp["pdfuaid:part"] == "1"


def test_no_blank_page_has_an_empty_content_stream(book):
    _name, _build, pdfs, _chapters, _log = book
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                streams = page.obj.get("/Contents")
                streams = [] if streams is None else (
                    list(streams) if isinstance(streams, pikepdf.Array) else [streams])
                assert all(stream.read_bytes().strip() for stream in streams), (path, number)
        if shutil.which("mutool"):  # Debian mupdf-tools: its warnings on every page drawn
            done = subprocess.run(["mutool", "draw", "-q", "-o", "/dev/null", "-F", "txt",
                                   str(path)], capture_output=True, text=True, timeout=300)
            said = [line for line in done.stderr.splitlines() if "ICC" not in line]
            assert not said, (path.name, said[:3])


def test_text_round_trips_in_every_script(book):
    """pdftotext gives back each chapter's words in order (its tables and notes anywhere):
    letters as written (alef with hamza is not alef), every combining mark (the points of
    Hebrew, the vowels and shadda of Arabic) somewhere in the chapter's text."""
    _name, build, pdfs, chapters, _log = book
    handouts = sorted((build / "handouts").glob("[0-9]*.pdf"))
    for path in pdfs:
        extracted = judge.pdftotext(path)
        shown = chapters if path in (pdfs[0], pdfs[-1]) else [chapters[handouts.index(path)]]
        for chapter in shown:
            flow, apart, language = _words(chapter)
            rtl = language.split("-")[0] in RTL
            lost = (judge.missing_words(flow, extracted, digits=not rtl)
                    + judge.missing_words(apart, extracted, digits=not rtl, in_order=False))
            assert not lost, (path.name, chapter.get("id"), lost[:10])
            wanted = judge.marks(" ".join(flow + apart))
            got = judge.marks(extracted)
            assert not {m for m, n in wanted.items() if got[m] < n}, (path.name, chapter.get("id"))


def _words(chapter) -> tuple[list[str], list[str], str]:
    """A chapter's printed words: (in reading order, in its tables and notes, its language).
    What print.css hides (the screen's note list, note links, navigation) is left out."""
    chapter = lxml_html.fromstring(lxml_html.tostring(chapter))
    for hidden in chapter.xpath(".//nav | .//*[contains(@class, 'notes')] | "
                                ".//a[contains(@class, 'noteref')]"):
        hidden.drop_tree()
    for element in chapter.iter("td", "th", "li", "p", "h1", "h2", "h3", "h4", "caption",
                                "figcaption", "pre", "span", "time"):
        element.tail = " " + (element.tail or "")  # cells and blocks are words apart
    apart = []
    for element in chapter.xpath(".//table | .//span[contains(@class, 'footnote')]"):
        apart += judge.words(element.text_content())
        element.drop_tree()
    return judge.words(chapter.text_content()), apart, chapter.get("lang") or "en"


def test_hostile_characters_never_reach_the_pdf(judged):
    build, log = judged
    assert re.search(r"chapters/04-hostile\.md:\d+: removed 5 bidirectional controls out of "
                     r"place .* and 2 control characters \(DEL, U\+0080-U\+009F\) \(lines "
                     r"\d+, \d+\)", log), log
    for path in (build / "book.pdf", build / "handouts" / "04-hostile-text.pdf"):
        text = judge.pdftotext(path)
        # (pdftotext marks right-to-left runs with RLE/PDF of its own: not looked for)
        assert not re.search("[\x7f-\x9f\u202d\u202e]", text), path.name
        assert "\u2067shalom\u2069" in text or "shalom" in text  # a balanced isolate stays
        flat = " ".join(text.split())
        assert "named gnp.exe stays a file named exe.png" in flat  # as written, not reversed
        assert "the word live must read as written" in flat


def test_a_long_token_wraps_within_the_page(judged):
    """The 60,000-character token (and a 3,000-character table cell) wraps: no word of any PDF
    runs past its page's right edge."""
    build, _log = judged
    for path in (build / "book.pdf", build / "handouts" / "04-hostile-text.pdf"):
        layout = judge.pdftotext(path, "-bbox")
        for page in re.finditer(r'<page width="([\d.]+)".*?</page>', layout, re.S):
            edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', page.group(0))]
            assert max(edges, default=0) <= float(page.group(1)) + 0.5, path.name


def test_names_in_the_contents_never_break_inside_a_word(tmp_path):
    """A name with a soft hyphen (as scraped bylines have), at every place on the line: never
    hyphenated, never cut ("Dani- / el Ruiz", "Dani / el Ruiz")."""
    titles = "".join(f'<li><a href="#c"><span class="toc-title">'
                     f'{"Listening " * (n // 10)}{"a" * (n % 10)}</span> <span class="toc-author">'
                     f'Dani\u00adel Ruiz-Fern\u00e1ndez</span></a></li>' for n in range(20, 120))
    styles = Path(__file__).parent.parent / "styles"
    page = (f'<html lang="en"><body><nav class="contents"><ol>{titles}</ol></nav>'
            '<article class="chapter" id="c"></article></body></html>')
    from weasyprint import CSS, HTML

    HTML(string=page, base_url=str(styles) + "/").write_pdf(
        tmp_path / "contents.pdf", stylesheets=[CSS(filename=styles / name) for name in
                                                ("fonts.css", "base.css", "print.css")])
    text = judge.pdftotext(tmp_path / "contents.pdf")
    assert text.count("Daniel") == 100, [line for line in text.splitlines()
                                         if "Da" in line and "Daniel" not in line][:3]
