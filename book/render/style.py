"""The book's design as chosen in book.toml: the theme, the page size, the accent and type size,
and the book's own stylesheets (`[pdf] trim`, `[style]`).

Every output is styled by the same sheets in the same order, which this module names:

    fonts.css, base.css, cover.css, screen.css (screen), print.css (print)   the classic design
    page.css (print)                  generated for a trim other than A5 (templates/css/)
    themes/NAME.css                   a theme's type, headings and opener (with the handouts,
                                      the cover and the screen)
    themes/NAME-screen.css (screen)   the web edition's (media queries WeasyPrint cannot read)
    themes/NAME-print.css (print)     its pages: running heads, folios, the opener's place
    settings.css                      generated from `accent` and `font_size`
    book/PATH                         the book's own `css`, last (copied from the book folder,
                                      with the files they refer to: fonts, images)

The classic theme, A5 and no [style] link exactly the sheets they always did, so such a book
gives the same bytes as before. The book's own sheets are checked once per build with
WeasyPrint's parser (`check`): what it cannot use is said naming the file and line; while the
outputs are rendered, WeasyPrint's own (placeless) notes on them are left out (`quiet`).
"""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from book import defaults, pagesize
from book.model import Book
from book.render.templates import render

LOGGER = logging.getLogger("book")
THEMES = "themes"
"""Where the bundled themes live in styles/."""
OWN = "book"
"""Where the book's own stylesheets (and their files) are copied, under the HTML's styles/."""
PAGE, SETTINGS = "page.css", "settings.css"
"""The generated stylesheets."""
KOBO_UNSAFE = re.compile(r"@page\b|@media\b|(?<![\w-])(?:var|calc|min)\s*\(", re.IGNORECASE)
"""What Kobo's engine rejects in an EPUB stylesheet (it then drops the whole sheet), as
`book check` looks for it (checks_epub.KOBO_UNSAFE)."""
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_PLACE = re.compile(r" at (\d+):(\d+)")
"""Where WeasyPrint says a note on a stylesheet is: "Ignored `x: y` at 3:5, unknown property."."""


@dataclass(frozen=True)
class Sheet:
    """One stylesheet of book.html and the PDF, as a name under the HTML's styles/ folder."""

    name: str
    media: str | None = None
    generated: str | None = None
    """The text of a generated sheet."""
    source: Path | None = None
    """The book's own file that is copied (None: the tool's styles/NAME)."""


def book_sheets(book: Book) -> list[Sheet]:
    """The stylesheets of book.html and the PDF, in cascade order (see the module's notes)."""
    layout = book.layout
    sheets = []
    if layout.trim != pagesize.DESIGNED:
        sheets.append(Sheet(PAGE, "print", generated=page_css(layout.trim)))
    sheets += theme_sheets(book, print_too=True)
    if settings_wanted(book):
        sheets.append(Sheet(SETTINGS, generated=settings_css(book, "book")))
    sheets += [Sheet(own_name(book, path), source=path) for path in layout.css]
    return sheets


def theme_sheets(book: Book, print_too: bool = False) -> list[Sheet]:
    """The theme's stylesheets (none for classic): its design, and the book's screen and
    pages (`print_too`; not the handouts' or the cover image's)."""
    theme = book.layout.theme
    if theme == defaults.CLASSIC:
        return []
    return [Sheet(f"{THEMES}/{theme}.css"),
            *([Sheet(f"{THEMES}/{theme}-screen.css", "screen"),
               Sheet(f"{THEMES}/{theme}-print.css", "print")] if print_too else [])]


def settings_wanted(book: Book) -> bool:
    return book.layout.accent is not None or book.layout.font_size is not None


def page_css(trim: str) -> str:
    """The @page stylesheet of a trim: size, mirrored margins, the body's type size."""
    return render("css/page.css.j2", page=pagesize.page_size(trim))


def settings_css(book: Book, target: str) -> str:
    """`accent` and `font_size` as CSS for `target`: "book" (book.html and the PDF), "handout",
    "booklet" (a handout's A5 pages) or "cover" (the EPUB's cover image)."""
    accent = book.layout.accent
    return render("css/settings.css.j2", target=target, accent=accent,
                  ink=_ink(accent) if accent else None,
                  font_size=book.layout.font_size)


def own_name(book: Book, path: Path) -> str:
    """Where a file of the book's is copied beside the HTML: book/<its path in the book>."""
    return f"{OWN}/{path.relative_to(book.root.resolve()).as_posix()}"


def own_files(book: Book, sheets=None) -> list[Path]:
    """The book's own stylesheets (`layout.css`, or `sheets`) and every file of the book folder
    they refer to (fonts, images, imported sheets), each once, in order; nothing outside the
    book folder, nothing larger than WeasyPrint may fetch (render/fetcher.py)."""
    from book.render.fetcher import MAX_BYTES

    root = book.root.resolve()
    found: dict[Path, None] = {}
    todo = list(book.layout.css if sheets is None else sheets)
    while todo:
        path = todo.pop(0)
        if path in found:
            continue
        found[path] = None
        if path.suffix.lower() == ".css":
            todo += [ref for ref in references(path) if ref.is_relative_to(root)
                     and ref.is_file() and ref.stat().st_size <= MAX_BYTES]
    return list(found)


