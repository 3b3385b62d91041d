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

It relies on WeasyPrint 70's layout internals (`layout.make_margin_boxes`, `context.page_maker`):
the patch is in place only while a `numbered()` block runs (the first block to enter puts it in,
the last to leave takes it out, so that threads rendering side by side do not pull it from under
each other). tests/test_parts.py proves the folios on every page; book/layout/__init__.py
refuses another WeasyPrint version rather than print wrong numbers.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from weasyprint import layout as wp_layout

from book.layout import check_version

_original = wp_layout.make_margin_boxes
_local = threading.local()
_installed = {"blocks": 0}
"""How many `numbered()` blocks are open, in every thread: the patch is in while any is."""
_lock = threading.Lock()


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
    with _lock:
        if _installed["blocks"] == 0:
            wp_layout.make_margin_boxes = _make_margin_boxes
        _installed["blocks"] += 1
    outer = getattr(_local, "first_page", None), getattr(_local, "context", None)
    _local.first_page, _local.context = first_page, None
    try:
        yield
    finally:
        _local.first_page, _local.context = outer  # a block inside another leaves it as it was
        with _lock:
            _installed["blocks"] -= 1
            if _installed["blocks"] == 0:
                wp_layout.make_margin_boxes = _original
