"""The preview server of `book watch`: the output folder on 127.0.0.1, the page reloading itself.

Serves only the files of the output folder (no directory listings, no hidden files such as the
staging folders, nothing a link leads to outside it). `/` is the HTML edition, with a few lines
added at serve time (never written into build/book.html): a banner with the last build's errors,
and a script that asks `/__book/version` every 300 ms and reloads the page when a build has
changed it. When there is no book.html yet (the first build failed), an error page stands in.
"""

from __future__ import annotations

import contextlib
import mimetypes
import socket
import threading
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath

from markupsafe import Markup

from book.render.templates import render

VERSION_PATH = "/__book/version"
PAGE_PATHS = ("/", "/book.html", "/index.html")
PAGE_NAME = "book.html"


@dataclass
class State:
    """What the page shows, shared by the watch loop (writer) and the server's threads."""

    version: int = 0
    """Incremented whenever the page would look different: a new book.html, errors come or go."""
    errors: dict[str, str] = field(default_factory=dict)
    """Stage ("html", "pdf, epub") → its last error message; empty when every build worked."""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    building: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """Held while a build writes into the output folder and records its result: pages and files
    are read under it, so that a browser never gets a new page with an old banner, or a page
    whose styles/ is being replaced (a wait of a fraction of a second at most)."""

    def changed(self, stage: str | None = None, error: str | None = None) -> None:
        """A build finished: record its error (or its success) and bump the version."""
        with self.lock:
            if stage is not None:
                if error:
                    self.errors[stage] = error
                else:
                    self.errors.pop(stage, None)
            self.version += 1

    def snapshot(self) -> tuple[int, list[tuple[str, str]]]:
        with self.lock:
            return self.version, sorted(self.errors.items())


def page(outdir: Path, state: State) -> bytes:
    """book.html with the error banner and the reload script, or the error page without it."""
    version, errors = state.snapshot()
    extra = render("watch/inject.html.j2", version=str(version), errors=errors)
    try:
        html = (outdir / PAGE_NAME).read_text(encoding="utf-8")
    except OSError:
        return render("watch/error.html.j2", errors=errors, extra=Markup(extra)).encode("utf-8")
    at = html.rfind("</body>")
    at = len(html) if at < 0 else at
    return (html[:at] + extra + html[at:]).encode("utf-8")


def static_file(outdir: Path, url_path: str) -> Path | None:
    """The file under `outdir` that `url_path` names, or None: no hidden parts, no '..', no
    folder, nothing whose real path (links followed) lies outside the output folder."""
    parts = PurePosixPath(urllib.parse.unquote(url_path)).parts[1:]
    if not parts or any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    try:
        real = outdir.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real.is_relative_to(outdir) and real.is_file() else None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD only; every answer is `no-store`, so the browser always sees the last build."""

    server_version = "book-watch"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        outdir, state = self.server.outdir, self.server.state
        path = urllib.parse.urlsplit(self.path).path
        if path == VERSION_PATH:
            body, kind = str(state.snapshot()[0]).encode(), "text/plain; charset=utf-8"
        elif path in PAGE_PATHS:
            with state.building:
                body = page(outdir, state)
            kind = "text/html; charset=utf-8"
        else:
            with state.building:
                found = static_file(outdir, path)
                body = _read(found) if found else None
            if body is None:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)
                return
            kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith(("javascript", "json", "xml")):
                kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, body, kind, head)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base class's name)
        if self.server.verbose:
            super().log_message(format, *args)

    def handle(self) -> None:
        # the browser may go away mid-answer
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            super().handle()


class Server(ThreadingHTTPServer):
    """One thread per connection; daemon threads, so that stopping never waits for a browser."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], outdir: Path, state: State, verbose: bool):
        self.outdir, self.state, self.verbose = outdir.resolve(), state, verbose
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)


def start(outdir: Path, state: State, host: str, port: int, verbose: bool = False) -> Server:
    """Bind (OSError when the port is taken) and serve in a background thread."""
    server = Server((host, port), outdir, state, verbose)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                     name="book-serve", daemon=True).start()
    return server


def url(server: Server) -> str:
    host, port = server.server_address[:2]
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
