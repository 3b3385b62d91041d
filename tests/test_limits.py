"""Limits and the nothing-lost guarantee: article size, line length, render time and memory
budgets, and builds stopped midway (SIGTERM, Ctrl-C, SIGKILL)."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, epub_text, make_book, run_book

PARAGRAPH = "This sentence repeats to make an article far longer than a real one would be. " * 6
SMALL = "A small one\n\nOne short paragraph of text, and that is all there is to it.\n"


def huge(paragraphs: int = 4000) -> str:
    return "The huge one\n\n" + "\n\n".join(f"{i}. {PARAGRAPH}" for i in range(paragraphs)) + "\n"


def test_article_over_the_size_limit_is_refused(tmp_path):
    root = make_book(tmp_path, {"01-a.txt": SMALL, "02-big.txt": huge(40)},
                     toml='[limits]\narticle_mb = 0.01\n')
    done = run_book("build", str(root), "-f", "html")
    assert done.returncode == 3, done.stderr
    assert "chapters/02-big.txt: is 0.0 MB, over the limit of 0.01 MB" in done.stderr
    assert "[limits] article_mb = 1" in done.stderr
    assert not (root / "build" / "book.html").exists()


def test_line_over_the_limit_names_the_line(tmp_path):
    text = "Title\n\nA first paragraph.\n\n" + "x" * 5000 + "\n"
    root = make_book(tmp_path, {"01-a.txt": text}, toml='[limits]\nline_chars = 2000\n')
    done = run_book("build", str(root), "-f", "html")
    assert done.returncode == 3, done.stderr
    assert "chapters/01-a.txt:5: line 5 has 5,000 characters, over the limit of 2,000" in \
        done.stderr
    assert "[limits] line_chars = 5000" in done.stderr


def test_paragraph_over_the_limit_in_a_web_page(tmp_path):
    page = ("<html><head><title>T</title></head><body><article><h1>T</h1><p>"
            + "word " * 3000 + "</p></article></body></html>")
    root = make_book(tmp_path, {"01-page.html": page}, toml='[limits]\nline_chars = 10000\n')
    done = run_book("build", str(root), "-f", "html")
    assert done.returncode == 3, done.stderr
    assert "chapters/01-page.html" in done.stderr and "a paragraph of 1" in done.stderr


def test_long_unbroken_token_is_wrapped_not_refused(tmp_path):
    """A 20,000-character token is within the limit: the PDF wraps it on the page (quickly:
    <wbr> break opportunities), and the EPUB keeps it whole, not a character added."""
    from pypdf import PdfReader

    token = "y" * 20000
    root = make_book(tmp_path, {"01-a.txt": "Title\n\nBefore " + token + " after.\n"})
    done = run_book("build", str(root), "-f", "pdf,epub")
    assert done.returncode == 0, done.stderr
    text = "".join(page.extract_text() for page in PdfReader(root / "build" / "book.pdf").pages)
    assert text.count("y") >= 20000
    assert f"Before {token} after." in epub_text(root / "build" / "book.epub")


@pytest.mark.parametrize("value, message", [
    ("render_seconds = -1", "'render_seconds' must be a number above 0"),
    ("memory_mb = 1.5", "'memory_mb' must be a whole number above 0"),
    ("line_chars = true", "'line_chars' must be a whole number above 0"),
    ("pages = 3", "unknown key"),
])
def test_bad_limits_are_config_errors(tmp_path, value, message):
    root = make_book(tmp_path, {"01-a.txt": SMALL}, toml=f"[limits]\n{value}\n")
    done = run_book("build", str(root), "-f", "html")
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "book.toml:2" in done.stderr


def test_render_past_its_time_budget_is_stopped_and_names_the_chapter(tmp_path):
    root = make_book(tmp_path, {"01-small.txt": SMALL, "02-huge.txt": huge()},
                     toml='[book]\ntitle = "Budget"\n[limits]\nrender_seconds = 3\n')
    started = time.monotonic()
    done = run_book("build", str(root), "-f", "html,pdf")
    assert done.returncode == 4, done.stderr
    assert "error: chapters/02-huge.txt: making book.pdf ran past its time budget of 3 s; " \
           "this chapter alone overruns it" in done.stderr
    assert "raise [limits] render_seconds" in done.stderr
    assert time.monotonic() - started < 60
    # Not even book.html (the cache of the parts laid out so far is kept, hidden).
    assert sorted(p.name for p in (root / "build").iterdir() if not p.name.startswith(".")) == []


def test_render_past_its_memory_budget_is_stopped(tmp_path):
    root = make_book(tmp_path, {"01-small.txt": SMALL},
                     toml='[book]\ntitle = "Budget"\n[limits]\nmemory_mb = 110\n')
    done = run_book("build", str(root), "-f", "pdf")
    assert done.returncode == 4, done.stderr
    assert "making book.pdf ran out of its memory budget of 110 MB" in done.stderr
    assert "chapters/01-small.txt" in done.stderr and "[limits] memory_mb" in done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------ nothing lost


def _digests(folder: Path) -> dict[str, str]:
    """The outputs (not the hidden cache and stamp, which a stopped build may change)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


