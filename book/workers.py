"""Worker processes, one per core: the articles are read side by side (articles.read_chapters),
the PDF's parts laid out (render/parts.py) and the handouts made (render/handouts.py).

Workers are forked: they inherit the modules already imported and the data the parent holds
(no pickling of the book for each job), and they die with the parent, even after a SIGKILL
(sandbox.die_with_parent): a stopped build leaves no process behind.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator

from book import sandbox

CONTEXT = multiprocessing.get_context("fork")


def cores() -> int:
    """The cores this process may run on (its CPU affinity, as a container or taskset sets it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def pool(workers: int, initializer: Callable[[], None] | None = None):
    """A pool of `workers` forked processes, started; `initializer()` runs in each first."""
    def start() -> None:
        sandbox.die_with_parent()  # no orphan after a kill
        # Ctrl-C reaches the whole foreground group: the parent stops its workers, which end
        # quietly (no traceback of theirs), and a SIGTERM from the parent just ends one.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, sandbox.STOPPING)
        if initializer is not None:
            initializer()

    # The workers are forked and the pool's thread started with Ctrl-C and SIGTERM held back:
    # one arriving meanwhile would find a worker with the parent's handlers, or a pool whose
    # thread is not started yet; it is delivered here once the pool stands (which it ends).
    executor = None
    try:
        with sandbox.stops_held():
            executor = concurrent.futures.ProcessPoolExecutor(
                max_workers=max(1, workers), mp_context=CONTEXT, initializer=start)
            executor.submit(int)  # a "fork" pool starts all its workers at its first job
    except BaseException:
        if executor is not None:
            stop(executor)
        raise
    return executor


def stop(executor: concurrent.futures.ProcessPoolExecutor) -> None:
    """End the workers at once (a failed build: they may be waiting for what never comes)."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.terminate()
    # stopped while it was starting (RuntimeError): nothing left to wait for
    with contextlib.suppress(RuntimeError):
        executor.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def side_by_side(jobs: int) -> Iterator[concurrent.futures.ProcessPoolExecutor | None]:
    """A pool of one worker per core (at most `jobs`), or None where fewer than two jobs or
    cores make one pointless: the caller then does the work itself."""
    workers = min(cores(), jobs)
    if workers < 2:
        yield None
        return
    executor = pool(workers)
    try:
        yield executor
    except BaseException:
        stop(executor)
        raise
    executor.shutdown(wait=True)
