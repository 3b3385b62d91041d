"""The EPUBs of three books judged by tools the project did not write (book/judges/):

- DAISY Ace: no failed assertion, whatever its impact;
- calibre's ebook-convert: AZW3 and TXT made, and the TXT holds nothing the book hides;
- headless Chromium at 600×800 and 390×844: every document well-formed, nothing wider than the
  screen, nothing hidden shown, no blank screen (the screenshots are kept in the test's folder).

The books: the sample book, a book of mixed formats, and a book of hostile and multilingual
articles with a 60,000-character token and a wide table (tests/books.py). .ci/run installs the
judges and sets BOOK_REQUIRE_READERS=1, so in CI a missing judge fails; elsewhere its tests are
skipped, saying how to install it. Each judge runs once per book (Ace takes seconds).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from book import check
from book.checks_epub import OK
from book.judges import EPUB, SKIP, verdicts

JUDGES = {judge.check: judge for judge in EPUB}


def _required(judge) -> None:
    if judge.find() is None:
        if os.environ.get("BOOK_REQUIRE_READERS"):
            pytest.fail(f"{judge.check} is required (BOOK_REQUIRE_READERS is set): "
                        f"{judge.install}", pytrace=False)
        pytest.skip(f"{judge.check} is not installed: {judge.install}")


@pytest.fixture(scope="module", params=["sample", "mixed", "judged"])
def book_epub(request) -> Path:
    if request.param == "sample":
        root, _done = request.getfixturevalue("sample")
        return root / "build" / "book.epub"
    build, _said = request.getfixturevalue(f"{request.param}_book")
    return build / "book.epub"


@pytest.fixture(scope="module")
def judged(book_epub) -> dict[str, tuple[str, str]]:
    """Every judge's verdict on one book, the judges side by side."""
    return {name: (result, detail) for name, result, detail in verdicts(EPUB, book_epub)}


@pytest.mark.parametrize("name", list(JUDGES))
def test_every_judge_passes_every_book(judged, name):
    _required(JUDGES[name])
    assert judged[name][0] == OK, judged[name][1]


def test_the_screens_look_right(book_epub, tmp_path):
    """Screenshots of each document at both sizes, for a person to look at (and not blank)."""
    from book.judges import epubpages

    _required(JUDGES["Chromium: screens"])
    result, detail = epubpages.judge(book_epub, tmp_path)
    assert result == OK, detail
    shots = sorted(tmp_path.glob("*.png"))
    with zipfile.ZipFile(book_epub) as archive:
        documents = [n for n in archive.namelist() if n.endswith(".xhtml")]
    assert len(shots) == 2 * len(documents)


# -- each judge fails what it should (one damaged copy of the sample's EPUB) -------------------

def _damaged(source: Path, target: Path, css: bytes) -> Path:
    """`source` with its stylesheet's hidden rule undone and `css` added at its end."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.endswith("epub.css"):
                data = data.replace(b"display: none;", b"display: block;") + css
            new.writestr(info, data)
    return target


def test_the_judges_see_hidden_navs_shown_and_a_page_too_wide(sample, tmp_path):
    for judge in EPUB[1:]:
        _required(judge)
    root, _done = sample
    bad = _damaged(root / "build" / "book.epub", tmp_path / "bad.epub",
                   b"\nsection.chapter { width: 900px; }\n")
    found = {name: (result, detail) for name, result, detail in verdicts(EPUB[1:], bad)}
    assert found["calibre: AZW3 and TXT"][0] != OK
    assert "nav.xhtml#page-list" in found["calibre: AZW3 and TXT"][1]
    screens = found["Chromium: screens"]
    assert screens[0] != OK and "hidden but shown" in screens[1] and "wider than" in screens[1]


def test_ace_sees_what_it_should(sample, tmp_path):
    from book.judges import ace

    _required(JUDGES["DAISY Ace"])
    root, _done = sample
    source, bad = root / "build" / "book.epub", tmp_path / "bad.epub"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(bad, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.endswith("nav.xhtml"):  # the page list loses its role and name
                data = data.replace(b' role="doc-pagelist"', b"").replace(
                    b' aria-label="Landmarks"', b"")
            if info.filename.endswith("epub.css"):  # and is shown (Ace skips what is hidden)
                data = data.replace(b"display: none;", b"display: block;")
            new.writestr(info, data)
    result, detail = ace.judge(bad)
    assert result != OK and "epub-type-has-matching-role" in detail


def test_book_check_names_a_judge_that_is_not_installed(sample, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no ace-cli, no ebook-convert, no chromium
    root, _done = sample
    rows = check.check_all(root / "build", epubcheck=False, judged=True)
    skipped = {row.check: row.detail for row in rows if row.result == SKIP}
    assert set(skipped) == set(JUDGES)
    assert "npm install" in skipped["DAISY Ace"] and "calibre" in skipped["calibre: AZW3 and TXT"]
    assert "skipped (not installed)" in check.summary(rows)
    assert not check.failed(rows)
