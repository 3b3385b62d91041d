"""The articles as read, kept between builds: a one-chapter edit reads one article again.

Reading and cleaning 100 scraped articles takes about a second; a rebuild after one edit reads
only the edited one and takes the others from `.cache/articles/` in the output folder (so a fresh
`--out` reads everything). An entry is keyed by the article's bytes and path, the limits, the tool
(its version, its own files, the installed packages) and every other file of the book folder by
(path, size, mtime) — an added or changed image changes what a reader finds, so it reads again.

What a reader says (warnings, info) is captured when it reads, kept with the chapter, and said
again on every build that uses the entry: a cached build warns as a cold one does, and
`--strict` counts the same warnings. Entries are JSON (never pickle: the output folder is data,
and loading it must not run code), written atomically; a damaged entry is read again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import json
import logging
from pathlib import Path

from book import model, relay, stamp, workers
from book.outputs import cache_folder, write_text

LOGGER = logging.getLogger("book")
FOLDER = "articles"
VERSION = 1
REFINED = ("title", "kicker", "dek", "blocks", "notes")
"""The fields the typography transform changes (transforms/typography.py)."""
_CLASSES = {name: cls for name, cls in vars(model).items()
            if isinstance(cls, type) and dataclasses.is_dataclass(cls)
            and cls.__module__ == model.__name__}


class ArticleCache:
    """Read-through cache of readers' results for one build of `root` into `outdir`."""

    def __init__(self, root: Path, outdir: Path, limits, article_suffixes) -> None:
        self.folder = cache_folder(outdir) / FOLDER
        self.used: set[str] = set()
        digest = hashlib.sha256()
        for part in ("v", VERSION, stamp.tool_key(), str(root), repr(limits)):
            digest.update(f"{part}\n".encode())
        for rel, size, mtime in stamp.files(root, skip=(outdir,)):
            if not (rel.startswith("chapters/") and rel.endswith(tuple(article_suffixes))):
                digest.update(f"{rel}|{size}|{mtime}\n".encode())
        self._context = digest.hexdigest()

    def read(self, path: Path, shown: str, reader) -> model.Chapter:
        """The chapter `reader(path, shown, root)` makes of `path`, from the cache when the same
        bytes were read in the same context; its log records said again either way."""
        key, found = self.lookup(path, shown)
        return self.said(key, found or read_and_keep(self.folder, key, reader))

    def lookup(self, path: Path, shown: str) -> tuple[str, tuple | None]:
        """The key of `path` as read now, and (chapter, records) when the cache has them."""
        key = hashlib.sha256(f"{self._context}\n{shown}\n".encode() + path.read_bytes()).hexdigest()
        self.used.add(key)
        data = self._entry(key)
        try:
            chapter = decode(data["chapter"])
            records = [(int(level), str(message)) for level, message in data["records"]]
            if not isinstance(chapter, model.Chapter):
                raise TypeError(type(chapter).__name__)
        except _DAMAGED:  # not kept, or damaged: read again
            return key, None
        return key, (chapter, records)

    @staticmethod
    def said(key: str, found: tuple) -> model.Chapter:
        """The chapter of `found` (chapter, records), once its records are logged here."""
        chapter, records = found
        for level, message in records:
            LOGGER.log(level, "%s", message)
        return dataclasses.replace(chapter, digest=key)

    def refined_all(self, jobs, refine) -> list[model.Chapter]:
        """`refine(chapter, language)` (the typography transform of one chapter) of each pair of
        `jobs`, kept beside the chapter as read (what it depends on besides the blocks is in
        the key); those not kept are worked out side by side, one worker process per core."""
        results, todo = [], []
        for chapter, language in jobs:
            name = self._refined_name(chapter, language)
            data = self._entry(name) if name else None
            try:
                results.append(dataclasses.replace(chapter, **{
                    field: decode(data["fields"][field]) for field in REFINED}))
            except _DAMAGED:  # not kept, damaged, or not from the cache (no digest)
                results.append(None)
                todo.append((len(results) - 1, (self.folder, name, refine, chapter, language)))
        with workers.side_by_side(len(todo)) as pool:
            futures = [pool.submit(relay.collected, refine_and_keep, *args) if pool else None
                       for _, args in todo]
            for (index, args), job in zip(todo, futures):  # what each says, in reading order
                results[index] = relay.result(job) if job else refine_and_keep(*args)
        return results

    @staticmethod
    def _refined_name(chapter: model.Chapter, language: str) -> str | None:
        if not chapter.digest:
            return None
        fields = [language, chapter.title, chapter.kicker, chapter.dek]
        return f"{chapter.digest}-{hashlib.sha256(json.dumps(fields).encode()).hexdigest()[:16]}"

    def prune(self) -> None:
        """Forget the articles this build did not read (removed or edited since)."""
        try:
            for path in self.folder.glob("*.json"):
                if path.stem.split("-")[0] not in self.used:
                    path.unlink(missing_ok=True)
        except OSError:
            pass

    def _entry(self, name: str) -> dict | None:
        try:
            data = json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("v") == VERSION else None


