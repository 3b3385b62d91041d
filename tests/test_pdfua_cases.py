"""The book of tests/fixtures/pdfua in particular, and two cases of their own: what test_pdfua.py asks of every book, asked of what only this one has (a
table over two pages, chapters in four languages, a 60,000-character token, bidi overrides,
DEL and C1), of the Contents' names, and of an archival (PDF/A-3b) book."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
from pikepdf import Name

import pdfua_tools as judge
from conftest import ROOT, run_book


def test_the_table_over_two_pages_is_one_table(pdfua_book):
    build, _log = pdfua_book
    for path in (build / "book.pdf",
                 build / "handouts" / "01-reflechir-a-deux-un-carnet-de-bord.pdf"):
        with pikepdf.open(path) as pdf:
            (table,) = [t for t in judge.of_type(pdf, "/Table") if len(
                [e for e in judge.elements_under(t) if e.S == Name.TR]) == 41]
            pages = {kid.Pg.objgen for kid in judge.elements_under(table) if "/Pg" in kid}
            assert len(pages) == 2, path.name  # one Table, on two pages
            heads = [e for e in judge.elements_under(table) if e.S == Name.TH]
            assert [str(h.A.Scope) for h in heads] == ["/Column"] * 3  # the head, not repeated


def test_languages_are_said(pdfua_book):
    build, _log = pdfua_book
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


def test_hostile_characters_never_reach_the_pdf(pdfua_book):
    build, log = pdfua_book
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


def test_a_long_token_wraps_within_the_page(pdfua_book):
    """The 60,000-character token (and a 3,000-character table cell) wraps: no word of any PDF
    runs past its page's right edge."""
    build, _log = pdfua_book
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


def test_an_archival_book_and_its_handouts_are_judged_for_what_they_claim(tmp_path):
    """--pdf-variant pdf/a-3b: the bundle keeps the handouts' PDF/A declaration and output
    intent (a direct object in them: copying it failed), and outloud, through book check, finds
    nothing but the PDF/UA identification the files do not claim (not asked of them)."""
    root = tmp_path / "book"
    shutil.copytree(ROOT / "chapters", root / "chapters")
    shutil.copy(ROOT / "book.toml", root / "book.toml")
    done = run_book("build", str(root), "-f", "pdf,handouts", "--pdf-variant", "pdf/a-3b", "-q")
    assert done.returncode == 0, done.stderr
    with pikepdf.open(root / "build" / "handouts.pdf") as pdf, pdf.open_metadata() as xmp:
        assert "/OutputIntents" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert xmp.get("pdfaid:part") == "3" and "pdfuaid:part" not in xmp
    if judge.outloud_installed():
        from book import check, checks_outloud

        verdicts = checks_outloud.verdicts(check.tagged_pdfs(root / "build"))
        assert {status for status, _ in verdicts.values()} == {check.OK}, verdicts
