"""The one URL fetcher WeasyPrint gets: offline, and confined to the project.

Every `HTML(...)` and `CSS(...)` object is given an instance (a CSS object built without it
would use WeasyPrint's default fetcher, which reads any file and the network).

Documents are rendered from places, not from paths: `file://book/chapters/a.png` is a file of
the book folder, `file://output/book.html` the HTML beside the outputs, `file://styles/` the
tool's stylesheets (`place_url`), wherever these folders are. WeasyPrint derives names in the
PDF from URLs (an image is `/i<md5 of its URL>`, and a page's resources are written in the
order of their names), so a URL holding a path would give other bytes for the same book built
from another folder or into another output folder.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit
from urllib.request import url2pathname

from book.assets import svg
from book.layout.seams import URLFetcher, URLFetcherResponse

LOGGER = logging.getLogger("book")
MAX_BYTES = 64 * 1024 * 1024
"""No single resource (font, image, stylesheet) may be larger than this."""
TYPES = {".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
         ".otf": "font/otf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
         ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp",
         ".html": "text/html"}


BOOK, OUTPUT, STYLES = "book", "output", "styles"
"""The places a document may fetch from: the book folder, the folder book.html is written to
(with its styles/ and images/), the tool's stylesheets and fonts."""


class ForbiddenURL(ValueError):
    """A URL the build must not fetch (network, or a file outside the project)."""


def place_url(place: str, relative: str = "") -> str:
    """The URL of `relative` (a POSIX path, "" for the folder itself) in `place`:
    'file://book/chapters/a%20b.png'. It names no folder of this machine."""
    return f"file://{place}/{quote(relative)}"


class ProjectFetcher(URLFetcher):
    """Allows `data:` URLs and regular files inside `roots`, nothing else; an SVG is given
    cleaned (assets/svg.py), never as it is.

    `roots` maps place names to folders: each file is then asked for as
    `place_url(name, ...)`, only inside that folder, and a path (`file:///...`) is refused, so
    that no URL holding a path can reach an output. Or it lists folders, whose files are asked
    for by their paths (what a user's own `HTML(filename=...)` does). Either way, what
    WeasyPrint embeds is the bytes checked here: a response has no `path` for it to read the
    file again from."""

    def __init__(self, roots: Mapping[str, Path] | Iterable[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=1)
        places = dict(roots) if isinstance(roots, Mapping) else {}
        self.places = {name: folder.resolve() for name, folder in places.items()}
        self.roots = [] if places else [root.resolve() for root in roots]

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            LOGGER.warning("not fetched (the build is offline): %s", _short(url))
            raise ForbiddenURL(f"offline build: {url}")
        path = self._checked_path(parts)
        data = svg.clean_file(path) if path.suffix.lower() == ".svg" else path.read_bytes()
        # A place's file answers with its place URL: what it refers to (a stylesheet's fonts)
        # is found in the same place.
        found = urlunsplit(("file", parts.netloc, parts.path, "", "")) if parts.netloc \
            else path.as_uri()
        return _Response(found, data, {"Content-Type": _type(path)})

    def _checked_path(self, parts) -> Path:
        local = url2pathname(parts.path)  # percent-decoded, once
        if parts.netloc:
            if parts.netloc not in self.places:
                LOGGER.warning("not fetched (no such place in the project): %s",
                               _short(parts.geturl()))
                raise ForbiddenURL(f"no such place: {parts.geturl()}")
            roots = [self.places[parts.netloc]]
            raw = roots[0] / local.lstrip("/")
        else:
            roots, raw = self.roots, Path(local)
        try:
            path = raw.resolve(strict=True)  # follows symlinks: a link out of the project fails
        except (OSError, RuntimeError) as exc:
            raise ForbiddenURL(f"no such file: {raw}") from exc
        if not any(path.is_relative_to(root) for root in roots):
            LOGGER.warning("not fetched (outside the project): %s", raw)
            raise ForbiddenURL(f"outside the project: {raw}")
        if not path.is_file():
            raise ForbiddenURL(f"not a regular file: {raw}")
        if path.stat().st_size > MAX_BYTES:
            raise ForbiddenURL(f"larger than {MAX_BYTES // 2**20} MiB: {raw}")
        return path


class _Response(URLFetcherResponse):
    """A fetched file as WeasyPrint keeps it: by its bytes, never by a path it would read
    again (WeasyPrint 70 reads an image's file at writing time when a response has a path)."""

    path = None


def _type(path: Path) -> str:
    return TYPES.get(path.suffix.lower(), "application/octet-stream")


def _short(url: str) -> str:
    return url if len(url) < 100 else url[:97] + "..."
