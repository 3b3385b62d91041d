"""The logging policy, written down (after WeasyPrint's logger.py).

- error:   unusable input; the build stops (raised as BookError, printed once by the CLI).
- warning: degraded output the user should know about (a skipped file, a guessed title,
           a dropped remote image). Counted, so that `--strict` can fail the build.
- info:    the numbered build steps and what the readers removed from each article.
- debug:   details for developers (`-v`).

Everything goes through the "book" logger; WeasyPrint's own warnings are routed to it too
(they name CSS problems and unreachable resources). Other libraries' records are details for
developers: said as debug lines (-v), never printed bare. fontTools, for one, notes "'created'
timestamp seems very low" each time WeasyPrint subsets Lato (whose font header stores its date
as Unix time) with fontTools instead of HarfBuzz-Subset.

Records of the build's other processes (workers, renderers) are said here, in an order the build
fixes (book/relay.py).
"""

from __future__ import annotations

import logging
import sys

LOGGER = logging.getLogger("book")


class _Counter(logging.Handler):
    """Counts warnings and worse, for --strict."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


COUNTER = _Counter()


class _Quiet(logging.Filter):
    """Drops two WeasyPrint messages: its advice to install HarfBuzz-Subset (fontTools subsets
    fonts correctly), and its .notdef warnings, which render/coverage.py already gave with the
    file and line of each character."""

    def filter(self, record):
        message = record.getMessage()
        return "HarfBuzz-Subset" not in message and ".notdef glyph" not in message


class _Libraries(logging.Handler):
    """Other libraries' records (they reach the root logger), said as the book's debug lines."""

    def emit(self, record):
        LOGGER.debug("%s: %s", record.name, record.getMessage())


class _Format(logging.Formatter):
    def format(self, record):
        level = "" if record.levelno == logging.INFO else f"{record.levelname.lower()}: "
        return f"book: {level}{record.getMessage()}"


def setup(verbosity: int = 0) -> None:
    """-q → warnings and errors, default → info too, -v → debug (and tracebacks)."""
    level = logging.WARNING if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Format())
    for name in ("book", "weasyprint"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler, COUNTER]
        logger.propagate = False
        logger.filters[:] = [_Quiet()]
    LOGGER.setLevel(level)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if not isinstance(h, _Libraries)] + [_Libraries()]
    COUNTER.count = 0
