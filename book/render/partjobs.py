"""What a worker does with a part of the PDF (render/parts.py): lay it out with the book's
print stylesheets, count or measure its pages, write its PDF from its first page number."""

from __future__ import annotations

from pathlib import Path

from book.errors import RenderError
from book.layout import pagination
from book.outputs import atomic_path
from book.render import html, style
from book.render import pdfoptions as pdf_options

SHARED: tuple | None = None
"""What the workers inherit when they are forked: the book, the folder book.html is written
to (with its styles and images), the channels."""


_SHEETS: dict[str, tuple] = {}
"""Per worker process: the print stylesheets, parsed once, and the fonts they declare."""


def layout(html_text: str):
    """WeasyPrint's layout of one part, with the book's print stylesheets (as book.html links
    them: every sheet but the screen's), parsed once per worker with one font configuration:
    parsing them for each of a hundred parts would cost more than laying out a chapter.
    The part is laid out where book.html is (`fetcher.OUTPUT`), by URLs that name no folder."""
    from weasyprint import CSS, HTML
    from book.layout.seams import font_configuration
    from book.render.fetcher import OUTPUT, ProjectFetcher, place_url

    book, outdir, *_ = SHARED
    fetcher = ProjectFetcher({OUTPUT: Path(outdir)})
    if str(outdir) not in _SHEETS:
        fonts = font_configuration()
        with style.quiet(book):  # the book's own sheets' notes were said with file and line
            sheets = [CSS(url=place_url(OUTPUT, f"{html.ASSETS_DIR}/{name}"),
                          url_fetcher=fetcher, font_config=fonts)
                      for name, media in html.stylesheets(book) if media in (None, "print")]
        _SHEETS.clear()
        _SHEETS[str(outdir)] = (sheets, fonts)
    sheets, fonts = _SHEETS[str(outdir)]
    return HTML(string=html_text, base_url=place_url(OUTPUT, "book.html"),
                url_fetcher=fetcher).render(stylesheets=sheets, font_config=fonts,
                                            presentational_hints=False)


def count(html_text: str) -> int:
    return len(layout(html_text).pages)


def render(index: int, html_text: str, first: int | None, target: str):
    """Lay out one part, number it from `first` (or ask for its first page), write its PDF."""
    from book.layout import pagehook, pdfhooks

    book, _outdir, counts, firsts, ready = SHARED
    chosen = {}

    def first_page(pages: int) -> int:
        if first is not None:
            chosen["first"] = first
            return first
        counts.put((index, pages))
        with ready:
            if not ready.wait_for(lambda: firsts[index] > 0, timeout=3600):
                raise RenderError("a part of the PDF waited an hour for its page number")
        chosen["first"] = firsts[index]
        return firsts[index]

    with pagehook.numbered(first_page):
        document = layout(html_text)
    path = Path(target.replace("%d", str(chosen["first"]))) if "%d" in target else Path(target)
    with atomic_path(path) as tmp, pdfhooks.corrected():
        document.write_pdf(tmp, **pdf_options.write_options(book))
    return measured(document)


def measure(html_text: str):
    """Lay out one part only to know its pages (count and starts); write nothing."""
    return measured(layout(html_text))


def measured(document):
    """The page count and page starts of a laid-out part."""
    starts = [(page - 1, key, offset) for page, key, offset in pagination.page_starts(document)]
    return len(document.pages), starts
