"""Build progress, per stage and per chapter: a rich display on a terminal, plain log lines
elsewhere (CI), nothing with -q.

The reporter is process-wide. The CLI shows it around a build; everything else only reports:

    with progress.showing(total_steps=4):          # or start(4) ... finish()
        pipeline.build(...)

    progress.stage("reading articles", total=30, step=2, unit="articles")
    progress.advance("chapters/03-x.txt")          # one item of the current stage done
    progress.stage("book.pdf")                      # a stage inside the current step
    progress.stage("book.pdf", total=120)           # the same name again: sets its total
    progress.advance("chapters/07-y.md")

Every call is a no-op when no display was started (library use, tests, `book watch`, -q), and
none of them ever raises, blocks or waits on a consumer.

Child processes: the renderers run in a forked child (book/sandbox.py), and chapters may be
rendered in worker processes forked from it (a multiprocessing "fork" context, or a
ProcessPoolExecutor with one). Such a process simply calls `progress.stage(...)` and
`progress.advance(...)` like the parent: it inherits this module's state. For the rich display,
a call made in a forked process is written to a pipe (book/progress_pipe.py: one non-blocking
`os.write` of a short line; dropped if the pipe is ever full) that a thread of the parent reads
and shows. The plain
lines of a forked process's stages are log records of that process, logged there: they reach
the terminal with its other records, in the order the build gives them (book/relay.py), never
in the order in which processes happen to run. A process started with "spawn" or "forkserver"
inherits nothing and reports nothing.

A renderer that lays out chapters in workers (the PDF's) does not import this module: it is
given a reporter (book/render/report.py; pipeline._write passes this module) on which it gives
its stage ("book.pdf", which pipeline.render has already begun) its total where the workers are
started, then one advance per chapter from the process that began the stage (the pool's
parent), as each result is taken in reading order (book/render/handouts.py, parts.py):

    report.stage("book.pdf", total=len(book.chapters))
    report.advance(str(chapter.source.path))       # "chapters/03-x.txt"

Modes: "rich" when stderr is a terminal (TERM not "dumb"), "plain" otherwise, "off" when the
"book" logger does not show info (-q). Without -q, the environment variable
BOOK_PROGRESS=rich|plain|off chooses one (rich then draws even without a terminal).

Plain mode logs through the "book" logger at info level: the start of a stage inside a step
(`book: [4/4] book.pdf`), then at most ten lines per stage, one per tenth of its total
(`book: [4/4] book.pdf: 37/100 chapters`). Numbered steps are logged by the pipeline itself.
Stages that run side by side are logged one after the other, in the order of the formats: the
lines of a stage beside the current one come in its turn (book/turns.py), so that a log says
the same lines in the same order on any machine. The rich display shows every stage live.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading

from book.progress_display import Reporter, Stage

LOGGER = logging.getLogger("book")
MODES = ("rich", "plain", "off")

_reporter: Reporter | None = None
_forked = False
"""True in a process forked from the one that started the display."""
_current: str | None = None
"""The stage this process began last: its advances count there."""


def start(total_steps: int, mode: str | None = None) -> None:
    """Begin showing progress of a build of `total_steps` numbered steps.

    `mode` is "rich", "plain" or "off"; by default BOOK_PROGRESS, else chosen from stderr and -q.
    """
    global _reporter, _forked
    finish()
    mode = mode or _mode()
    if mode == "off":
        return
    _forked = False
    reporter = None
    try:
        if mode == "rich":
            from book.progress_rich import Rich as reporter_class
        else:
            reporter_class = _Plain
        reporter = reporter_class(total_steps)
        reporter.open()
    except Exception as exc:  # no display is worth a failed build
        LOGGER.debug("no progress display: %s", exc)
        with contextlib.suppress(Exception):
            reporter.close()
        return
    _reporter = reporter


def stage(name: str, total: int | None = None, *, step: int | None = None,
          unit: str = "chapters", beside: bool = False) -> None:
    """A stage begins: `name` ("book.pdf"), `total` items to do (None: unknown).

    `step` is the build's numbered step the stage begins (the pipeline logs that line itself);
    without it the stage belongs to the current step. Calling it again with a shown stage's
    name only sets its total (a renderer that learns its count after the stage began).
    `beside`: the stage runs at the same time as the current one, in another process (the
    handouts beside the book's PDF); it does not end the current stage, and ends with end().
    This process's advances count in the stage it began last.
    """
    global _current
    _current = name
    _send("stage", name, total, step, unit, beside)


def advance(item: str | None = None, n: int = 1) -> None:
    """`n` items of this process's stage are done; `item` names the last one."""
    _send("advance", item, n, _current)


def end(name: str) -> None:
    """A stage begun `beside` the others is done."""
    _send("end", name)


def finish() -> None:
    """Stop showing progress: the last events are shown, the display is removed."""
    global _reporter
    if _reporter is None or _forked:
        return
    reporter, _reporter = _reporter, None
    with contextlib.suppress(Exception):
        reporter.close()


@contextlib.contextmanager
def showing(total_steps: int, mode: str | None = None):
    """start() … finish(), also when the build fails (the display is gone before its error)."""
    start(total_steps, mode)
    try:
        yield
    finally:
        finish()


def _mode() -> str:
    if not LOGGER.isEnabledFor(logging.INFO):  # -q
        return "off"
    chosen = os.environ.get("BOOK_PROGRESS", "").strip().lower()
    if chosen in MODES:
        return chosen
    terminal = getattr(sys.stderr, "isatty", lambda: False)()
    return "rich" if terminal and os.environ.get("TERM", "") != "dumb" else "plain"


def _send(kind: str, *args) -> None:
    reporter = _reporter
    if reporter is None:
        return
    if _forked and not reporter.logs:
        reporter.channel.send(kind, args)
        return
    if not _forked:
        reporter.channel.pump()  # what forked processes said first
    reporter.handle(kind, args)


def _after_fork() -> None:
    global _forked
    _forked = True
    if _reporter is not None:  # a lock the parent's reading thread held stays held here
        _reporter.lock = threading.RLock()
        _reporter.forked = True


os.register_at_fork(after_in_child=_after_fork)


class _Plain(Reporter):
    """Log lines: a stage's start (unless the pipeline logged its step), then every tenth."""

    logs = True

    def begin_stage(self, stage: Stage, announce: bool) -> None:
        stage.shown = 0  # tenths logged
        if announce:
            LOGGER.info("%s", self.label(stage))

    def advanced(self, stage: Stage, item: str | None) -> None:
        if not stage.total:
            return
        tenths = min(10, stage.done * 10 // stage.total)
        if tenths > stage.shown:
            stage.shown = tenths
            LOGGER.info("%s: %d/%d %s", self.label(stage), min(stage.done, stage.total),
                        stage.total, stage.unit)
