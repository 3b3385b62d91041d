"""When a render runs past its budget: find the chapter that does not fit, and say so.

The book is laid out in one pass, so an overrun by itself says only which output was being
made. Each chapter is then laid out alone (largest first), in a child held to the same budget;
the first that overruns alone is named. When none does, the book as a whole is too large for
the budget, and the message says that instead.
"""

from __future__ import annotations

import logging
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from book import sandbox
from book.errors import RenderError
from book.limits import Limits
from book.model import Book, Chapter
from book.resources import STYLES

LOGGER = logging.getLogger("book")
WHAT = {"time": "ran past its time budget of {detail}",
        "memory": "ran out of its memory budget of {detail}",
        "crash": "stopped: {detail}"}
KEYS = {"time": "render_seconds", "memory": "memory_mb", "crash": "memory_mb"}


def explain(book: Book, overrun: sandbox.Overrun, limits: Limits) -> RenderError:
    """The RenderError for `overrun`, naming the chapter to blame when one alone overruns."""
    making = f"making {overrun.stage}" if overrun.stage else "rendering"
    what = WHAT[overrun.kind].format(detail=overrun.detail)
    key = KEYS[overrun.kind]
    if overrun.kind == "crash" and "Traceback" in overrun.detail:  # a bug, not a budget
        return RenderError(f"{making} failed: {overrun.detail.strip().splitlines()[-1]}",
                           hint="run with -v and report it; the previous outputs are untouched")
    LOGGER.warning("%s %s; laying out each chapter alone to find the cause", making, what)
    culprit = _culprit(book, limits)
    if culprit is None:
        return RenderError(f"{making} {what}; no single chapter is the cause: the book is too "
                           "large for the budget", source="book.toml",
                           hint=f"raise [limits] {key} in book.toml")
    return RenderError(f"{making} {what}; this chapter alone overruns it",
                       source=str(culprit.source.path),
                       hint=f"shorten or split the article (a huge table or list?), or raise "
                            f"[limits] {key} in book.toml")


def _culprit(book: Book, limits: Limits) -> Chapter | None:
    """The first chapter, largest first, whose layout alone overruns the same budget."""
    from book.render import pdf  # noqa: F401 - WeasyPrint imported once, before the probes fork

    seconds = limits.seconds_for(len(book.chapters))
    give_up = time.monotonic() + 2 * seconds  # the whole search: two budgets at most
    for chapter in sorted(book.chapters, key=lambda c: _size(book.root / c.source.path),
                          reverse=True):
        left = give_up - time.monotonic()
        if left <= 0:
            return None
        alone = replace(book, chapters=(chapter,))
        with tempfile.TemporaryDirectory(prefix="book-probe-") as folder:
            try:
                sandbox.run(lambda report, alone=alone, folder=folder:
                            _probe(alone, Path(folder), STYLES),
                            min(seconds, left), limits.memory_mb)
            except sandbox.Overrun as again:
                if again.kind == "time" and left < seconds:
                    return None  # the search ran out of time, not this chapter
                return chapter
            except Exception:  # noqa: BLE001 - a chapter that fails otherwise is not the cause
                continue
    return None


def _probe(book: Book, folder: Path, styles: Path) -> None:
    """In the probe's process: lay `book` out, WeasyPrint's temporary files in `folder` (removed
    with it, whatever the probe's end)."""
    from book import outputs
    from book.render import pdf

    outputs.use_scratch(folder)
    pdf.write_pdf(book, folder / "probe.pdf", styles)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
