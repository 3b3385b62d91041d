"""Pure functions Book → Book, applied in this order (order is data)."""

from book.transforms import ids, titles, typography

TRANSFORMS = (
    ("titles", titles.apply),  # every chapter gets a title (derived from its text if need be)
    ("typography", typography.apply),  # curly quotes, dashes, ellipses; French spacing
    ("ids", ids.apply),        # chapter slugs and heading ids, unique in the book
)


def apply_all(book):
    """Run every transform in order."""
    for _name, transform in TRANSFORMS:
        book = transform(book)
    return book
