"""Log records across processes, said in an order the build fixes: never in the order in which
processes happen to finish.

A process forked for a build says nothing itself. What its loggers record is collected
(`collecting`) and handed, with the result of its work, to the process that started it, which
says it (`say`) when its turn comes: a pool's jobs in reading order (`collected` in the worker,
`result` in the parent), the renderers in the order of the formats (book/turns.py), and the
renderer's own records as they come, through the sandbox's pipe (`route`, book/sandbox.py). So
whatever the load, a build prints the same lines in the same order, and the warnings are
counted once, where they are said (log.COUNTER, for --strict).

Collected are the records of the "book" and "weasyprint" loggers (WeasyPrint's warnings are the
book's, book/log.py) and those that reach the root logger from other libraries (fontTools' notes
on a font's tables), each as a Message: (logger name, level, text), plain data that pickles.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator

Message = tuple[str, int, str]
"""(logger name, level, text) of one record."""
LOGGERS = ("book", "weasyprint", "")
"""The loggers whose records are collected and relayed ("" the root: other libraries')."""


def say(messages) -> None:
    """Log `messages` here, in their order, as if they were recorded here."""
    for name, level, text in messages:
        _logger(name).log(level, "%s", text)


def collected(call, *args, **kwargs):
    """(`call(*args, **kwargs)`, its messages): what a worker runs for a job. An exception it
    raises carries its messages as `relayed`."""
    with collecting() as messages:
        try:
            return call(*args, **kwargs), messages
        except BaseException as exc:
            exc.relayed = messages
            raise


def result(future):
    """The result of a job run with `collected` (a future of a pool), its messages said first;
    or what the job raised, raised here once its messages are said."""
    try:
        value, messages = future.result()
    except BaseException as exc:
        say(getattr(exc, "relayed", ()))
        raise
    say(messages)
    return value


@contextlib.contextmanager
def collecting(level: int | None = None) -> Iterator[list[Message]]:
    """Within: the records of this thread are kept in the list given instead of shown (another
    thread's are shown as they come). `level`: the "book" logger's level meanwhile (the
    article cache keeps debug records for builds of any verbosity)."""
    messages, thread = [], threading.get_ident()
    saved = [(logger, logger.handlers[:], logger.level, logger.propagate)
             for logger in map(_logger, LOGGERS)]

    class Collect(logging.Handler):
        def __init__(self, handlers, least, parent):
            super().__init__()
            self.handlers, self.least, self.parent = handlers, least, parent

        def emit(self, record):
            if record.thread == thread:
                messages.append(message_of(record))
            elif record.levelno >= self.least:  # shown as it would be without the collection
                for handler in self.handlers:
                    handler.handle(record)
                if self.parent is not None:
                    self.parent.handle(record)

    for logger, handlers, least, propagate in saved:
        parent = logger.parent if logger.name != "root" and propagate else None
        logger.handlers[:] = [Collect(handlers, least, parent)]
        logger.propagate = False  # said once, where the messages are said
    if level is not None:
        saved[0][0].setLevel(level)
    try:
        yield messages
    finally:
        for logger, handlers, least, propagate in saved:
            logger.handlers[:] = handlers
            logger.setLevel(least)
            logger.propagate = propagate


def route(sink: Callable[[Message], None]) -> Callable[[Message], None]:
    """From now on, this process's records go to `sink(message)` (the renderer's: to the
    process that started the build); returns where they went until now. A process forked
    from this one shows its records as before, unless it collects them."""
    relays = [h for logger in map(_logger, LOGGERS) for h in logger.handlers
              if isinstance(h, _Relay)]
    if relays:
        previous = relays[0].sink
        for relay in relays:
            relay.sink = sink
        return previous
    shown = {}
    for logger in map(_logger, LOGGERS):
        shown[logger.name] = logger.handlers[:]
        logger.handlers[:] = [_Relay(sink, shown[logger.name])]
        logger.propagate = False
    return lambda message: _show(message, shown)


class _Relay(logging.Handler):
    """Hands this process's records to a sink, as messages."""

    def __init__(self, sink, shown):
        super().__init__()
        self.sink, self.shown, self.pid = sink, shown, os.getpid()

    def emit(self, record):
        if os.getpid() == self.pid:
            self.sink(message_of(record))
        else:  # a process forked from this one, outside a collection: as before the route
            for handler in self.shown:
                handler.handle(record)


def _show(message: Message, shown: dict) -> None:
    """A message handed to the handlers its logger had before `route`."""
    name, level, text = message
    top = next((n for n in LOGGERS[:-1] if name == n or name.startswith(n + ".")), "root")
    record = _logger(name).makeRecord(name, level, __file__, 0, "%s", (text,), None)
    for handler in shown.get(top, ()):
        if level >= handler.level:
            handler.handle(record)


def message_of(record: logging.LogRecord) -> Message:
    text = record.getMessage()
    if record.exc_info:
        text += "\n" + logging.Formatter().formatException(record.exc_info)
    return record.name, record.levelno, text


def _logger(name: str) -> logging.Logger:
    return logging.getLogger(name if name and name != "root" else None)
