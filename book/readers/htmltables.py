"""Tables: a data table → `Table`, a table used for layout → the blocks in its cells.

The head is the thead's rows, else the leading rows made of th cells only; a cell's alignment
comes from its align attribute or text-align style; a colspan is followed by empty cells, so
that columns stay in line (the model has no spans), and short rows are filled up. A table is
a layout table when it says so (role="presentation"), has a single cell, holds tables, or has
cells of long text made of blocks.
"""

from __future__ import annotations

import re
from typing import Protocol

from lxml.html import HtmlElement

from book.model import (
    Block, BlockQuote, Code, CodeBlock, Figure, Heading, Inline, LineBreak, ListBlock, Paragraph,
    Source, Strong, Table, TableCell, Text, plain_text,
)
from book.readers.htmlhints import BLOCK_TAGS, role_of, tag_of, text_of
from book.readers.htmlinline import tidy


class BlockConverter(Protocol):
    """What a table needs of htmlblocks.BlockConverter, which reads its cells."""

    def blocks(self, el: HtmlElement) -> list[Block]: ...
    def inlines(self, el: HtmlElement) -> list[Inline]: ...
    def at(self, el: HtmlElement) -> Source: ...


LAYOUT_CELL_WORDS = 50
"""A table cell holding blocks and more words than this makes the table a layout table."""
MAX_COLSPAN = 20
ALIGNS = frozenset({"left", "center", "right"})
TEXT_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right)", re.I)


def table(conv: BlockConverter, el: HtmlElement) -> list[Block]:
    """A Table, or the blocks in the cells of a table used for layout."""
    rows_el = _rows(el)
    if _is_layout(el, rows_el):
        return [block for row in rows_el for cell in row if tag_of(cell) in ("td", "th")
                for block in conv.blocks(cell)]
    caption_el = el.find("caption")
    caption = tidy(conv.inlines(caption_el)) if caption_el is not None else ()
    head_rows = sum(1 for row in rows_el if tag_of(row.getparent()) == "thead")
    rows = [_row(conv, row) for row in rows_el]
    keep = [i for i, row in enumerate(rows) if row]
    head_rows = sum(1 for i in keep if i < head_rows)
    rows = [rows[i] for i in keep]
    if not rows:
        return []
    if not head_rows:
        while head_rows < len(rows) - 1 and all(cell.header for cell in rows[head_rows]):
            head_rows += 1
    width = max(len(row) for row in rows)
    rows = [row + [TableCell((), i < head_rows, None)] * (width - len(row))
            for i, row in enumerate(rows)]
    return [Table(tuple(tuple(row) for row in rows), head_rows, caption, conv.at(el))]

def _row(conv: BlockConverter, row: HtmlElement) -> list[TableCell]:
    """A row's cells (colspan as empty cells after), or [] for an empty row."""
    cells = []
    for cell in row:
        if tag_of(cell) not in ("td", "th"):
            continue
        align = (cell.get("align") or row.get("align") or "").strip().lower()
        style = TEXT_ALIGN.search(cell.get("style") or "")
        align = style.group(1).lower() if style else align
        cells.append(TableCell(_cell_inlines(conv, cell), tag_of(cell) == "th",
                               align if align in ALIGNS else None))
        span = (cell.get("colspan") or "1").strip()
        extra = min(int(span), MAX_COLSPAN) - 1 if span.isdigit() else 0
        cells.extend(TableCell((), tag_of(cell) == "th", None) for _ in range(max(extra, 0)))
    return cells if any(cell.inlines for cell in cells) else []

def _cell_inlines(conv: BlockConverter, cell: HtmlElement) -> tuple[Inline, ...]:
    """A cell's contents as inlines; its blocks are joined by line breaks."""
    out: list[Inline] = []
    for block in conv.blocks(cell):
        if out:
            out.append(LineBreak())
        out.extend(_block_inlines(block))
    return tuple(out)


def _rows(table: HtmlElement) -> list[HtmlElement]:
    """The table's own rows (not a nested table's): thead first, tfoot last."""
    groups = {"thead": [], "body": [], "tfoot": []}
    for child in table:
        tag = tag_of(child)
        if tag == "tr":
            groups["body"].append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows = [row for row in child if tag_of(row) == "tr"]
            groups["body" if tag == "tbody" else tag].extend(rows)
    return groups["thead"] + groups["body"] + groups["tfoot"]


def _is_layout(table: HtmlElement, rows: list[HtmlElement]) -> bool:
    cells = [cell for row in rows for cell in row if tag_of(cell) in ("td", "th")]
    if role_of(table) in ("presentation", "none") or len(cells) == 1:
        return True
    if any(True for _ in table.iterdescendants("table")):
        return True
    return any(len(text_of(cell).split()) > LAYOUT_CELL_WORDS
               and any(tag_of(d) in BLOCK_TAGS - {"br"} for d in cell.iterdescendants())
               for cell in cells)


def _block_inlines(block: Block) -> list[Inline]:
    """A block flattened into inlines (for a table cell)."""
    if isinstance(block, (Paragraph,)):
        return list(block.inlines)
    if isinstance(block, Heading):
        return [Strong(block.inlines)]
    if isinstance(block, Figure):
        return [block.image, *([LineBreak(), *block.caption] if block.caption else [])]
    if isinstance(block, CodeBlock):
        return [Code(block.text)]
    if isinstance(block, ListBlock):
        out: list[Inline] = []
        for item in block.items:
            if out:
                out.append(LineBreak())
            out.append(Text("• "))
            for inner in item:
                out.extend(_block_inlines(inner))
        return out
    if isinstance(block, BlockQuote):
        out = []
        for inner in block.blocks:
            out.extend((LineBreak(),) * bool(out) + tuple(_block_inlines(inner)))
        return out
    if isinstance(block, Table):
        return [Text(" ".join(plain_text(cell.inlines) for row in block.rows for cell in row))]
    return []
