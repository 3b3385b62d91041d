"""The EPUB's documents as a reading system lays them out: headless Chromium at an e-reader's
size (600×800) and a phone's (390×844), with the book's own stylesheet.

For every document of the spine, at both sizes:
- it is well-formed XHTML (Chromium shows an error page for one XML error, as Apple Books does);
- nothing runs past the right edge (an unbroken token, a long address, a wide table);
- nothing the book marks `hidden` is shown (the page list, the landmarks);
- the screenshot is not blank.

The EPUB is unpacked into a temporary folder and opened from there: file:// only, offline.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from PIL import Image

from book.checks_epub import FAIL, OK, Epub, counted, listed
from book.judges import chromium

SIZES = ((600, 800), (390, 844))
"""An e-reader's page and a phone's screen, in CSS pixels."""
BLANK_PIXELS = 100
"""A screen with fewer pixels unlike its background shows nothing (a title page's few words
are thousands)."""
LOOK = """(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll('*')].filter(e => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && (box.right > width + 1 || e.scrollWidth > e.clientWidth + 1); })
    .filter((e, _, all) => !all.some(inner => inner !== e && e.contains(inner)))
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''));
  const shown = [...document.querySelectorAll('[hidden]')]
    .filter(e => e.getClientRects().length > 0)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''));
  return {broken: !!document.querySelector('parsererror'),
          scroll: document.documentElement.scrollWidth > width + 1, wide: wide, shown: shown};
})()"""


def looks_drawn(image: Image.Image) -> tuple[int, float]:
    """(distinct colours, share of pixels unlike the background colour) of a screenshot."""
    colours = image.getcolors(maxcolors=1 << 20) or []
    background = max(colours)[1] if colours else (0, 0, 0)
    drawn = sum(count for count, colour in colours
                if sum(abs(a - b) for a, b in zip(colour, background)) > 60)
    return len(colours), drawn / (image.width * image.height)


def judge(path: Path, screenshots: Path | None = None) -> tuple[str, str]:
    """OK, or FAIL naming the first documents with a problem; with `screenshots`, a PNG per
    document and size is written there (`<document>-<width>x<height>.png`)."""
    epub = Epub(path)
    with tempfile.TemporaryDirectory(prefix="book-check-") as tmp:
        folder = Path(tmp) / "epub"
        with zipfile.ZipFile(path) as archive:
            for name in epub.data:  # the names were read by Epub; none leaves the folder
                target = folder.joinpath(*PurePosixPath(name).parts)
                if ".." in PurePosixPath(name).parts or PurePosixPath(name).is_absolute():
                    return FAIL, f"an entry name leaves the EPUB's folder: {name}"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
        with chromium.Browser(Path(tmp) / "profile") as browser:
            problems = _look(browser, folder, epub.spine, screenshots)
    if problems:  # the first of each kind, then how many more
        first = list(dict(reversed(problems)).values())[::-1]
        shown = first + [text for _, text in problems if text not in first]
        return FAIL, f"{counted(len(problems), 'problem')}: {listed(shown, len(first))}"
    sizes = " and ".join(f"{w}×{h}" for w, h in SIZES)
    return OK, f"{counted(len(epub.spine), 'document')} at {sizes}"


def _look(browser, folder: Path, spine: list[str],
          screenshots: Path | None) -> list[tuple[str, str]]:
    """(kind, what and where) of every problem seen."""
    problems = []
    for name in spine:
        for size in SIZES:
            where = f"{PurePosixPath(name).name} at {size[0]}×{size[1]}"
            browser.open(folder.joinpath(*PurePosixPath(name).parts).as_uri(), size,
                         mobile=False)
            found = browser.evaluate(LOOK)
            if found["broken"]:
                problems.append(("broken", f"{where}: not well-formed, an error page is shown"))
                continue
            if found["scroll"] or found["wide"]:
                problems.append(("wide", f"{where}: wider than the screen "
                                         f"({listed(found['wide'], 2)})"))
            if found["shown"]:
                problems.append(("shown",
                                 f"{where}: hidden but shown: {listed(found['shown'], 2)}"))
            data = browser.screenshot()
            if screenshots is not None:
                screenshots.mkdir(parents=True, exist_ok=True)
                (screenshots / f"{PurePosixPath(name).stem}-{size[0]}x{size[1]}.png"
                 ).write_bytes(data)
            image = Image.open(io.BytesIO(data)).convert("RGB")
            if looks_drawn(image)[1] * image.width * image.height < BLANK_PIXELS:
                problems.append(("blank", f"{where}: the screen is blank"))
    return problems
