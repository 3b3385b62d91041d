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
from typing import Callable, Iterator

from book import sandbox

CONTEXT = multiprocessing.get_context("fork")


def cores() -> int:
    """The cores this process may run on (its CPU affinity, as a container or taskset sets it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def pool(workers: int, initializer: Callable[[], None] | None = None):
    """A pool of `workers` forked processes; `initializer()` runs in each as it starts."""
    def start() -> None:
        sandbox.die_with_parent()  # no orphan after a kill
        if initializer is not None:
            initializer()

    return concurrent.futures.ProcessPoolExecutor(max_workers=max(1, workers),
                                                  mp_context=CONTEXT, initializer=start)


def stop(executor: concurrent.futures.ProcessPoolExecutor) -> None:
    """End the workers at once (a failed build: they may be waiting for what never comes)."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.terminate()
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
