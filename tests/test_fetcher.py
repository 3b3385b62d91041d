"""The offline fetcher: files inside the project and data: URLs only, through real WeasyPrint."""

import os

import pytest
from pypdf import PdfReader
from weasyprint import CSS, HTML

from book.render.fetcher import ForbiddenURL, ProjectFetcher


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