def references(path: Path) -> list[Path]:
    """The local files a stylesheet refers to by url() or @import, resolved from its folder."""
    return [target for _line, _url, target in referred(path)]


def referred(path: Path) -> list[tuple[int, str, Path]]:
    """(line, URL as written, resolved path) of each local file a stylesheet refers to by url()
    or @import: data: URLs, the network and places are not files of the book's."""
    import tinycss2

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return []
    urls: list[tuple[int, str]] = []

    def walk(tokens):
        for token in tokens or ():
            if token.type == "url":
                urls.append((token.source_line, token.value))
            elif token.type == "function" and token.lower_name == "url":
                urls.extend((arg.source_line, arg.value) for arg in token.arguments
                            if arg.type == "string")
            elif token.type == "at-rule" and token.lower_at_keyword == "import":
                urls.extend((arg.source_line, arg.value) for arg in token.prelude
                            if arg.type == "string")
            for inner in ("prelude", "content", "arguments"):
                value = getattr(token, inner, None)
                if isinstance(value, list):
                    walk(value)

    walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    refs = []
    for line, url in urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        refs.append((line, url, (path.parent / unquote(parts.path)).resolve()))
    return refs


# -------------------------------------------------------------- checking the book's own sheets


def check(book: Book) -> None:
    """Say, naming each file and line, what WeasyPrint cannot use in the book's own stylesheets,
    what would make Kobo drop an EPUB stylesheet, and an accent too pale for headings."""
    layout = book.layout
    if layout.accent and _contrast(layout.accent, "#ffffff") < 3:
        LOGGER.warning("[style] accent %s stands %.1f:1 against the white page: headings in it "
                       "are hard to read (3:1 at least for large text, WCAG 2.1); choose a "
                       "darker colour", layout.accent, _contrast(layout.accent, "#ffffff"))
    if not (layout.css or layout.epub_css):
        return
    root = book.root.resolve()
    sheets = [path for path in own_files(book, (*layout.css, *layout.epub_css))
              if path.suffix.lower() == ".css"]
    for path in sheets:
        shown = path.relative_to(root).as_posix()
        for line, message in parse_notes(path, root):
            LOGGER.warning("%s: %s", f"{shown}:{line}" if line else shown, message)
        for line, url, target in referred(path):
            if not target.is_relative_to(root) or not target.is_file():
                LOGGER.warning("%s:%d: %s is not a file in the book folder: not used (a "
                               "stylesheet may use the book folder's files only)", shown, line,
                               url)
    for path in own_files(book, layout.epub_css):
        if path.suffix.lower() != ".css":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        text = _CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        for found in KOBO_UNSAFE.finditer(text):
            line = text.count("\n", 0, found.start()) + 1
            LOGGER.warning("%s:%d: %s in an EPUB stylesheet: Kobo's reader drops the whole "
                           "sheet for it (book check fails); keep it out of epub_css",
                           path.relative_to(root).as_posix(), line,
                           found.group(0).rstrip("( ").lower())


def parse_notes(path: Path, root: Path) -> list[tuple[int | None, str]]:
    """What WeasyPrint says when it parses one stylesheet of the book folder `root`: (line,
    message) each."""
    from weasyprint import CSS

    from book.render.fetcher import ProjectFetcher

    notes: list[logging.LogRecord] = []

    class Catch(logging.Handler):
        def emit(self, record):
            notes.append(record)

    logger = logging.getLogger("weasyprint")
    catch = Catch(logging.WARNING)
    handlers, logger.handlers = logger.handlers, [catch]
    try:
        CSS(string=path.read_text(encoding="utf-8", errors="replace"), base_url=path.as_uri(),
            url_fetcher=ProjectFetcher([root]))
    except Exception as exc:  # noqa: BLE001 - WeasyPrint's parser on a user's file
        return [(None, f"WeasyPrint cannot read this stylesheet: {exc}")]
    finally:
        logger.handlers = handlers
    out = []
    for record in notes:
        message = record.getMessage()
        place = _PLACE.search(message)
        if place:
            message = (message[:place.start()] + message[place.end():]).strip()
        out.append((int(place.group(1)) if place else None,
                    f"WeasyPrint: {message}"))
    return out


class _Quiet(logging.Filter):
    """Leaves out WeasyPrint's notes on stylesheets: `check` said them with file and line."""

    def filter(self, record):
        return not _PLACE.search(record.getMessage())


@contextlib.contextmanager
def quiet(book: Book):
    """While the book's own sheets are parsed (and documents linking them rendered), when it has
    any: WeasyPrint's notes on stylesheets are left out."""
    if not book.layout.css:
        yield
        return
    logger, note = logging.getLogger("weasyprint"), _Quiet()
    logger.addFilter(note)
    try:
        yield
    finally:
        logger.removeFilter(note)


# ----------------------------------------------------------------------------- colours


def _luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of #rrggbb."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _ink(ground: str) -> str:
    """The cover's lettering on an accent ground: the classic cover's cream, or near-black when
    that reads better."""
    cream, black = "#f3eddf", "#1a1a1a"
    return cream if _contrast(ground, cream) >= _contrast(ground, black) else black
