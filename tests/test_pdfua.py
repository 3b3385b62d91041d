"""The PDFs judged as readers and publishers judge them (issue 18): outloud, an independent
PDF/UA-1 checker; pikepdf on the structure tree and the marked content; poppler's pdftotext
for the text a reader copies.

Four books, each built once: the sample book, the mixed book (Markdown with an image, a table,
code and a note; Arabic; a scraped page), the judged book of tests/books.py (hostile and
multilingual articles, a table wider than a phone) and tests/fixtures/pdfua/ (French with notes, links,
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
it is not installed. What only the third book has, and two cases of their own, are in
test_pdfua_cases.py.
"""

from __future__ import annotations

import shutil
import subprocess

import pikepdf
import pytest
from lxml import html as lxml_html
from pikepdf import Name

import pdfua_tools as judge

BOOKS = ("sample", "mixed", "judged", "pdfua")
RTL = ("ar", "he")
BAND = 0.07
"""The top and bottom margins' share of the page where running heads, feet and folios sit."""


@pytest.fixture(scope="module", params=BOOKS)
def book(request):
    """(name, build folder, its PDFs for reading, its chapters' HTML, build log)."""
    if request.param == "sample":
        root, done = request.getfixturevalue("sample")
        build, log = root / "build", done.stderr
    else:
        build, log = request.getfixturevalue(f"{request.param}_book")
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
                + _furniture_as_content(path, results[path]) for path in pdfs}
    assert not any(problems.values()), problems


def _furniture_as_content(path, result: dict) -> list[str]:
    """outloud's PAG-001 findings of lines centred in the margins' band, where the running heads, feet
    and folios are. outloud flags any line repeated at a page's top or bottom on three pages:
    in the judged book, body text is (the 60,000-character token broken into identical lines,
    the rows of a 69-row table), and the test above (every text in the band an artifact) and
    the text round trips say that body text is content, as it should be."""
    with pikepdf.open(path) as pdf:
        heights = [float(page.mediabox[3]) - float(page.mediabox[1]) for page in pdf.pages]
    found = []
    for finding in result["findings"]:
        if finding["rule"] != "PAG-001":
            continue
        boxes = finding.get("boxes") or [{"page": finding.get("page") or 1, "y0": 0, "y1": 0}]
        if any(min(centre := (box["y0"] + box["y1"]) / 2, heights[box["page"] - 1] - centre)
               < BAND * heights[box["page"] - 1] for box in boxes):
            found.append(f"PAG-001 p.{finding.get('page')}: {finding['message']}")
    return found


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
        extracted, raw = judge.pdftotext(path), ""
        shown = chapters if path in (pdfs[0], pdfs[-1]) else [chapters[handouts.index(path)]]
        for chapter in shown:
            flow, apart, language = _words(chapter)
            rtl = language.split("-")[0] in RTL
            lost = (judge.missing_words(flow, extracted, digits=not rtl)
                    + judge.missing_words(apart, extracted, digits=not rtl, in_order=False))
            if lost:  # poppler's layout reading may take a stretched line for columns (a line
                # justified before a 60,000-character run): content order is a second reading
                raw = raw or judge.pdftotext(path, "-raw")
                lost = [word for word in lost if word in (
                    judge.missing_words(flow, raw, digits=not rtl)
                    + judge.missing_words(apart, raw, digits=not rtl, in_order=False))]
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
