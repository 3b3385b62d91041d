"""The book's PDF in parts: front matter, each chapter and the Sources, laid out side by side
in worker processes, each kept in a cache, then put together (render/assemble.py).

A chapter's layout does not depend on the numbers its pages carry, only on its text, the
styles and the fonts. So every part is laid out at once, one per core; when a part's pages are
laid out, it reports their count and waits for its first page number, which is known as soon
as the parts before it are counted (layout/pagehook.py puts the numbers in before the running
heads and folios are drawn). Each chapter starts on a right-hand page, as in the one-document
layout of book.html: a blank page goes before it when needed.

The Contents needs every chapter's page number, and the chapters need the Contents' length:
the front matter is counted with the numbers left out (they sit in a column of their own, so
the count does not change), and written last, with them.

The cache (`.cache/parts/` in the output folder) keeps each part's page count and page starts
under a hash of its HTML document and of everything else that shapes its pages (styles, fonts,
the tool's and WeasyPrint's versions, the PDF variant), and its PDF under that hash and its
first page number. An edited chapter is laid out again alone; the others are reused as long as
their first page stays the same. A fresh output folder is a cold build.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import functools
from dataclasses import dataclass, field, replace
from pathlib import Path

from book import relay, workers
from book.assets import images
from book.errors import RenderError
from book.model import Book
from book.render import html, partcache, partjobs, typefaces
from book.render.report import SILENT, Report

FOLDER = "parts"
LINK = "https://book.invalid/part#"
"""Where the front matter's Contents links point; assemble.py turns them into links to pages."""
CONTEXT = workers.CONTEXT
UNDATED = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
"""The front matter's stand-in modification date; assemble.dated() puts the book's in."""


@dataclass
class Part:
    """One part of the PDF: its document, where it sits, where its rendering is kept."""

    name: str
    """"front", "back", or the chapter's slug."""
    html: str
    key: str = ""
    pages: int = 0
    first: int = 0
    """Number of its first page in the book."""
    starts: list = field(default_factory=list)
    """(page in the part, block key, offset): where each page begins (the EPUB's page-list)."""

    def pdf(self, cache: Path) -> Path:
        return cache / f"{self.key}-{self.first}.pdf"


def render(book: Book, outdir: Path, styles_dir: Path, cache_root: Path,
           front: bool = True, on_part=None, meanwhile=None,
           report: Report = SILENT) -> list[Part]:
    """Every part of the book's PDF rendered (or found in the cache), in reading order.
    Without `front`, the front matter is only counted (the EPUB needs the page numbers of the
    chapters, not the front matter's PDF); the first part is then the counted one.
    `on_part(part)` gets the chapters and the Sources in reading order, each as soon as it and
    those before it are written, while the later ones and the front matter may still be laid
    out (assemble.Assembly joins them meanwhile). `meanwhile()` is done once every part is
    on its way to the workers. Its progress goes to `report`, one part at a time."""
    cache = cache_root / FOLDER
    cache.mkdir(parents=True, exist_ok=True)
    # The front matter carries the PDF's metadata; laid out with a stand-in modification date
    # (assemble.py writes the book's), a change to another article leaves it in the cache.
    undated = replace(book, meta=replace(book.meta, modified=UNDATED))
    numbers = {chapter.slug: 0 for chapter in book.chapters} | {"sources": 0}
    report.stage("book.pdf", total=len(book.chapters) + 2, unit="parts")
    # Without `front` (the EPUB's page numbers), parts are only measured: no PDF is written.
    with _Workers(book, outdir, cache, len(book.chapters) + 1, report,
                  measure=not front) as team:
        # Each part is laid out as soon as its document is written (unless it is cached):
        # the workers start while this process writes the next documents.
        faces = typefaces.typefaces_used(book, styles_dir)  # both front matters' copyright page
        counting = _part(book, styles_dir, cache, "front", part="front", link_base=LINK,
                         page_numbers=dict.fromkeys(numbers, ""), typefaces=faces)
        if not counting.pages:
            team.count(counting)
        chapters = []
        for index, chapter in enumerate(book.chapters, 1):
            chapters.append(_part(book, styles_dir, cache, chapter.slug, part="chapter",
                                  chapters=(chapter,)))
            team.start(index, chapters[-1])
        back = _part(book, styles_dir, cache, "back", part="back")
        team.start(len(chapters) + 1, back)
        team.place(counting, chapters, back)
        if meanwhile:
            meanwhile()
        front = None if front else counting
        body = [*chapters, back]
        joined = 0
        while front is None or team.busy():
            # A part is joined as soon as it and those before it are written, when a core is
            # free of layout work (after an edit at once; in a cold build, at the end).
            while (on_part and joined < len(body) and team.spare()
                   and team.written(body[joined])):
                on_part(body[joined])  # the later parts are laid out meanwhile
                joined += 1
                team.step(wait=0)  # page numbers for the workers between two parts
            team.step()
            if front is None and all(p.first for p in body):
                for part in body:
                    numbers[part.name if part is not back else "sources"] = part.first
                front = _part(undated, styles_dir, cache, "front", part="front", link_base=LINK,
                              page_numbers=numbers, typefaces=faces)
                team.write(front, first=1)
        team.tell()
    for part in body[joined:] if on_part else ():
        on_part(part)
    if front.pages != counting.pages:
        raise RenderError(f"the Contents took {front.pages} pages with page numbers and "
                          f"{counting.pages} without", hint="report it; build.html is fine")
    if front is not counting:  # a whole build: what it did not use goes
        partcache.prune(cache, [counting, front, *body])
    return [front, *chapters, back]


