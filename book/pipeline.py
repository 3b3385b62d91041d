"""build(): load → read → transform → render, readable top to bottom (mkdocs, mdBook)."""

from __future__ import annotations

import functools
import importlib
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from book import config as config_mod
from book import limits as limits_mod
from book import progress
from book import (articles, budget, log, outputs, readcache, readers, resources, sandbox, stamp,
                  transforms, turns)
from book.errors import InputError, PartialRenderError, RenderError
from book.model import Book, BookMeta, Layout
from book.outputs import staging

LOGGER = logging.getLogger("book")
CHAPTERS_DIR = articles.CHAPTERS_DIR
STYLES = resources.STYLES
"""The tool's stylesheets and fonts."""


def _renderer(module: str, function: str, needs: tuple[str, ...] = (), **options):
    """A renderer's writer, its module imported when first called. WeasyPrint alone takes more
    than half a second to import, so `load` imports the module and what it `needs` (modules it
    imports only when it runs) while the articles are read."""
    def write(book: Book, target: Path, styles_dir: Path, **more) -> None:
        writer = getattr(importlib.import_module(module), function)
        writer(book, target, styles_dir, **options, **more)

    write.modules = (module, *needs)
    return write


LAYOUT = ("weasyprint", "book.render.parts", "book.layout.pagehook", "book.layout.pdfhooks",
          "book.render.assemble")
"""What laying out the PDF's parts imports (the EPUB lays them out too, for its page numbers)."""
RENDERERS = {
    # format: (output name in the output folder, writer(book, target, styles_dir))
    "html": ("book.html", _renderer("book.render.html", "write_html")),
    "pdf": ("book.pdf", _renderer("book.render.pdf", "write_pdf", LAYOUT)),
    # The EPUB marks where the PDF edition's pages begin (print page numbers).
    "epub": ("book.epub", _renderer("book.render.epub", "write_epub", LAYOUT, print_pages=True)),
    # and outputs.HANDOUTS_BUNDLE beside the folder
    "handouts": (outputs.HANDOUTS,
                 _renderer("book.render.handouts", "write_handouts",
                           ("weasyprint", "book.layout.pdfhooks"))),
}
FORMATS = tuple(RENDERERS)
BESIDE = ("html", "handouts")
"""The renderers that run in processes of their own beside the others when more formats are
asked for: they need nothing the others make, and a one-chapter edit leaves a core idle. The
EPUB runs beside the PDF too, once the PDF's parts tell it the print page numbers."""


@dataclass(frozen=True)
class BuildResult:
    """What a build made."""

    book: Book
    outputs: tuple[Path, ...]


def build(root: Path, outdir: Path | None = None, formats=FORMATS, paper: str | None = None,
          booklet: bool | None = None, pdf_variant: str | None = None) -> BuildResult:
    """Build the book in `root` into `outdir` (default root/build).

    `paper` and `booklet` override book.toml's [handouts] settings (the command line's);
    `pdf_variant` chooses PDF/A-3b instead of the default PDF/UA-1.
    """
    root = root.resolve()
    if not root.is_dir():
        raise InputError("is not a folder", source=root, hint="Give the book's folder.")
    outdir = (outdir or root / "build").resolve()
    # The inputs as they are before this build reads them (an article saved during the build
    # makes the next one rebuild); no stamp until every output is in place.
    stamp_key = stamp.key(root, outdir, formats, paper=paper, booklet=booklet,
                          pdf_variant=pdf_variant)
    stamp.clear(outdir)
    warnings = log.COUNTER.count
    config = config_mod.load(root)
    LOGGER.info("[1/4] %s", f"read {config_mod.CONFIG_NAME}" if config.path else
                f"no {config_mod.CONFIG_NAME}: every article in {CHAPTERS_DIR}/, "
                "in file-name order")
    LOGGER.info("[2/4] reading articles in %s/", CHAPTERS_DIR)
    cache = readcache.ArticleCache(root, outdir, config.limits, readers.READERS)
    chapters = articles.read_chapters(root, config, cache,
                                      meanwhile=functools.partial(load, formats))
    layout = config_mod.model_of(Layout, config, paper=paper, booklet=booklet,
                                 pdf_variant=pdf_variant)  # the command line's, else book.toml's
    book = Book(meta=book_meta(root, config, chapters), chapters=chapters, root=root, layout=layout)
    LOGGER.info("[3/4] preparing %d chapter%s", len(chapters), "" if len(chapters) == 1 else "s")
    progress.stage("preparing chapters", step=3)
    book = transforms.apply_all(book, memo=cache)
    cache.prune()
    from book.render import style
    style.check(book)  # the book's own stylesheets: what WeasyPrint cannot use, by file and line
    LOGGER.info("[4/4] writing %s to %s", ", ".join(formats),
                articles.shown_path(outdir, Path.cwd()))
    progress.stage("writing", step=4)
    made = tuple(render(book, outdir, formats, config.limits))
    stamp.write(outdir, stamp_key, made, warnings=max(0, log.COUNTER.count - warnings))
    return BuildResult(book=book, outputs=made)


