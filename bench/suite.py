"""Measure one book size: builder (per format: cold, no-op, one-chapter edit), raw engines."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench import books, engines
from bench.measure import CommandFailed, Stat, run

MODES = ("cold", "noop", "edit")
LABELS = (*engines.FORMATS, "all")
"""What can be measured: each format alone, and all four together (`all`)."""


@dataclass
class SizeResult:
    """Everything measured for a book of `chapters` chapters."""

    chapters: int
    builder: dict[str, dict[str, Stat]] = field(default_factory=dict)
    """format label → mode → runs."""
    pages: int | None = None
    """The builder's book.pdf, from a cold build."""
    raw: Stat | None = None
    """A raw `weasyprint` pass over the builder's book.html."""
    raw_pages: int | None = None
    pandoc: Stat | None = None
    """pandoc making an EPUB 3 from the same book.html (None: pandoc not installed)."""
    failures: list[str] = field(default_factory=list)
    """Commands that failed (the rest of the benchmark goes on without them)."""

    def stat(self, label: str, mode: str) -> Stat | None:
        return self.builder.get(label, {}).get(mode)


@dataclass(frozen=True)
class Plan:
    """What to measure at each size."""

    labels: tuple[str, ...]
    modes: tuple[str, ...]
    runs: int
    pdf_variant: str
    engines: bool = True


def measure_size(project: Path, work: Path, chapters: int, plan: Plan) -> SizeResult:
    """Write a book of `chapters` chapters under `work` and measure it as `plan` says.

    Runs go in rounds, each measuring everything once (raw engines, then every format), so a
    change in the machine's load falls on the builder and on the raw engines alike."""
    root = books.make_book(project, work / f"book-{chapters}", chapters)
    log = work / f"log-{chapters}.txt"
    ref = work / f"ref-{chapters}"
    result = SizeResult(chapters=chapters)
    use_engines = plan.engines and _guarded(result, "the book.html for the raw engines", run,
                                            engines.builder(root, ref, "html", plan.pdf_variant),
                                            root, log)
    for i in range(plan.runs):
        if use_engines:
            _guarded(result, f"raw engines, round {i + 1}", _measure_engines, ref, i, plan, log,
                     result)
        for label in plan.labels:
            _guarded(result, f"{label}, round {i + 1}", _measure_builder, root,
                     work / f"out-{chapters}-{label}", label, i, plan, log, result)
    shutil.rmtree(ref, ignore_errors=True)
    return result


def _measure_builder(root: Path, out: Path, label: str, i: int, plan: Plan, log: Path,
                     result: SizeResult) -> None:
    """Round `i` of one format label: cold, no-op, one-chapter edit."""
    formats = engines.ALL if label == "all" else label
    command = engines.builder(root, out, formats, plan.pdf_variant)
    stats = result.builder.setdefault(label, {mode: Stat() for mode in plan.modes})
    shutil.rmtree(out, ignore_errors=True)  # cold: a fresh output folder
    _record(stats, "cold", command, root, log, f"{label:<8} cold ", i, plan, result)
    if result.pages is None and "pdf" in formats.split(","):
        result.pages = engines.pages(out / "book.pdf")
    _record(stats, "noop", command, root, log, f"{label:<8} noop ", i, plan, result)
    if "edit" in stats:  # after the cold build (and the no-op one), one article changes
        chapter = books.edited_chapter(root)
        original = books.edit(chapter, i + 1)
        try:
            _record(stats, "edit", command, root, log, f"{label:<8} edit ", i, plan, result)
        finally:
            chapter.write_bytes(original)  # every cold build sees the same articles
    shutil.rmtree(out, ignore_errors=True)


def _measure_engines(ref: Path, i: int, plan: Plan, log: Path, result: SizeResult) -> None:
    """Round `i` of the raw engines over the builder's book.html."""
    html = ref / "book.html"
    if engines.weasyprint_binary():
        result.raw = result.raw or Stat()
        command = engines.weasyprint(html, ref / "raw.pdf", plan.pdf_variant)
        _record({"raw": result.raw}, "raw", command, ref, log, "raw weasyprint", i, plan, result)
        result.raw_pages = engines.pages(ref / "raw.pdf")
    if engines.pandoc_binary():
        result.pandoc = result.pandoc or Stat()
        command = engines.pandoc(html, ref / "pandoc.epub")
        _record({"pandoc": result.pandoc}, "pandoc", command, ref, log, "pandoc epub3  ", i,
                plan, result)
    elif i == 0:
        _progress("pandoc not found on PATH: its column is left empty")


def _record(stats: dict[str, Stat], mode: str, command: list[str], cwd: Path, log: Path,
            what: str, i: int, plan: Plan, result: SizeResult) -> None:
    """One measured run of `mode`, if the plan asks for it; a progress line."""
    if mode not in stats:
        return
    sample = run(command, cwd, log)
    stats[mode].samples.append(sample)
    _progress(f"{result.chapters:>4} chapters  {what}  run {i + 1}/{plan.runs}  "
              f"{sample.seconds:7.2f} s  {sample.peak_mib:6.0f} MiB")


def _guarded(result: SizeResult, what: str, step, *args) -> bool:
    """Run a step; a failed command is noted and the benchmark goes on."""
    try:
        step(*args)
    except CommandFailed as exc:
        lines = str(exc).splitlines()
        result.failures.append(f"{result.chapters} chapters, {what}: {lines[0]} "
                               f"({lines[-1][:300] if len(lines) > 1 else 'no output'})")
        _progress("FAILED: " + result.failures[-1])
        return False
    return True


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
