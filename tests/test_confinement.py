"""Confinement: nothing outside the book folder is read, and nothing that is not a regular file.

Image references (`../`, absolute paths, `file:` URLs, links that lead out, /dev/zero, a FIFO, a
folder named like an image, a looping link) are tested one by one through the real readers
(Markdown and HTML): each is refused with a warning naming the article, its line and the
reference. Chapter files (a link out of the folder, a link to /dev/zero, a FIFO) are tested one
by one through the CLI: each is skipped with a warning and the build succeeds. A FIFO is never
opened: the builds run with a timeout, so a hang fails the test instead of the suite.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image as PILImage

from conftest import EPOCH, ROOT, make_book
from book import config, readers
from book.errors import BookError
from book.articles import article_files
from book.model import Image, walk
from book.render.fetcher import ForbiddenURL, ProjectFetcher

SECRET = "TOP-SECRET-OUTSIDE"
"""Written into every file outside the book folder: no output may hold it."""


def run_book(*args: str, timeout: int):
    """conftest's run_book with a short timeout: a build that opened a FIFO would hang."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([sys.executable, "-m", "book", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _outside(tmp_path: Path) -> Path:
    """A real PNG and a text file beside (outside) the book folder."""
    PILImage.new("RGB", (3, 3)).save(tmp_path / "secret.png")
    with (tmp_path / "secret.png").open("ab") as file:
        file.write(SECRET.encode())
    (tmp_path / "secret.txt").write_text(f"{SECRET}\n\nA secret paragraph of words.\n")
    return tmp_path


IMAGE_CASES = {
    # name: (reference as written, setup inside chapters/, words the warning says)
    "parent": ("../../secret.png", None, "is outside the book folder; refused"),
    "absolute": ("{tmp}/secret.png", None, "is outside the book folder (an absolute path"),
    "file URL": ("file://{tmp}/secret.png", None, "is outside the book folder (an absolute path"),
    "link out": ("out.png", lambda ch, tmp: os.symlink(tmp / "secret.png", ch / "out.png"),
                 "is outside the book folder; refused"),
    "/dev/zero": ("/dev/zero", None, "is outside the book folder (an absolute path"),
    "link to /dev/zero": ("zero.png", lambda ch, tmp: os.symlink("/dev/zero", ch / "zero.png"),
                          "is outside the book folder; refused"),
    "FIFO": ("pipe.png", lambda ch, tmp: os.mkfifo(ch / "pipe.png"),
             "is not a regular file (a folder, pipe or device); refused"),
    "folder": ("folder.png", lambda ch, tmp: (ch / "folder.png").mkdir(),
               "is not a regular file (a folder, pipe or device); refused"),
    "looping link": ("loop.png", lambda ch, tmp: os.symlink(ch / "loop.png", ch / "loop.png"),
                     "not found"),
}
ARTICLES = {
    ".md": "# A title\n\nSome words of the article before the image.\n\n![Alt words]({ref})\n\n"
           "The last words of the article.\n",
    ".html": "<html><body><article><h1>A title</h1>\n<p>Some words of the article before the "
             "image.</p>\n<p>\n\n<img src=\"{ref}\" alt=\"Alt words\"></p>\n<p>The last words "
             "of the article.</p></article></body></html>\n",
}
"""An article per format with the image on its line 5."""


@pytest.mark.parametrize("suffix", ARTICLES)
@pytest.mark.parametrize("case", IMAGE_CASES)
def test_image_reference_refused(tmp_path, caplog, case, suffix):
    ref, setup, words = IMAGE_CASES[case]
    ref = ref.format(tmp=_outside(tmp_path))
    root = make_book(tmp_path, {f"a{suffix}": ARTICLES[suffix].format(ref=ref)})
    if setup:
        setup(root / "chapters", tmp_path)
    article = root / "chapters" / f"a{suffix}"
    with caplog.at_level(logging.WARNING, logger="book"):
        chapter = readers.reader_for(article)(article, f"chapters/a{suffix}", root)
    images = [node for block in chapter.blocks for node in walk(block) if isinstance(node, Image)]
    assert images == []
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(m.startswith(f"chapters/a{suffix}:5: ") and f"'{ref}'" in m and words in m
               for m in messages), messages
    # The alt text stands in; in a saved page a picture standing alone is left out with it.
    assert ("Alt words" in str(chapter.blocks)) == (suffix != ".html")


def test_a_good_image_is_kept(tmp_path, caplog):
    """The same article with an image beside it: embedded, no warning (the check can pass)."""
    root = make_book(tmp_path, {"a.md": ARTICLES[".md"].format(ref="good.png")})
    PILImage.new("RGB", (3, 3)).save(root / "chapters" / "good.png")
    article = root / "chapters" / "a.md"
    with caplog.at_level(logging.WARNING, logger="book"):
        chapter = readers.reader_for(article)(article, "chapters/a.md", root)
    images = [node for block in chapter.blocks for node in walk(block) if isinstance(node, Image)]
    assert [image.path.name for image in images] == ["good.png"]
    assert not caplog.records


