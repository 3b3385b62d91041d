"""Build progress (book/progress.py) and the end-of-build summary (book/summary.py): plain lines
when not on a terminal, a rich display on one (a real pty), nothing with -q; events from forked
processes reach the parent and never block it."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pty
import re
import select
import subprocess
import sys
import time

import pikepdf
import pytest

from book import log, progress, progress_rich, relay
from conftest import EPOCH, ROOT, make_book, run_book

FORK = multiprocessing.get_context("fork")


def article(number: int) -> str:
    return (f"---\ntitle: Chapter {number}\nauthor: A. Writer\n---\n\n"
            f"The body of chapter {number}, one paragraph of plain words for the book.\n")


def chapters(count: int) -> dict[str, str]:
    return {f"{n:02d}-chapter.md": article(n) for n in range(1, count + 1)}


def progress_lines(stderr: str, stage: str) -> list[tuple[int, int]]:
    """(done, total) of every plain progress line of a stage."""
    return [(int(done), int(total)) for done, total in
            re.findall(rf"^book: \[\d/4\] {re.escape(stage)}: (\d+)/(\d+) \w+$", stderr, re.M)]


@pytest.fixture(scope="module")
def thirty(tmp_path_factory):
    return make_book(tmp_path_factory.mktemp("thirty"), chapters(30))


def test_plain_lines_per_stage_at_most_every_tenth(thirty):
    done = run_book("build", str(thirty), "-f", "html")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    for line in ("book: [2/4] reading articles in chapters/", "book: [3/4] preparing 30 chapters",
                 "book: [4/4] book.html"):
        assert line in lines, done.stderr
    reading = progress_lines(done.stderr, "reading articles")
    assert 5 <= len(reading) <= 12 and reading[-1] == (30, 30), done.stderr
    assert [d for d, _ in reading] == sorted({d for d, _ in reading})
    assert not any("\x1b[" in line for line in lines)  # no terminal codes in a log


def test_quiet_prints_nothing(tmp_path):
    root = make_book(tmp_path, chapters(2))
    done = run_book("build", str(root), "-f", "html", "-q")
    assert done.returncode == 0 and done.stderr == "" and done.stdout == ""


def test_summary_lists_outputs_pages_and_sizes(tmp_path):
    """A PDF and handouts build of 2 chapters: the summary names each output, its pages and
    size; the handouts' progress comes from the sandboxed renderer, a forked child."""
    root = make_book(tmp_path, chapters(2))
    done = run_book("build", str(root), "-f", "html,pdf,handouts")
    assert done.returncode == 0, done.stderr
    assert progress_lines(done.stderr, "handouts") == [(1, 2), (2, 2)], done.stderr
    out = root / "build"
    head = done.stderr.index("book: built in ")
    assert re.match(r"book: built in \d+\.\d s, in \S+build/\n", done.stderr[head:])
    rows = {row.split()[0]: row.split()[1:] for row in done.stderr[head:].splitlines()[1:]}
    assert list(rows) == ["book.html", "book.pdf", "handouts/", "handouts.pdf"], done.stderr
    size = re.compile(r"^\d+(\.\d)? [kMG]?B$")
    for name, words in rows.items():
        assert size.match(" ".join(words[-2:])), (name, words)
    for name in ("book.pdf", "handouts.pdf"):
        with pikepdf.open(out / name) as pdf:
            assert rows[name][:2] == [str(len(pdf.pages)), "pages"]
    assert rows["handouts/"][:2] == ["2", "files"]
    kilobytes = (out / "book.pdf").stat().st_size / 1000
    shown = float(rows["book.pdf"][2])
    assert abs(shown - (kilobytes if rows["book.pdf"][3] == "kB" else kilobytes / 1000)) < 1


