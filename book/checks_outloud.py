"""An independent judge of the PDFs for `book check`: outloud, a PDF/UA-1 and WCAG checker
(PyPI `outloud`, in book's `test` extra; `make` installs it).

One outloud process reads every tagged PDF of the build (its start costs a second), and each PDF
gets a verdict: FAIL when outloud finds an error (a PDF/UA-1 failure: content neither tagged
nor an artifact, a link outside its Link element...), WARN when it finds only warnings (a
running head tagged as content, a heuristic that wants a person's look), OK otherwise. A PDF
that does not declare PDF/UA (an archival book, `--pdf-variant pdf/a-3b`) is judged on all but
that declaration. When outloud is not installed, every PDF gets a SKIP row saying how to
install it, as the other judges do (book/judges/): the other checks still run.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

from book.checks_epub import FAIL, OK, WARN, counted
from book.judges import SKIP

LABEL = "PDF/UA-1 (outloud)"
TIMEOUT = 600
MISSING = ("outloud is not installed: the PDFs are not judged by an independent PDF/UA checker; "
           "install it with make, or pip install 'outloud>=0.2.1,<0.3'")


def command() -> list[str] | None:
    """outloud beside this Python (its module importable), else one on the PATH, else None."""
    if importlib.util.find_spec("outloud") is not None:
        return [sys.executable, "-m", "outloud.cli"]
    found = shutil.which("outloud")
    return [found] if found else None


def verdicts(paths: list[Path]) -> dict[Path, tuple[str, str]]:
    """(status, detail) for each of `paths`: one outloud run for the PDFs that declare PDF/UA,
    one for those that do not (an archival PDF/A book, judged on all but that declaration)."""
    if not paths:
        return {}
    runner = command()
    if runner is None:
        return dict.fromkeys(paths, (SKIP, MISSING))
    declared = [path for path in paths if _declares_pdfua(path)]
    found = _run(runner, declared, ()) if declared else {}
    others = [path for path in paths if path not in declared]
    return {**found, **(_run(runner, others, ("--skip", IDENTIFICATION)) if others else {})}


IDENTIFICATION = "DOC-012"
"""outloud's rule for the PDF/UA identification in the XMP, asked only of PDFs that claim it."""


def _declares_pdfua(path: Path) -> bool:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf, pdf.open_metadata() as xmp:
            return "pdfuaid:part" in xmp
    except Exception:  # a damaged file: outloud says what is wrong with it
        return True


def _run(runner: list[str], paths: list[Path], options) -> dict[Path, tuple[str, str]]:
    try:
        done = subprocess.run([*runner, "--json", "-", "--no-info", "--fail-on", "never",
                               *options, *map(str, paths)], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=TIMEOUT)
        report = json.loads(done.stdout[done.stdout.find("{"):])
    except subprocess.TimeoutExpired:
        return dict.fromkeys(paths, (FAIL, f"outloud did not finish in {TIMEOUT} s"))
    except ValueError:  # no JSON: outloud failed to start
        last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        return dict.fromkeys(paths, (FAIL, f"outloud gave no report: {last[:200]}"))
    results = {Path(result["path"]): result for result in report.get("results", [])}
    return {path: _verdict(results.get(path)) for path in paths}


def _verdict(result: dict | None) -> tuple[str, str]:
    """One PDF's row: the counts, and the first error (else warning) with its page."""
    if result is None:
        return FAIL, "outloud reported nothing on it"
    if result.get("error"):
        return FAIL, f"outloud could not read it: {str(result['error'])[:200]}"
    counts = result.get("counts", {})
    errors, warnings = counts.get("error", 0), counts.get("warning", 0)
    tally = f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
    if not errors and not warnings:
        return OK, tally
    for severity in ("error", "warning"):
        found = [f for f in result.get("findings", []) if f.get("severity") == severity]
        if found:
            first = found[0]
            page = f" p.{first['page']}" if first.get("page") else ""
            return (FAIL if errors else WARN,
                    f"{tally}; first: {first.get('rule', '?')}{page} {first.get('message', '')}")
    return (FAIL if errors else WARN), tally
