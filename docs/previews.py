"""`make previews`: small PNGs of the sample book's pages for the README (docs/*.png), and of
the sample book in each bundled theme (docs/themes/NAME-*.png, shown by docs/theme-NAME.md).

Renders with pypdfium2 (already a dependency, for the EPUB cover), so no other tool is needed:
the cover, the contents, a chapter opener and a spread of two body pages side by side.

    python docs/previews.py build/book.pdf docs          the sample book as it is built
    python docs/previews.py --themes build/themes docs/themes
                                                          the sample book in every theme but
                                                          classic (built there with the CLI)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2
from PIL import Image

SCALE = 110 / 72  # 110 dpi: readable in a README, a few dozen KB a page


def page_image(pdf: pypdfium2.PdfDocument, number: int) -> Image.Image:
    """Page `number` (1-based) as an RGB image with a hairline frame, as paper on a screen."""
    image = pdf[number - 1].render(scale=SCALE).to_pil().convert("RGB")
    framed = Image.new("RGB", (image.width + 2, image.height + 2), (200, 196, 188))
    framed.paste(image, (1, 1))
    return framed


def spread(left: Image.Image, right: Image.Image) -> Image.Image:
    both = Image.new("RGB", (left.width + right.width + 16, left.height), (255, 255, 255))
    both.paste(left, (0, 0))
    both.paste(right, (left.width + 16, 0))
    return both


def main(pdf_path: Path, out: Path, prefix: str = "") -> None:
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    # Tracked capitals come out letter by letter ("C O N T E N T S"): compare without spaces.
    texts = [pdf[i].get_textpage().get_text_range().replace(" ", "") for i in range(len(pdf))]
    contents = next(i for i, text in enumerate(texts, 1) if "CONTENTS" in text.upper())
    openers = [i for i, text in enumerate(texts, 1) if i > contents and "SEXUALITY" in text[:80].upper()]
    opener = openers[-1]
    even = opener + 1 if (opener + 1) % 2 == 0 else opener + 2
    images = {
        "cover": page_image(pdf, 1),
        "contents": page_image(pdf, contents),
        "opener": page_image(pdf, opener),
        "spread": spread(page_image(pdf, even), page_image(pdf, even + 1)),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, image in images.items():
        image.save(out / f"{prefix}{name}.png", optimize=True)
        print(f"wrote {out / prefix}{name}.png ({image.width}x{image.height})")


def themes(work: Path, out: Path) -> None:
    """The sample book (the repository's chapters/ and book.toml) built in `work/NAME` with
    each theme but classic (docs/*.png show it), and its previews as out/NAME-*.png."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from book.config import THEMES

    top = Path(__file__).resolve().parent.parent
    for theme in THEMES[1:]:
        root = work / theme
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(top / "chapters", root / "chapters")
        text = (top / "book.toml").read_text(encoding="utf-8")
        (root / "book.toml").write_text(f'{text}\n[style]\ntheme = "{theme}"\n', encoding="utf-8")
        subprocess.run([sys.executable, "-m", "book", "build", str(root), "-f", "pdf", "-q"],
                       check=True, cwd=top)
        main(root / "build" / "book.pdf", out, prefix=f"{theme}-")


if __name__ == "__main__":
    if sys.argv[1] == "--themes":
        themes(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
