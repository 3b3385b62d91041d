"""Issue 8's targets, each a measurement printed PASS or MISS (never an assertion)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bench.suite import SizeResult

PAGES_FOR_MEMORY = 600


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    limit: str
    passed: bool | None
    """None: not measured in this run."""

    @property
    def result(self) -> str:
        return "not measured" if self.passed is None else ("PASS" if self.passed else "MISS")


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _seconds(result: SizeResult, label: str, mode: str, cpu: bool = False) -> float | None:
    stat = result.stat(label, mode)
    if not stat or not stat.samples:
        return None
    return (stat.cpu_seconds or None) if cpu else stat.seconds


def _near(results: list[SizeResult], chapters: int) -> tuple[SizeResult, str]:
    best = min(results, key=lambda r: abs(math.log(r.chapters / chapters)))
    note = "" if best.chapters == chapters else f" ({chapters} not measured)"
    return best, f"{best.chapters} chapters{note}"


def _ratio_target(name, value, limit, unit="x", strict=False) -> Target:
    """`value` ≤ `limit` (or < with `strict`); `unit` "x" for a ratio, "s" for seconds."""
    shown = "–" if value is None else f"{value:.2f} {unit}"
    passed = None if value is None else (value < limit if strict else value <= limit)
    return Target(name, shown, f"{'<' if strict else '≤'} {limit} {unit}", passed)


def paired(result: SizeResult, label: str = "pdf", mode: str = "cold") -> list[float]:
    """Builder time over raw WeasyPrint time, round by round: each round runs the raw pass
    first, then the builder, so a machine that slows down for a while slows both. On shared
    cores this is steadier than the ratio of the medians (which the targets use)."""
    stat = result.stat(label, mode)
    if not stat or not result.raw or len(stat.samples) != len(result.raw.samples):
        return []
    return [ours.seconds / raw.seconds
            for ours, raw in zip(stat.samples, result.raw.samples) if raw.seconds]


def growth(results: list[SizeResult], label: str, cpu: bool = False) -> float | None:
    """The exponent k in time ∝ chapters^k between the two largest sizes (1: linear); of
    wall time, or of CPU time (`cpu`), steadier when other work shares the cores."""
    points = [(r.chapters, _seconds(r, label, "cold", cpu)) for r in results]
    points = sorted((n, t) for n, t in points if t)
    if len(points) < 2 or points[-1][0] == points[-2][0]:
        return None
    (n1, t1), (n2, t2) = points[-2], points[-1]
    return math.log(t2 / t1) / math.log(n2 / n1)


def evaluate(results: list[SizeResult]) -> list[Target]:
    """Every target, on the sizes measured."""
    found = []
    for r in results:
        value = ratio(_seconds(r, "pdf", "cold"), r.raw.seconds if r.raw else None)
        found.append(_ratio_target(f"Cold book PDF / one raw WeasyPrint pass, {r.chapters} "
                                   "chapters", value, 0.6))
    r, where = _near(results, 100)
    found.append(_ratio_target(f"One-chapter edit, every output / raw WeasyPrint pass, {where}",
                               ratio(_seconds(r, "all", "edit"), r.raw.seconds if r.raw else None),
                               0.15))
    pandoc = r.pandoc.seconds if r.pandoc else None
    found.append(_ratio_target(f"EPUB / pandoc EPUB, {where}",
                               ratio(_seconds(r, "epub", "cold"), pandoc), 0.1))
    found.append(_ratio_target(f"EPUB after a one-chapter edit / pandoc EPUB, {where}",
                               ratio(_seconds(r, "epub", "edit"), pandoc), 0.1))
    for r in results:
        found.append(_ratio_target(f"No-op rebuild (every output), {r.chapters} chapters",
                                   _seconds(r, "all", "noop"), 0.5, "s", strict=True))
    found.append(_memory(results))
    label = "all" if any(r.stat("all", "cold") for r in results) else "pdf"
    k, k_cpu = growth(results, label), growth(results, label, cpu=True)
    sizes = sorted(r.chapters for r in results)
    found.append(Target(f"Linear time: cold build ({label}) grows as chapters^k between "
                        f"{sizes[-2] if len(sizes) > 1 else '–'} and {sizes[-1]} chapters",
                        "–" if k is None else f"k = {k:.2f}"
                        + ("" if k_cpu is None else f" (of CPU time: {k_cpu:.2f})"), "k ≤ 1.10",
                        None if k is None else k <= 1.10))
    return found


def _memory(results: list[SizeResult]) -> Target:
    """The largest single process of any builder run at the first size with ≥ 600 pages."""
    paged = [r for r in results if r.pages]
    if not paged:
        return Target("Peak memory per process", "–", "< 300 MiB", None)
    big = [r for r in paged if r.pages >= PAGES_FOR_MEMORY]
    r = min(big, key=lambda r: r.pages) if big else max(paged, key=lambda r: r.pages)
    peaks = [s.peak_mib for modes in r.builder.values() for s in modes.values() if s.samples]
    note = "" if big else f"; no book reached {PAGES_FOR_MEMORY} pages"
    return Target(f"Peak memory per process, {r.chapters} chapters ({r.pages} pages{note})",
                  f"{max(peaks):.0f} MiB", "< 300 MiB", max(peaks) < 300)
