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
    trim = "a5"                         # or "6x9" (inches, a US trade paperback)

    [[chapters]]                        # optional; default: every article in chapters/
    file = "01-first.txt"               # relative to chapters/
    title = "..."                       # overrides: title, kicker, dek, author, date, language

Unknown keys and bad values are errors naming the key, its line and what is allowed; all of
them are collected and reported together before the build stops (mdBook, mkdocs).
"""

from __future__ import annotations

import datetime
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from book.errors import ConfigError

CONFIG_NAME = "book.toml"
BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?(-[A-Za-z0-9]{5,8}|-\d[A-Za-z0-9]{3})*$")

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters XML 1.0 forbids (and DEL): a title holding one would break the EPUB."""
BOOK_KEYS = ("title", "subtitle", "authors", "author", "language", "identifier", "date",
             "publisher", "rights", "cover")
PDF_KEYS = ("trim",)
TRIMS = ("a5", "6x9")
"""Page sizes the print stylesheets provide (styles/print.css, styles/trim-*.css)."""
COVER_TYPES = (".png", ".jpg", ".jpeg")
CHAPTER_KEYS = ("file", "title", "kicker", "dek", "author", "date", "language")
TOP_KEYS = ("book", "pdf", "chapters")


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
    language: str = "en"
    identifier: str | None = None
    date: datetime.date | None = None
    publisher: str | None = None
    rights: str | None = None
    cover: Path | None = None
    """A cover image of the user's (absolute path), replacing the generated cover."""
    trim: str = "a5"
    chapters: tuple[ChapterConfig, ...] | None = None


class _Locator:
    """Finds the line of a key in the TOML text (tomllib gives no positions)."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def line(self, table: str | None, key: str | None, index: int = 0) -> int | None:
        current, seen = None, -1
        for number, raw in enumerate(self.lines, 1):
            stripped = raw.strip()
            header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", stripped)
            if header:
                current = header.group(1)
                if current == table:
                    seen += 1
                    if key is None and seen == index:
                        return number
                continue
            if key and current == table and seen == index and re.match(
                    rf'^"?{re.escape(key)}"?\s*=', stripped):
                return number
            if key and table is None and current is None and re.match(
                    rf'^"?{re.escape(key)}"?\s*=', stripped):
                return number
        return None


class _Checker:
    """Collects every problem, then raises one ConfigError listing them all."""

    def __init__(self, path: Path, shown: str, text: str):
        self.path, self.shown, self.where = path, shown, _Locator(text)
        self.problems: list[str] = []

    def problem(self, table, key, message, index=0):
        line = self.where.line(table, key, index)
        place = f"{self.shown}:{line}" if line else self.shown
        self.problems.append(f"{place}: {message}")

    def unknown(self, table, data: dict, allowed, index=0):
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                self.problem(table, key, f"unknown key '{key}'. Allowed: {', '.join(allowed)}.{hint}",
                             index)

    def text(self, table, data, key, index=0, required=False):
        value = data.get(key)
        if value is None:
            if required:
                self.problem(table, None, f"'{key}' is required", index)
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(table, key, f"'{key}' must be a non-empty string, got {value!r}", index)
            return None
        if CONTROL.search(value):
            self.problem(table, key, f"'{key}' contains a control character, which no output "
                         f"can hold: {value!r}", index)
            return None
        return value.strip()

    def date(self, table, data, key, index=0):
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(table, key, f"'{key}' must be a date like 2025-07-14, got {value!r}", index)
        return None

    def language(self, table, data, key, index=0):
        value = self.text(table, data, key, index)
        if value is not None and not BCP47.match(value):
            fixed = value.replace("_", "-")
            hint = f" Write '{fixed}'." if BCP47.match(fixed) else ""
            self.problem(table, key, f"'{key}' must be a BCP 47 tag such as 'en' or 'en-US', "
                         f"got {value!r}.{hint}", index)
            return None
        return value

    def raise_if_any(self):
        if self.problems:
            count = len(self.problems)
            head = self.problems[0] if count == 1 else f"{count} problems in {self.shown}:\n  " + \
                "\n  ".join(self.problems)
            raise ConfigError(head, hint="Fix book.toml; see the README for its keys.")


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
    check = _Checker(path, shown, text)
    check.unknown(None, data, TOP_KEYS)
    book = data.get("book", {})
    if not isinstance(book, dict):
        check.problem(None, "book", "'book' must be a table: write [book] on its own line")
        book = {}
    check.unknown("book", book, BOOK_KEYS)
    pdf = data.get("pdf", {})
    if not isinstance(pdf, dict):
        check.problem(None, "pdf", "'pdf' must be a table: write [pdf] on its own line")
        pdf = {}
    check.unknown("pdf", pdf, PDF_KEYS)
    trim = check.text("pdf", pdf, "trim")
    if trim is not None and trim.lower() not in TRIMS:
        check.problem("pdf", "trim", f"'trim' must be one of {', '.join(TRIMS)}, got {trim!r}")
        trim = None
    authors = _authors(check, book)
    config = dict(
        title=check.text("book", book, "title"),
        subtitle=check.text("book", book, "subtitle"),
        authors=authors,
        language=check.language("book", book, "language") or "en",
        identifier=check.text("book", book, "identifier"),
        date=check.date("book", book, "date"),
        publisher=check.text("book", book, "publisher"),
        rights=check.text("book", book, "rights"),
        cover=_cover(check, path.parent, check.text("book", book, "cover")),
        trim=(trim or "a5").lower(),
        chapters=_chapters(check, data.get("chapters")),
    )
    check.raise_if_any()
    return BookConfig(path=path, **config)


def _cover(check: _Checker, root: Path, value: str | None) -> Path | None:
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


def _authors(check: _Checker, book: dict) -> tuple[str, ...]:
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


def _chapters(check: _Checker, value) -> tuple[ChapterConfig, ...] | None:
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
