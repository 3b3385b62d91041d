"""No-op rebuilds: a stamp in the output folder says what the last successful build was made from.

`key()` hashes everything a build's outputs depend on: the tool (its version, its own files,
the installed packages' folders), the book folder's files, the options that change outputs and
SOURCE_DATE_EPOCH. Files count by (relative path, size, mtime_ns), so the key costs a directory
walk and no reads. After a successful build, `write()` keeps the key and the (size, mtime_ns) of
every output in `.book-stamp.json`; `fresh()` is true when the key is the same and every output
is still as the build left it, and `book build` then stops at once.

This module is imported before the freshness check, so it imports nothing heavy (no WeasyPrint).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path

import book
from book import resources

NAME = ".book-stamp.json"
"""The stamp, in the output folder (hidden, so never served, moved or counted as an output)."""
VERSION = 1
"""The stamp's own format; another one is not fresh."""
TOOL = resources.PACKAGE
"""The book/ package, templates included."""
STYLES = resources.STYLES
"""The tool's stylesheets and fonts (in a checkout, outside TOOL)."""
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)
"""Environment variables that change the outputs."""


def key(root: Path, outdir: Path | None, formats, **options) -> str:
    """A hash of everything the outputs of building `root` into `outdir` depend on.

    `options` are the build's keyword options that change outputs (paper, booklet,
    pdf_variant), as given to pipeline.build().
    """
    root = Path(root).resolve()
    outdir = Path(outdir or root / "build").resolve()
    digest = hashlib.sha256()

    def add(*parts) -> None:
        digest.update(json.dumps(parts, default=str).encode("utf-8") + b"\n")

    add("tool", tool_key())
    for rel, size, mtime in files(STYLES, skip=()):
        add("styles", rel, size, mtime)
    for rel, size, mtime in files(root, skip=(outdir,) if outdir != root else ()):
        add("book", rel, size, mtime)
    add("formats", sorted(formats))
    add("options", sorted(options.items()))
    add("environment", [(name, os.environ.get(name)) for name in ENVIRONMENT])
    return digest.hexdigest()


_TOOL_KEY: list[str] = []


def tool_key() -> str:
    """A hash of the tool itself: its version, its own files (templates included), the Python
    and the installed packages' folders. Worked out once per process."""
    if not _TOOL_KEY:
        digest = hashlib.sha256()
        digest.update(json.dumps([book.__version__, sys.version, sys.prefix]).encode())
        for folder in _packages():
            digest.update(json.dumps(["packages", str(folder), _mtime(folder)]).encode())
        for rel, size, mtime in files(TOOL, skip=()):
            digest.update(json.dumps(["tool", rel, size, mtime]).encode())
        _TOOL_KEY.append(digest.hexdigest())
    return _TOOL_KEY[0]


def clear(outdir: Path) -> None:
    """Forget the last build: called before a build replaces any output, so that a build that
    fails halfway (some outputs moved, some not) leaves no stamp behind."""
    with contextlib.suppress(OSError):
        (Path(outdir) / NAME).unlink(missing_ok=True)


def write(outdir: Path, stamp_key: str, outputs=(), warnings: int = 0) -> None:
    """After a successful build: keep its key, its warning count and the (size, mtime_ns) of
    every file in the output folder (recursively; hidden names and other builds' folders
    left out), `outputs` included."""
    from book.outputs import write_text

    outdir = Path(outdir)
    try:
        found = {rel: [size, mtime] for rel, size, mtime in files(outdir, skip=())}
        for output in map(Path, outputs):  # an output the walk left out still counts
            if output.is_file() and output.is_relative_to(outdir):
                stat = output.stat()
                found.setdefault(output.relative_to(outdir).as_posix(),
                                 [stat.st_size, stat.st_mtime_ns])
        data = {"stamp": VERSION, "key": stamp_key, "warnings": warnings, "files": found}
        write_text(outdir / NAME, json.dumps(data, indent=1, sort_keys=True) + "\n")
    except OSError:  # the outputs are made; without a stamp the next build just redoes them
        pass


def fresh(outdir: Path, stamp_key: str) -> bool:
    """True when the last build into `outdir` had this key and its outputs are as it left them.
    A missing, corrupt or foreign stamp is not fresh."""
    return _read(outdir, stamp_key) is not None


def warnings(outdir: Path) -> int:
    """The warning count of the last build, as its stamp recorded it (0 without a stamp)."""
    data = _load(outdir)
    return data["warnings"] if data else 0


def _read(outdir: Path, stamp_key: str) -> dict | None:
    data = _load(outdir)
    if data is None or data["key"] != stamp_key:
        return None
    outdir = Path(outdir)
    for rel, (size, mtime) in data["files"].items():
        try:
            stat = (outdir / rel).stat()
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return None
    return data


def _load(outdir: Path) -> dict | None:
    """The stamp, checked for shape; None if missing, unreadable, corrupt or foreign."""
    try:
        data = json.loads((Path(outdir) / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (isinstance(data, dict) and data.get("stamp") == VERSION
            and isinstance(data.get("key"), str) and isinstance(data.get("files"), dict)
            and data["files"] and _whole(data.get("warnings"))):
        return None
    for rel, value in data["files"].items():
        parts = Path(rel).parts
        if (Path(rel).is_absolute() or ".." in parts or not parts or not isinstance(value, list)
                or len(value) != 2 or not all(_whole(v) for v in value)):
            return None
    return data


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def files(folder: Path, skip) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime_ns) of every file under `folder`, sorted, leaving out hidden
    names, `skip`, caches, virtualenvs and other builds' output folders."""
    found = []
    skip = {str(path) for path in skip}
    for top, dirs, names in os.walk(folder, onerror=lambda error: None):
        if top != str(folder) and _foreign(names):
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__"
                         and os.path.join(top, d) not in skip)
        for name in names:
            if name.startswith("."):
                continue
            path = os.path.join(top, name)
            try:
                stat = os.stat(path)
            except OSError:  # a broken link: its presence still counts
                stat = None
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            found.append((rel, stat.st_size if stat else -1, stat.st_mtime_ns if stat else -1))
    return sorted(found)


def _foreign(names) -> bool:
    """A folder that is a virtualenv, or some build's output folder (staging, or its stamp)."""
    return any(name == "pyvenv.cfg" or name == NAME or name.startswith(".staging-")
               for name in names)


def _packages() -> list[Path]:
    """The folders installed packages live in: installing or upgrading one (WeasyPrint, say)
    adds or removes a *.dist-info entry there, which changes the folder's mtime."""
    return sorted({Path(p) for p in sys.path if p.endswith("-packages") and os.path.isdir(p)})


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1