def _debris(folder: Path) -> list[str]:
    """What a build in progress writes and a stopped one must not leave: staging folders,
    half-written files."""
    return [str(p) for p in folder.rglob("*")
            if p.name.startswith((".staging-", ".old-")) or p.name.endswith(".part")]


def _processes_of(root: Path) -> list[int]:
    """Processes whose command line names `root`: the build and every child it forked."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(root) in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A book with a long chapter, built once: its outputs are what a stopped build keeps."""
    tmp = tmp_path_factory.mktemp("stop")
    root = make_book(tmp, {"01-small.txt": SMALL, "02-huge.txt": huge(500)},
                     toml='[book]\ntitle = "Stop me"\n')
    done = run_book("build", str(root), "-f", "html,pdf,epub,handouts")
    assert done.returncode == 0, done.stderr
    return root


def _change(root: Path, sig: int) -> None:
    """Edit the long article, so that the next build has it to lay out again (not cached)."""
    with open(root / "chapters" / "02-huge.txt", "a", encoding="utf-8") as article:
        article.write(f"\nA sentence added before signal {int(sig)}.\n")


def _start_and_stop(root: Path, sig: int) -> subprocess.CompletedProcess:
    """Start a full build, wait until it is rendering, send `sig`, wait for the end."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(EPOCH) + 86400)}
    build = subprocess.Popen([sys.executable, "-m", "book", "build", str(root), "-f",
                              "html,pdf,epub,handouts"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list((root / "build").glob(".staging-*/book.html")):
        assert build.poll() is None and time.monotonic() < deadline, "never began rendering"
        time.sleep(0.05)
    time.sleep(0.5)  # inside WeasyPrint's layout of the PDF
    assert build.poll() is None, "the build ended before it could be stopped"
    build.send_signal(sig)
    out, err = build.communicate(timeout=30)
    return subprocess.CompletedProcess(build.args, build.returncode, out, err)


@pytest.mark.parametrize("sig, code, said", [(signal.SIGTERM, 143, "stopped (SIGTERM)"),
                                             (signal.SIGINT, 130, "interrupted")])
def test_a_stopped_build_leaves_the_previous_outputs(built, sig, code, said):
    _change(built, sig)
    before, articles = _digests(built / "build"), _digests(built / "chapters")
    done = _start_and_stop(built, sig)
    assert done.returncode == code, done.stderr
    assert said in done.stderr and "previous outputs are untouched" in done.stderr
    assert "Traceback" not in done.stderr
    assert _digests(built / "build") == before  # byte for byte, nothing added or half-written
    assert _debris(built / "build") == []
    assert _digests(built / "chapters") == articles
    for _ in range(50):  # the renderer and its workers end with the build
        if not _processes_of(built):
            break
        time.sleep(0.1)
    assert _processes_of(built) == []


def test_a_killed_build_is_cleaned_up_by_the_next(built):
    """SIGKILL cannot be caught: the outputs are still whole, and the next build removes
    what the killed one left."""
    _change(built, signal.SIGKILL)
    before = _digests(built / "build")
    done = _start_and_stop(built, signal.SIGKILL)
    assert done.returncode == -signal.SIGKILL
    for _ in range(50):  # the renderer dies with its parent (PR_SET_PDEATHSIG)
        if not _processes_of(built):
            break
        time.sleep(0.1)
    assert _processes_of(built) == []
    assert _digests(built / "build") == before
    again = run_book("build", str(built), "-f", "html")
    assert again.returncode == 0, again.stderr
    assert _debris(built / "build") == []


def test_long_unbroken_title_and_author_get_break_opportunities(tmp_path):
    """A title or byline of one 3,000-character run gets <wbr>s wherever it is set (the
    chapter head, the Contents, the Sources, the cover), as body text does: the PDF is made
    (without them the cover alone ran past the render budget)."""
    long = "z" * 3000
    root = make_book(tmp_path, {"01-a.md": f"---\ntitle: {long}\nauthor: {long}\n---\n\nText.\n"})
    done = run_book("build", str(root), "-f", "html,pdf")
    assert done.returncode == 0, done.stderr
    page = (root / "build" / "book.html").read_text(encoding="utf-8")
    for where in ('class="chapter-title"', 'class="toc-title"', 'class="author"',
                  'class="source-title"'):
        start = page.index(where)
        assert page.count("<wbr/>", start, start + 4000) >= 40, where
    assert page.replace("<wbr/>", "").count(long) >= 4


WIDE_TABLE = """\
---
title: A wide table
---

