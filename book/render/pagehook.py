"""Folios decided after layout: a part of the book is laid out before its first page number is
known, and numbered when it is.

WeasyPrint lays out every page of a document, then adds the margin boxes (running heads,
folios) in a last pass (`weasyprint.layout.layout_document`). A chapter's layout does not depend
on the number its pages will carry, so the parts of a book (front matter, each chapter, the
Sources) can be laid out side by side in worker processes; each learns its first page number
when the parts before it have been counted, between the two passes. This module is that hinge:
`numbered(first_page)` runs a render with a callback that gets the page count and returns the
number of the first page; the page counter of every page is then moved to match before any
margin box is made.

It relies on WeasyPrint 70's layout internals (`layout.make_margin_boxes`, `context.page_maker`);
tests/test_parts.py proves the folios on every page, and `check_version()` refuses another
WeasyPrint version rather than print wrong numbers.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

import weasyprint
from weasyprint import layout as wp_layout

TESTED = "70.0"
_original = wp_layout.make_margin_boxes
_local = threading.local()


def check_version() -> None:
    if weasyprint.__version__ != TESTED:
        raise RuntimeError(f"render/pagehook.py was written for WeasyPrint {TESTED}, not "
                           f"{weasyprint.__version__}: check it against layout_document")


def _make_margin_boxes(context, page, state):
    first_page = getattr(_local, "first_page", None)
    if first_page is not None and getattr(_local, "context", None) is not context:
        _local.context = context
        count = len(context.page_maker) - 1  # an entry per page, after the initial state
        start = first_page(count)
        shifted = set()
        for entry in context.page_maker:
            values = entry[3][1]  # page_state → counter values
            if id(values) in shifted or "page" not in values:
                continue
            shifted.add(id(values))
            values["page"] = [value + start - 1 for value in values["page"]]
    return _original(context, page, state)


@contextlib.contextmanager
def numbered(first_page: Callable[[int], int]) -> Iterator[None]:
    """Within the block, a render asks `first_page(page_count)` for its first page number once
    its pages are laid out, and numbers its pages from there."""
    check_version()
    wp_layout.make_margin_boxes = _make_margin_boxes
    _local.first_page, _local.context = first_page, None
    try:
        yield
    finally:
        _local.first_page = _local.context = None
