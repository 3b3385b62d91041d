"""Run the renderers in a child process held to a time and memory budget.

WeasyPrint lays out whatever it is given; a hostile or broken article can make it run for
hours or eat the machine's memory. The renderers therefore run in a forked child, in a process
group of its own (its handout workers with it), with `RLIMIT_AS` set to the memory budget. The
parent waits for the time budget at most, then stops the whole group. The child tells the
parent which output it is making, so that an overrun names it; the caller (pipeline.render)
then finds the chapter that does not fit the budget.

A signal to the parent (Ctrl-C, SIGTERM) stops the child's group too: no renderer outlives
the build.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
import traceback
from dataclasses import dataclass
from typing import Callable

from book import errors, log

CONTEXT = multiprocessing.get_context("fork")


@dataclass
class Overrun(Exception):
    """The child ran past its budget ("time" or "memory"), or died ("crash")."""

    kind: str
    stage: str | None
    detail: str = ""


def run(task: Callable[[Callable[[str], None]], object], seconds: float, memory_mb: int):
    """`task(report)` in a child; its result, or the BookError it raised, re-raised here.

    `report(stage)` tells the parent what the child is doing now (for messages).
    Raises Overrun when the budget is spent or the child dies.
    """
    receive, send = CONTEXT.Pipe(duplex=False)
    child = CONTEXT.Process(target=_child, args=(task, send, memory_mb), daemon=False)
    child.start()
    send.close()
    stage, outcome = None, None
    deadline = time.monotonic() + seconds
    try:
        while outcome is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Overrun("time", stage, f"{seconds:g} s")
            if not receive.poll(min(left, 0.5)):
                if not child.is_alive() and not receive.poll(0):
                    raise _died(child, stage, memory_mb)
                continue
            try:
                kind, *payload = receive.recv()
            except EOFError:
                child.join(5)
                raise _died(child, stage, memory_mb) from None
            if kind == "stage":
                stage = payload[0]
            else:
                outcome = (kind, payload)
    finally:
        _stop(child)
        receive.close()
    kind, payload = outcome
    if kind == "memory":
        raise Overrun("memory", stage, f"{memory_mb} MB")
    if kind == "crash":
        raise Overrun("crash", stage, payload[0])
    return _received(kind, payload)


def _received(kind: str, payload):
    """The result of an "ok" answer, or the BookError of an "error" answer raised again; the
    warnings the other process logged are counted here (for --strict)."""
    *value, warnings = payload
    log.COUNTER.count += warnings
    if kind == "ok":
        return value[0]
    name, message, source, hint = value
    raise getattr(errors, name)(message, source=source, hint=hint)


def _child(task, send, memory_mb: int) -> None:
    os.setpgid(0, 0)  # a group of its own: the parent stops it with its workers
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _answer(send, lambda: task(lambda stage: send.send(("stage", stage))), limit)


def _answer(send, call, limit: int) -> None:
    """Send what `call()` came to: ("ok", result, warnings), ("error", …), ("memory",) or
    ("crash", traceback); then end this process."""
    warnings = log.COUNTER.count
    try:
        result = call()
        send.send(("ok", result, log.COUNTER.count - warnings))
    except MemoryError:
        send.send(("memory",))
    except errors.BookError as exc:
        send.send(("error", type(exc).__name__, exc.message, _plain(exc.source), exc.hint,
                   log.COUNTER.count - warnings))
    except BaseException:  # a bug, or C code that could not allocate (any error can result)
        if limit and _peak_bytes() > 0.9 * limit:
            send.send(("memory",))
        else:
            send.send(("crash", traceback.format_exc(limit=-8)))
    finally:
        send.close()
        os._exit(0)  # no atexit handlers, no flush of the parent's inherited buffers


class Beside:
    """`call()` in a process forked from the renderer, running beside it on another core (the
    handouts beside the book's PDF): in the renderer's process group and memory budget, so an
    overrun or a signal stops it too. wait() gives its result or raises what it raised."""

    def __init__(self, call: Callable[[], object]):
        self.receive, send = CONTEXT.Pipe(duplex=False)
        self.process = CONTEXT.Process(target=self._run, args=(call, send), daemon=False)
        self.process.start()
        send.close()

    @staticmethod
    def _run(call, send) -> None:
        die_with_parent()
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        _answer(send, call, 0 if limit == resource.RLIM_INFINITY else limit)

    def wait(self):
        try:
            kind, *payload = self.receive.recv()
        except EOFError:
            self.process.join(5)
            raise RuntimeError(f"a renderer beside this one died (exit code "
                               f"{self.process.exitcode})") from None
        finally:
            self.receive.close()
        self.process.join(5)
        if kind == "memory":
            raise MemoryError
        if kind == "crash":
            raise RuntimeError(payload[0])
        return _received(kind, payload)

    def stop(self) -> None:
        """End it if it still runs (the renderer failed first)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class Handover:
    """A value one renderer sends another once (the PDF's print page numbers to the EPUB
    beside it); made before both are forked. The receiver gets None if the sender ended
    without sending (it failed: the build stops the receiver too)."""

    def __init__(self):
        self.receive, self.sender = CONTEXT.Pipe(duplex=False)

    def send(self, value) -> None:
        self.sender.send(value)
        self.sender.close()

    def __call__(self):
        self.sender.close()  # the receiver's copy: the pipe ends when the sender's does
        try:
            return self.receive.recv()
        except EOFError:
            return None
        finally:
            self.receive.close()


def die_with_parent() -> None:
    """Linux: SIGKILL this process when the parent dies, even by SIGKILL (no orphan renders)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


def _peak_bytes() -> int:
    """The most address space this process has held (VmPeak), 0 where /proc cannot tell."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _plain(value):
    return value if value is None or isinstance(value, (str, int)) else str(value)


def _died(child, stage, memory_mb: int) -> Overrun:
    code = child.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        if -code in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGKILL):
            # C code that could not allocate, or the kernel's OOM killer
            return Overrun("memory", stage, f"{memory_mb} MB (the renderer was killed by {name})")
        return Overrun("crash", stage, f"the renderer was killed by {name}")
    return Overrun("crash", stage, f"the renderer exited with code {code}")


def _stop(child) -> None:
    """End the child's whole process group (the renderer and its workers), then reap it."""
    if child.pid is None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not child.is_alive() and sig == signal.SIGTERM:
            sig = signal.SIGKILL  # the child is done; workers it left behind are not asked
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:  # no group (yet, or any more): the child alone
            if child.is_alive():
                try:
                    os.kill(child.pid, sig)
                except ProcessLookupError:
                    pass
        child.join(2)
        if not child.is_alive() and sig == signal.SIGKILL:
            break
    child.join(5)
