"""The one document model between the stages.

Readers turn article files into `Chapter` objects, transforms return new `Book`/`Chapter`
objects (everything is frozen), renderers read the model and never parse sources. Inlines are
structured (no raw HTML string travels through the model): templates escape every character.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from book import defaults


@dataclass(frozen=True)
class Source:
    """Where something came from, so that every message can name its place."""

    path: Path
    """The file, as given (relative to the book folder where possible)."""
    line: int | None = None
    """1-based line number, when there is one."""
    format: str = "text"
    """The reader that read it: "text", later "markdown", "html"."""

    def at(self, line: int | None) -> Source:
        """The same file at another line."""
        return Source(self.path, line, self.format)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


# ---------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    """Plain text, escaped by the templates."""

    text: str


@dataclass(frozen=True)
class Emphasis:
    """Emphasised inlines (<em>)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    """Strongly emphasised inlines (<strong>)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A hyperlink; `href` is checked by the reader (http, https, mailto only)."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    """Inline code: typography transforms never touch it."""

    text: str


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a block."""


@dataclass(frozen=True)
class Image:
    """A local image, checked by the reader: a regular file inside the book folder.

    Remote or escaping references never become an Image: the reader warns and keeps the alt
    text as Text instead.
    """

    path: Path
    """Absolute, resolved path of the image file (PNG, JPEG, GIF, SVG or WebP)."""
    alt: str = ""
    """Alternative text (may be empty for a decorative image)."""


@dataclass(frozen=True)
class NoteRef:
    """A reference to one of the chapter's footnotes (`Chapter.notes`)."""

    id: str
    """The footnote's id within its chapter (its label in the source, e.g. "1" or "note")."""


@dataclass(frozen=True)
class PageBreak:
    """Where a page of the PDF edition begins (put in for the EPUB's print page numbers)."""

    label: str
    """The page's number as printed ("17")."""


Inline = Text | Emphasis | Strong | Link | Code | LineBreak | Image | NoteRef | PageBreak


def plain_text(inlines) -> str:
    """The text of a run of inlines, without markup (titles, outlines, metadata, comparisons)."""
    out = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, Image):
            out.append(node.alt)
        elif hasattr(node, "children"):
            out.append(plain_text(node.children))
    return "".join(out)


# ----------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    inlines: tuple[Inline, ...]
    source: Source | None = None
    """The line it was read from."""


@dataclass(frozen=True)
class Heading:
    """A section heading inside a chapter (level 2 is the top section level)."""

    level: int
    inlines: tuple[Inline, ...]
    source: Source | None = None
    """The line it was read from."""
    id: str = ""
    """Anchor id, unique in the book; set by the `ids` transform."""


@dataclass(frozen=True)
class BlockQuote:
    """A quotation set off from the text."""

    blocks: tuple[Block, ...]
    source: Source | None = None


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is a tuple of blocks."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    source: Source | None = None


@dataclass(frozen=True)
class Rule:
    """A thematic break (scene break)."""

    source: Source | None = None


@dataclass(frozen=True)
class Figure:
    """An image standing as a block, with an optional caption."""

    image: Image
    caption: tuple[Inline, ...] = ()
    source: Source | None = None


@dataclass(frozen=True)
class TableCell:
    """One cell: its inlines, whether it is a header cell, its alignment."""

    inlines: tuple[Inline, ...]
    header: bool = False
    align: str | None = None
    """"left", "center", "right" or None."""


@dataclass(frozen=True)
class Table:
    """A table: rows of cells (header rows first, `head` of them)."""

    rows: tuple[tuple[TableCell, ...], ...]
    head: int = 0
    """How many of the first rows are the table head."""
    caption: tuple[Inline, ...] = ()
    source: Source | None = None


@dataclass(frozen=True)
class CodeBlock:
    """Preformatted text (code, poetry set as such): shown as is, never typeset."""

    text: str
    language: str | None = None
    source: Source | None = None


Block = Paragraph | Heading | BlockQuote | ListBlock | Rule | Figure | Table | CodeBlock


@dataclass(frozen=True)
class Footnote:
    """A footnote's text; NoteRef inlines in the chapter point at it by `id`."""

    id: str
    blocks: tuple[Block, ...]
    source: Source | None = None


# ------------------------------------------------------- chapters and book


@dataclass(frozen=True)
class Removal:
    """Boilerplate the reader dropped, reported at info level."""

    what: str
    """Kind of boilerplate, e.g. "share bar", "advertisement line"."""
    first: int
    """First line removed (1-based)."""
    last: int
    """Last line removed (1-based, inclusive)."""


