"""Pure functions Book → Book, applied in this order (order is data)."""

from book.transforms import controls, ids, titles, typography

TRANSFORMS = (
    ("controls", controls.apply),  # no override, stray bidi control, DEL or C1 control in text
    ("titles", titles.apply),  # every chapter gets a title (derived from its text if need be)
    ("typography", typography.apply),  # curly quotes, dashes, ellipses; French spacing
    ("ids", ids.apply),        # chapter slugs and heading ids, unique in the book
)


MEMOISED = {"typography"}
"""Transforms that can keep their result per chapter between builds (given a `memo`)."""


def apply_all(book, memo=None):
    """Run every transform in order."""
    for name, transform in TRANSFORMS:
        book = transform(book, memo=memo) if memo and name in MEMOISED else transform(book)
    return book
