"""The pipe that carries the rich display's events from forked processes to the parent
(book/progress.py)."""

from __future__ import annotations

import contextlib
import os
import select
import threading

_MAX_MESSAGE = 4000
"""Writes to a pipe up to PIPE_BUF (4096 on Linux) bytes are atomic: lines never interleave."""


class Channel:
    """A pipe from forked processes to the parent. A thread of the parent reads it; so does
    every event of the parent itself, first, so that events keep their order."""

    def __init__(self, handle, lock):
        self.read, self.write = os.pipe()
        os.set_blocking(self.write, False)
        os.set_blocking(self.read, False)
        self.handle, self.lock, self.pending = handle, lock, b""
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._drain, name="book-progress", daemon=True)
        self.thread.start()

    def send(self, kind: str, args) -> bool:
        """In a forked process: one line on the pipe; False when it was not written."""
        line = repr((kind, args)).encode("utf-8", "replace") + b"\n"  # repr: one line
        if len(line) > _MAX_MESSAGE:
            return False
        try:
            return os.write(self.write, line) == len(line)
        # full (EAGAIN), or the parent is gone (EPIPE): progress is not worth a wait
        except OSError:
            return False

    def pump(self) -> bool:
        """Hand over every complete event waiting in the pipe; False when there was none."""
        with self.lock:
            try:
                chunk = os.read(self.read, 65536)
            except OSError:  # EAGAIN: nothing waiting
                return False
            if not chunk:
                return False
            *lines, self.pending = (self.pending + chunk).split(b"\n")
            for line in lines:
                self._dispatch(line)
            return True

    def _drain(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(OSError, ValueError):
                select.select([self.read], [], [], 0.1)
            self.pump()
        while self.pump():
            pass

    def _dispatch(self, line: bytes) -> None:
        import ast

        try:
            kind, args = ast.literal_eval(line.decode("utf-8", "replace"))
            self.handle(kind, tuple(args))
        except Exception:  # a malformed line or a display error never stops the build
            pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        for fd in (self.read, self.write):
            with contextlib.suppress(OSError):
                os.close(fd)
