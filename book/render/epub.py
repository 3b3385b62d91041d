"""The EPUB renderer: a `Book` in, one EPUB 3 file out, valid for EPUBCheck 5 and reproducible.

ebooklib assembles the package (OPF, NCX, nav document, manifest, spine) around body
fragments rendered by templates/epub/*.xhtml.j2; `epubzip.normalize` then rewrites its zip so
that the same Book always gives the same bytes. Every ebooklib 0.20 pitfall worked around here
is listed in shared/TRAPS.md. The front and back matter, and the cover, are built in
epubmatter.py.

Inside the EPUB (all paths relative to EPUB/, the folder of content.opf), in reading order::

    cover.xhtml       the cover image alone (images/cover.png, or the user's .png/.jpg)
    titlepage.xhtml   title, subtitle, authors, publisher
    copyright.xhtml   rights, edition, identifier, typefaces
    nav.xhtml         contents (chapters, their sections, Sources) and hidden landmarks
    <slug>.xhtml      one per chapter, in reading order
    sources.xhtml     each article's title, author and first publication
    toc.ncx           the same contents for EPUB 2 readers
    css/epub.css      styles_dir/epub.css
    css/book/...      the book's own epub_css, and the files they use, by their paths in the book
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ebooklib import epub
from lxml import etree

from book.assets import images, mediatypes
from book.errors import RenderError
from book.i18n import labels
from book.model import Book, Chapter, Heading, PageBreak, plain_text, walk
from book.outputs import atomic_path, cache_folder
from book.layout import pagination
from book.render import epubwriter, epubzip, pdf
from book.render.epubmeta import set_metadata
from book.render.report import SILENT, Report
from book.render.context import chapter_context
from book.text import is_language_tag
from book.render.epubmatter import (
    COVER_IMAGE_ID, RESERVED_NAMES, document, matter, own_stylesheets, render_body,
)

STYLESHEET = "epub.css"
"""The stylesheet's name in `styles_dir`."""

_NAV_FILE = "nav.xhtml"
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_RESERVED_SLUGS = RESERVED_NAMES  # cover, titlepage, copyright, sources, nav

_WRITE_OPTIONS = {
    "raise_exceptions": True,  # otherwise OSError is swallowed and write_epub returns False
    "epub2_guide": True,  # <guide> in the OPF: older readers and Kindle find the start with it
    "epub3_landmark": False,  # landmarks are in our nav.xhtml.j2
    "epub3_pages": False,  # would turn any element with epub:type and id into a page-list entry
    "play_order": {"enabled": True, "start_from": 1},
    "compresslevel": 0,  # a draft: epubzip.normalize deflates every entry again, once
}


def write_epub(book: Book, target: Path, styles_dir: Path, print_pages: bool = False,
               pages=None, report: Report = SILENT) -> None:
    """Write `book` as an EPUB 3 file at `target`, atomically.

    `styles_dir` must hold epub.css. The previous `target`, if any, is left untouched
    whenever this raises `RenderError`. With `print_pages`, the pages of the PDF edition are
    marked (the book's layout is made in `target`'s folder, or reused from the PDF); `pages()`
    gives them when the PDF's renderer works them out beside this one (None: work them out,
    the progress of the PDF's parts going to `report`).
    """
    _check_book(book)
    if print_pages:
        found = pages() if pages else None
        if found is None:
            found = pdf.print_pages(book, target.parent, styles_dir, report=report)
        book = pagination.mark(book, found)
    stylesheet = _read_stylesheet(styles_dir)
    modified = _utc(book.meta.modified)
    package = _package(book, stylesheet, styles_dir, cache_folder(target.parent) / "cover")

    raw = io.BytesIO()
    try:
        epubwriter.write(raw, package, {**_WRITE_OPTIONS, "mtime": modified})
    except Exception as exc:  # ebooklib lets lxml, zipfile and OS errors of any kind through
        raise RenderError(
            f"ebooklib could not assemble the EPUB: {exc}",
            source=target,
            hint="run with -v for the traceback; the book metadata may hold a character XML "
                 "forbids.",
        ) from exc

    try:
        with atomic_path(target) as tmp:
            epubzip.normalize(raw, tmp, epubzip.zip_date_time(modified))
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise RenderError(f"cannot write the EPUB: {exc}", source=target) from exc


