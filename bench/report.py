"""The results as plain Markdown tables: printed, and written to docs/benchmarks.md."""

from __future__ import annotations

from bench.suite import LABELS, MODES, SizeResult
from bench.targets import Target, growth, ratio


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _s(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}{unit}"


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} x"


def builder_table(results: list[SizeResult]) -> str:
    rows = []
    for r in results:
        raw = r.raw.seconds if r.raw else None
        for label in LABELS:
            if label not in r.builder:
                continue
            stats = {mode: r.stat(label, mode) for mode in MODES}
            secs = {m: s.seconds if s and s.samples else None for m, s in stats.items()}
            peak = max((s.peak_mib for s in stats.values() if s and s.samples), default=None)
            runs = max((s.runs for s in stats.values() if s), default=0)
            cold = stats["cold"]
            rows.append([str(r.chapters), str(r.pages or "–"), label, str(runs),
                         _s(secs["cold"]), _cpu(cold), _s(secs["noop"]), _s(secs["edit"]),
                         _x(ratio(secs["cold"], raw)), _x(ratio(secs["edit"], raw)),
                         _s(peak, digits=0)])
    return table(["Chapters", "Pages", "Formats", "Runs", "Cold s", "Cold CPU s", "No-op s",
                  "Edit s",
                  "Cold / raw WP", "Edit / raw WP", "Peak MiB"], rows)


def _cpu(stat) -> str:
    """Median CPU seconds ("–" where the wrapper did not report them)."""
    return _s(stat.cpu_seconds) if stat and stat.samples and stat.cpu_seconds else "–"


def engines_table(results: list[SizeResult]) -> str:
    rows = []
    for r in results:
        epub = r.stat("epub", "cold")
        rows.append([str(r.chapters), str(r.pages or "–"), str(r.raw_pages or "–"),
                     _s(r.raw.seconds if r.raw else None), _cpu(r.raw),
                     _s(r.raw.peak_mib if r.raw else None, digits=0),
                     _s(r.pandoc.seconds if r.pandoc else None),
                     _s(r.pandoc.peak_mib if r.pandoc else None, digits=0),
                     _x(ratio(epub.seconds if epub and epub.samples else None,
                              r.pandoc.seconds if r.pandoc else None))])
    return table(["Chapters", "Pages (builder)", "Pages (raw WP)", "Raw WeasyPrint s",
                  "WP CPU s", "WP peak MiB", "pandoc EPUB s", "pandoc peak MiB",
                  "Builder EPUB / pandoc"],
                 rows)


def linearity_table(results: list[SizeResult]) -> str:
    sizes = [r.chapters for r in results]
    rows = []
    for label in LABELS:
        per = []
        for r in results:
            stat = r.stat(label, "cold")
            per.append(stat.seconds / r.chapters if stat and stat.samples else None)
        if not any(per):
            continue
        known = [p for p in per if p]
        rows.append([label, *(_s(p, digits=3) for p in per),
                     _x(known[-1] / known[0]) if len(known) > 1 else "–",
                     _s(growth(results, label)), _s(growth(results, label, cpu=True))])
    return table(["Cold build", *(f"s/chapter at {n}" for n in sizes),
                  "largest / smallest", "growth exponent k", "k of CPU time"], rows)


def targets_table(targets: list[Target]) -> str:
    return table(["Target", "Measured", "Limit", "Result"],
                 [[t.name, t.measured, t.limit, t.result] for t in targets])


def tables(results: list[SizeResult], targets: list[Target]) -> str:
    """Every table, with the headings that explain them."""
    return "\n\n".join([
        "## Builder\n\nMedian wall seconds of each measured run (a fresh process each); "
        "*cold*: a fresh output folder, *no-op*: the same folder again, nothing changed, "
        "*edit*: one sentence appended to the middle article. *CPU s*: user + system time "
        "of every process of a run, steadier than wall time when other work shares the cores. "
        "*Peak MiB*: the largest single "
        "process of any run. Ratios are to one raw WeasyPrint pass over the same book.html.",
        builder_table(results),
        "## Raw engines\n\n`weasyprint` over the builder's own `book.html`, with the builder's "
        "PDF variant, tagged; `pandoc -f html -t epub3` from the same `book.html`.",
        engines_table(results),
        "## Linearity\n\nSeconds per chapter of a cold build at each size; k is the exponent in "
        "time ∝ chapters^k between the two largest sizes (1 is linear; below 1, a fixed start-up "
        "cost still shows).",
        linearity_table(results),
        "## Targets (issues 8 and 17)\n\nMeasurements, never assertions. Reading pasted pages: "
        "whole web pages pasted as text, read as a cold `book build` reads its articles (one "
        "worker process per core), timed in a fresh process.",
        targets_table(targets),
    ])


def document(results, targets, machine: dict[str, str], command: str, date: str,
             notes: list[str]) -> str:
    """docs/benchmarks.md."""
    facts = table(["", ""], [[k, v] for k, v in machine.items()])
    parts = [
        "# Benchmarks",
        "Written by `make bench` (`bench/`); every number below was measured in the same run on "
        "the same machine. Run it again after a change and commit the result.",
        f"- Date: {date}\n- Command: `{command}`\n" + "".join(f"- {n}\n" for n in notes),
        "## Machine\n\n" + facts,
        tables(results, targets),
    ]
    return "\n\n".join(p.rstrip("\n") for p in parts) + "\n"
