"""build(): load → read → transform → render, readable top to bottom (mkdocs, mdBook)."""

from __future__ import annotations

import datetime
import functools
import logging
import os
import re
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from book import config as config_mod
from book import limits as limits_mod
from book import progress
from book import budget, log, readcache, readers, sandbox, stamp, transforms
from book.errors import ConfigError, InputError, PartialRenderError, RenderError
from book.model import Book, BookMeta, Chapter, Layout
from book.readers.assets import IMAGE_TYPES
from book.readers.scraped import describe_removals
from book.outputs import staging
from book.render import epub, handouts, html, pdf

LOGGER = logging.getLogger("book")
CHAPTERS_DIR = "chapters"
STYLES = Path(__file__).resolve().parent.parent / "styles"
"""The tool's stylesheets (and, later, fonts)."""

RENDERERS = {
    # format: (output name in the output folder, writer(book, target, styles_dir))
    "html": ("book.html", html.write_html),
    "pdf": ("book.pdf", pdf.write_pdf),
    # The EPUB marks where the PDF edition's pages begin (print page numbers).
    "epub": ("book.epub", functools.partial(epub.write_epub, print_pages=True)),
    "handouts": (handouts.FOLDER, handouts.write_handouts),  # and handouts.pdf beside it
}
FORMATS = tuple(RENDERERS)
BESIDE = "handouts"
"""The renderer that runs in a process of its own beside the others when they are asked for
too: it needs nothing they make, and a one-chapter edit leaves a core idle otherwise."""


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
                f"no {config_mod.CONFIG_NAME}: every article in {CHAPTERS_DIR}/, in file-name order")
    LOGGER.info("[2/4] reading articles in %s/", CHAPTERS_DIR)
    cache = readcache.ArticleCache(root, outdir, config.limits, readers.READERS)
    chapters = read_chapters(root, config, cache)
    layout = Layout(trim=config.trim, paper=paper or config.paper,
                    booklet=config.booklet if booklet is None else booklet,
                    pdf_variant=pdf_variant or "pdf/ua-1")
    book = Book(meta=book_meta(root, config, chapters), chapters=chapters, root=root, layout=layout)
    LOGGER.info("[3/4] preparing %d chapter%s", len(chapters), "" if len(chapters) == 1 else "s")
    progress.stage("preparing chapters", step=3)
    book = transforms.apply_all(book, memo=cache)
    cache.prune()
    LOGGER.info("[4/4] writing %s to %s", ", ".join(formats), _shown(outdir, Path.cwd()))
    progress.stage("writing", step=4)
    outputs = tuple(render(book, outdir, formats, config.limits))
    stamp.write(outdir, stamp_key, outputs, warnings=max(0, log.COUNTER.count - warnings))
    return BuildResult(book=book, outputs=outputs)


def read_chapters(root: Path, config: config_mod.BookConfig,
                  cache: readcache.ArticleCache | None = None) -> tuple[Chapter, ...]:
    """Read every article (book.toml's list, or chapters/ in file-name order); skip empty ones.
    With a `cache`, articles an earlier build read the same way come from it."""
    folder = root / CHAPTERS_DIR
    chapters = []
    files = list(article_files(folder, config))
    progress.stage("reading articles", total=len(files), step=2, unit="articles")
    for path, entry in files:
        shown = _shown(path, root)
        limits_mod.check_file(path, shown, config.limits)
        reader = functools.partial(readers.reader_for(path), path, shown, root)
        chapter = cache.read(path, shown, reader) if cache else reader()
        limits_mod.check_chapter(chapter, shown, config.limits)
        progress.advance(shown)
        if chapter.removed:
            LOGGER.info("%s: removed %s", shown, describe_removals(chapter.removed))
        if not chapter.blocks:
            LOGGER.warning("%s: no article text (empty, or only boilerplate); skipped", shown)
            continue
        chapter = replace(chapter, modified=_build_time(root, [chapter]))
        chapters.append(_override(chapter, entry))
    if not chapters:
        raise InputError("no article with text to build a book from", source=f"{CHAPTERS_DIR}/",
                         hint=f"Put .txt articles in {CHAPTERS_DIR}/ (see README).")
    return tuple(chapters)


def article_files(folder: Path, config: config_mod.BookConfig):
    """(path, override entry or None) pairs, in reading order."""
    if config.chapters is not None:
        for entry in config.chapters:
            path = folder / entry.file
            if not path.is_file():
                where = f"{config_mod.CONFIG_NAME}:{entry.line}" if entry.line else \
                    config_mod.CONFIG_NAME
                raise ConfigError(f"chapter file '{CHAPTERS_DIR}/{entry.file}' does not exist",
                                  source=where, hint=f"Check the name in {CHAPTERS_DIR}/.")
            _check_inside(path, folder.parent, strict=True)
            if readers.reader_for(path) is None:
                raise ConfigError(f"'{entry.file}' is not a supported article format "
                                  f"({', '.join(readers.READERS)})", source=config_mod.CONFIG_NAME)
            yield path, entry
        return
    if not folder.is_dir():
        raise InputError("no chapters/ folder", source=folder,
                         hint="Put the articles in a chapters/ folder beside book.toml.")
    for path in sorted(folder.iterdir(), key=_natural):
        if path.name.startswith(".") or path.is_dir():
            continue
        if readers.reader_for(path) is None:
            if path.suffix.lower() not in IMAGE_TYPES:  # an article's images may sit beside it
                LOGGER.warning("%s: not an article format this builder reads (%s); ignored",
                               _shown(path, folder.parent), ", ".join(readers.READERS))
            continue
        if _check_inside(path, folder.parent, strict=False):
            yield path, None


