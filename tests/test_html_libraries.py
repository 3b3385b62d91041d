"""The extraction libraries behind `book/readers/htmllibs.py` (trafilatura, readability-lxml).

- They run offline and leave no trace: imported and asked about a page in a fresh process
  with an audit hook, they open no socket, resolve no name and write no file.
- One module owns them: no other module of the package imports them.
- The versions the adapter is written for are the ones installed (another major version fails
  here, loudly, before it changes what the reader keeps).
- A library that fails or is missing gives no answer, and the page is read all the same.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from book.readers import html, htmllibs
from conftest import ROOT

PAGE = """<!DOCTYPE html><html lang="en"><head><title>A page | Site</title>
<link rel="stylesheet" href="https://cdn.example/site.css">
<script src="https://cdn.example/app.js"></script></head><body>
<nav><a href="https://example.org/">Home</a> <a href="https://example.org/news">News</a></nav>
<div class="content"><h1>A page</h1>
<p>The first paragraph of the article, long enough to be taken for text by any extractor that
reads it, with a <a href="https://example.org/more">link</a> and an
<img src="https://img.example/photo.jpg" alt="photo"> image.</p>
<p>A second paragraph follows, with more words in it, so that the article has some weight and
a library has something to find on the page.</p>
<p>A third paragraph closes the article, again long enough to count as running text.</p></div>
<footer>© Site <iframe src="https://ads.example/frame"></iframe></footer></body></html>"""

AUDIT = r"""
import os, sys
seen = []
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
def hook(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request",
                 "http.client.connect", "os.mkdir", "os.rename", "os.remove", "shutil.rmtree"):
        seen.append((event, repr(args)[:200]))
    elif event == "open" and args[1] is not None and (
            (isinstance(args[1], str) and any(c in args[1] for c in "wax+"))
            or (isinstance(args[2], int) and args[2] & WRITE)):
        seen.append((event, repr(args)[:200]))
sys.addaudithook(hook)
from book.readers import htmllibs
found = htmllibs.segments(sys.stdin.read())
assert found["trafilatura"] and found["readability"], found
print("\n".join(f"{e} {a}" for e, a in seen) or "none")
"""


def test_the_libraries_touch_no_network_and_write_no_file(tmp_path):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", AUDIT], input=PAGE, capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none", done.stdout
    assert list(tmp_path.iterdir()) == []


def test_one_module_imports_them():
    pattern = re.compile(r"^\s*(?:import|from)\s+(?:trafilatura|readability|htmldate|justext"
                         r"|courlan)\b", re.M)
    users = [path.relative_to(ROOT).as_posix() for path in (ROOT / "book").rglob("*.py")
             if pattern.search(path.read_text(encoding="utf-8"))]
    assert users == ["book/readers/htmllibs.py"]


def test_the_versions_the_adapter_is_written_for():
    assert version("trafilatura").split(".")[0] == "2", version("trafilatura")
    assert re.match(r"0\.(8|9)\b", version("readability-lxml")), version("readability-lxml")


def test_their_answers_are_the_texts_of_blocks():
    found = htmllibs.segments(PAGE)
    for name in htmllibs.LIBRARIES:
        texts = found[name]
        assert any(text.startswith("The first paragraph of the article") for text in texts), texts
        assert not any("Home" in text or "©" in text for text in texts), texts


def test_a_failing_or_missing_library_gives_no_answer(tmp_path, monkeypatch):
    def broken(page):
        raise RuntimeError("a bug in the library")

    def missing(page):
        raise ImportError("No module named 'readability'")

    monkeypatch.setattr(htmllibs, "_trafilatura", broken)
    monkeypatch.setattr(htmllibs, "_readability", missing)
    assert htmllibs.segments(PAGE) == {"trafilatura": None, "readability": None}
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    chapter = html.read(page, "a.html")  # our own rules alone
    assert chapter.title == "A page"
    assert [b.inlines[0].text[:20] for b in chapter.blocks] == [
        "The first paragraph ", "A second paragraph f", "A third paragraph cl"]


def test_the_reader_never_passes_an_address():
    """The libraries are given the page's text only: no url= that a library could fetch."""
    source = Path(htmllibs.__file__).read_text(encoding="utf-8")
    assert "url=" not in source and "fetch_url" not in source
