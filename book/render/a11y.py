"""The EPUB's accessibility metadata (schema.org), claiming only what is true of the book."""

from __future__ import annotations

from book.model import Book, Image, PageBreak, walk


def accessibility(book: Book) -> list[tuple[str, str]]:
    """schema.org accessibility metadata (ebooklib writes none), claiming only what is true of
    this book: alternative text only when every image has it."""
    pictures = [node for chapter in book.chapters for block in (*chapter.blocks, *chapter.notes)
                for node in walk(block) if isinstance(node, Image)]
    described = all(picture.alt.strip() for picture in pictures)
    paginated = any(chapter.page for chapter in book.chapters) or any(
        isinstance(node, PageBreak) for chapter in book.chapters
        for block in chapter.blocks for node in walk(block))
    count = len(pictures)
    images = ("one image, the cover, whose alternative text is the book's title" if not count else
              f"the cover (its alternative text is the book's title) and {count} image"
              f"{'s' if count > 1 else ''} in the articles, "
              f"{'each with' if described else 'not all with'} alternative text")
    return [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual" if described else "textual,visual"),
        *([("schema:accessibilityFeature", "alternativeText")] if described else []),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        *([("schema:accessibilityFeature", "pageBreakMarkers"),
           ("schema:accessibilityFeature", "pageNavigation")] if paginated else []),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary",
         f"Text, with {images}. Every article starts on its own page with a heading; section "
         "headings are marked up and listed in the table of contents, and the reading order "
         "follows the order of the articles."),
    ]