@dataclass(frozen=True)
class Chapter:
    """One article, read and cleaned: metadata from its head, blocks from its body."""

    source: Source
    """The article file."""
    blocks: tuple[Block, ...]
    """The body, boilerplate removed."""
    title: str | None = None
    """Headline; None when the article has none (filled from book.toml or the text)."""
    kicker: str | None = None
    """Category line above the headline ("Sexuality & mental health")."""
    dek: str | None = None
    """Standfirst under the headline."""
    author: str | None = None
    """Byline name(s), without "By" / "Published by"."""
    date: datetime.date | None = None
    """Original publication date."""
    date_text: str | None = None
    """The date as the article wrote it (kept for the record; display uses `date`)."""
    language: str | None = None
    """BCP 47 tag: as the article declares it, as book.toml sets it, or detected from its text
    when it differs from the book's (book/language.py); None: the book's."""
    slug: str = ""
    """File-name-safe id, unique in the book; set by the `ids` transform."""
    removed: tuple[Removal, ...] = ()
    """What the reader dropped as boilerplate."""
    notes: tuple[Footnote, ...] = ()
    """Footnotes, in the order of their first reference."""
    page: str | None = None
    """The print page the chapter opens on, when the EPUB marks the PDF's pages."""
    digest: str = ""
    """A hash of what the reader read (the article's bytes and the reading context), when the
    article cache read it: the same digest means the same blocks (book/readcache.py)."""
    modified: datetime.datetime | None = None
    """When the article last changed (SOURCE_DATE_EPOCH when set): its handout's date, which a
    change to another article leaves alone."""


@dataclass(frozen=True)
class BookMeta:
    """Book-level metadata (from book.toml: config.model_of; defaults from book/defaults.py)."""

    title: str
    authors: tuple[str, ...] = ()
    language: str = defaults.LANGUAGE
    identifier: str = ""
    """A stable URN, never random (uuid5 of the title by default)."""
    date: datetime.date | None = None
    """Publication date of this edition."""
    modified: datetime.datetime | None = None
    """Build timestamp (UTC), from SOURCE_DATE_EPOCH for reproducible builds."""
    subtitle: str | None = None
    publisher: str | None = None
    rights: str | None = None
    cover_image: Path | None = None
    """The user's cover image (PNG or JPEG), replacing the generated typographic cover."""


@dataclass(frozen=True)
class Layout:
    """Page layout choices (config.model_of: book.toml, then the command line); designs: styles/."""

    trim: str = defaults.TRIM
    """The book PDF's page size: a name of book/pagesize.py's, or "WxHmm"/"WxHin"."""
    paper: str = defaults.PAPER
    """The handouts' paper: one of defaults.PAPERS."""
    booklet: bool = defaults.BOOKLET
    """Also impose each handout as a folded booklet."""
    pdf_variant: str = defaults.PDF_VARIANT
    """One of defaults.PDF_VARIANTS: PDF/UA-1 (tagged, for screen readers) or PDF/A-3b."""
    theme: str = defaults.THEME
    """The bundled design: one of defaults.THEMES (the first is styles/*.css alone)."""
    css: tuple[Path, ...] = ()
    """The book's own stylesheets, after the theme (the PDF, the HTML, the handouts)."""
    epub_css: tuple[Path, ...] = ()
    """The book's own stylesheets for the EPUB, after epub.css."""
    accent: str | None = None
    """A colour (#rrggbb) for the cover, rules and headings."""
    font_size: float | None = None
    """The body text's size in points, instead of the trim's and theme's."""


@dataclass(frozen=True)
class Book:
    """The whole book: metadata and chapters in reading order."""

    meta: BookMeta
    chapters: tuple[Chapter, ...] = field(default_factory=tuple)
    root: Path = Path(".")
    """The book folder (holds chapters/ and book.toml)."""
    layout: Layout = Layout()
    """Page sizes of the book and of the handouts."""


def walk(node):
    """The node and every node inside it, depth first: blocks, list items, table cells, inlines,
    captions, a figure's image. For the checks and collections that look at everything."""
    yield node
    if isinstance(node, Figure):
        yield from walk(node.image)
    for name in ("blocks", "inlines", "children", "caption"):
        for child in getattr(node, name, ()) or ():
            yield from walk(child)
    for item in getattr(node, "items", ()) or ():
        for child in item:
            yield from walk(child)
    for row in getattr(node, "rows", ()) or ():
        for cell in row:
            yield from walk(cell)