# ------------------------------------------------------------------ checks


def _check_book(book: Book) -> None:
    """Refuse, naming the place to fix, what would make an invalid EPUB."""
    meta = book.meta
    for name in ("title", "language", "identifier"):
        if not (getattr(meta, name) or "").strip():
            raise RenderError(f"the book has no {name}", hint=f"set `{name}` in book.toml.")
    _check_language(meta.language, None)
    if meta.modified is None:
        raise RenderError("the book has no modification time (BookMeta.modified)",
                          hint="the pipeline sets it from SOURCE_DATE_EPOCH before rendering.")
    if not book.chapters:
        raise RenderError("the book has no chapters",
                          hint="list at least one article in book.toml.")
    seen: dict[str, Chapter] = {}
    for chapter in book.chapters:
        _check_chapter(chapter, seen.get(chapter.slug.lower()))
        seen[chapter.slug.lower()] = chapter


def _check_chapter(chapter: Chapter, same_slug: Chapter | None) -> None:
    if not (chapter.title or "").strip():
        raise RenderError("the chapter has no title", source=chapter.source,
                          hint="give it one in book.toml.")
    if chapter.language:
        _check_language(chapter.language, chapter)
    if not _SLUG.fullmatch(chapter.slug) or chapter.slug in _RESERVED_SLUGS:
        raise RenderError(f"unusable EPUB file name {chapter.slug!r}", source=chapter.source,
                          hint="slugs are ASCII letters, digits, '.', '_', '-', "
                               f"not {sorted(_RESERVED_SLUGS)}.")
    if same_slug:
        raise RenderError(f"slug {chapter.slug!r} is also used by {same_slug.source}",
                          source=chapter.source,
                          hint="slugs name the chapter files: they must be unique, ignoring case.")


def _check_language(language: str, chapter: Chapter | None) -> None:
    if not is_language_tag(language):
        raise RenderError(f"language {language!r} is not a BCP 47 tag",
                          source=chapter.source if chapter else None,
                          hint="write it like 'en' or 'en-US' (a hyphen, never an underscore).")


def _read_stylesheet(styles_dir: Path) -> bytes:
    path = styles_dir / STYLESHEET
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(f"cannot read the EPUB stylesheet: {exc.strerror}", source=path) from exc


def _check_well_formed(item: epub.EpubHtml, chapter: Chapter | None) -> None:
    """Parse the XHTML ebooklib will write, as XML: Apple Books shows an error page otherwise."""
    try:
        etree.fromstring(item.get_content())  # ebooklib returns b"" when it cannot parse the body
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise RenderError(
            f"{item.file_name} would not be well-formed XHTML: {exc}",
            source=chapter.source if chapter else None,
            hint="look for control characters in the text or metadata.",
        ) from exc


# ----------------------------------------------------------------- package


@dataclass(frozen=True)
class _Entry:
    """One line of the contents: a chapter, or one of its sections."""

    title: str
    href: str
    uid: str
    """NCX navPoint id."""
    children: tuple[_Entry, ...] = ()


@dataclass(frozen=True)
class _Landmark:
    """A landmark in the nav document, and its EPUB 2 <guide> twin in the OPF."""

    type: str
    guide_type: str
    href: str
    title: str


