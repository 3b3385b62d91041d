"""The articles of a book: which files, in what order, read how (pipeline.py's step 2).

The articles are those book.toml lists, or every article in chapters/ in file-name order
("2-x.txt" before "10-x.txt"); each must be a regular file inside the book folder. Articles an
earlier build read the same way come from the article cache (readcache.py); the others are read
side by side, one worker process per core, while the main process imports the renderers.
Messages and errors come in reading order all the same.
"""

from __future__ import annotations

import datetime
import functools
import logging
import os
import re
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from book import config as config_mod
from book import limits as limits_mod
from book import language, progress, readcache, readers, relay, workers
from book.assets.mediatypes import IMAGE_TYPES
from book.errors import ConfigError, InputError
from book.model import Chapter
from book.readers.scraped import describe_removals

LOGGER = logging.getLogger("book")
CHAPTERS_DIR = "chapters"


def read_chapters(root: Path, config: config_mod.BookConfig,
                  cache: readcache.ArticleCache | None = None,
                  meanwhile: Callable[[], None] | None = None) -> tuple[Chapter, ...]:
    """Read every article (book.toml's list, or chapters/ in file-name order); skip empty ones.
    With a `cache`, articles an earlier build read the same way come from it, and the others are
    read side by side, one worker process per core, while this process does `meanwhile()`
    (imports the renderers). Messages and errors come in reading order all the same."""
    folder = root / CHAPTERS_DIR
    chapters = []
    files = list(article_files(folder, config))
    progress.stage("reading articles", total=len(files), step=2, unit="articles")
    jobs, failure = _looked_up(files, root, config, cache)
    unread = [job for job in jobs if cache and job[-1] is None]
    with workers.side_by_side(len(unread)) as pool:
        reading = {key: pool.submit(relay.collected, readcache.read_and_keep, cache.folder, key,
                                    reader) for _, _, reader, key, _ in unread} if pool else {}
        if meanwhile:
            meanwhile()
        for entry, shown, reader, key, found in jobs:
            if cache:  # from the cache, a worker, or read here
                found = found or _from(reading.get(key)) or readcache.read_and_keep(
                    cache.folder, key, reader)
                chapter = cache.said(key, found)
            else:
                chapter = reader()
            limits_mod.check_chapter(chapter, shown, config.limits)
            progress.advance(shown)
            if chapter.removed:
                LOGGER.info("%s: removed %s", shown, describe_removals(chapter.removed))
            if not chapter.blocks:
                LOGGER.warning("%s: no article text (empty, or only boilerplate); skipped, the "
                               "book is made from the others. Hint: check that the file holds "
                               "the article (a web page: save it again, or paste its text into "
                               "a .txt file)", shown)
                continue
            chapter = replace(chapter, modified=build_time(root, [chapter]))
            chapters.append(_override(chapter, entry))
    if failure:
        raise failure
    if not chapters:
        raise InputError("no article with text to build a book from", source=f"{CHAPTERS_DIR}/",
                         hint=f"Put .txt articles in {CHAPTERS_DIR}/ (see README).")
    return tuple(chapters)


def _from(job):
    """A worker's result (what else it said, said here); None when there is no job, or its
    worker died (the article is then read here, as it would be without workers)."""
    try:
        return relay.result(job) if job else None
    except BrokenProcessPool:
        return None


def _looked_up(files, root: Path, config, cache):
    """(override entry, shown path, reader, cache key, (chapter, records) if cached) of each
    article up to the first one refused by the limits, and that refusal (raised once the
    articles before it are read, as when they are read one by one)."""
    jobs = []
    for path, entry in files:
        shown = shown_path(path, root)
        try:
            limits_mod.check_file(path, shown, config.limits)
        except InputError as exc:
            return jobs, exc
        reader = functools.partial(readers.reader_for(path), path, shown, root)
        # The language too, when the article may not say it (book.toml's wins: none to detect).
        # What it depends on, book.toml, is in the article cache's key as every file is.
        if entry is None or entry.language is None:
            reader = functools.partial(language.read_with_language, reader, config.language)
        key, found = cache.lookup(path, shown) if cache else (None, None)
        jobs.append((entry, shown, reader, key, found))
    return jobs, None


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
                               shown_path(path, folder.parent), ", ".join(readers.READERS))
            continue
        if _check_inside(path, folder.parent, strict=False):
            yield path, None


def _natural(path: Path) -> list:
    """File-name order as people read it: "2-x.txt" before "10-x.txt"."""
    return [int(part) if part.isdigit() else part.casefold()
            for part in re.split(r"(\d+)", path.name)] + [path.name]


def _check_inside(path: Path, root: Path, strict: bool) -> bool:
    """An article must be a regular file inside the book folder (a link may not lead out)."""
    shown = shown_path(path, root)
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


def build_time(root: Path, chapters) -> datetime.datetime:
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
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


def shown_path(path: Path, base: Path) -> str:
    """`path` as the user knows it: relative to `base` when inside it (links not followed)."""
    path, base = Path(os.path.abspath(path)), Path(os.path.abspath(base))
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
