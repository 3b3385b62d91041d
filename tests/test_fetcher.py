"""The offline fetcher: files inside the project and data: URLs only, through real WeasyPrint."""

import os

import pytest
from pypdf import PdfReader
from weasyprint import CSS, HTML

from book.render.fetcher import ForbiddenURL, ProjectFetcher, place_url


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    (root / "styles").mkdir(parents=True)
    (root / "styles" / "a.css").write_text("p { color: red }")
    (tmp_path / "secret.txt").write_text("top secret")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    return root


def test_allows_files_inside_and_data(project):
    fetcher = ProjectFetcher([project])
    assert fetcher.fetch((project / "styles" / "a.css").as_uri()).read() == b"p { color: red }"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"


@pytest.mark.parametrize("url", [
    "http://example.com/a.png",
    "https://example.com/a.css",
    "ftp://example.com/x",
])
def test_refuses_network(project, url):
    with pytest.raises(ForbiddenURL):
        ProjectFetcher([project]).fetch(url)


def test_refuses_outside_symlink_and_folders(project, tmp_path):
    fetcher = ProjectFetcher([project])
    for path in (tmp_path / "secret.txt", project / "link.txt", project / "styles",
                 project / "missing.css"):
        with pytest.raises(ForbiddenURL):
            fetcher.fetch(path.as_uri())
    with pytest.raises(ForbiddenURL):
        fetcher.fetch((project / ".." / "secret.txt").as_uri())


def test_weasyprint_embeds_nothing_from_outside(project, tmp_path):
    """A hostile document asking to attach /etc/passwd and a secret file gets neither."""
    fetcher = ProjectFetcher([project])
    html = (f'<html><head><link rel="attachment" href="{(tmp_path / "secret.txt").as_uri()}">'
            '<link rel="attachment" href="file:///etc/passwd">'
            '<link rel="stylesheet" href="http://example.com/x.css"></head>'
            '<body><p>Hello</p><img src="https://example.com/x.png"></body></html>')
    target = tmp_path / "out.pdf"
    HTML(string=html, base_url=project.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        target, stylesheets=[CSS(string="p { margin: 0 }", url_fetcher=fetcher)])
    reader = PdfReader(target)
    assert "Hello" in reader.pages[0].extract_text()
    assert not reader.attachments
    assert b"top secret" not in target.read_bytes()


def test_places_are_fetched_by_name_inside_their_folder_only(project, tmp_path):
    """A place URL names no folder of this machine; it reaches its own folder and no other."""
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.css").write_text("p { color: blue }")
    fetcher = ProjectFetcher({"styles": project / "styles", "other": tmp_path / "other"})
    found = fetcher.fetch(place_url("styles", "a.css"))
    assert found.read() == b"p { color: red }"
    assert found.url == "file://styles/a.css"  # what it refers to resolves in its place
    assert found.path is None  # WeasyPrint keeps these bytes, never reads a path again
    assert fetcher.fetch("file://other/b.css?x=1#y").read() == b"p { color: blue }"
    for url in ("file://styles/../link.txt", "file://styles/../../secret.txt",
                "file://nowhere/a.css", "file://styles/missing.css", "file://styles/",
                place_url("other", "../project/styles/a.css"),
                (project / "styles" / "a.css").as_uri()):  # a path, even to a place's file
        with pytest.raises(ForbiddenURL):
            fetcher.fetch(url)
    os.symlink(tmp_path / "secret.txt", project / "styles" / "out.css")
    with pytest.raises(ForbiddenURL):
        fetcher.fetch(place_url("styles", "out.css"))


def test_place_urls_quote_names(tmp_path):
    folder = tmp_path / "Bücher am Meer"
    (folder / "Archiv für Drucke").mkdir(parents=True)
    (folder / "Archiv für Drucke" / "a%41 b.css").write_text("p {}")
    url = place_url("book", "Archiv für Drucke/a%41 b.css")
    assert url == "file://book/Archiv%20f%C3%BCr%20Drucke/a%2541%20b.css"
    assert ProjectFetcher({"book": folder}).fetch(url).read() == b"p {}"
