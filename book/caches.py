"""The memos of what files held, and the one way to forget them all.

A build runs in a short-lived process, but `book watch` builds book.html again and again in one:
a memo of a file's contents by its path would give an edited file's old contents. Every such
memo is made here (`memo`, or `register` for one kept otherwise), and `clear_all()` forgets them
at once (watch.py, before each build). Memos of what does not change while the tool runs (the
templates, the typography rules, the bundled fonts' character sets) are plain `functools.cache`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

Function = TypeVar("Function", bound=Callable)

_CLEARS: list[Callable[[], None]] = []


def memo(function: Function) -> Function:
    """`functools.cache`, forgotten by `clear_all()`."""
    remembered = functools.cache(function)
    register(remembered.cache_clear)
    return remembered


def register(clear: Callable[[], None]) -> None:
    """`clear()` forgets a memo kept by other means; `clear_all()` calls it."""
    _CLEARS.append(clear)


def clear_all() -> None:
    """Forget what every memo of a file's contents holds (the files may have changed)."""
    for clear in _CLEARS:
        clear()
