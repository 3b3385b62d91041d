"""DAISY Ace, the EPUB accessibility checker (`@daisy/ace-cli` from the npm registry).

Installed with `PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @daisy/ace-cli@1.4.6`; it drives the
machine's Chromium (Debian's `chromium`), which it is told of by PUPPETEER_EXECUTABLE_PATH.
Its verdict is in the report it writes (`report.json`, EARL assertions with an impact each):
every failed assertion counts, whatever its impact.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from book.checks_epub import FAIL, OK, counted, listed
from book.judges import chromium

TIMEOUT = 600
INSTALL = "PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @daisy/ace-cli@1.4.6 (and chromium)"


def find() -> str | None:
    """The ace-cli command, when it and a Chromium for it are installed."""
    command = shutil.which("ace-cli") or shutil.which("ace")
    return command if command and chromium.find() else None


def judge(path: Path) -> tuple[str, str]:
    """OK when Ace finds nothing; FAIL naming the rules that fail, their impact and where."""
    with tempfile.TemporaryDirectory(prefix="book-ace-") as tmp:
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH":
               os.environ.get("PUPPETEER_EXECUTABLE_PATH") or chromium.find()}
        try:
            done = subprocess.run([find(), "-s", "-f", "-o", tmp, "-t", f"{tmp}/work",
                                   str(path)], capture_output=True, text=True, env=env,
                                  timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return FAIL, f"Ace did not finish in {TIMEOUT} s"
        report = Path(tmp) / "report.json"
        if not report.is_file():
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no report"]
            return FAIL, f"Ace gave no report: {last[0][:200]}"
        found = violations(json.loads(report.read_text(encoding="utf-8")))
    if not found:
        return OK, "no violations"
    return FAIL, f"{counted(len(found), 'violation')}: {listed(found, 2)}"


def violations(report: dict) -> list[str]:
    """'rule (impact) in file' for every failed assertion of an Ace report."""
    found = []
    for document in report.get("assertions", []):
        where = document.get("earl:testSubject", {}).get("url", "?").lstrip("/")
        for test in document.get("assertions", []):
            if test.get("earl:result", {}).get("earl:outcome") != "pass":
                rule = test.get("earl:test", {})
                found.append(f"{rule.get('dct:title', '?')} ({rule.get('earl:impact', '?')}) "
                             f"in {where}")
    return found
