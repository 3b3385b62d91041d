"""What a worker does with a part of the PDF (render/parts.py): lay it out with the book's
print stylesheets, count or measure its pages, write its PDF from its first page number.

A worker gets everything it needs as an argument: the pool's initializer (`begin`) is given the
build's `PartJob`, which the fork hands over as it is (no pickling of the book), and keeps it,
with the stylesheets parsed once, as this process's `Worker`. Nothing is set before the fork."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from book.errors import RenderError
from book.layout import pagination
from book.model import Book
from book.outputs import atomic_path
from book.render import html, style
from book.render import pdfoptions as pdf_options


@dataclass(frozen=True)
class PartJob:
    """What every worker of one build needs: the book, the folder book.html is written to (with
    its styles and images), and the channels of the page numbers."""

    book: Book
    outdir: Path
    counts: Any
    """A queue: (index, pages) of each part counted, waiting for its first page number."""
    firsts: Any
    """A shared array: each part's first page number by index, 0 until it is known."""
    ready: Any
    """The condition `firsts` is written under, and waited on."""


class Worker:
    """One worker process of one build: its job, and the print stylesheets, parsed once."""

    def __init__(self, job: PartJob):
        self.job = job
        self._sheets: tuple | None = None

    def layout(self, html_text: str):
        """WeasyPrint's layout of one part, with the book's print stylesheets (as book.html
        links them: every sheet but the screen's), parsed once per worker with one font
        configuration: parsing them for each of a hundred parts would cost more than laying out
        a chapter. The part is laid out where book.html is (`fetcher.OUTPUT`), by URLs that
        name no folder."""
        from weasyprint import CSS, HTML

        from book.layout.seams import font_configuration
        from book.render.fetcher import OUTPUT, ProjectFetcher, place_url

        book = self.job.book
        fetcher = ProjectFetcher({OUTPUT: Path(self.job.outdir)})
        if self._sheets is None:
            fonts = font_configuration()
            with style.quiet(book):  # the book's own sheets' notes were said with file and line
                sheets = [CSS(url=place_url(OUTPUT, f"{html.ASSETS_DIR}/{name}"),
                              url_fetcher=fetcher, font_config=fonts)
                          for name, media in html.stylesheets(book) if media in (None, "print")]
            self._sheets = (sheets, fonts)
        sheets, fonts = self._sheets
        return HTML(string=html_text, base_url=place_url(OUTPUT, "book.html"),
                    url_fetcher=fetcher).render(stylesheets=sheets, font_config=fonts,
                                                presentational_hints=False)

    def render(self, index: int, html_text: str, first: int | None, target: str):
        """Lay out one part, number it from `first` (or ask for its first page), write its
        PDF."""
        from book.layout import pagehook, pdfhooks

        job = self.job
        chosen = {}

        def first_page(pages: int) -> int:
            if first is not None:
                chosen["first"] = first
                return first
            job.counts.put((index, pages))
            with job.ready:
                if not job.ready.wait_for(lambda: job.firsts[index] > 0, timeout=3600):
                    raise RenderError("a part of the PDF waited an hour for its page number")
            chosen["first"] = job.firsts[index]
            return job.firsts[index]

        with pagehook.numbered(first_page):
            document = self.layout(html_text)
        path = (Path(target.replace("%d", str(chosen["first"]))) if "%d" in target
                else Path(target))
        with atomic_path(path) as tmp, pdfhooks.corrected():
            document.write_pdf(tmp, **pdf_options.write_options(job.book))
        return measured(document)


_WORKER: list[Worker] = []
"""This worker process's Worker, put here by `begin` in the worker itself (after the fork);
empty in the parent."""


def begin(job: PartJob) -> None:
    """The pool's initializer: this process works for `job` from now on."""
    _WORKER[:] = [Worker(job)]


def _worker() -> Worker:
    if not _WORKER:
        raise RuntimeError("a part's job runs in a worker started by partjobs.begin")
    return _WORKER[0]


def count(html_text: str) -> int:
    """Lay out one part only to count its pages (the front matter without page numbers)."""
    return len(_worker().layout(html_text).pages)


def render(index: int, html_text: str, first: int | None, target: str):
    return _worker().render(index, html_text, first, target)


def measure(html_text: str):
    """Lay out one part only to know its pages (count and starts); write nothing."""
    return measured(_worker().layout(html_text))


def measured(document):
    """The page count and page starts of a laid-out part."""
    starts = [(page - 1, key, offset) for page, key, offset in pagination.page_starts(document)]
    return len(document.pages), starts
