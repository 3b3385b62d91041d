"""The EPUB's front and back matter: cover image and cover page, title page, copyright page,
Sources.

Also the two helpers every EPUB document goes through (`document`, `render_body`). The
markup is in templates/epub/*.xhtml.j2; the copyright and Sources texts come from the macros
of templates/matter.j2 that the HTML/PDF uses too, so the two books never disagree.

The cover, and how it stays single on Kindle
--------------------------------------------
The image is one manifest item with properties="cover-image" (EPUB 3) and is also named by
`<meta name="cover" content="cover-image"/>` (EPUB 2). Amazon's Kindle Publishing Guidelines
(3.2.2, "Internal Content Cover Image Is Mandatory") accept either; Standard Ebooks' tools write
both into their compatible EPUB 3, the meta with `name` before `content` because Nook reads no
other order (se_epub_build.py). The cover page cover.xhtml shows that image and nothing else;
it is first in the spine and linear, and both the nav's landmarks and `<guide><reference
type="cover"/>` name it as the cover.

That is what keeps the cover single when Send to Kindle or calibre converts the EPUB:
- Amazon's converter uses the cover image and drops ("suppresses") a cover page identified
  as the cover in the guide or landmarks (KindleGen's message I1052, "Kindle support cover
  images but does not support cover HTML ... suppressing cover HTML in content"; W3C publ-cg
  issue #22). A cover page that holds text besides the image is kept and moved to the end of
  the book instead (a KindleGen test posted on MobileRead, 2016): so the page has no text at
  all, the title being only the image's alt text.
- calibre's EPUB input (`rationalize_cover3`) takes the first spine item as the HTML cover when
  the guide's type="cover" reference points at it, and removes it from the spine when it
  converts (to AZW3 or MOBI), using the cover-image item instead.
The older advice, linear="no", is not followed: EPUBCheck 5 rejects a non-linear cover page
that the landmarks do not reach (OPF-096), calibre's viewer makes it linear anyway, and Apple
Books, Kobo and other EPUB readers then show the cover where a reader expects it, first.
(Checked against the sources above and EPUBCheck, not on a Kindle device.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from ebooklib import epub

from book import __version__
from book.errors import RenderError
from book.i18n import direction, labels
from book.model import Book, Chapter
from book.render import style
from book.render.cover import cover_image
from book.render.fetcher import TYPES
from book.render.templates import render

COVER_IMAGE_ID = "cover-image"
"""Manifest id of the cover image, also named by <meta name="cover">."""
IMAGE_NAMES = {"image/png": "images/cover.png", "image/jpeg": "images/cover.jpg"}
COVER, TITLEPAGE, COPYRIGHT, SOURCES = "cover", "titlepage", "copyright", "sources"
"""File names (without .xhtml) and manifest ids of the matter documents."""
RESERVED_NAMES = {COVER, TITLEPAGE, COPYRIGHT, SOURCES, "nav"}
"""Chapter slugs these documents (and nav.xhtml) take."""


@dataclass(frozen=True)
class Matter:
    """The EPUB items around the chapters, in the order they are read."""

    image: epub.EpubCover
    cover: epub.EpubHtml
    titlepage: epub.EpubHtml
    copyright: epub.EpubHtml
    sources: epub.EpubHtml

    @property
    def pages(self) -> tuple[epub.EpubHtml, ...]:
        return (self.cover, self.titlepage, self.copyright, self.sources)


def matter(book: Book, styles_dir: Path, css: epub.EpubItem | tuple,
           cache: Path | None = None) -> Matter:
    """Build the cover image (kept in `cache`) and the four matter documents of `book`."""
    meta = book.meta
    words = labels(meta.language)
    data, media_type = cover_image(book, styles_dir, cache)
    image = epub.EpubCover(uid=COVER_IMAGE_ID, file_name=IMAGE_NAMES[media_type])
    image.media_type, image.content = media_type, data
    language = meta.language
    return Matter(
        image=image,
        cover=document(COVER, COVER, words["cover"], language, css,
                       render_body("epub/cover.xhtml.j2", None,
                                   {"meta": meta, "src": image.file_name})),
        titlepage=document(TITLEPAGE, TITLEPAGE, meta.title, language, css,
                           render_body("epub/titlepage.xhtml.j2", None, {"meta": meta})),
        copyright=document(COPYRIGHT, COPYRIGHT, words["copyright"], language, css,
                           render_body("epub/copyright.xhtml.j2", None, {
                               "meta": meta, "words": words, "version": __version__,
                               # the EPUB embeds no font: the reader's own is used
                               "typefaces": ()})),
        sources=document(SOURCES, SOURCES, words["sources"], language, css,
                         render_body("epub/sources.xhtml.j2", None, {
                             "meta": meta, "words": words, "chapters": book.chapters})),
    )


def document(uid: str, name: str, title: str, language: str, css: epub.EpubItem | tuple,
             body: bytes) -> epub.EpubHtml:
    """One XHTML document from a body fragment; ebooklib adds the XML declaration, lang and head,
    and dir="rtl" on <html> and <body> for a right-to-left language (reading systems that look
    only at the root see the direction too)."""
    rtl = "rtl" if direction(language) == "rtl" else None
    item = epub.EpubHtml(uid=uid, file_name=f"{name}.xhtml", title=title, lang=language,
                         content=body, direction=rtl)
    for sheet in css if isinstance(css, tuple) else (css,):  # epub.css, then the book's own
        item.add_item(sheet)
    return item


def render_body(template: str, chapter: Chapter | None, context: dict) -> bytes:
    """Render a body fragment as UTF-8, naming the chapter if that fails."""
    try:
        return render(template, **context).encode("utf-8")
    except (jinja2.TemplateError, UnicodeError) as exc:
        raise RenderError(f"{template}: {exc}", source=chapter.source if chapter else None,
                          hint="look for broken characters (lone surrogates) in the text.") from exc


def own_stylesheets(package: epub.EpubBook, book: Book) -> list[epub.EpubItem]:
    """The book's own `epub_css`, after epub.css in every document, and the files they refer to
    (fonts, images), each at css/book/<its path in the book folder>: relative URLs stay right."""
    sheets = set(book.layout.epub_css)
    items = []
    for number, path in enumerate(style.own_files(book, book.layout.epub_css), 1):
        item = package.add_item(epub.EpubItem(
            uid=f"css-own-{number}", file_name=f"css/{style.own_name(book, path)}",
            media_type=TYPES.get(path.suffix.lower(), "application/octet-stream"),
            content=path.read_bytes()))
        if path in sheets:
            items.append(item)
    return items
