"""The end of a build in a few lines: each output with its pages and size, and the time taken.

    book: built in 12.3 s, in build/
      book.html                  48 kB
      book.pdf       212 pages  1.4 MB
      book.epub                 0.6 MB
      handouts/       12 files  3.1 MB
      handouts.pdf    96 pages  1.2 MB
"""

from __future__ import annotations

import os
from pathlib import Path

from book.outputs import HANDOUTS, HANDOUTS_BUNDLE


def lines(outputs, seconds: float) -> list[str]:
    """The summary of a build that wrote `outputs` (files or folders) in `seconds`."""
    outputs = [Path(path) for path in outputs]
    for folder in [path for path in outputs if path.is_dir() and path.name == HANDOUTS]:
        bundle = folder.parent / HANDOUTS_BUNDLE  # the bundle written beside the folder
        if bundle.is_file() and bundle not in outputs:
            outputs.insert(outputs.index(folder) + 1, bundle)
    rows = [_row(path) for path in outputs if path.exists()]
    where = _shown(outputs[0].parent) if outputs else "."
    head = f"book: built in {seconds:.1f} s, in {where}{'' if where.endswith('/') else '/'}"
    if not rows:
        return [head]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    return [head] + [f"  {name:<{widths[0]}}  {count:>{widths[1]}}  {size:>{widths[2]}}".rstrip()
                     for name, count, size in rows]


def _row(path: Path) -> tuple[str, str, str]:
    if path.is_dir():
        files = [f for f in path.rglob("*") if f.is_file()]
        count = f"{len(files)} file{'' if len(files) == 1 else 's'}"
        return f"{path.name}/", count, size(sum(f.stat().st_size for f in files))
    pages = pdf_pages(path) if path.suffix.lower() == ".pdf" else None
    count = "" if pages is None else f"{pages} page{'' if pages == 1 else 's'}"
    return path.name, count, size(path.stat().st_size)


def pdf_pages(path: Path) -> int | None:
    """The page count of a PDF (None when it cannot be read)."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except Exception:  # a summary never fails a build that succeeded
        return None


def size(count: int) -> str:
    """Bytes for people: '812 B', '48 kB', '1.4 MB' (decimal units)."""
    if count < 1000:
        return f"{count} B"
    if count < 1_000_000:
        return f"{count / 1000:.0f} kB"
    if count < 10 ** 9:
        return f"{count / 1e6:.1f} MB"
    return f"{count / 1e9:.1f} GB"


def _shown(path: Path) -> str:
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)