def _natural(path: Path) -> list:
    """File-name order as people read it: "2-x.txt" before "10-x.txt"."""
    return [int(part) if part.isdigit() else part.casefold()
            for part in re.split(r"(\d+)", path.name)] + [path.name]


def _check_inside(path: Path, root: Path, strict: bool) -> bool:
    """An article must be a regular file inside the book folder (a link may not lead out)."""
    shown = _shown(path, root)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        problem = "is a broken or looping link"
    else:
        inside = real.is_relative_to(root.resolve())
        problem = None if inside and real.is_file() else (
            "links to a file outside the book folder" if not inside else "is not a regular file")
    if problem is None:
        return True
    hint = f"copy the article itself into {CHAPTERS_DIR}/."
    if strict:
        raise InputError(problem, source=shown, hint=hint)
    LOGGER.warning("%s: %s; skipped. Hint: %s", shown, problem, hint)
    return False


def _override(chapter: Chapter, entry) -> Chapter:
    """book.toml's per-chapter values win over what the reader found."""
    if entry is None:
        return chapter
    fields = ("title", "kicker", "dek", "author", "date", "language")
    changes = {name: getattr(entry, name) for name in fields if getattr(entry, name) is not None}
    return replace(chapter, **changes)


def book_meta(root: Path, config: config_mod.BookConfig, chapters) -> BookMeta:
    """Book metadata with its defaults: stable identifier, reproducible dates."""
    title = config.title or _folder_title(root)
    modified = _build_time(root, chapters)
    dates = [c.date for c in chapters if c.date]
    return BookMeta(
        title=title,
        subtitle=config.subtitle,
        authors=config.authors or _chapter_authors(chapters),
        language=config.language,
        identifier=config.identifier or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'book:' + title)}",
        date=config.date or (max(dates) if dates else modified.date()),
        modified=modified,
        publisher=config.publisher,
        rights=config.rights,
        cover_image=config.cover,
    )


def _chapter_authors(chapters) -> tuple[str, ...]:
    """Without authors in book.toml: the articles' authors, or "Various authors" for many."""
    names = tuple(dict.fromkeys(c.author for c in chapters if c.author))
    return names if len(names) <= 3 else ("Various authors",)


def _build_time(root: Path, chapters) -> datetime.datetime:
    """SOURCE_DATE_EPOCH when set; else the newest input file's time (never 'now')."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError as exc:
            raise ConfigError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got "
                              f"{epoch!r}", source="environment") from exc
    else:
        files = [c.source.path if c.source.path.is_absolute() else root / c.source.path
                 for c in chapters] + [root / config_mod.CONFIG_NAME]
        seconds = int(max(f.stat().st_mtime for f in files if f.exists()))
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


def _folder_title(root: Path) -> str:
    words = root.name.replace("_", " ").replace("-", " ").strip() or "Untitled"
    return words[0].upper() + words[1:]


def render(book: Book, outdir: Path, formats, limits=limits_mod.Limits()) -> list[Path]:
    """Run the requested renderers into a staging folder, in a child process held to the
    render budget (book/sandbox.py); move the outputs into place together."""
    def task(report):
        partial, side = None, None
        steps = [(name, functools.partial(_write, book, name, stage)) for name in formats]
        if BESIDE in formats and len(formats) > 1:  # on another core, beside the others
            side = sandbox.Beside(functools.partial(_write, book, BESIDE, stage, beside=True))
            steps = [step for step in steps if step[0] != BESIDE] + [(BESIDE, side.wait)]
        try:
            for name, step in steps:
                report(RENDERERS[name][0])
                try:
                    step()
                except PartialRenderError as exc:  # what did work is still moved into place
                    partial = (exc.message, _plain(exc.source), exc.hint)
        finally:
            if side:
                side.stop()
        return partial

    try:
        with staging(outdir) as stage:
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
        LOGGER.info("wrote %s", _shown(target, Path.cwd()))
    return targets


def _write(book: Book, name: str, stage: Path, beside: bool = False) -> None:
    """One renderer: its output into the staging folder, its progress shown as a stage."""
    filename, write = RENDERERS[name]
    progress.stage(filename, beside=beside)
    try:
        write(book, stage / filename, STYLES)
    finally:
        if beside:
            progress.end(filename)


def _plain(value):
    return None if value is None else str(value)


def _shown(path: Path, base: Path) -> str:
    """`path` as the user knows it: relative to `base` when inside it (links not followed)."""
    path, base = Path(os.path.abspath(path)), Path(os.path.abspath(base))
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
