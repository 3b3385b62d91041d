"""The EPUB package's metadata: Dublin Core, its refinements, accessibility (EPUB
Accessibility 1.1, book/render/a11y.py) and the source of its page numbers."""

from __future__ import annotations

from ebooklib import epub

from book.model import Book
from book.render import a11y
from book.render.a11y import accessibility


def set_metadata(package: epub.EpubBook, book: Book) -> None:
    """Dublin Core, refinements and accessibility metadata (dcterms:modified comes from `mtime`)."""
    meta = book.meta
    package.set_identifier(meta.identifier)
    package.title = meta.title  # the NCX docTitle
    package.add_metadata("DC", "title", meta.title, {"id": "title"})
    if meta.subtitle:
        package.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        package.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
        package.add_metadata(None, "meta", "subtitle",
                             {"refines": "#subtitle", "property": "title-type"})
    package.set_language(meta.language)
    # distinct ids: add_author defaults to "creator"
    for number, author in enumerate(meta.authors, 1):
        package.add_author(author, role="aut", uid=f"creator-{number}")
    if meta.date:
        package.add_metadata("DC", "date", meta.date.isoformat())
    if meta.publisher:
        package.add_metadata("DC", "publisher", meta.publisher)
    if meta.rights:
        package.add_metadata("DC", "rights", meta.rights)
    for prop, value in accessibility(book):
        package.add_metadata(None, "meta", value, {"property": prop})
    if a11y.paginated(book):
        # The page numbers are those of this book's PDF edition: EPUB 3.3's dc:source +
        # source-of, and pageBreakSource (EPUB Accessibility's successor of both).
        package.add_metadata("DC", "source", meta.identifier, {"id": "pagination-source"})
        package.add_metadata(None, "meta", "pagination",
                             {"refines": "#pagination-source", "property": "source-of"})
        package.add_metadata(None, "meta", meta.identifier, {"property": "pageBreakSource"})
