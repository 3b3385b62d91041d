"""The bundled themes (`[style] theme`): each builds the sample book with --strict, passes
`book check`, and keeps the layout rules of the classic design: chapters open on a recto, no
paragraph leaves a single line at a page's foot or head, no heading ends a page; each has its own
type pairing and running heads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, normalise, run_book

from book import config

THEMES = config.THEMES


def themed_sample(root: Path, theme: str) -> Path:
    """The sample book (its articles and book.toml) with `theme`."""
    shutil.copytree(ROOT / "chapters", root / "chapters")
    text = (ROOT / "book.toml").read_text(encoding="utf-8")
    (root / "book.toml").write_text(f'{text}\n[style]\ntheme = "{theme}"\n', encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=THEMES)
def themed(request, tmp_path_factory):
    """(theme, book folder) built with --strict in every format."""
    root = themed_sample(tmp_path_factory.mktemp(request.param) / "book", request.param)
    done = run_book("build", str(root), "--strict", "-q", "-f", "html,pdf,epub,handouts")
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    return request.param, root


def test_every_theme_has_its_stylesheets():
    styles = ROOT / "styles" / "themes"
    assert THEMES[0] == "classic" and len(THEMES) >= 3
    for theme in THEMES[1:]:
        for part in ("", "-screen", "-print"):
            assert (styles / f"{theme}{part}.css").is_file(), (theme, part)


def test_theme_passes_book_check(themed):
    theme, root = themed
    done = run_book("check", str(root))
    assert done.returncode == 0, (theme, done.stdout[-3000:], done.stderr[-2000:])
    assert " FAIL " not in done.stdout


def test_theme_opens_chapters_on_rectos(themed):
    _theme, root = themed
    reader = PdfReader(root / "build" / "book.pdf")
    starts = [reader.get_destination_page_number(item) + 1
              for item in reader.outline if not isinstance(item, list)]
    assert len(starts) == 2 and all(page % 2 == 1 for page in starts), starts


def test_theme_keeps_headings_with_text_and_no_widows(themed):
    """WeasyPrint's own layout of book.html (what the PDF is, page for page): a paragraph split
    over two pages leaves two lines at least on each; a heading is never the last thing on its
    page."""
    from weasyprint import HTML

    from book.render.fetcher import ProjectFetcher

    theme, root = themed
    build = root / "build"
    document = HTML(filename=str(build / "book.html"),
                    url_fetcher=ProjectFetcher([build])).render()
    lines: dict[int, list[int]] = {}
    elements = {}
    for number, page in enumerate(document.pages, 1):
        flow = []
        for box in _chapter_blocks(page._page_box):
            element = box.element
            if box.element_tag == "p":
                count = sum(1 for child in box.children if type(child).__name__ == "LineBox")
                lines.setdefault(id(element), []).append(count)
                elements[id(element)] = element
            flow.append((box.element_tag, "".join(element.itertext())[:40]))
        assert not flow or flow[-1][0] != "h2", (theme, number, flow[-1])
    split = {key: counts for key, counts in lines.items() if len(counts) > 1}
    assert split, "no paragraph runs over a page: the check would prove nothing"
    for key, counts in split.items():
        assert all(count >= 2 for count in counts), (theme, "".join(
            elements[key].itertext())[:60], counts)


def _chapter_blocks(box):
    """The paragraphs and headings of the chapters' text on a page, in order (WeasyPrint's
    boxes: an article of class "chapter", its p and h2 children)."""
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        if child.element_tag == "article" and "chapter" in (element.get("class") or "").split():
            yield from (block for block in child.children if type(block).__name__ == "BlockBox"
                        and block.element_tag in ("p", "h2") and block.element is not None)
        else:
            yield from _chapter_blocks(child)


def test_themes_differ_in_type_and_running_heads(themed):
    theme, root = themed
    reader = PdfReader(root / "build" / "book.pdf")
    fonts = set()
    for page in reader.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    text = [normalise(page.extract_text() or "") for page in reader.pages]
    body = next(number for number in range(8, len(text)) if number % 2 == 0 and text[number - 1])
    left = text[body - 1]
    if theme == "classic":
        assert "Book-Serif" in fonts and f"HEALING TOGETHER {body}" in left
    elif theme == "modern":
        # Lato for the text: no Charis in the body pages; the folio beside the head
        assert not any(name.startswith("Book-Serif") for name in fonts), fonts
        assert f"{body} HEALING TOGETHER" in left, left
    else:  # large-print: the chapter's title at the head of every body page, a folio at the foot
        assert "Book-Sans-Bold" in fonts and "Book-Serif" in fonts
        assert "Healing Relational Wounds Through Shared Erotic" in left, left
        assert "HEALING TOGETHER" not in left.upper().replace("HEALING TOGETHER FOR", "")
        words = [page.extract_text() for page in reader.pages]
        sizes = set()
        reader.pages[body - 1].extract_text(visitor_text=lambda t, cm, tm, font, size: sizes.add(
            round(size * tm[0], 1)) if t.strip() else None)
        assert max(sizes) >= 16, sizes  # the text at 16pt
        assert words


def test_theme_styles_the_handouts_and_the_web_edition(themed):
    theme, root = themed
    html = (root / "build" / "book.html").read_text(encoding="utf-8")
    if theme == "classic":
        assert "themes/" not in html
        return
    for part, media in (("", None), ("-screen", "screen"), ("-print", "print")):
        link = f'href="styles/themes/{theme}{part}.css"' + (f' media="{media}"' if media else "")
        assert link in html
        assert (root / "build" / "styles" / "themes" / f"{theme}{part}.css").is_file()
    fonts = set()
    for handout in (root / "build" / "handouts").glob("*.pdf"):
        for page in PdfReader(handout).pages:
            for font in page.get("/Resources", {}).get("/Font", {}).values():
                fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    if theme == "modern":
        assert fonts and not any(name.startswith("Book-Serif") for name in fonts), fonts
    else:
        assert "Book-Sans-Bold" in fonts
