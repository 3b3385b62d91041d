"""Independent judges of the outputs: tools the project did not write, run by `book check` when
they are installed (a SKIP row says how to install one that is not).

- DAISY Ace (judges/ace.py): the EPUB's accessibility;
- calibre (judges/calibre.py): the EPUB converted to AZW3 and plain text;
- headless Chromium (judges/epubpages.py): the EPUB's documents laid out at an e-reader's and a
  phone's size.

They run side by side (each is another program: threads wait for them); their rows come in this
order whatever finishes first.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from book.checks_epub import FAIL
from book.judges import ace, calibre, chromium, epubpages

SKIP = "SKIP"
"""A judge that is not installed: neither a pass nor a failure."""


@dataclass(frozen=True)
class Judge:
    check: str
    """The row's name."""
    find: Callable[[], str | None]
    """The judge's command, or None when it is not installed."""
    judge: Callable[[Path], tuple[str, str]]
    """(result, detail) for an output."""
    install: str
    """How to install it."""


EPUB = (
    Judge("DAISY Ace", ace.find, ace.judge, ace.INSTALL),
    Judge("calibre: AZW3 and TXT", calibre.find, calibre.judge, calibre.INSTALL),
    Judge("Chromium: screens", chromium.find, epubpages.judge, "apt-get install chromium"),
)


def verdicts(judges: tuple[Judge, ...], path: Path) -> list[tuple[str, str, str]]:
    """(check, result, detail) of each judge on `path`, in the order of `judges`."""
    def run(judge: Judge) -> tuple[str, str, str]:
        if judge.find() is None:
            return judge.check, SKIP, f"not installed: {judge.install}"
        try:
            return (judge.check, *judge.judge(path))
        except Exception as exc:  # a judge that breaks is reported, never a traceback
            return judge.check, FAIL, f"could not run: {type(exc).__name__}: {exc}"[:300]

    with ThreadPoolExecutor(max_workers=len(judges)) as pool:
        return list(pool.map(run, judges))