def _package(book: Book, stylesheet: bytes, styles_dir: Path, cache: Path | None = None
             ) -> epub.EpubBook:
    """The ebooklib book: metadata, the documents in reading order, contents and landmarks."""
    meta = book.meta
    package = epub.EpubBook()
    set_metadata(package, book)
    css = (package.add_item(epub.EpubItem(uid="css", file_name=f"css/{STYLESHEET}",
                                          media_type="text/css", content=stylesheet)),
           *own_stylesheets(package, book))
    words = labels(meta.language)  # "Contents", "Title page", ... in the book's language
    front_back = matter(book, styles_dir, css, cache)
    articles = [
        document(f"chapter-{number}", chapter.slug, chapter.title,
                 chapter.language or meta.language, css,
                 render_body("epub/chapter.xhtml.j2", chapter,
                             {"chapter": chapter, "language": chapter.language or meta.language,
                              "context_for": _epub_context}))
        for number, chapter in enumerate(book.chapters, 1)
    ]
    pictures = [epub.EpubItem(uid=f"image-{number}",
                              file_name=f"{images.FOLDER}/{images.asset_name(path)}",
                              media_type=mediatypes.media_type(path),
                              content=images.image_bytes(path))
                for number, path in enumerate(images.book_images(book), 1)]
    sources = front_back.sources
    chapter_entries = _contents(book.chapters, articles)
    entries = [*chapter_entries, _Entry(words["sources"], sources.file_name, sources.id)]
    landmarks = (
        _Landmark("cover", "cover", front_back.cover.file_name, words["cover"]),
        _Landmark("titlepage", "title-page", front_back.titlepage.file_name, words["title_page"]),
        _Landmark("copyright-page", "copyright-page", front_back.copyright.file_name,
                  words["copyright"]),
        _Landmark("toc", "toc", _NAV_FILE, words["contents"]),
        _Landmark("bodymatter", "text", articles[0].file_name, words["start"]),
    )
    pages = [(label, f"{item.file_name}#page-{label}")
             for chapter, item in zip(book.chapters, articles)
             for label in ([chapter.page] if chapter.page else []) + [
                 node.label for block in chapter.blocks for node in walk(block)
                 if isinstance(node, PageBreak)]]
    nav_body = render_body("epub/nav.xhtml.j2", None,
                           {"words": words, "entries": entries, "landmarks": landmarks,
                            "pages": pages})
    nav = document("nav", _NAV_FILE.removesuffix(".xhtml"), words["contents"], meta.language, css,
                   nav_body)
    nav.properties.append("nav")  # our own nav markup: ebooklib's EpubNav cannot hide the landmarks

    # Reading order, as in print: cover, title page, copyright, contents, chapters, Sources.
    # Kindle asks for an HTML contents in the reading order, and EPUBCheck (RSC-011) for every
    # landmark to be in the spine; all of it linear (a non-linear cover page fails OPF-096).
    spine = [front_back.cover, front_back.titlepage, front_back.copyright, nav, *articles, sources]
    for item in (front_back.image, *pictures, *spine, epub.EpubNcx()):
        package.add_item(item)
    for item, chapter in [*((page, None) for page in (*front_back.pages, nav)),
                          *zip(articles, book.chapters)]:
        _check_well_formed(item, chapter)
    # EPUB 2 readers and Kindle's converters find the cover image by this meta (name before
    # content: Nook reads no other order); EPUB 3 readers by the item's cover-image property.
    package.add_metadata(None, "meta", "", {"name": "cover", "content": COVER_IMAGE_ID})
    package.toc = [*(_ncx_entry(entry, item) for entry, item in zip(chapter_entries, articles)),
                   sources]
    package.spine = spine
    package.guide = [{"type": mark.guide_type, "href": mark.href, "title": mark.title}
                     for mark in landmarks]
    return package


def _epub_context(chapter: Chapter):
    return chapter_context(chapter, "epub", images.relative_href)


def _contents(chapters: tuple[Chapter, ...], items: list[epub.EpubHtml]) -> list[_Entry]:
    """One entry per chapter, with its h2 sections below it (none when it has no sections)."""
    return [
        _Entry(chapter.title, item.file_name, item.id, tuple(
            _Entry(text, f"{item.file_name}#{heading.id}", f"{item.id}-{number}")
            for number, (heading, text) in enumerate(_sections(chapter), 1)
        ))
        for chapter, item in zip(chapters, items)
    ]


def _ncx_entry(entry: _Entry, item: epub.EpubHtml):
    """The same entry for ebooklib's NCX: a bare item when there are no sections (no empty
    level)."""
    if not entry.children:
        return item
    return (item, [epub.Link(section.href, section.title, section.uid)
                   for section in entry.children])


def _sections(chapter: Chapter) -> list[tuple[Heading, str]]:
    """The top-level section headings of a chapter that can be linked to, with their text."""
    found = []
    for block in chapter.blocks:
        if isinstance(block, Heading) and block.level == 2 and block.id:
            text = " ".join(plain_text(block.inlines).split())
            if text:
                found.append((block, text))
    return found


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """The moment in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)
