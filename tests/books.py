"""The books the independent judges look at (tests/test_judges.py and others): besides the
sample book, a book mixing formats and a book of hostile and multilingual articles. Each is
built once per test session by the CLI (conftest.py's fixtures)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image as PILImage

from conftest import ROOT, make_book, run_book

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ALL_FORMATS = "html,pdf,epub,handouts"
MARKDOWN = """\
---
title: "Listening as repair"
author: Ana Ruiz
date: 2025-03-03
kicker: Practice
---

Listening is not waiting for your turn.[^1] It is letting what the other says change what you
were about to say.

![A brown circle on sand](img/circle.png "Figure 1. A circle of attention.")

| Habit | Minutes |
|:------|--------:|
| Check-in | 5 |

```
breathe in
```

Remote images are never fetched: ![a tracking pixel](https://example.com/pixel.png)

[^1]: As one therapist put it, the second question is where the conversation begins.
"""
ARABIC = """\
---
title: الإصغاء
lang: ar
---

الإصغاء ليس انتظار دورك في الكلام. إنه أن تسمح لما يقوله الآخر بأن يغيّر ما كنت ستقوله.
"""
LONG_TOKEN = 60_000
WIDE = """\
---
title: Unbroken runs and wide tables
author: Test Author
---

An address pasted whole: {token}, and the sentence goes on after it.

| Week | Check-in | Repair attempt | Who started it | Minutes | Outcome noted by the couple |
|---|---|---|---|---:|---|
{rows}
"""


def build(root: Path) -> tuple[Path, str]:
    """The book at `root` built in every format: (its build folder, what the build said)."""
    done = run_book("build", str(root), "-f", ALL_FORMATS)
    assert done.returncode == 0, done.stderr
    return root / "build", done.stderr


def mixed(tmp: Path) -> tuple[Path, str]:
    """Markdown with an image, a table, code and footnotes; an Arabic chapter; a scraped
    plain-text article."""
    scraped = (ROOT / "chapters" / "02-attachment-focused-repair-after-rupture.txt").read_text()
    root = make_book(tmp, {"01-listening.md": MARKDOWN, "02-arabic.md": ARABIC,
                           "03-scraped.txt": scraped})
    (root / "chapters" / "img").mkdir()
    PILImage.new("RGB", (400, 250), (120, 60, 50)).save(root / "chapters" / "img" / "circle.png")
    return build(root)


def judged(tmp: Path) -> tuple[Path, str]:
    """Hostile articles (tests/fixtures/hostile), French, Arabic, Hebrew, Spanish and German
    ones with and without a declared language (tests/fixtures/language), a 60,000-character
    unbroken token and a table wider than a phone, over two pages."""
    root = make_book(tmp, {})
    shutil.copytree(FIXTURES / "hostile" / "chapters", root / "chapters", dirs_exist_ok=True)
    for path in sorted((FIXTURES / "language").iterdir()):
        if path.suffix in (".txt", ".md", ".html"):
            shutil.copy(path, root / "chapters" / f"5{path.name}")
    rows = "\n".join(f"| {week} | Sunday evening | Named the feeling first | "
                     f"{'She' if week % 2 else 'He'} | {week * 3} | Calmer by the end |"
                     for week in range(1, 70))
    (root / "chapters" / "90-wide.md").write_text(
        WIDE.format(token="x" * LONG_TOKEN, rows=rows), encoding="utf-8")
    return build(root)