def _part(book: Book, styles_dir: Path, cache: Path, name: str, **part) -> Part:
    """A part of the PDF: its document (html.document's `part` options), key and, when it is
    cached, page count and page starts."""
    made = Part(name, html.document(book, styles_dir, linked=False, **part))
    # The front matter shows the user's cover under a name its contents do not change.
    cover = book.meta.cover_image if part.get("part") == "front" else None
    made.key = partcache.cache_key(book, styles_dir, made.html + (
        f"\n{images.asset_name(cover)}" if cover else ""))
    partcache.load(cache, made)
    return made


class _Workers:
    """The worker processes and the bookkeeping of counts and first pages."""

    def __init__(self, book, outdir, cache, slots, report: Report, measure=False):
        self.book, self.outdir, self.cache, self.report = book, outdir, cache, report
        self.measure = measure
        """Only measure the parts (page counts and starts): no PDF, no waiting for numbers."""
        self.told: list[Part] = []
        """The parts whose messages are said, and which are counted done, in this order."""
        self.said: list[tuple[Part, tuple, Exception | None]] = []
        """(part, what its layout said, what it raised) of the layouts done, not yet told."""
        self.counts = CONTEXT.SimpleQueue()
        self.firsts = CONTEXT.Array("i", slots + 1, lock=False)
        self.ready = CONTEXT.Condition()
        self.futures: dict = {}
        self.size = workers.cores()

    def __enter__(self):
        # Each worker is handed the job as its initializer's argument: the fork passes it on
        # as it is (the book is not pickled), and nothing is left in a global of this process.
        job = partjobs.PartJob(self.book, self.outdir, self.counts, self.firsts, self.ready)
        self.pool = workers.pool(self.size, functools.partial(partjobs.begin, job))
        return self

    def __exit__(self, *exc):
        if exc[0] is not None:  # workers may be waiting for page numbers that never come
            workers.stop(self.pool)
        else:
            self.pool.shutdown(wait=True)
        return False

    def count(self, part: Part) -> None:
        """Lay out `part` only to count its pages (the front matter without page numbers)."""
        self.futures[self.pool.submit(relay.collected, partjobs.count, part.html)] = (
            part, "count")

    def start(self, index: int, part: Part) -> None:
        """Lay out chapter `index` now unless it is cached; it asks for its first page (and
        waits for it) once its pages are counted. Measuring, any part, at once."""
        if self.measure and not part.pages:
            self.futures[self.pool.submit(relay.collected, partjobs.measure, part.html)] = (
                part, "measure")
        elif not part.pages:
            self.futures[self.pool.submit(relay.collected, partjobs.render, index, part.html,
                                          None, str(self.cache / f"{part.key}-%d.pdf"))] = (
                part, "render")

    def place(self, counting: Part, chapters: list[Part], back: Part) -> None:
        """Every part is known: number those that can be, and go on as counts come in."""
        self.counting, self.numbered = counting, [*chapters, back]
        self.told = [counting, *self.numbered]
        self._number()

    def write(self, part: Part, first: int) -> None:
        part.first = first
        if not any(told is part for told in self.told):  # the front matter, numbered
            self.told.append(part)
        target = part.pdf(self.cache)
        if self.measure or (part.pages and target.is_file()):
            return  # measured, or reused from the cache
        self.futures[self.pool.submit(relay.collected, partjobs.render, 0, part.html, first,
                                      str(target))] = (part, "render")

    def busy(self) -> bool:
        return bool(self.futures)

    def step(self, wait: float = 0.02) -> None:
        """Wait a little for a count or a finished part; number whatever can be numbered."""
        done, _ = concurrent.futures.wait(self.futures, timeout=wait,
                                          return_when=concurrent.futures.FIRST_COMPLETED)
        for future in done:
            part, kind = self.futures.pop(future)
            try:
                result, said = future.result()
            except Exception as exc:  # a worker's exception: raised in its turn (tell)
                self.said.append((part, getattr(exc, "relayed", ()), exc))
                continue
            self.said.append((part, said, None))
            if kind == "count":
                part.pages = result
            else:  # rendered, or measured
                part.pages, part.starts = result
            partcache.save(self.cache, part)
        while not self.counts.empty():
            index, pages = self.counts.get()
            self.numbered[index - 1].pages = pages
        self._number()
        self.tell()

    def tell(self) -> None:
        """Say what the parts' layouts said, and count them done, in reading order as far as
        they are done: never in the order the workers end in. A part that failed raises here,
        once those before it are said."""
        while self.told:
            part = self.told[0]
            done = next((entry for entry in self.said if entry[0] is part), (part, (), None))
            if done[2] is None and not (part.pages and (part.first or part is self.counting)
                                        and not self.doing([part])):
                return
            del self.told[0]
            self.said = [entry for entry in self.said if entry is not done]
            relay.say(done[1])
            if done[2] is not None:
                raise done[2]
            if part is not self.counting or self.measure:
                self.report.advance(part.name)

    def _number(self) -> None:
        """Give first pages in order, as far as the counts go; reuse or render each part."""
        if not self.counting.pages:
            return
        page = self.counting.pages
        for index, part in enumerate(self.numbered, 1):
            first = page + 1 if page % 2 == 0 else page + 2  # a right-hand (odd) page
            if not part.first:
                with self.ready:
                    self.firsts[index] = first
                    self.ready.notify_all()
                if self.doing([part]):  # laid out now; writes itself once numbered
                    part.first = first
                else:
                    self.write(part, first)  # from the cache, or rendered from its first page
            if not part.pages:
                return
            page = first + part.pages - 1

    def spare(self) -> bool:
        """Whether a core is free of the parts' layout (fewer parts to lay out than workers)."""
        return len(self.futures) < self.size

    def written(self, part: Part) -> bool:
        """Whether `part`'s PDF is written, from its first page."""
        return bool(part.first and part.pages) and not self.measure and not self.doing([part])

    def doing(self, parts: list[Part]) -> bool:
        """Whether any of `parts` is still being laid out or written."""
        busy = {id(p) for p, _ in self.futures.values()}
        return any(id(part) in busy for part in parts)
