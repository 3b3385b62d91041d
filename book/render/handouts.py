"""Print handouts: one PDF per article, a duplex-safe bundle of them all, optional booklets.

Each article is rendered on its own (templates/html/handout.html.j2, styles/handout*.css) in
worker processes, one per core, with the same offline fetcher as the book. An article that
fails is named, and every other handout is still written.

    build/handouts/NN-slug.pdf            one per article, NN its chapter number
    build/handouts/NN-slug.booklet.pdf    with --booklet: folded A5 (half-letter) booklets
    build/handouts.pdf                    all of them, each starting on an odd page
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from weasyprint import HTML

from book import __version__, outputs, relay, workers
from book.assets import images
from book.errors import PartialRenderError, RenderError
from book.model import Book, Chapter, Image
from book.outputs import cache_folder, write_bytes
from book.render import impose, style
from book.render.context import chapter_context
from book.render.fetcher import BOOK, STYLES, ProjectFetcher, place_url
from book.render.pdfoptions import write_options
from book.render.report import SILENT, Report
from book.render.templates import render
from book.text import slugify

LOGGER = logging.getLogger("book")
FOLDER = outputs.HANDOUTS
BUNDLE = outputs.HANDOUTS_BUNDLE


@dataclass(frozen=True)
class Paper:
    """A paper choice: the handout's stylesheet, the booklet's page stylesheet and sheet size."""

    sheet: str
    booklet_sheet: str
    booklet_size: tuple[float, float]
    """The landscape sheet a booklet's pages are imposed on, in points."""


PAPERS = {
    "a4": Paper("handout-a4.css", "handout-a5.css", (841.89, 595.28)),
    "letter": Paper("handout-letter.css", "handout-half-letter.css", (792.0, 612.0)),
}
BASE_SHEETS = ("fonts.css", "base.css", "handout.css")


def file_stem(number: int, chapter: Chapter) -> str:
    """'02-how-attachment-focused-interventions': chapter number and a slug of its title."""
    return f"{number:02d}-{slugify(chapter.title or '') or 'article'}"


def document(book: Book, chapter: Chapter, page_sheet: str) -> str:
    """One article as a standalone handout document (stylesheets relative to styles/, the
    theme's design (not its pages), the accent and type size, then the book's own sheets;
    images and the book's sheets in the book folder by their place: `fetcher.place_url`)."""
    def image_href(image: Image) -> str:
        return place_url(BOOK, image.path.relative_to(book.root).as_posix())

    booklet = page_sheet == PAPERS[book.layout.paper].booklet_sheet
    return render("html/handout.html.j2", meta=book.meta, chapter=chapter, version=__version__,
                  context_for=lambda chapter: chapter_context(chapter, "handout", image_href),
                  stylesheets=[*BASE_SHEETS, page_sheet,
                               *(sheet.name for sheet in style.theme_sheets(book))],
                  settings=style.settings_css(book, "booklet" if booklet else "handout")
                  if style.settings_wanted(book) else None,
                  own_stylesheets=[place_url(BOOK, style.own_name(book, path).removeprefix(
                      f"{style.OWN}/")) for path in book.layout.css],
                  modified=(chapter.modified or book.meta.modified).strftime("%Y-%m-%dT%H:%M:%SZ"))


def render_pdf(book: Book, chapter: Chapter, page_sheet: str, styles_dir: Path) -> bytes:
    """The handout of one article as PDF bytes, fetched offline from the book and styles/."""
    fetcher = ProjectFetcher({BOOK: book.root, STYLES: styles_dir})
    from book.layout import pdfhooks

    html = HTML(string=document(book, chapter, page_sheet), url_fetcher=fetcher,
                base_url=place_url(STYLES))
    with pdfhooks.corrected(), style.quiet(book):  # tagged for PDF/UA-1 as layout/tagtree.py says
        return html.write_pdf(presentational_hints=False, **write_options(book))