def read_and_keep(folder: Path, key: str, reader) -> tuple[model.Chapter, list]:
    """(chapter, records) of `reader()`, kept in `folder` under `key`, nothing said (`said`
    does): what a worker process does for the articles read side by side (articles.py)."""
    chapter, records = _captured(reader)
    _keep(folder, key, {"chapter": encode(chapter), "records": records})
    return chapter, records


def refine_and_keep(folder: Path, name: str | None, refine, chapter: model.Chapter,
                    language: str) -> model.Chapter:
    """`refine(chapter, language)`, its refined fields kept under `name` (if any)."""
    result = refine(chapter, language)
    if name:
        _keep(folder, name, {"fields": {field: encode(getattr(result, field))
                                        for field in REFINED}})
    return result


def _keep(folder: Path, name: str, data: dict) -> None:
    # a read-only output folder: the build goes on
    with contextlib.suppress(OSError, TypeError, ValueError):
        write_text(folder / f"{name}.json", json.dumps({"v": VERSION, **data}))


_DAMAGED = (KeyError, TypeError, ValueError, AttributeError)
"""What decoding an entry that is missing, damaged or not the model's raises."""


def _captured(reader):
    """Run `reader()` with the "book" logger's records collected instead of shown, at every
    level (those of this thread: another thread's are shown as they come). What other
    libraries log meanwhile is not the article's: said again at once."""
    with relay.collecting(level=logging.DEBUG) as messages:
        chapter = reader()
    relay.say([message for message in messages if not _books(message[0])])
    return chapter, [(level, text) for name, level, text in messages if _books(name)]


def _books(name: str) -> bool:
    """Whether a logger is the book's ("book" or one below it)."""
    return name == LOGGER.name or name.startswith(f"{LOGGER.name}.")


def encode(value):
    """The model as JSON: dataclasses by class name, tuples as lists, paths and dates tagged."""
    if dataclasses.is_dataclass(value):
        data = {"@": type(value).__name__}
        for field in dataclasses.fields(value):
            data[field.name] = encode(getattr(value, field.name))
        return data
    if isinstance(value, (tuple, list)):
        return [encode(item) for item in value]
    if isinstance(value, Path):
        return {"@path": str(value)}
    if isinstance(value, datetime.datetime):
        return {"@datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"@date": value.isoformat()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__} in the article cache")


def decode(data):
    """The inverse of encode(); only the model's own classes are made."""
    if isinstance(data, list):
        return tuple(decode(item) for item in data)
    if isinstance(data, dict):
        if "@path" in data:
            return Path(data["@path"])
        if "@datetime" in data:
            return datetime.datetime.fromisoformat(data["@datetime"])
        if "@date" in data:
            return datetime.date.fromisoformat(data["@date"])
        cls = _CLASSES[data["@"]]
        return cls(**{name: decode(value) for name, value in data.items() if name != "@"})
    return data