| Week | Check-in | Repair attempt | Who started it | Minutes | Outcome noted by the couple |
|---|---|---|---|---:|---|
| 1 | Sunday evening | Named the feeling first | She | 3 | Calmer by the end |
| 2 | Sunday evening | {run} | He | 6 | Calmer by the end |
"""


def test_a_wide_table_keeps_its_words_whole_and_its_runs_inside_the_page(tmp_path):
    """Six columns on an A5 page: no column is narrowed below its longest word (overflow-wrap:
    anywhere had made "Wee / k" and "Minu / tes"); a 150-character run in a cell wraps inside
    its column (marked `<span class="run">`, it alone breaks anywhere), never past the page."""
    root = make_book(tmp_path, {"01-wide.md": WIDE_TABLE.format(run="ab" * 75)})
    done = run_book("build", str(root), "-f", "html,pdf")
    assert done.returncode == 0, done.stderr
    assert '<span class="run">' + "ab" * 75 + "</span>" in (root / "build" / "book.html").read_text()
    layout = subprocess.run(["pdftotext", "-bbox", str(root / "build" / "book.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">'
                       r'([^<]*)</word>', layout)
    width = float(re.search(r'<page width="([\d.]+)"', layout).group(1))
    for head in ("Week", "Sunday", "Minutes", "Outcome"):  # (Check-in may break at its hyphen)
        assert head in {word for _, word in words}, head
    assert max(float(x) for x, _ in words) <= width
    assert sum(len(word) for _, word in words if set(word) <= set("ab")) == 150


def test_a_table_is_marked_wide_by_its_longest_words():
    """"wide": too wide for a phone with its words whole (the EPUB's and the web edition's
    cells then break anywhere); "wider": too wide for the book's page (the PDF's too). A run
    that breaks anywhere anyway does not count; two short columns are neither."""
    from book.model import Table, TableCell, Text
    from book.render.templates import table_class

    def table(*columns):
        return Table(rows=((*(TableCell((Text(text),)) for text in columns),),))

    assert table_class(table("Week", "Outcome noted")) == ""
    assert table_class(table(*["Relationship"] * 4)) == "wide"
    assert table_class(table(*["Relationship"] * 6)) == "wide wider"
    assert table_class(table("Week", "a" * 500)) == ""