def test_rich_display_on_a_terminal(tmp_path):
    """stderr on a pty: rich draws (terminal codes), stage names show, a warning logged during
    the display is printed whole, the build succeeds and the summary follows."""
    articles = chapters(12)
    articles["13-empty.txt"] = ""  # a warning while the display is live
    root = make_book(tmp_path, articles)
    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("BOOK_PROGRESS", "NO_COLOR")}
    env.update(SOURCE_DATE_EPOCH=EPOCH, TERM="xterm-256color", COLUMNS="120")
    child = subprocess.Popen([sys.executable, "-m", "book", "build", str(root), "-f", "html"],
                             cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    seen, deadline = b"", time.monotonic() + 120
    while time.monotonic() < deadline:
        if select.select([primary], [], [], 0.5)[0]:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif child.poll() is not None:
            break
    os.close(primary)
    assert child.wait(30) == 0, seen.decode(errors="replace")
    text = seen.decode("utf-8", "replace")
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    assert "\x1b[" in text  # a live display, not plain lines
    assert "reading articles" in plain and "book.html" in plain, plain
    assert re.search(r"\[2/4\] reading articles: \d+/\d+ articles$", plain, re.M) is None
    assert "book: warning: chapters/13-empty.txt: no article text (empty, or only boilerplate); " \
           "skipped" in plain
    assert re.search(r"book: built in \d+\.\d s", plain) and "book.html" in plain


# The reporter in this process -------------------------------------------------------------

@pytest.fixture
def book_logger():
    """The "book" logger set up as the CLI does, with the records kept; restored after."""
    logger = logging.getLogger("book")
    saved = (logger.handlers[:], logger.propagate, logger.level, logger.filters[:])
    log.setup(0)
    records = []
    keep = logging.Handler()
    keep.emit = records.append
    logger.addHandler(keep)
    yield records
    progress.finish()
    logger.handlers[:], logger.propagate, logger.level, logger.filters[:] = saved


def _in_child(work, *args) -> int:
    child = FORK.Process(target=work, args=args)
    child.start()
    child.join(30)
    return child.exitcode


def _said_in_child(work, *args) -> None:
    """`work(*args)` in a forked process, what it logs collected there and said here, as the
    build's processes' records are (book/relay.py)."""
    receive, send = FORK.Pipe(duplex=False)
    child = FORK.Process(target=lambda: send.send(relay.collected(work, *args)[1]))
    child.start()
    said = receive.recv()
    child.join(30)
    assert child.exitcode == 0
    relay.say(said)


def _pdf_stage():
    progress.stage("book.pdf", total=4)
    for name in ("a", "b", "c", "d"):
        progress.advance(name)


def _grandchild():
    """Like the renderer beside the PDF's: a process forked by a fork reports its own stage."""
    _said_in_child(_pdf_stage)


def test_a_forked_process_logs_its_own_plain_lines(book_logger):
    progress.start(4, mode="plain")
    progress.stage("reading articles", total=2, step=2, unit="articles")
    for name in ("here", "there", "again"):
        progress.advance(name)
    progress.stage("writing", step=4)
    _said_in_child(_grandchild)
    progress.finish()
    messages = [r.getMessage() for r in book_logger]
    assert messages == ["[2/4] reading articles: 1/2 articles",
                        "[2/4] reading articles: 2/2 articles",  # 3 of 2: shown once, capped
                        "[4/4] book.pdf"] + [f"[4/4] book.pdf: {n}/4 chapters" for n in (1, 2, 3, 4)]


def _in_child(work, *args) -> int:
    child = FORK.Process(target=work, args=args)
    child.start()
    child.join(30)
    return child.exitcode


def _advance_thrice():
    for name in ("a", "b", "c"):
        progress.advance(name)


def _flood(ready=None):
    if ready is not None:
        ready.recv()  # the parent has finished: nobody reads any more
    for _ in range(20_000):  # 2 MB: thirty times what a pipe holds
        progress.advance("x" * 100)
    logging.getLogger("book").warning("after the flood")


def test_a_child_never_blocks_when_nothing_reads(book_logger, capsys, monkeypatch):
    monkeypatch.setenv("BOOK_PROGRESS", "rich")  # the display a forked process writes a pipe for
    progress.start(4)
    progress.stage("book.pdf", total=10)
    with progress._reporter.lock:  # the parent's reader cannot take anything from the pipe
        assert _in_child(_flood) == 0
    receive, send = FORK.Pipe(duplex=False)
    child = FORK.Process(target=_flood, args=(receive,))
    child.start()
    progress.finish()  # the pipe's reading end is closed
    send.send("go")
    child.join(30)
    assert child.exitcode == 0
    assert "book.pdf" in capsys.readouterr().err


def _warn_in_child():
    logging.getLogger("book").warning("chapters/07-x.txt: a warning from a renderer")


def test_rich_prints_a_forked_process_s_warning_above_the_display(book_logger, capsys,
                                                                   monkeypatch):
    monkeypatch.setenv("BOOK_PROGRESS", "rich")
    progress.start(4)
    progress.stage("book.pdf", total=3)
    assert _in_child(_warn_in_child) == 0
    progress.advance("chapters/01-x.txt")
    progress.finish()
    err = capsys.readouterr().err
    assert "book: warning: chapters/07-x.txt: a warning from a renderer" in err, err
    assert "book.pdf" in err
    assert not any(isinstance(h, progress_rich.ConsoleHandler) for h in logging.getLogger("book").handlers)


def test_nothing_started_nothing_done(book_logger):
    progress.stage("book.pdf", total=3)
    progress.advance("x")
    assert _in_child(_advance_thrice) == 0
    assert book_logger == []


def _handouts_beside():
    """Like the handouts' renderer, in a process of its own beside the PDF's."""
    progress.stage("handouts", total=2, beside=True)
    progress.advance("chapters/01.txt")
    progress.advance("chapters/02.txt")
    progress.end("handouts")


def test_a_stage_beside_another_counts_on_its_own(book_logger):
    progress.start(4, mode="plain")
    progress.stage("writing", step=4)
    progress.stage("book.pdf", total=4, unit="parts")
    progress.advance("front")
    _said_in_child(_handouts_beside)
    for name in ("one", "two", "back"):
        progress.advance(name)  # still the PDF's, though the handouts began after it
    progress.finish()
    messages = [r.getMessage() for r in book_logger]
    assert "[4/4] handouts: 2/2 chapters" in messages, messages
    assert [m for m in messages if "book.pdf:" in m] == [
        f"[4/4] book.pdf: {n}/4 parts" for n in (1, 2, 3, 4)], messages
