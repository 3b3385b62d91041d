"""A build says the same lines in the same order whatever the timing: on two cores or one, on
an idle or a busy machine, cold or from its caches. Its messages come step by step, format by
format and in reading order, never in the order in which its processes happen to end. And no
library prints beside them."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import EPOCH, ROOT, make_book

FORMATS = "html,pdf,epub,handouts"
PARAGRAPH = ("A paragraph of the long chapter, long enough to fill a few lines of the page and "
             "to give the layout some work to do, with a word or two more for good measure.")


def _articles() -> dict[str, str]:
    """Warnings in several articles, said while reading (a missing image, no headline) and by
    the PDF's renderer (characters no bundled font draws); one chapter much longer than the
    others, so that its format's processes end long after the others'."""
    articles = {f"{n:02d}-chapter.md": f"---\ntitle: Chapter {n}\n---\n\nThe body of chapter {n}."
                                       f"\n\nA glyph no bundled font draws: \U0001F600 in {n}.\n"
                for n in (1, 3, 5, 6)}
    articles["02-untitled.txt"] = ("no headline here, just a long first line that runs on and "
                                   "on without a stop at all until it ends\n\nA second "
                                   "paragraph, so there is a body to read.\n")
    articles["04-figure.md"] = "# With an image\n\nText before.\n\n![A figure](missing.png)\n"
    articles["07-long.md"] = "# The long one\n\n" + "\n\n".join([PARAGRAPH] * 400) + "\n"
    return articles


def _build(root, out, *more, cores=None, env=None):
    """`book build` of all formats into `out`, on the first of this process's cores alone when
    `cores` is 1; stderr without its summary (times and sizes) and with `out` named OUT."""
    first = min(os.sched_getaffinity(0))
    done = subprocess.run(
        [sys.executable, "-m", "book", "build", str(root), "-o", str(out), "-f", FORMATS, *more],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})},
        preexec_fn=(lambda: os.sched_setaffinity(0, {first})) if cores == 1 else None)
    assert done.returncode == 0, done.stderr
    said = done.stderr.split("book: built in ")[0]
    return said.replace(os.path.relpath(out, ROOT), "OUT").replace(str(out), "OUT").splitlines()


def _busy():
    """A process keeping a core busy, as another build or test run would."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def test_the_same_lines_in_the_same_order_whatever_the_timing(tmp_path):
    root = make_book(tmp_path, _articles())
    cold = _build(root, tmp_path / "a")
    assert cold.count("book: warning: chapters/01-chapter.md:7: the bundled fonts have no "
                      "glyph for \U0001F600 (U+1F600); the PDF will show them in a font of this "
                      "machine, or as boxes") == 1, cold
    assert any("02-untitled.txt: no headline found" in line for line in cold), cold
    assert any("04-figure.md:5: image 'missing.png' not found" in line for line in cold), cold
    stages = [line for line in cold if line.startswith("book: [4/4] ") and ":" not in line[12:]]
    assert stages[1:] == [f"book: [4/4] {name}" for name in
                          ("book.html", "book.pdf", "book.epub", "handouts")], cold
    assert _build(root, tmp_path / "a", "--force") == cold  # from the caches: fast formats
    assert _build(root, tmp_path / "b", cores=1) == cold  # one worker, one core for all
    busy = [_busy() for _ in os.sched_getaffinity(0)]
    try:
        assert _build(root, tmp_path / "c") == cold
        assert _build(root, tmp_path / "d", cores=1) == cold
    finally:
        for process in busy:
            process.kill()
            process.wait()


FONTTOOLS_PATH = ("import sys, weasyprint.pdf.fonts as fonts; fonts.harfbuzz_subset = None; "
                  "from book.cli import main; sys.exit(main(sys.argv[1:]))")
"""The CLI, with WeasyPrint subsetting fonts with fontTools (as where HarfBuzz-Subset is not
installed): fontTools then notes that Lato's header holds a Unix date."""


def test_library_notes_are_details_for_developers(tmp_path):
    root = make_book(tmp_path, {"01.md": "# One\n\nA **bold** word set in Lato: *none*.\n"})
    said = {}
    for flag in ("", "-v"):  # each a cold build: cached parts are not laid out again
        done = subprocess.run(
            [sys.executable, "-c", FONTTOOLS_PATH, "build", str(root), "-f", "pdf,handouts",
             "-o", str(tmp_path / f"out{flag}"), *([flag] if flag else [])],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
        assert done.returncode == 0, done.stderr
        said[flag] = done.stderr.splitlines()
    assert all(line.startswith(("book: ", "  ")) for line in said[""]), said[""]
    notes = [line for line in said["-v"] if "timestamp seems very low" in line]
    assert notes and all(line.startswith("book: debug: fontTools.") for line in notes), said["-v"]
