"""A book's own design: `[style] css`, `epub_css`, `accent`, `font_size`, a font of its own, and
`[pdf] trim` in any size. Built by the CLI and read back with pikepdf, pypdf and EPUBCheck;
bad values give errors naming the key, its line and what is allowed."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
import zipfile

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import ROOT, epubcheck, make_book, run_book

from book import config, pagesize
from book.errors import ConfigError

ARTICLE = (ROOT / "chapters" / "02-attachment-focused-repair-after-rupture.txt").read_text()
POINTS_PER_MM = 72 / 25.4
HOUSE_CSS = """\
@font-face { font-family: "House Face"; src: url(../fonts/house.ttf) format("truetype"); }
.chapter-title { font-family: "House Face", "Book Sans", sans-serif; }
.chapter h2 { color: #123456; colr: red; }
p { text-align: banana; }
"""
EPUB_CSS = """\
@font-face { font-family: "House Face"; src: url(../fonts/house.ttf); }
h1 { font-family: "House Face", serif; }
"""
TOML = """\
[book]
title = "Our House"

[pdf]
trim = "letter"

[style]
theme = "modern"
css = ["styles/house.css"]
epub_css = ["styles/epub.css"]
accent = "#8a2c1f"
font_size = 11
"""


def own_book(root_parent):
    root = make_book(root_parent, {"a.txt": ARTICLE}, TOML)
    (root / "styles").mkdir()
    (root / "fonts").mkdir()
    (root / "styles" / "house.css").write_text(HOUSE_CSS, encoding="utf-8")
    (root / "styles" / "epub.css").write_text(EPUB_CSS, encoding="utf-8")
    # a font of the book's own: an OFL face under a name of its own
    shutil.copy(ROOT / "styles" / "fonts" / "lato" / "Lato-Black.ttf", root / "fonts" / "house.ttf")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = own_book(tmp_path_factory.mktemp("own"))
    done = run_book("build", str(root), "-f", "html,pdf,epub,handouts")
    assert done.returncode == 0, done.stderr
    return root, done.stderr


def font_names(path) -> set[str]:
    names = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
                descendants = font.get("/DescendantFonts")
                descriptor = (descendants[0] if descendants else font)["/FontDescriptor"]
                if any(key in descriptor for key in ("/FontFile2", "/FontFile3", "/FontFile")):
                    names.add(str(font.BaseFont).split("+")[-1])
    return names


def fill_colours(pdf_path, pages) -> set[tuple[float, ...]]:
    """The fill colours (rg) set on `pages` (0-based), rounded."""
    found = set()
    with pikepdf.open(pdf_path) as pdf:
        for index in pages:
            for operands, operator in pikepdf.parse_content_stream(pdf.pages[index]):
                if str(operator) == "rg":
                    found.add(tuple(round(float(v), 3) for v in operands))
            for xobject in pdf.pages[index].obj.get("/Resources", {}).get("/XObject", {}).values():
                if xobject.get("/Subtype") == "/Form":
                    for operands, operator in pikepdf.parse_content_stream(xobject):
                        if str(operator) == "rg":
                            found.add(tuple(round(float(v), 3) for v in operands))
    return found


def rgb(hex_colour: str) -> tuple[float, ...]:
    return tuple(round(int(hex_colour[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))


def test_own_css_is_applied_in_the_pdf_and_the_handouts(built):
    root, _said = built
    book = root / "build" / "book.pdf"
    every = range(len(PdfReader(book).pages))
    assert rgb("#123456") in fill_colours(book, every)  # the h2s, in the book's own colour
    handout = next((root / "build" / "handouts").glob("*.pdf"))
    assert rgb("#123456") in fill_colours(handout, range(len(PdfReader(handout).pages)))


def test_own_font_is_embedded(built):
    root, _said = built
    assert "House-Face-Heavy" in font_names(root / "build" / "book.pdf")
    handout = next((root / "build" / "handouts").glob("*.pdf"))
    assert "House-Face-Heavy" in font_names(handout)
    done = subprocess.run(["pdffonts", str(root / "build" / "book.pdf")], capture_output=True,
                          text=True)
    line = next(line for line in done.stdout.splitlines() if "House-Face" in line)
    assert line.split()[-5] == "yes", line  # emb


def test_own_css_and_its_font_are_beside_the_html(built):
    root, _said = built
    html = (root / "build" / "book.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="styles/book/styles/house.css">' in html
    assert html.index("styles/themes/modern.css") < html.index("styles/settings.css") \
        < html.index("styles/book/styles/house.css")  # after the theme and the settings
    assert (root / "build" / "styles" / "book" / "fonts" / "house.ttf").read_bytes() == \
        (root / "fonts" / "house.ttf").read_bytes()


def test_accent_colours_the_cover_and_headings(built):
    root, _said = built
    book = root / "build" / "book.pdf"
    assert rgb("#8a2c1f") in fill_colours(book, [0])  # the cover's ground
    reader = PdfReader(book)
    opener = reader.get_destination_page_number(reader.outline[0])
    assert rgb("#8a2c1f") in fill_colours(book, [opener])  # the bar and the title


def test_font_size_sets_the_body_text(built):
    root, _said = built
    reader = PdfReader(root / "build" / "book.pdf")
    sizes = []
    reader.pages[-3].extract_text(visitor_text=lambda t, cm, tm, font, size: sizes.append(
        round(size * tm[0], 2)) if len(t.strip()) > 20 else None)
    assert max(set(sizes), key=sizes.count) == round(11 * 4 / 3, 2), sizes  # 11pt, in px


def test_bad_css_is_named_with_file_and_line(built):
    _root, said = built
    assert "book: warning: styles/house.css:3: WeasyPrint: Ignored `colr: red`, unknown " \
           "property." in said
    assert "book: warning: styles/house.css:4: WeasyPrint: Ignored `text-align: banana`, " \
           "invalid value." in said
    assert said.count("colr") == 1  # said once, not by every part and handout


def test_epub_css_and_its_font_are_in_the_epub(built):
    root, _said = built
    epub = root / "build" / "book.epub"
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        chapter = next(archive.read(n).decode() for n in names if n.endswith("a.xhtml")
                       or ("attachment" in n and n.endswith(".xhtml")))
        assert archive.read("EPUB/css/book/fonts/house.ttf") == (root / "fonts" /
                                                                 "house.ttf").read_bytes()
    assert "EPUB/css/book/styles/epub.css" in names
    assert chapter.index('href="css/epub.css"') < chapter.index('href="css/book/styles/epub.css"')
    report = epubcheck(epub)
    severities = [m["severity"] for m in report["messages"]]
    assert "ERROR" not in severities and "FATAL" not in severities and "WARNING" not in severities
    assert [m["ID"] for m in report["messages"]] == ["CSS-028"]  # usage: a font-face is used


def test_same_bytes_from_another_folder(built, tmp_path):
    root, _said = built
    other = own_book(tmp_path / "elsewhere")
    done = run_book("build", str(other), "-f", "html,pdf,epub,handouts", "-o",
                    str(tmp_path / "out"), "-q")
    assert done.returncode == 0, done.stderr
    for name in ("book.pdf", "book.epub", "book.html", "handouts.pdf",
                 "styles/settings.css", "styles/page.css"):
        assert (root / "build" / name).read_bytes() == (tmp_path / "out" / name).read_bytes(), name


# --------------------------------------------------------------------------- page sizes


@pytest.mark.parametrize("trim, size", [
    ("a4", (595.28, 841.89)),
    ("5.5x8.5", (396.0, 612.0)),
    ("150x230mm", (425.2, 651.97)),
    ("6.14x9.21in", (442.08, 663.12)),
])
def test_every_page_has_the_trim(tmp_path, trim, size):
    root = make_book(tmp_path, {"a.txt": ARTICLE}, f'[pdf]\ntrim = "{trim}"\n')
    done = run_book("build", str(root), "-f", "pdf", "-q", "--strict")
    assert done.returncode == 0, done.stderr
    with pikepdf.open(root / "build" / "book.pdf") as pdf:
        boxes = {tuple(round(float(v), 2) for v in page.mediabox) for page in pdf.pages}
    assert boxes == {(0.0, 0.0, *size)}  # the cover, the front matter, the chapter, Sources


def test_margins_and_type_scale_with_the_page(tmp_path):
    page = pagesize.page_size("a4")
    assert (page.inside, page.outside) == (25.5, 19.9) and page.font_size == 12.0
    root = make_book(tmp_path, {"a.txt": ARTICLE}, '[pdf]\ntrim = "a4"\n')
    done = run_book("build", str(root), "-f", "pdf", "-q")
    assert done.returncode == 0, done.stderr
    done = subprocess.run(["pdftotext", "-bbox", "-f", "9", "-l", "10",
                           str(root / "build" / "book.pdf"), "-"], capture_output=True, text=True)
    import re
    pages = done.stdout.split("<page ")[1:]
    lefts = [min(float(x) for x in re.findall(r'xMin="([\d.]+)"', text)) for text in pages]
    # page 9 is a recto: the inside (wider) margin on its left; page 10 a verso
    assert abs(lefts[0] - page.inside * POINTS_PER_MM) < 2, lefts
    assert abs(lefts[1] - page.outside * POINTS_PER_MM) < 2, lefts


def test_named_trims():
    assert pagesize.parse("Letter")[0] == "letter"
    assert pagesize.parse("6x9")[0] == "6x9"
    assert pagesize.parse("152 x 229 mm")[0] == "152x229mm"
    assert pagesize.page_size("6x9").font_size == 10.5  # as it always was
    with pytest.raises(ValueError, match="not a book page"):
        pagesize.parse("300x200mm")  # landscape


# ------------------------------------------------------------------------- bad values


def load(tmp_path, text):
    (tmp_path / "book.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return config.load(tmp_path)


@pytest.mark.parametrize("text, expected", [
    ('[style]\ntheme = "fancy"\n',
     "book.toml:2: 'theme' must be one of classic, modern, large-print, got 'fancy'"),
    ('[style]\ncss = ["missing.css"]\n',
     "book.toml:2: 'css' must name CSS files inside the book folder; 'missing.css' was not found"),
    ('[style]\ncss = ["../outside.css"]\n', "book.toml:2: 'css' must name CSS files inside"),
    ('[style]\ncss = ["book.toml"]\n', "book.toml:2: 'css' must name CSS files (.css)"),
    ('[style]\ncss = 3\n', "book.toml:2: 'css' must be a list of CSS files in the book folder"),
    ('[style]\n\nepub_css = ["nope.css"]\n', "book.toml:3: 'epub_css' must name CSS files"),
    ('[style]\naccent = "blu"\n', "book.toml:2: 'accent' must be an opaque CSS colour such as "
     '"#8a2c1f", "rgb(138, 44, 31)" or "darkred", got \'blu\''),
    ('[style]\naccent = "rgba(0, 0, 0, 0.5)"\n', "book.toml:2: 'accent' must be an opaque"),
    ('[style]\nfont_size = 40\n', "book.toml:2: 'font_size' must be a size in points from 7 to "
     "24, such as 11 or \"10.5pt\", got 40"),
    ('[style]\nfont_size = "big"\n', "book.toml:2: 'font_size' must be a size in points"),
    ('[style]\nfont_size = true\n', "book.toml:2: 'font_size' must be a size in points"),
    ('[style]\nfonts = "x"\n', "book.toml:2: unknown key 'fonts'. Allowed: theme, css, epub_css, "
     "accent, font_size. Did you mean 'font_size'?"),
    ('[pdf]\ntrim = "b5"\n', "book.toml:2: 'trim' must be a5, 6x9, a4, letter, 5.5x8.5 or a size "
     'like "150x230mm" or "6.14x9.21in", got \'b5\''),
    ('[pdf]\ntrim = "20x30mm"\n', "book.toml:2: 'trim' is 20 x 30 mm, not a book page: the width "
     "must be 90 to 300 mm, the height 120 to 430 mm, and the height 1 to 1.8 times the width"),
    ('[pdf]\ntrim = "12x9in"\n', "book.toml:2: 'trim' is 305 x 229 mm, not a book page"),
    ('[pdf]\ntrim = "6x9cm"\n', "book.toml:2: 'trim' must be a5, 6x9"),
])
def test_bad_values_name_key_line_and_allowed(tmp_path, text, expected):
    (tmp_path.parent / "outside.css").write_text("p {}")
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert expected in str(info.value)


def test_good_values(tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.css").write_text("p {}")
    cfg = load(tmp_path, """
        [pdf]
        trim = "148x210MM"
        [style]
        theme = "Large-Print"
        css = "s/a.css"
        accent = "darkred"
        font_size = "10.5pt"
        """)
    assert cfg.trim == "148x210mm" and cfg.theme == "large-print"
    assert cfg.css == ((tmp_path / "s" / "a.css").resolve(),)
    assert cfg.accent == "#8b0000" and cfg.font_size == 10.5
    assert config.load(tmp_path / "nowhere").theme == "classic"


def test_book_new_explains_every_style_key_and_theme(tmp_path):
    """`book new`'s book.toml: its [pdf] and [style] sections, uncommented, are valid as they
    stand, and name every theme."""
    from book import scaffold

    root = tmp_path / "new-book"
    scaffold.new(root)
    lines = (root / "book.toml").read_text(encoding="utf-8").splitlines()
    on, kept = False, []
    for line in lines:
        if line.startswith(("# [", "[")):
            on = line.lstrip("# ") in ("[pdf]", "[style]")
        if on and line.startswith("# ") and not line.startswith("#  "):
            kept.append(line[2:])
    (root / "styles").mkdir()
    for name in ("house.css", "epub.css"):
        (root / "styles" / name).write_text("p { margin: 0 }\n", encoding="utf-8")
    (root / "book.toml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    cfg = config.load(root)
    assert cfg.theme == "classic" and cfg.accent == "#8a2c1f" and cfg.font_size == 11
    assert [p.name for p in cfg.css] == ["house.css"]
    assert [p.name for p in cfg.epub_css] == ["epub.css"]
    text = "\n".join(lines)
    assert all(f'"{theme}"' in text for theme in config.THEMES)
    for trim in pagesize.NAMED:
        assert f'"{trim}"' in text


def test_a_stylesheet_reads_nothing_outside_the_book_folder(tmp_path):
    """A font named by a path out of the book folder is neither copied, nor embedded, nor read:
    the build says which line names it."""
    shutil.copy(ROOT / "styles" / "fonts" / "lato" / "Lato-Black.ttf", tmp_path / "secret.ttf")
    root = make_book(tmp_path, {"a.txt": ARTICLE}, '[style]\ncss = ["styles/house.css"]\n')
    (root / "styles").mkdir()
    (root / "styles" / "house.css").write_text(
        '/* a face from outside */\n'
        '@font-face { font-family: "Outside"; src: url(../../secret.ttf); }\n'
        '.chapter-title { font-family: "Outside", serif; }\n', encoding="utf-8")
    done = run_book("build", str(root), "-f", "html,pdf,handouts")
    assert done.returncode == 0, done.stderr
    assert "styles/house.css:2: ../../secret.ttf is not a file in the book folder: not used" \
        in done.stderr
    assert not [p for p in (root / "build").rglob("*.ttf") if "secret" in p.name]
    assert not any("Outside" in name for name in font_names(root / "build" / "book.pdf"))
    handout = next((root / "build" / "handouts").glob("*.pdf"))
    assert not any("Outside" in name for name in font_names(handout))
