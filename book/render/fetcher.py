"""The one URL fetcher WeasyPrint gets: offline, and confined to the project.

Every `HTML(...)` and `CSS(...)` object is given an instance (a CSS object built without it
would use WeasyPrint's default fetcher, which reads any file and the network).
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from book.readers import svg

LOGGER = logging.getLogger("book")
MAX_BYTES = 64 * 1024 * 1024
"""No single resource (font, image, stylesheet) may be larger than this."""
TYPES = {".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
         ".otf": "font/otf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
         ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp",
         ".html": "text/html"}


class ForbiddenURL(ValueError):
    """A URL the build must not fetch (network, or a file outside the project)."""


class ProjectFetcher(URLFetcher):
    """Allows `data:` URLs and regular files inside `roots`, nothing else; an SVG is given
    cleaned (readers/svg.py), never as it is."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=1)
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            LOGGER.warning("not fetched (the build is offline): %s", _short(url))
            raise ForbiddenURL(f"offline build: {url}")
        path = self._checked_path(url)
        data = svg.clean_file(path) if path.suffix.lower() == ".svg" else path.read_bytes()
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": _type(path)})

    def _checked_path(self, url: str) -> Path:
        raw = Path(url2pathname(unquote(urlsplit(url).path)))
        try:
            path = raw.resolve(strict=True)  # follows symlinks: a link out of the project fails
        except (OSError, RuntimeError) as exc:
            raise ForbiddenURL(f"no such file: {raw}") from exc
        if not any(path.is_relative_to(root) for root in self.roots):
            LOGGER.warning("not fetched (outside the project): %s", raw)
            raise ForbiddenURL(f"outside the project: {raw}")
        if not path.is_file():
            raise ForbiddenURL(f"not a regular file: {raw}")
        if path.stat().st_size > MAX_BYTES:
            raise ForbiddenURL(f"larger than {MAX_BYTES // 2**20} MiB: {raw}")
        return path


def _type(path: Path) -> str:
    return TYPES.get(path.suffix.lower(), "application/octet-stream")


def _short(url: str) -> str:
    return url if len(url) < 100 else url[:97] + "..."
