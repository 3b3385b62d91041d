"""What every progress display shares (book/progress.py chooses one): the stages shown and the
parent's state; the displays (plain log lines in progress.py, rich in progress_rich.py) draw it."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from book.progress_pipe import Channel


@dataclass
class Stage:
    """One stage shown: its name, step, count, and what the display keeps for it (`shown`)."""

    name: str
    step: int
    total: int | None
    unit: str
    done: int = 0
    shown: object = None


class Reporter:
    """The parent's state: the current step and stage, the stages running beside it, and how
    many items of each are done."""

    logs = False
    """Whether it shows progress as log records: a forked process then logs its own."""
    forked = False
    """True in a process forked from the one that opened it (book/progress.py sets it)."""

    def __init__(self, total_steps: int):
        self.total_steps = total_steps
        self.step = 0
        self.main: Stage | None = None
        self.beside: dict[str, Stage] = {}
        self.lock = threading.RLock()
        self.channel: Channel | None = None

    def open(self) -> None:
        self.channel = Channel(self.handle, self.lock)

    def close(self) -> None:
        if self.channel is not None:
            self.channel.close()

    def end_all(self) -> None:
        for stage in [*self.beside.values(), self.main]:
            if stage is not None:
                self.end_stage(stage)
        self.main, self.beside = None, {}

    def handle(self, kind: str, args: tuple) -> None:
        with self.lock:
            if kind == "stage":
                name, total, step, unit, beside = args
                known = self.beside.get(name) or (
                    self.main if self.main and self.main.name == name else None)
                if known and step is None:
                    known.total = total if total is not None else known.total
                    self.retotal(known)
                    return
                if beside:
                    self.beside[name] = Stage(name, self.step, total, unit)
                    self.begin_stage(self.beside[name], announce=True)
                    return
                if self.main is not None:
                    self.end_stage(self.main)
                self.step = step or self.step
                self.main = Stage(name, self.step, total, unit)
                self.begin_stage(self.main, announce=step is None)
            elif kind == "advance":
                item, n, name = args
                stage = self.beside.get(name, self.main)
                if stage is not None:
                    stage.done += n
                    self.advanced(stage, item)
            elif kind == "end":
                stage = self.beside.pop(args[0], None)
                if stage is not None:
                    self.end_stage(stage)
            elif kind == "log":
                self.log(args[0])

    def label(self, stage: Stage) -> str:
        return f"[{stage.step}/{self.total_steps}] {stage.name}" if stage.step else stage.name

    def begin_stage(self, stage: Stage, announce: bool) -> None: ...
    def retotal(self, stage: Stage) -> None: ...
    def advanced(self, stage: Stage, item: str | None) -> None: ...
    def end_stage(self, stage: Stage) -> None: ...
    def log(self, message: str) -> None: ...
