"""book.toml → frozen dataclasses. The schema and every default live here.

    [book]
    title = "Healing Together"          # default: the book folder's name
    subtitle = "..."
    authors = ["A. Editor"]             # or author = "A. Editor"
    language = "en"                     # BCP 47
    identifier = "urn:isbn:..."         # default: urn:uuid: + uuid5 of the title (stable)
    date = 2025-08-01                   # default: SOURCE_DATE_EPOCH, else the newest article
    publisher = "..."
    rights = "..."
    cover = "cover.jpg"                 # default: a typographic cover made from the title

    [pdf]
    trim = "a5"                         # a5, 6x9, a4, letter, 5.5x8.5, "150x230mm", "6.14x9.21in"

    [style]
    theme = "classic"                   # or "modern", "large-print" (styles/themes/)
    css = ["styles/house.css"]          # after the theme: the PDF, the HTML, the handouts
    epub_css = ["styles/epub-house.css"]  # after epub.css in the EPUB
    accent = "#8a2c1f"                  # the cover's ground, rules and headings
    font_size = 11                      # the body text, in points

    [handouts]
    paper = "a4"                        # or "letter"
    booklet = false                     # also impose each handout as a folded booklet

    [limits]                            # generous; see book/limits.py
    article_mb = 10
    line_chars = 100000
    render_seconds = 0                  # 0: 120 s + 20 s per chapter
    memory_mb = 4096

    [[chapters]]                        # optional; default: every article in chapters/
    file = "01-first.txt"               # relative to chapters/
    title = "..."                       # overrides: title, kicker, dek, author, date, language

Unknown keys and bad values are errors naming the key, its line and what is allowed; all of
them are collected and reported together before the build stops (mdBook, mkdocs).

The defaults' values are book/defaults.py's (the model may not import this module); `model_of`
makes the model's `BookMeta` and `Layout` from a `BookConfig`, field by field of the same name.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TypeVar

from book import configstyle, defaults, pagesize
from book.configcheck import Checker
from book.errors import ConfigError
from book.limits import Limits, from_table

CONFIG_NAME = "book.toml"

BOOK_KEYS = ("title", "subtitle", "authors", "author", "language", "identifier", "date",
             "publisher", "rights", "cover")
PDF_KEYS = ("trim",)
TRIMS = tuple(pagesize.NAMED)
"""Page sizes by name; any WxHmm or WxHin too (book/pagesize.py)."""
STYLE_KEYS = ("theme", "css", "epub_css", "accent", "font_size")
THEMES = defaults.THEMES
"""The bundled designs: classic is styles/*.css alone; another adds styles/themes/NAME.css
(and NAME-print.css for the book's pages)."""
FONT_SIZES = configstyle.FONT_SIZES
"""What `font_size` may be, in points."""
HANDOUT_KEYS = ("paper", "booklet")
PAPERS = defaults.PAPERS
"""The handouts' paper (styles/handout-*.css)."""
PDF_VARIANTS = defaults.PDF_VARIANTS
"""The command line's --pdf-variant (not a book.toml key)."""
COVER_TYPES = (".png", ".jpg", ".jpeg")
CHAPTER_KEYS = ("file", "title", "kicker", "dek", "author", "date", "language")
TOP_KEYS = ("book", "pdf", "style", "handouts", "limits", "chapters")


@dataclass(frozen=True)
class ChapterConfig:
    """One entry of [[chapters]]: which file, and what to override in its metadata."""

    file: str
    """Path relative to chapters/."""
    line: int | None = None
    """Line of the entry in book.toml, for messages."""
    title: str | None = None
    kicker: str | None = None
    dek: str | None = None
    author: str | None = None
    date: datetime.date | None = None
    language: str | None = None


@dataclass(frozen=True)
class BookConfig:
    """The validated manifest. `chapters` is None when book.toml lists none."""

    path: Path | None
    """book.toml, or None when the folder has none."""
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    language: str = defaults.LANGUAGE
    identifier: str | None = None
    date: datetime.date | None = None
    publisher: str | None = None
    rights: str | None = None
    cover: Path | None = None
    """A cover image of the user's (absolute path), replacing the generated cover."""
    trim: str = defaults.TRIM
    """As book/pagesize.py normalises it: "a5", "letter", "150x230mm"."""
    paper: str = defaults.PAPER
    booklet: bool = defaults.BOOKLET
    theme: str = defaults.THEME
    css: tuple[Path, ...] = ()
    """[style] css: the user's stylesheets (absolute paths inside the book folder)."""
    epub_css: tuple[Path, ...] = ()
    accent: str | None = None
    """A colour as #rrggbb."""
    font_size: float | None = None
    """The body text in points."""
    limits: Limits = Limits()
    """[limits]: what an article may hold and a render may spend (book/limits.py)."""
    chapters: tuple[ChapterConfig, ...] | None = None


T = TypeVar("T")
RENAMED = {"cover_image": "cover"}
"""The model's fields that BookConfig holds under another name."""


def model_of(cls: type[T], config: BookConfig, **given) -> T:
    """The model's `cls` (`BookMeta`, `Layout`) from `config`: every field BookConfig has (by its
    name, or RENAMED's), then the `given` values that are not None (what the pipeline works out,
    what the command line chose); the fields left keep the model's defaults (book/defaults.py)."""
    held = {f.name for f in fields(BookConfig)}
    values = {f.name: getattr(config, RENAMED.get(f.name, f.name)) for f in fields(cls)
              if RENAMED.get(f.name, f.name) in held}
    values.update((name, value) for name, value in given.items() if value is not None)
    return cls(**values)


def load(root: Path) -> BookConfig:
    """Read and validate ROOT/book.toml; a folder without one gets the defaults."""
    path = root / CONFIG_NAME
    if not path.is_file():
        return BookConfig(path=None)
    shown = CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError("is not UTF-8 text", source=shown, hint="Save it as UTF-8.") from exc
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f"{shown}:{line.group(1)}" if line else shown
        raise ConfigError(f"is not valid TOML: {exc}", source=where,
                          hint="Check quotes, brackets and '=' on that line.") from exc
    return _validate(path, shown, text, data)


def _validate(path: Path, shown: str, text: str, data: dict) -> BookConfig:
    check = Checker(path, shown, text)
    check.unknown(None, data, TOP_KEYS)
    book = data.get("book", {})
    if not isinstance(book, dict):
        check.problem(None, "book", "'book' must be a table: write [book] on its own line")
        book = {}
    check.unknown("book", book, BOOK_KEYS)
    pdf = check.table(data, "pdf", PDF_KEYS)
    trim = configstyle.trim(check, pdf)
    style = check.table(data, "style", STYLE_KEYS)
    theme = check.choice("style", style, "theme", THEMES)
    handouts = check.table(data, "handouts", HANDOUT_KEYS)
    paper = check.choice("handouts", handouts, "paper", PAPERS)
    booklet = handouts.get("booklet", defaults.BOOKLET)
    if not isinstance(booklet, bool):
        check.problem("handouts", "booklet", f"'booklet' must be true or false, got {booklet!r}")
        booklet = defaults.BOOKLET
    authors = _authors(check, book)
    config = dict(
        title=check.text("book", book, "title"),
        subtitle=check.text("book", book, "subtitle"),
        authors=authors,
        language=check.language("book", book, "language") or defaults.LANGUAGE,
        identifier=check.text("book", book, "identifier"),
        date=check.date("book", book, "date"),
        publisher=check.text("book", book, "publisher"),
        rights=check.text("book", book, "rights"),
        cover=_cover(check, path.parent, check.text("book", book, "cover")),
        trim=trim or defaults.TRIM,
        paper=paper or defaults.PAPER,
        booklet=booklet,
        theme=theme or defaults.THEME,
        css=configstyle.stylesheets(check, path.parent, style, "css"),
        epub_css=configstyle.stylesheets(check, path.parent, style, "epub_css"),
        accent=configstyle.accent(check, style),
        font_size=configstyle.font_size(check, style),
        limits=from_table(check, data),
        chapters=_chapters(check, data.get("chapters")),
    )
    check.raise_if_any()
    return BookConfig(path=path, **config)


def _cover(check: Checker, root: Path, value: str | None) -> Path | None:
    """A PNG or JPEG inside the book folder."""
    if value is None:
        return None
    path = (root / value).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        check.problem("book", "cover", f"'cover' must name an image file inside the book folder; "
                      f"'{value}' was not found there")
        return None
    if path.suffix.lower() not in COVER_TYPES:
        check.problem("book", "cover", f"'cover' must be a PNG or JPEG image, got '{value}'")
        return None
    return path


def _authors(check: Checker, book: dict) -> tuple[str, ...]:
    if "author" in book and "authors" in book:
        check.problem("book", "author", "give either 'author' or 'authors', not both")
    value = book.get("authors", book.get("author"))
    key = "authors" if "authors" in book else "author"
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        check.problem("book", key, f"'{key}' must be a name or a list of names, got {value!r}")
        return ()
    return tuple(v.strip() for v in value)


def _chapters(check: Checker, value) -> tuple[ChapterConfig, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        check.problem(None, "chapters", "'chapters' must be a list of file names or [[chapters]] "
                      "tables")
        return None
    entries, seen = [], set()
    for index, item in enumerate(value):
        if isinstance(item, str):
            item = {"file": item}
            line = check.where.line(None, "chapters")
        elif isinstance(item, dict):
            line = check.where.line("chapters", None, index)
            check.unknown("chapters", item, CHAPTER_KEYS, index)
        else:
            check.problem(None, "chapters", f"chapter entries must be file names or tables, "
                          f"got {item!r}")
            continue
        file = check.text("chapters", item, "file", index, required=True)
        if file is None:
            continue
        if Path(file).is_absolute() or ".." in Path(file).parts:
            check.problem("chapters", "file", f"'file' must be a path inside chapters/, got "
                          f"{file!r}", index)
            continue
        if file in seen:
            check.problem("chapters", "file", f"'{file}' is listed twice", index)
        seen.add(file)
        entries.append(ChapterConfig(
            file=file, line=line,
            title=check.text("chapters", item, "title", index),
            kicker=check.text("chapters", item, "kicker", index),
            dek=check.text("chapters", item, "dek", index),
            author=check.text("chapters", item, "author", index),
            date=check.date("chapters", item, "date", index),
            language=check.language("chapters", item, "language", index),
        ))
    return tuple(entries)