def load(formats) -> None:
    """Import the renderers of `formats` (and WeasyPrint with them)."""
    for name in formats:
        for module in getattr(RENDERERS[name][1], "modules", ()):
            importlib.import_module(module)


def book_meta(root: Path, config: config_mod.BookConfig, chapters) -> BookMeta:
    """Book metadata with its defaults: stable identifier, reproducible dates."""
    title = config.title or _folder_title(root)
    modified = articles.build_time(root, chapters)
    dates = [c.date for c in chapters if c.date]
    return config_mod.model_of(
        BookMeta, config,
        title=title,
        authors=config.authors or _chapter_authors(chapters),
        identifier=(config.identifier
                    or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'book:' + title)}"),
        date=config.date or (max(dates) if dates else modified.date()),
        modified=modified,
    )


def _chapter_authors(chapters) -> tuple[str, ...]:
    """Without authors in book.toml: the articles' authors, or "Various authors" for many."""
    names = tuple(dict.fromkeys(c.author for c in chapters if c.author))
    return names if len(names) <= 3 else ("Various authors",)


def _folder_title(root: Path) -> str:
    words = root.name.replace("_", " ").replace("-", " ").strip() or "Untitled"
    return words[0].upper() + words[1:]


def render(book: Book, outdir: Path, formats, limits=limits_mod.Limits()) -> list[Path]:
    """Run the requested renderers into a staging folder, in a child process held to the
    render budget (book/sandbox.py); move the outputs into place together. Their messages come
    format by format, in the order of `formats` (book/turns.py)."""
    def task(report):
        from book.render import templates, typefaces
        templates.environment()  # its compiled templates stay in the system's temporary folder
        outputs.use_scratch(scratch)  # WeasyPrint's fonts and the like: removed at the end
        typefaces.keep_in(outputs.cache_folder(outdir))
        sides, more = {}, {}
        if len(formats) > 1:  # on other cores, beside the others
            for name in BESIDE:
                if name in formats:
                    sides[name] = sandbox.Beside(functools.partial(_write, book, name, stage,
                                                                   beside=True))
            if "pdf" in formats and "epub" in formats:  # the print pages handed over
                pages = sandbox.Handover()
                sides["epub"] = sandbox.Beside(functools.partial(_write, book, "epub", stage,
                                                                 beside=True, pages=pages))
                more["pdf"] = {"parts_ready": pages.send}
        here = {name: functools.partial(_write, book, name, stage, **more.get(name, {}))
                for name in formats if name not in sides}
        try:
            with turns.Turns(formats, sides) as turn:
                turn.render(here, report=lambda name: report(RENDERERS[name][0]))
        finally:
            for side in sides.values():
                side.stop()
        # what did work is still moved into place
        return turn.partial and (turn.partial.message, _plain(turn.partial.source),
                                 turn.partial.hint)

    try:
        with staging(outdir) as stage, outputs.scratch(outdir) as scratch:
            try:
                partial = sandbox.run(task, limits.seconds_for(len(book.chapters)),
                                      limits.memory_mb)
            except sandbox.Overrun as overrun:
                raise budget.explain(book, overrun, limits) from None
    except OSError as exc:
        raise RenderError(f"cannot write the outputs: {exc.strerror or exc}", source=outdir,
                          hint="choose a writable output folder with -o.") from exc
    if partial:
        raise PartialRenderError(*partial[:1], source=partial[1], hint=partial[2])
    targets = [outdir / RENDERERS[name][0] for name in formats]
    for target in targets:
        LOGGER.info("wrote %s", articles.shown_path(target, Path.cwd()))
    return targets


def _write(book: Book, name: str, stage: Path, beside: bool = False, **more) -> None:
    """One renderer: its output into the staging folder, its progress shown as a stage."""
    filename, write = RENDERERS[name]
    progress.stage(filename, beside=beside)
    try:
        write(book, stage / filename, STYLES, report=progress, **more)  # the display
    finally:
        if beside:
            progress.end(filename)


def _plain(value):
    return None if value is None else str(value)
