"""`python -m bench`: measure, print the tables, write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import compileall
import datetime
import os
import shlex
import statistics
import sys
import tempfile
from pathlib import Path

from bench import machine, pastes, report, targets
from bench.suite import LABELS, MODES, Plan, measure_size

PROJECT = Path(__file__).resolve().parent.parent
LARGE = 500
"""From this many chapters a book is large: fewer runs and formats by default."""


def _list(choices):
    def parse(text: str) -> tuple[str, ...]:
        items = tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
        bad = [t for t in items if t not in choices]
        if bad or not items:
            raise argparse.ArgumentTypeError(f"choose from {','.join(choices)}")
        return items
    return parse


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(t) for t in text.split(",") if t.strip()}))
    except ValueError as exc:
        raise argparse.ArgumentTypeError("chapter counts, e.g. 10,100,500") from exc
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("chapter counts of at least 1")
    return sizes


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--sizes", type=_sizes, default=(10, 100, LARGE),
                   help="chapters per synthetic book (default 10,100,500)")
    p.add_argument("--quick", action="store_true",
                   help="10 chapters, one run (unless --sizes or --runs say otherwise)")
    p.add_argument("--runs", type=int, help="runs per measurement; the median is shown "
                   "(default 3, or 1 with --quick)")
    p.add_argument("--large-runs", type=int, default=1,
                   help=f"runs for books of {LARGE}+ chapters (default 1)")
    p.add_argument("--formats", type=_list(LABELS), default=LABELS,
                   help="formats measured, each alone; 'all' is the four together "
                        "(default html,pdf,epub,handouts,all)")
    p.add_argument("--large-formats", type=_list(LABELS), default=("all",),
                   help=f"the same for books of {LARGE}+ chapters (default all)")
    p.add_argument("--modes", type=_list(MODES), default=MODES,
                   help="cold,noop,edit (default all three; cold always runs first)")
    p.add_argument("--pdf-variant", default="pdf/ua-1", choices=("pdf/ua-1", "pdf/a-3b"),
                   help="the builder's --pdf-variant, and the raw WeasyPrint pass's")
    p.add_argument("--no-engines", dest="engines", action="store_false",
                   help="skip the raw WeasyPrint and pandoc passes")
    p.add_argument("--pastes", type=Path, metavar="DIR",
                   help="read these pasted pages (.txt, cycled), e.g. ../shared/corpus/pastes "
                        "(default: synthetic pages made from the sample articles)")
    p.add_argument("--paste-count", type=int, default=pastes.COUNT,
                   help=f"how many pasted pages to read (default {pastes.COUNT}; 0 skips it)")
    p.add_argument("-o", "--output", type=Path, default=PROJECT / "docs" / "benchmarks.md",
                   help="the Markdown report (default docs/benchmarks.md)")
    p.add_argument("--work", type=Path, help="keep the books and logs here (default: a "
                   "temporary folder, removed)")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    sizes = args.sizes if (not args.quick or "--sizes" in argv) else (10,)
    runs = args.runs or (1 if args.quick else 3)
    modes = ("cold", *(m for m in args.modes if m != "cold"))
    # The builder as installed: pip compiles an installed package's modules to bytecode, an
    # editable install (this checkout) does not, and a machine may forbid writing it at run
    # time (PYTHONDONTWRITEBYTECODE): compiling 40 modules at each start costs 0.25 s.
    compileall.compile_dir(PROJECT / "book", quiet=1)
    load_before = machine.load()
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = []
        for chapters in sizes:
            large = chapters >= LARGE
            plan = Plan(labels=args.large_formats if large else args.formats, modes=modes,
                        runs=args.large_runs if large else runs,
                        pdf_variant=args.pdf_variant, engines=args.engines)
            results.append(measure_size(PROJECT, work / str(chapters), chapters, plan))
        read = (pastes.measure(PROJECT, work, args.paste_count, args.pastes, runs)
                if args.paste_count > 0 else None)
    found = targets.evaluate(results)
    if read:
        found.append(targets.Target(*pastes.summary(read, args.paste_count, args.pastes)))
    print("\n" + report.tables(results, found))
    load_after = machine.load()
    notes = [f"Load average (1, 5, 15 min) before: {load_before}; after: {load_after}"]
    if float(load_before.split()[0]) > 0.5 or float(load_after.split()[0]) > 1.5:
        notes.append("Other processes were running on this machine during the measurement "
                     "(shared cores): the numbers are noisy.")
    for r in results:
        if r.pages and r.raw_pages and r.pages != r.raw_pages:
            notes.append(f"{r.chapters} chapters: the builder's PDF has {r.pages} pages, the raw "
                         f"WeasyPrint pass {r.raw_pages}: they do not render the same document.")
    for r in results:
        if len(pairs := targets.paired(r)) > 1:
            notes.append(f"{r.chapters} chapters, cold PDF / raw WeasyPrint round by round (each "
                         f"builder run against the raw pass of its round): "
                         f"{', '.join(f'{x:.2f}' for x in pairs)}; median "
                         f"{statistics.median(pairs):.2f} x")
    notes += [f"FAILED: {failure}" for r in results for failure in r.failures]
    command = "python -m bench" + "".join(" " + shlex.quote(a) for a in argv)
    text = report.document(results, found, machine.describe(PROJECT), command, date, notes)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"\nwrote {os.path.relpath(args.output)}")
    return 1 if any(r.failures for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
