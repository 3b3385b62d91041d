"""A tagged table's header cells named, its data cells told their headers (ISO 14289-1 7.5):
layout/tagtree.py's last word on a table, once its pieces are one `Table` element.

Each header cell gets an /ID (the table's prefix, unique in the book, and its row and column);
each data cell the /Headers of the header cells of its column (those with /Scope /Column) and of
its row (/Scope /Row), rows and columns counted as the cells' /RowSpan and /ColSpan lay them out.
"""

from __future__ import annotations

from collections import defaultdict

import pydyf


def name(tree, table, prefix: str) -> list[tuple[str, object]]:
    """Header cells named `prefix` + row-column; data cells given the /Headers of their
    column's and row's header cells. Returns the (id, element) of the header cells."""
    rows = [row for row in tree.walk(table) if row.get("S") == "/TR"]
    taken, placed = set(), []
    for r, row in enumerate(rows):
        c = 0
        for cell in tree.elements(row):
            while (r, c) in taken:
                c += 1
            spans = cell.get("A") or {}
            wide, tall = int(spans.get("ColSpan", 1)), int(spans.get("RowSpan", 1))
            taken |= {(r + i, c + j) for i in range(tall) for j in range(wide)}
            placed.append((r, c, tall, wide, cell))
            c += wide
    columns, lines, ids = defaultdict(list), defaultdict(list), []
    for r, c, tall, wide, cell in placed:
        if cell.get("S") == "/TH":
            name = f"{prefix}{r}-{c}"
            cell["ID"] = pydyf.String(name)
            ids.append((name, cell))
            if cell["A"].get("Scope") == "/Row":
                for i in range(tall):
                    lines[r + i].append(pydyf.String(name))
            else:
                for j in range(wide):
                    columns[c + j].append(pydyf.String(name))
    for r, c, tall, wide, cell in placed:
        if cell.get("S") == "/TD":
            cell["A"]["Headers"] = pydyf.Array(
                [h for j in range(wide) for h in columns[c + j]]
                + [h for i in range(tall) for h in lines[r + i]])
    return ids
