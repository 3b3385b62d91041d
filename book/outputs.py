"""Outputs appear whole or not at all.

A build writes everything into a hidden staging folder inside the output folder; only when
every output is complete are they moved into place, so a failed build leaves all the previous
outputs untouched. Single files are written to a temporary name and renamed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

HANDOUTS = "handouts"
"""The handouts' folder in the output folder (render/handouts.py), and their bundle beside it."""
HANDOUTS_BUNDLE = "handouts.pdf"


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; move it onto `target` only on success.

    A failure anywhere inside the block leaves the previous `target` untouched and removes
    the temporary file, so a bad chapter never leaves a half-written PDF or EPUB behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    # Named by the process group (the renderer's, with its workers): what a stopped renderer
    # was writing is found and removed by remove_stale() once the group is gone.
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.g{os.getpgid(0)}-", suffix=".part",
                                dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(target: Path, text: str) -> None:
    """Write a UTF-8 text file atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def write_bytes(target: Path, data: bytes) -> None:
    """Write a binary file atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def cache_folder(folder: Path) -> Path:
    """The build's cache: `.cache` in the output folder, beside the staging folder that
    `folder` may be (renderers write into the staging folder; the cache outlives it)."""
    base = folder.parent if folder.name.startswith(".staging-") else folder
    return base / ".cache"


def remove_stale(outdir: Path) -> None:
    """Remove what a killed build left (SIGKILL, power cut): staging folders of processes that
    are gone, and their half-written files. A running build's are left alone."""
    for path in [*outdir.glob(".staging-*"), *outdir.glob(".old-*-.staging-*")]:
        owner = path.name.split(".staging-")[-1].split("-")[0]  # .staging-<pid>-<random>
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(path, ignore_errors=True)
    for path in cache_folder(outdir).glob("**/.*.part"):  # .<name>.g<group>-<random>.part
        group = path.name.rsplit(".g", 1)[-1].split("-")[0]
        if group.isdigit() and not _alive(int(group)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    """Whether process `pid` runs. A zombie does not: a renderer whose build was killed is
    reparented, and in a container nothing may ever reap it."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True


@contextlib.contextmanager
def staging(outdir: Path) -> Iterator[Path]:
    """Yield a staging folder in `outdir`; on success move what it holds into `outdir`.

    A file replaces its namesake; a folder (styles/, handouts/) replaces its namesake whole,
    so that nothing of an older build (a handout of a removed article) lingers in it.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    remove_stale(outdir)
    stage = Path(tempfile.mkdtemp(prefix=f".staging-{os.getpid()}-", dir=outdir))
    try:
        yield stage
        with _signals_held():  # Ctrl-C or SIGTERM waits until every output is in place
            for path in sorted(stage.iterdir()):
                replace_into(path, outdir / path.name, stage.name)
            MOVED.add(outdir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        remove_stale(outdir)  # what a stopped renderer's workers were writing in the cache


@contextlib.contextmanager
def scratch(outdir: Path) -> Iterator[Path]:
    """A folder for what libraries write while rendering (WeasyPrint keeps each document's
    fonts in a temporary folder of its own, removed only when the document is collected, which
    a worker process that ends with os._exit never does: a build left megabytes behind in /tmp
    for every worker). Removed when the rendering ends, however it ends; named like a staging
    folder, so that the next build removes it after a SIGKILL. `use_scratch` makes it a
    process's temporary folder."""
    outdir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".staging-{os.getpid()}-tmp-", dir=outdir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def use_scratch(folder: Path) -> None:
    """In a renderer process (and the processes it starts): temporary files go to `folder`."""
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)


def replace_into(path: Path, target: Path, tag: str) -> None:
    """Move `path` onto `target`: a file replaces its namesake, a folder replaces its namesake
    whole (the old one is set aside as `.old-<name>-<tag>`, then removed)."""
    if path.is_dir():
        old = target.with_name(f".old-{target.name}-{tag}")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            os.replace(target, old)
        os.replace(path, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(path, target)


MOVED: set[Path] = set()
"""Output folders whose new outputs are all in place (an interrupt after that loses nothing)."""


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM (in the main thread): a mix of old and new outputs is never left."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
