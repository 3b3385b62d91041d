"""The commands measured: the builder's CLI, a raw WeasyPrint pass and pandoc; page counts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FORMATS = ("html", "pdf", "epub", "handouts")
ALL = ",".join(FORMATS)


def builder(root: Path, out: Path, formats: str, pdf_variant: str) -> list[str]:
    """`python -m book build` as a user runs it (quiet)."""
    return [sys.executable, "-m", "book", "build", str(root), "-o", str(out), "-f", formats,
            "--pdf-variant", pdf_variant, "-q"]


def weasyprint_binary() -> str | None:
    """The venv's `weasyprint` (beside this Python), else the one on PATH."""
    beside = Path(sys.executable).parent / "weasyprint"
    return str(beside) if beside.exists() else shutil.which("weasyprint")


def weasyprint(html: Path, pdf: Path, pdf_variant: str) -> list[str]:
    """One raw pass over the builder's book.html with the builder's PDF options: its variant,
    tagged (`pdf_tags`), no presentational hints; the base URL is the file itself, so the
    stylesheets and fonts copied beside it load as they do for the builder."""
    return [weasyprint_binary(), "--pdf-variant", pdf_variant, "--pdf-tags", "-q",
            "-u", html.as_uri(), str(html), str(pdf)]


def pandoc_binary() -> str | None:
    return shutil.which("pandoc")


def pandoc(html: Path, epub: Path) -> list[str]:
    """pandoc's EPUB 3 from the same book.html (images found beside it)."""
    return [pandoc_binary(), "-f", "html", "-t", "epub3", "--quiet",
            "--resource-path", str(html.parent), "-o", str(epub), str(html)]


def version(command: list[str]) -> str:
    """The first line a `--version` prints, or "?"."""
    if not command[0]:
        return "not installed"
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except OSError:
        return "not installed"
    return (done.stdout.strip().splitlines() or ["?"])[0]


def pages(pdf: Path) -> int | None:
    """A PDF's page count (pikepdf, a dependency of the builder), None if there is none."""
    if not pdf.exists():
        return None
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)
