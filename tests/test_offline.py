"""Offline, proven: a build needs no network, and asks a live server for nothing.

1. A full build (html, pdf, epub) inside a network namespace with no interface but loopback
   down (`unshare -n`): it completes.
2. A server on 127.0.0.1 counts every connection; articles point every kind of reference at it
   (images, srcset, poster, object, iframe, CSS @import in <style> and in style attributes,
   background url(), <link rel=stylesheet|attachment|icon>, Markdown images and links): after a
   full build the count is zero.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
import urllib.request

import pytest

from conftest import EPOCH, ROOT, make_book, run_book

TEXT = ("A title\n\nThe first paragraph of a small article, with enough words to be kept as "
        "text.\n\nA second paragraph closes it.\n")
MARKDOWN = "# Notes\n\nSome notes, in Markdown, with a [link](https://example.org/).\n"


def test_full_build_without_network(tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip(f"the kernel refuses a network namespace here: {probe.stderr.strip()}")
    no_net = subprocess.run(["unshare", "-n", sys.executable, "-c",
                             "import socket; socket.create_connection(('1.1.1.1', 80), 2)"],
                            capture_output=True, text=True, timeout=30)
    assert no_net.returncode != 0  # the namespace really has no network
    root = make_book(tmp_path, {"01-a.txt": TEXT, "02-b.md": MARKDOWN})
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run(["unshare", "-n", sys.executable, "-m", "book", "build", str(root),
                           "-o", str(tmp_path / "out"), "-f", "html,pdf,epub"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert all((tmp_path / "out" / name).stat().st_size > 0
               for name in ("book.html", "book.pdf", "book.epub"))


class _Counting(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """Counts every connection (not only well-formed requests), answers 200 to anything."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[str] = []

    def verify_request(self, request, client_address):
        self.seen.append(str(client_address))
        return True


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.seen.append(self.path)
        body = b"p { color: red }"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = _Counting()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _page(base: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><title>Pointing at a server</title>
<link rel="stylesheet" href="{base}/link.css">
<link rel="attachment" href="{base}/attachment.bin">
<link rel="icon" href="{base}/favicon.ico">
<style>@import url("{base}/import.css"); @import "{base}/import2.css";
body {{ background: url({base}/background.png) }}</style>
</head><body><article>
<h1>Pointing at a server</h1>
<p style="@import url({base}/style-attr.css); background-image: url('{base}/style-bg.png')">
A paragraph with a style attribute that imports and draws from the server.</p>
<p><img src="{base}/image.png" alt="A remote image" width="400" height="300"></p>
<p><img src="local.png" srcset="{base}/srcset-1.png 1x, {base}/srcset-2.png 2x" alt="A srcset"></p>
<picture><source srcset="{base}/source.webp"><img src="{base}/picture.png" alt="A picture"></picture>
<video poster="{base}/poster.png" src="{base}/video.mp4"></video>
<object data="{base}/object.svg"></object>
<iframe src="{base}/frame.html"></iframe>
<div style="background: url({base}/div-bg.png)"><p>More words in a div with a background.</p></div>
<p>The last paragraph of the page, long enough to be kept as text.</p>
</article></body></html>
"""


def _markdown(base: str) -> str:
    return (f"# Remote notes\n\nAn image: ![A remote picture]({base}/md-image.png)\n\n"
            f"A [link to the server]({base}/md-link.html) and an autolink <{base}/auto>.\n\n"
            f"![Reference image][ref]\n\n[ref]: {base}/md-ref.png\n")


def test_no_request_reaches_a_live_server(tmp_path, server):
    httpd, base = server
    root = make_book(tmp_path, {"01-page.html": _page(base), "02-notes.md": _markdown(base)})
    done = run_book("build", str(root), "-o", str(tmp_path / "out"), "-f", "html,pdf,epub")
    assert done.returncode == 0, done.stderr
    assert httpd.seen == [], f"the build asked the server for: {httpd.seen}"
    for where, image in (("01-page.html:12", "image.png"), ("02-notes.md:3", "md-image.png")):
        assert f"chapters/{where}: image '{base}/{image}' is remote and the build is offline" \
            in done.stderr, done.stderr
    # The server does answer and count: the zero above is not a dead server's.
    with urllib.request.urlopen(f"{base}/probe", timeout=10) as response:
        assert response.status == 200
    assert "/probe" in httpd.seen
