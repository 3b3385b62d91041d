"""What a renderer tells of its progress, and to whom: events, not a display.

A renderer that works in stages of its own (the PDF's parts, the handouts) is given a `Report`
and calls `stage(name, total, unit=...)` and `advance(item)` on it. The pipeline passes
`book.progress` (the display, at the edge); anyone else gets `SILENT`, which hears nothing.
"""

from __future__ import annotations

from typing import Protocol


class Report(Protocol):
    def stage(self, name: str, total: int | None = None, *, unit: str = "chapters") -> None:
        """A stage begins (or, named again, gets its total)."""

    def advance(self, item: str | None = None) -> None:
        """One item of the stage is done; `item` names it."""


class _Silent:
    def stage(self, name: str, total: int | None = None, *, unit: str = "chapters") -> None:
        pass

    def advance(self, item: str | None = None) -> None:
        pass


SILENT: Report = _Silent()
"""Progress heard by nobody: library use, tests."""
