"""Run the renderers in a child process held to a time and memory budget.

WeasyPrint lays out whatever it is given; a hostile or broken article can make it run for
hours or eat the machine's memory. The renderers therefore run in a forked child, in a process
group of its own (its handout workers with it), with `RLIMIT_AS` set to the memory budget. The
parent waits for the time budget at most, then stops the whole group. The child tells the
parent which output it is making, so that an overrun names it; the caller (pipeline.render)
then finds the chapter that does not fit the budget. The child's log records go to the parent
through the same pipe, and are said there as they come (book/relay.py); a renderer beside it
hands over what it said with its result, to be said in its turn (book/turns.py).

A signal to the parent (Ctrl-C, SIGTERM) stops the child's group too: no renderer outlives
the build.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from book import errors, relay

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
    stage, outcome = None, None
    deadline = time.monotonic() + seconds
    try:
        with stops_held():
            child.start()
        send.close()
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
            elif kind == "say":
                relay.say(payload[0])
            else:
                outcome = (kind, payload)
    finally:
        _stop(child)
        receive.close()
    kind, payload = outcome
    relay.say(payload[-1])
    if kind == "memory":
        raise Overrun("memory", stage, f"{memory_mb} MB")
    if kind == "crash":
        raise Overrun("crash", stage, payload[0])
    return _outcome(kind, payload)


def _outcome(kind: str, payload):
    """The result of an "ok" answer, or what the other process raised, raised again."""
    if kind == "ok":
        return payload[0]
    if kind == "memory":
        raise MemoryError
    if kind == "crash":
        raise RuntimeError(payload[0])
    name, message, source, hint, _said = payload
    raise getattr(errors, name)(message, source=source, hint=hint)


def _child(task, send, memory_mb: int) -> None:
    os.setpgid(0, 0)  # a group of its own: the parent stops it with its workers
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)  # held while it was forked
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    lock = threading.Lock()  # a record of another thread never splits a message on the pipe

    def put(item) -> None:
        with lock:
            send.send(item)

    relay.route(lambda message: put(("say", [message])))  # said by the parent as they come
    _answer(put, send, lambda: task(lambda stage: put(("stage", stage))), limit, collect=False)


def _answer(put, send, call, limit: int, collect: bool = True) -> None:
    """Send what `call()` came to: ("ok", result, said), ("error", …, said), ("memory", said)
    or ("crash", traceback, said), `said` the messages its records make when they are
    `collect`ed (book/relay.py); then end this process."""
    with relay.collecting() if collect else contextlib.nullcontext([]) as said:
        try:
            answer = ("ok", call())
        except MemoryError:
            answer = ("memory",)
        except errors.BookError as exc:
            answer = ("error", type(exc).__name__, exc.message, _plain(exc.source), exc.hint)
        except BaseException:  # a bug, or C code that could not allocate (any error can result)
            answer = ("memory",) if limit and _peak_bytes() > 0.9 * limit else (
                "crash", traceback.format_exc(limit=-8))
    try:
        put((*answer, said))
    finally:
        send.close()
        os._exit(0)  # no atexit handlers, no flush of the parent's inherited buffers


class Beside:
    """`call()` in a process forked from the renderer, running beside it on another core (the
    handouts beside the book's PDF): in the renderer's process group and memory budget, so an
    overrun or a signal stops it too. Its log records are collected, not shown: answer() gives
    them with its outcome, to be said in its turn (book/turns.py)."""

    def __init__(self, call: Callable[[], object]):
        self.receive, send = CONTEXT.Pipe(duplex=False)
        self.process = CONTEXT.Process(target=self._run, args=(call, send), daemon=False)
        self.process.start()
        send.close()

    @staticmethod
    def _run(call, send) -> None:
        die_with_parent()
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        _answer(send.send, send, call, 0 if limit == resource.RLIM_INFINITY else limit)

    def done(self) -> bool:
        """Whether it has answered (or died): answer() will not wait."""
        return self.receive.closed or self.receive.poll(0)

    def answer(self) -> tuple[list, Callable[[], object]]:
        """(what it said, outcome), once it is done: outcome() gives its result or raises what
        it raised."""
        try:
            kind, *payload = self.receive.recv()
        except EOFError:
            self.process.join(5)
            died = RuntimeError(f"a renderer beside this one died (exit code "
                                f"{self.process.exitcode})")
            return [], lambda: _raise(died)
        finally:
            self.receive.close()
        self.process.join(5)
        return payload[-1], lambda: _outcome(kind, payload)

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


STOPPING = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def stops_held():
    """Ctrl-C and SIGTERM held back within (a fork): one that arrives meanwhile is raised when
    the block is done, in this process's own code. Raised within a fork's hooks (logging's),
    Python would print it and drop it, and the build would go on. A process forked within
    starts with them held: it lets them through once its handlers are set."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


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


def _raise(exc: BaseException):
    raise exc


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
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child.pid, sig)
        child.join(2)
        if not child.is_alive() and sig == signal.SIGKILL:
            break
    child.join(5)
