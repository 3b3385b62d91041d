"""`book watch`: a real process serving a real book; edits show in the served page within
seconds, errors show in the page while the watch keeps running, signals stop it cleanly."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, make_book

ARTICLE = """Rituals of Return

A standfirst about coming back to each other after a quarrel, long enough to read as one.

By Ada Lovelace | Jul 14, 2025

The first paragraph says that partners who repair quickly keep their trust, and it is long enough to be a real paragraph of an article.

A second paragraph, with the marker {marker}, which the test changes and then looks for in the page the watch serves.
"""
SECOND = """Small Weekly Check-ins

A second article, so that the book has chapters to link between, written as a short paragraph of prose.

Another paragraph of plain prose that follows the first one and ends the article.
"""


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as answer:
        assert answer.headers["Cache-Control"] == "no-store"
        return answer.read().decode("utf-8")


def wait_for(condition, timeout: float = 15.0, what: str = "") -> float:
    """Poll `condition` until true; returns the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if condition():
                return time.monotonic() - start
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    pytest.fail(f"not within {timeout} s: {what}")


def descendants(pid: int) -> set[int]:
    """Every living process under `pid`, read from /proc (children of children too)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


class Watch:
    """`python -m book watch DIR --port 0` in its own process; its stderr collected in a file."""

    def __init__(self, root: Path, tmp_path: Path, *extra: str):
        self.log = tmp_path / "watch.log"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1754006400", "PYTHONUNBUFFERED": "1"}
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "book", "watch", str(root), "--port", "0", *extra],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
        port = []
        wait_for(lambda: port.extend(re.findall(r"http://127\.0\.0\.1:(\d+)/", self.output()))
                 or port, what="the watch to print its address")
        self.url = f"http://127.0.0.1:{port[0]}/"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self, sig: int) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=10)


@pytest.fixture
def book_dir(tmp_path: Path) -> Path:
    return make_book(tmp_path, {"01-return.txt": ARTICLE.format(marker="ALPHA-ONE"),
                                "02-checkins.txt": SECOND},
                     toml='[book]\ntitle = "Watched Book"\n')


def test_edit_shows_in_the_page_and_errors_do_not_stop_the_watch(book_dir, tmp_path):
    watch = Watch(book_dir, tmp_path, "-f", "html,pdf")  # PDF only in the background: quicker
    try:
        wait_for(lambda: "ALPHA-ONE" in fetch(watch.url), what="the first build in the page")
        page = fetch(watch.url)
        assert "/__book/version" in page and "<script>" in page  # the reload, added when served
        assert "<script" not in (book_dir / "build" / "book.html").read_text(encoding="utf-8")
        version = fetch(watch.url + "__book/version")

        chapter = book_dir / "chapters" / "01-return.txt"
        chapter.write_text(ARTICLE.format(marker="BETA-TWO"), encoding="utf-8")
        took = wait_for(lambda: "BETA-TWO" in fetch(watch.url), timeout=10,
                        what="the edited chapter in the served page")
        assert took < 5, f"the page changed {took:.1f} s after the edit"
        assert "ALPHA-ONE" not in fetch(watch.url)
        # What makes the page reload (bumped just after book.html is replaced).
        wait_for(lambda: fetch(watch.url + "__book/version") != version, timeout=2,
                 what="a new version for the reload")

        # Static files: the output folder only; no listings, no hidden folders, no way out.
        assert "Book Serif" in fetch(watch.url + "styles/fonts.css")
        for path in ("styles/", "../book.toml", "%2e%2e/book.toml", ".book-watch/",
                     "chapters/01-return.txt"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                fetch(watch.url + path)
            assert refused.value.code == 404, path

        toml = book_dir / "book.toml"
        toml.write_text('[book]\ntitle = "Watched Book"\ncolour = "red"\n', encoding="utf-8")
        wait_for(lambda: "book-watch-errors" in fetch(watch.url), timeout=10,
                 what="the error banner in the page")
        page = fetch(watch.url)
        assert "colour" in page and "BETA-TWO" in page  # the message, over the last good build
        assert watch.process.poll() is None
        assert re.search(r"book: error: book\.toml.*colour", watch.output())

        toml.write_text('[book]\ntitle = "Watched Again"\n', encoding="utf-8")
        wait_for(lambda: "Watched Again" in fetch(watch.url), timeout=10,
                 what="the fixed book in the page")
        assert "book-watch-errors" not in fetch(watch.url)

        # The slow formats arrive in the background and are served too.
        wait_for(lambda: (book_dir / "build" / "book.pdf").is_file(), timeout=60,
                 what="the background PDF")
        with urllib.request.urlopen(watch.url + "book.pdf", timeout=5) as answer:
            assert answer.read(5) == b"%PDF-"
    finally:
        code = watch.stop(signal.SIGINT)
    assert code == 0, watch.output()
    assert "Traceback" not in watch.output()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_it_cleanly_mid_build(book_dir, tmp_path, sig):
    watch = Watch(book_dir, tmp_path)
    try:
        wait_for(lambda: "ALPHA-ONE" in fetch(watch.url), what="the first build")
        # The slow build starts a moment after the HTML: catch it running.
        wait_for(lambda: descendants(watch.process.pid), timeout=10, what="the background build")
        children = descendants(watch.process.pid)
        time.sleep(0.5)
        children |= descendants(watch.process.pid)
    finally:
        started = time.monotonic()
        code = watch.stop(sig)
    assert code == 0, watch.output()
    assert time.monotonic() - started < 6
    deadline = time.monotonic() + 3
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if alive(pid)], "a build process outlived the watch"
    assert "stopped" in watch.output()
    with pytest.raises(OSError):
        fetch(watch.url)
    assert not (book_dir / "build" / ".book-watch").exists()
