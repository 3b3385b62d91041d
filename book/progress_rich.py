"""The rich display of book/progress.py: one row per stage on stderr, with the "book" and
"weasyprint" log records printed above it (a forked process's records come through the pipe)."""

from __future__ import annotations

import logging
import os
import sys

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                           TimeElapsedColumn)
from rich.text import Text

from book.progress_display import Reporter


class Rich(Reporter):
    """A rich Progress on stderr, one row per stage; the book's log records print above it."""

    def open(self) -> None:
        self.handlers = []
        forced = os.environ.get("BOOK_PROGRESS", "").strip().lower() == "rich"
        self.console = Console(file=sys.stderr, force_terminal=True if forced else None)
        self.progress = Progress(
            # file names are text, never markup
            SpinnerColumn(finished_text="[green]✓"), TextColumn("{task.description}", markup=False),
            BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[item]}", style="dim", markup=False),
            TimeElapsedColumn(), console=self.console, transient=True,
            redirect_stdout=False, redirect_stderr=False)
        self.handlers = route_logs(self)
        self.progress.start()
        super().open()

    def close(self) -> None:
        super().close()
        with self.lock:
            self.end_all()
        self.progress.stop()
        restore_logs(self.handlers)

    def begin_stage(self, stage, announce: bool) -> None:
        stage.shown = self.progress.add_task(self.label(stage), total=stage.total, item="")
        self.progress.refresh()  # each stage is seen, however short

    def retotal(self, stage) -> None:
        self.progress.update(stage.shown, total=stage.total)

    def advanced(self, stage, item: str | None) -> None:
        self.progress.update(stage.shown, completed=stage.done, item=item or "")

    def end_stage(self, stage) -> None:
        if stage.shown is not None:
            whole = stage.total or max(stage.done, 1)
            self.progress.update(stage.shown, total=whole, completed=whole, item="")
            stage.shown = None

    def log(self, message: str) -> None:
        self.console.print(Text(message), soft_wrap=True)


class ConsoleHandler(logging.Handler):
    """While the rich display is live: records print above it (a forked process sends them)."""

    def __init__(self, reporter: Rich, replaced: logging.Handler):
        super().__init__(replaced.level)
        self.reporter, self.replaced = reporter, replaced
        self.setFormatter(replaced.formatter)

    def emit(self, record):
        try:
            message = self.format(record)
            if not self.reporter.forked:
                with self.reporter.lock:
                    self.reporter.log(message)
            elif not self.reporter.channel.send("log", (message,)):
                self.replaced.emit(record)  # too long, or the pipe is full: straight to stderr
        except Exception:
            self.handleError(record)


def route_logs(reporter: Rich) -> list:
    """Swap the stream handlers of the "book" and "weasyprint" loggers for console ones."""
    swapped = []
    for name in ("book", "weasyprint"):
        logger = logging.getLogger(name)
        for index, handler in enumerate(logger.handlers):
            if type(handler) is logging.StreamHandler:
                logger.handlers[index] = ConsoleHandler(reporter, handler)
                swapped.append((logger, index, handler))
    return swapped


def restore_logs(swapped: list) -> None:
    for logger, index, handler in swapped:
        if index < len(logger.handlers) and isinstance(logger.handlers[index], ConsoleHandler):
            logger.handlers[index] = handler
