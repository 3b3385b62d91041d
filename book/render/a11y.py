"""The EPUB's accessibility metadata (schema.org and EPUB Accessibility 1.1), claiming only what
is true of the book.

The book claims WCAG 2.1 AA (`dcterms:conformsTo`) only when nothing the build knows of stands in
the way: every image has alternative text and every table a header row. The rest of what AA asks
of an EPUB is the builder's own markup and stylesheet (language, headings, reading order, no
colours forced, text that reflows): DAISY Ace checks those on every test book
(tests/test_judges.py), and `book check` runs Ace on the user's. The claim is the tool's own
assessment, and says so (`a11y:certifiedBy`).
"""

from __future__ import annotations

from book import __version__
from book.model import Book, Image, PageBreak, Table, walk

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
CERTIFIER = f"book {__version__}, an automated assessment"


def _nodes(book: Book):
    for chapter in book.chapters:
        for block in (*chapter.blocks, *chapter.notes):
            yield from walk(block)


def paginated(book: Book) -> bool:
    """The book marks the pages of its print edition (a page list and page-break markers)."""
    return any(chapter.page for chapter in book.chapters) or any(
        isinstance(node, PageBreak) for node in _nodes(book))


def conforms(book: Book) -> bool:
    """Nothing the build knows of keeps the book from WCAG 2.1 AA."""
    nodes = list(_nodes(book))
    return (all(node.alt.strip() for node in nodes if isinstance(node, Image))
            and all(node.head > 0 for node in nodes if isinstance(node, Table)))


def accessibility(book: Book) -> list[tuple[str, str]]:
    """The package's accessibility metadata, as (property, value) pairs."""
    pictures = [node for node in _nodes(book) if isinstance(node, Image)]
    described = all(picture.alt.strip() for picture in pictures)
    count = len(pictures)
    images = ("one image, the cover, whose alternative text is the book's title" if not count else
              f"the cover (its alternative text is the book's title) and {count} image"
              f"{'s' if count > 1 else ''} in the articles, "
              f"{'each with' if described else 'not all with'} alternative text")
    pages = (" Page numbers of the printed edition are marked in the text and listed, so that "
             "readers of both editions can cite the same page." if paginated(book) else "")
    claim = (" It meets WCAG 2.1 at level AA as far as automated checks can tell." if
             conforms(book) else "")
    return [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual" if described else "textual,visual"),
        *([("schema:accessibilityFeature", "alternativeText")] if described else []),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        *([("schema:accessibilityFeature", "pageBreakMarkers"),
           ("schema:accessibilityFeature", "pageNavigation")] if paginated(book) else []),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary",
         f"Text, with {images}. Every article starts with a heading; its sections have headings "
         "too and are listed in the table of contents, and the reading order is the order of "
         f"the articles. The text takes the reader's own font, size and colours.{pages}{claim}"),
        *([("dcterms:conformsTo", CONFORMANCE), ("a11y:certifiedBy", CERTIFIER)]
          if conforms(book) else []),
    ]
