"""Path-independent bytes: the same articles, built from two folders into two output folders,
give byte-identical outputs (book.html and what sits beside it, book.pdf, book.epub, the
handouts, their bundle and booklets).

The two books differ in every way a path can: depth, folder names (one with a space and
letters outside ASCII), and where the output goes (inside the book, and elsewhere via `-o`).
Each is built by the real CLI in a fresh process, with SOURCE_DATE_EPOCH set.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import ROOT, run_book

FORMATS = "html,pdf,epub,handouts"
SKIPPED = (".cache", ".book-stamp.json")
"""The build's own cache and no-op stamp: they may name the folders, no output does."""

ARTICLE = """---
title: Rooms with a view
author: Ana Núñez
date: 2025-06-02
---

The first photograph was taken at dawn.[^light]

![A harbour at dawn](harbour.png "The harbour")

A second one, in colour, from the hill.[^hill]

![The hill](hill.jpg)

And one from the archive, kept in a folder of its own.

![An archive print](<Archiv für Drucke/print 1.png>)

A drawing of the bay, as the surveyor left it.

![The bay](bay.svg)

The light changed again by noon.[^light]

[^light]: Taken with a borrowed camera.
[^hill]: The hill is [on the map](https://example.org/map).
"""

SECOND = """<!DOCTYPE html>
<html lang="en"><head><title>Notes from the shore</title>
<meta name="author" content="Sam Lee"></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>Notes from the shore</h1>
<p>The tide came in twice while we waited for the boat, and nobody minded the wait at all.</p>
<figure><img src="Archiv%20f%C3%BCr%20Drucke/print%201.png" alt="The archive print again">
<figcaption>The same print, seen from the shore.</figcaption></figure>
<p>By evening the boat had come and gone, and the harbour was quiet again.</p>
</article></body></html>
"""

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
<defs><linearGradient id="sea"><stop offset="0" stop-color="#036"/>
<stop offset="1" stop-color="#69c"/></linearGradient></defs>
<rect width="200" height="100" fill="url(#sea)"/>
<circle cx="150" cy="30" r="12" fill="#fc3"/>
</svg>
"""


def picture(size: tuple[int, int], colour: tuple[int, int, int], kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=kind)
    return out.getvalue()


def make(root: Path, cover: bool) -> Path:
    """The book at `root`; with `cover`, its own cover image (else the typographic cover,
    rasterised for the EPUB by render/cover.py)."""
    chapters = root / "chapters"
    archive = chapters / "Archiv für Drucke"
    archive.mkdir(parents=True)
    (chapters / "01-rooms.md").write_text(ARTICLE, encoding="utf-8")
    (chapters / "02-shore.html").write_text(SECOND, encoding="utf-8")
    (chapters / "harbour.png").write_bytes(picture((320, 200), (20, 90, 160), "PNG"))
    (chapters / "hill.jpg").write_bytes(picture((300, 180), (60, 140, 40), "JPEG"))
    (archive / "print 1.png").write_bytes(picture((240, 240), (150, 120, 90), "PNG"))
    (chapters / "bay.svg").write_text(SVG, encoding="utf-8")
    # The title would otherwise be the folder's name, which is meant to differ here.
    toml = '[book]\ntitle = "Harbour Days"\nauthors = ["A. Editor"]\n'
    if cover:
        (root / "art").mkdir()
        (root / "art" / "cover.jpg").write_bytes(picture((800, 1280), (200, 60, 40), "JPEG"))
        toml += 'cover = "art/cover.jpg"\n'
    (root / "book.toml").write_text(toml, encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative path, the cache and the stamp left out."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.relative_to(folder).parts[0] not in SKIPPED}


@pytest.fixture(scope="module", params=["typographic cover", "own cover"])
def builds(tmp_path_factory, request):
    """The same book built from two folders into two output folders: both output trees."""
    cover = request.param == "own cover"
    base = tmp_path_factory.mktemp("paths")
    near = make(base / "one" / "Bücher am Meer" / "Hafen Tage", cover)
    far = make(base / "two" / "deeper" / "still" / "here" / "harbour-days", cover)
    elsewhere = base / "outside the book" / "édition"
    done = run_book("build", str(near), "-o", str(elsewhere), "-f", FORMATS, "--booklet")
    assert done.returncode == 0, done.stderr
    done = run_book("build", str(far), "-f", FORMATS, "--booklet")
    assert done.returncode == 0, done.stderr
    return request.param, tree(elsewhere), tree(far / "build")


def test_every_output_is_made(builds):
    cover, first, _ = builds
    for name in ("book.html", "book.pdf", "book.epub", "handouts.pdf"):
        assert name in first
    assert sum(name.startswith("handouts/") and name.endswith(".booklet.pdf")
               for name in first) == 2
    assert ("styles/cover.jpg" in first) == (cover == "own cover")
    images = [name for name in first if name.startswith("images/")]
    assert len(images) == 4, images  # PNG, JPEG, the archive's PNG, SVG: beside book.html
    page = first["book.html"]
    assert page.count(b"<img") == 5 + (cover == "own cover") and b'class="noteref"' in page


def test_same_bytes_from_any_folder_into_any_output_folder(builds):
    _, first, second = builds
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], differing


def readable(name: str, data: bytes) -> bytes:
    """What a file holds, uncompressed: a PDF's objects and decoded streams, an EPUB's files."""
    if name.endswith(".pdf"):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            held = [pdf.trailer.unparse()]
            for thing in pdf.objects:
                held.append(thing.unparse() if isinstance(thing, pikepdf.Object) else b"")
                if isinstance(thing, pikepdf.Stream):
                    held.append(_decoded(thing))
            return b"\n".join(held)
    if name.endswith(".epub"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join(archive.read(member) for member in archive.namelist())
    return data


def _decoded(stream) -> bytes:
    try:
        return stream.read_bytes()
    except pikepdf.PdfError:  # an image in a coding qpdf does not undo (JPEG): as it is
        return stream.read_raw_bytes()


def test_no_output_names_a_folder(builds):
    """No output holds a path of the machine: not the book's, the output's or the tool's, nor
    any file: URL."""
    _, first, _ = builds
    markers = [b"file:", b"staging", b"pytest-of", b"Meer", b"B%C3%BCcher", b"deeper",
               b"outside the book", str(ROOT).encode()]
    for name, data in first.items():
        held = readable(name, data)
        assert [m for m in markers if m in held] == [], name
