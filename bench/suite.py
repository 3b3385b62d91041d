"""Measure one book size: builder (per format: cold, no-op, one-chapter edit), raw engines."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench import books, engines
from bench.measure import Stat, run

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
    """Write a book of `chapters` chapters under `work` and measure it as `plan` says."""
    root = books.make_book(project, work / f"book-{chapters}", chapters)
    log = work / f"log-{chapters}.txt"
    result = SizeResult(chapters=chapters)
    for label in plan.labels:
        _measure_builder(root, work / f"out-{chapters}-{label}", label, plan, log, result)
    if plan.engines:
        _measure_engines(root, work / f"ref-{chapters}", plan, log, result)
    return result


def _measure_builder(root: Path, out: Path, label: str, plan: Plan, log: Path,
                     result: SizeResult) -> None:
    formats = engines.ALL if label == "all" else label
    command = engines.builder(root, out, formats, plan.pdf_variant)
    stats = result.builder.setdefault(label, {mode: Stat() for mode in plan.modes})
    chapter = books.edited_chapter(root)
    for i in range(plan.runs):
        shutil.rmtree(out, ignore_errors=True)  # cold: a fresh output folder
        _record(stats, "cold", command, root, log, result.chapters, label, i, plan)
        if result.pages is None and "pdf" in formats.split(","):
            result.pages = engines.pages(out / "book.pdf")
        _record(stats, "noop", command, root, log, result.chapters, label, i, plan)
        if "edit" in stats:  # after the cold build (and the no-op one), one article changes
            original = books.edit(chapter, i + 1)
            try:
                _record(stats, "edit", command, root, log, result.chapters, label, i, plan)
            finally:
                chapter.write_bytes(original)  # every cold build sees the same articles
    shutil.rmtree(out, ignore_errors=True)


def _record(stats, mode, command, root, log, chapters, label, i, plan) -> None:
    """One measured run of `mode`, if the plan asks for it (a cold build always comes first)."""
    if mode not in stats:
        return
    sample = run(command, root, log)
    stats[mode].samples.append(sample)
    _progress(f"{chapters:>4} chapters  {label:<8} {mode:<5} run {i + 1}/{plan.runs}  "
              f"{sample.seconds:7.2f} s  {sample.peak_mib:6.0f} MiB")


def _measure_engines(root: Path, ref: Path, plan: Plan, log: Path, result: SizeResult) -> None:
    """The raw engines over the builder's own intermediate (made once, untimed: `-f html`)."""
    shutil.rmtree(ref, ignore_errors=True)
    run(engines.builder(root, ref, "html", plan.pdf_variant), root, log)
    html = ref / "book.html"
    if engines.weasyprint_binary():
        result.raw = Stat()
        for i in range(plan.runs):
            sample = run(engines.weasyprint(html, ref / "raw.pdf", plan.pdf_variant), ref, log)
            result.raw.samples.append(sample)
            _progress(f"{result.chapters:>4} chapters  raw weasyprint  run {i + 1}/{plan.runs}  "
                      f"{sample.seconds:7.2f} s  {sample.peak_mib:6.0f} MiB")
        result.raw_pages = engines.pages(ref / "raw.pdf")
    if engines.pandoc_binary():
        result.pandoc = Stat()
        for i in range(plan.runs):
            sample = run(engines.pandoc(html, ref / "pandoc.epub"), ref, log)
            result.pandoc.samples.append(sample)
            _progress(f"{result.chapters:>4} chapters  pandoc epub3    run {i + 1}/{plan.runs}  "
                      f"{sample.seconds:7.2f} s  {sample.peak_mib:6.0f} MiB")
    else:
        _progress("pandoc not found on PATH: its column is left empty")
    shutil.rmtree(ref, ignore_errors=True)


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
