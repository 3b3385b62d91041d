"""`make bench`: time and peak memory of whole builds (book and handouts), never asserted in tests.

Builds the sample book, then a synthetic book made of the sample articles repeated N times,
each in a fresh process, and prints one line per run.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(root: Path, label: str, pages_hint: str = "") -> None:
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "book", "build", str(root), "-q", "-f",
                    "html,pdf,epub,handouts"], check=True, stderr=subprocess.DEVNULL,
                   env={"SOURCE_DATE_EPOCH": "1754006400", "PATH": "/usr/bin:/bin"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = time.perf_counter() - start
    from pypdf import PdfReader

    pages = len(PdfReader(root / "build" / "book.pdf").pages)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"{label:<28} {pages:>4} pages  {elapsed:6.1f} s wall  {cpu:6.1f} s cpu  "
          f"peak RSS {after.ru_maxrss / 1024:6.0f} MiB  {pages / elapsed:5.1f} pages/s")


def main(copies=(1, 10)) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n in copies:
            root = Path(tmp) / f"book{n}"
            (root / "chapters").mkdir(parents=True)
            for i in range(n):
                for article in sorted((ROOT / "chapters").glob("*.txt")):
                    shutil.copy(article, root / "chapters" / f"{i:03d}-{article.name}")
            run(root, f"{2 * n} chapters (sample x{n})")


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (1, 10))