CHAPTER_CASES = {
    "link out of the folder": (lambda ch, tmp: os.symlink(tmp / "secret.txt", ch / "b.txt"),
                               "chapters/b.txt: links to a file outside the book folder; skipped"),
    "link to /dev/zero": (lambda ch, tmp: os.symlink("/dev/zero", ch / "b.txt"),
                          "chapters/b.txt: links to a file outside the book folder; skipped"),
    "FIFO": (lambda ch, tmp: os.mkfifo(ch / "b.txt"),
             "chapters/b.txt: is not a regular file; skipped"),
    "looping link": (lambda ch, tmp: os.symlink(ch / "b.txt", ch / "b.txt"),
                     "chapters/b.txt: is a broken or looping link; skipped"),
}


@pytest.mark.parametrize("case", CHAPTER_CASES)
def test_chapter_file_refused(tmp_path, caplog, case):
    setup, message = CHAPTER_CASES[case]
    root = make_book(_outside(tmp_path), {"a.txt": "A title\n\nThe one good article.\n"})
    setup(root / "chapters", tmp_path)
    with caplog.at_level(logging.WARNING, logger="book"):
        found = list(article_files(root / "chapters", config.load(root)))
    assert [path.name for path, _ in found] == ["a.txt"]
    messages = [r.getMessage() for r in caplog.records]
    assert [m for m in messages if m.startswith(message)], messages
    assert all("Hint: copy the article itself into chapters/." in m for m in messages), messages


def test_fifo_chapter_does_not_stop_the_build(tmp_path):
    """Through the CLI: a FIFO among the chapters is never opened (no hang), the build ends."""
    root = make_book(tmp_path, {"a.txt": "A title\n\nThe one good article of the book, with "
                                         "enough words to be kept.\n"})
    os.mkfifo(root / "chapters" / "b.txt")
    done = run_book("build", str(root), "-f", "html", "-q", timeout=60)
    assert done.returncode == 0, done.stderr
    assert "chapters/b.txt: is not a regular file; skipped" in done.stderr
    assert "The one good article" in (root / "build" / "book.html").read_text()


def test_everything_at_once_in_a_full_build(tmp_path):
    """Every hazard in one book, built to html, pdf and epub: it succeeds and holds no secret."""
    _outside(tmp_path)
    lines = [f"![{name}]({ref.format(tmp=tmp_path)})" for name, (ref, _, _) in IMAGE_CASES.items()]
    root = make_book(tmp_path, {"a.md": "# A title\n\nThe good words.\n\n" + "\n\n".join(lines)})
    for _ref, setup, _ in IMAGE_CASES.values():
        if setup:
            setup(root / "chapters", tmp_path)
    for setup, _ in CHAPTER_CASES.values():
        with contextlib.suppress(FileExistsError):  # one b.txt only: the first case's
            setup(root / "chapters", tmp_path)
    done = run_book("build", str(root), "-o", str(tmp_path / "out"), "-f", "html,pdf,epub",
                    timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("chapters/a.md:") >= len(IMAGE_CASES)
    outputs = [p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()]
    with zipfile.ZipFile(tmp_path / "out" / "book.epub") as archive:
        outputs += [archive.read(name) for name in archive.namelist()]
    assert not any(SECRET.encode() in data for data in outputs)
    assert not list((tmp_path / "out").glob("images/*"))


@pytest.mark.parametrize("entry, message", [
    ("../../secret.txt", "book.toml:2: 'file' must be a path inside chapters/, got "
                         "'../../secret.txt'"),
    ("/etc/passwd", "book.toml:2: 'file' must be a path inside chapters/, got '/etc/passwd'"),
    ("b.txt", "chapters/b.txt: links to a file outside the book folder"),
], ids=["parent", "absolute", "link out"])
def test_toml_entry_outside_the_folder_is_an_error(tmp_path, entry, message):
    """A [[chapters]] entry is the user's own list: one that leads out of the folder stops the
    build with a message (nothing is read), unlike a file found in chapters/, which is skipped."""
    root = make_book(_outside(tmp_path), {"a.txt": "A title\n\nWords of the article.\n"},
                     toml=f'[[chapters]]\nfile = "{entry}"\n')
    os.symlink(tmp_path / "secret.txt", root / "chapters" / "b.txt")
    with pytest.raises(BookError) as caught:
        list(article_files(root / "chapters", config.load(root)))
    assert message in str(caught.value) + str(caught.value.source), caught.value


@pytest.mark.parametrize("make", [
    lambda root: os.mkfifo(root / "pipe.png") or root / "pipe.png",
    lambda root: os.symlink("/dev/zero", root / "zero.png") or root / "zero.png",
    lambda root: Path("/dev/zero"),
    lambda root: (root / "dir.png").mkdir() or root / "dir.png",
], ids=["FIFO", "link to /dev/zero", "/dev/zero", "folder"])
def test_fetcher_refuses_special_files(tmp_path, make):
    """WeasyPrint's fetcher, the last line: never opens a FIFO or a device."""
    path = make(tmp_path)
    with pytest.raises(ForbiddenURL):
        ProjectFetcher([tmp_path]).fetch(path.as_uri())