def _cached(book: Book, chapters, styles_dir: Path, cache: Path) -> dict[int, tuple]:
    """(key, handout, booklet) per chapter number; handout None when not in the cache. The key
    hashes the handout's document, its images' contents (the document names them by their
    files: one saved again under its name is another image), the paper, the booklet choice
    and what shapes every page (styles, fonts, versions: render/partcache.cache_key)."""
    from book.render import partcache

    paper = PAPERS[book.layout.paper]
    found = {}
    for number, chapter in chapters:
        shown = " ".join(images.asset_name(path) for path in images.chapter_images(chapter))
        text = f"{book.layout.booklet}|{paper}|{shown}|" + document(book, chapter, paper.sheet)
        key = partcache.cache_key(book, styles_dir, text)
        pdf, booklet = cache / f"{key}.pdf", cache / f"{key}.booklet.pdf"
        ready = pdf.is_file() and (booklet.is_file() or not book.layout.booklet)
        found[number] = (key, pdf.read_bytes() if ready else None,
                         booklet.read_bytes() if ready and book.layout.booklet else None)
    return found


def _keep(cache: Path, found: dict, results: dict) -> None:
    """Save what was made into the cache; remove what this build did not use."""
    keep = set()
    for number, (key, _pdf, _booklet) in found.items():
        if number not in results:
            continue
        pdf, booklet = results[number]
        for name, data in ((f"{key}.pdf", pdf), (f"{key}.booklet.pdf", booklet)):
            if data is not None:
                keep.add(name)
                if not (cache / name).is_file():
                    write_bytes(cache / name, data)
    for path in cache.iterdir():
        if path.name not in keep:
            path.unlink(missing_ok=True)


def _job(book: Book, chapter: Chapter, styles_dir: Path) -> tuple[bytes, bytes | None]:
    """Worker: the handout, and its booklet when asked for."""
    paper = PAPERS[book.layout.paper]
    pdf = render_pdf(book, chapter, paper.sheet, styles_dir)
    if not book.layout.booklet:
        return pdf, None
    pages = render_pdf(book, chapter, paper.booklet_sheet, styles_dir)
    return pdf, impose.booklet(pages, paper.booklet_size)


def write_handouts(book: Book, target: Path, styles_dir: Path, report: Report = SILENT) -> None:
    """Write the handouts folder `target` and the bundle beside it; one step of `report` per
    article.

    Raises PartialRenderError, after writing every handout that worked, when some failed.
    """
    target.mkdir(parents=True, exist_ok=True)
    chapters = list(enumerate(book.chapters, 1))
    results, failures = {}, []
    report.stage(FOLDER, total=len(chapters))  # the stage pipeline.render began
    cache = cache_folder(target.parent) / FOLDER
    cache.mkdir(parents=True, exist_ok=True)
    found = _cached(book, chapters, styles_dir, cache)
    results = {number: (pdf, booklet) for number, (_key, pdf, booklet) in found.items()
               if pdf is not None}
    todo = [(number, chapter) for number, chapter in chapters if number not in results]
    with workers.pool(min(workers.cores(), len(todo))) as pool:
        # Each job gets the book without its other chapters: pickling the whole book for
        # each of n articles would cost time growing as n squared.
        futures = {number: pool.submit(relay.collected, _job, replace(book, chapters=(chapter,)),
                                       chapter, styles_dir) for number, chapter in todo}
        for number, chapter in chapters:  # what each says, in reading order
            if number in futures:
                try:
                    results[number] = relay.result(futures[number])
                except Exception as exc:  # one article's failure must not stop the others
                    LOGGER.error("%s: its handout could not be made: %s", chapter.source, exc)
                    failures.append(str(chapter.source))
            report.advance(str(chapter.source))
    _keep(cache, found, results)
    for number, chapter in chapters:
        if number not in results:
            continue
        pdf, booklet = results[number]
        stem = file_stem(number, chapter)
        (target / f"{stem}.pdf").write_bytes(pdf)
        if booklet is not None:
            (target / f"{stem}.booklet.pdf").write_bytes(booklet)
    parts = [(chapter.title or "", results[number][0]) for number, chapter in chapters
             if number in results]
    if parts:
        try:
            (target.parent / BUNDLE).write_bytes(impose.bundle(parts, book.meta.title,
                                                               book.meta.language))
        except ValueError as exc:
            raise RenderError(f"cannot bundle the handouts: {exc}", source=BUNDLE) from exc
    if failures:
        raise PartialRenderError(f"{len(failures)} handout(s) failed: {', '.join(failures)}",
                                 hint="the other handouts were written; run with -v for details.")
    if not parts:
        raise RenderError("no handout was made", source=target)
