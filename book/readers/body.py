"""The body of a scraped article: one block per line, in four kinds.

- Lists: lines starting with the same bullet ("- ", "• ", "* ", "– ", "· ") in a row form a
  bulleted list, lines numbered 1, 2, 3... ("1. ", "2) ") a numbered one. The marker is markup
  and is stripped; the item's words are kept. A numbered line that does not continue a count
  from 1 stays a paragraph, number and all, so that no number shown ever changes.
- Scene breaks: a line of punctuation only ("* * *") between two blocks is a `Rule`; at the
  start or end of the body, or after another break, it is dropped as a "separator line".
- Headings: a short line standing alone between longer paragraphs, or a label above a list.
- Paragraphs: every other line.

Share bars left in the body (the head keeps them as markers) are dropped.
"""

from __future__ import annotations

from book.model import Block, Heading, ListBlock, Paragraph, Rule, Source, Text
from book.readers.patterns import BULLET_ITEM, NUMBERED_ITEM
from book.readers.scraped import is_paragraph, is_separator_line, is_share_bar, is_short_line, word_count

Line = tuple[int, str]

QUOTES = ("\"", "“", "”", "«", "»", "'", "‘", "’", "„")
LABEL_ENDINGS = (".", "!", "…", *QUOTES)
"""A heading without long paragraphs around it does not end like a sentence or a quotation."""

TEXT, ITEM, RULE = "text", "item", "rule"
"""The role of a body line."""


def build_body(lines: list[Line], source: Source) -> tuple[tuple[Block, ...], list[tuple[str, int]]]:
    """The blocks of the body lines, and the lines dropped: (Removal kind, line number)."""
    drops = [("share bar", n) for n, line in lines if is_share_bar(line)]
    lines = [(n, line) for n, line in lines if not is_share_bar(line)]
    lines, separators = _scene_breaks(lines)
    drops += [("separator line", n) for n in separators]
    items = _list_items(lines)
    roles = [RULE if is_separator_line(line) else ITEM if items[i] else TEXT
             for i, (_, line) in enumerate(lines)]
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        n, line = lines[i]
        if roles[i] == ITEM:
            end = i
            while end < len(lines) and items[end] and items[end][0] == items[i][0]:
                end += 1
            blocks.append(ListBlock(
                items[i][1] is not None,
                tuple((Paragraph((Text(items[j][2]),), source.at(lines[j][0])),) for j in range(i, end)),
                source.at(n)))
            i = end
            continue
        if roles[i] == RULE:
            blocks.append(Rule(source.at(n)))
        elif _is_heading(lines, roles, i):
            blocks.append(Heading(2, (Text(line),), source.at(n)))
        else:
            blocks.append(Paragraph((Text(line),), source.at(n)))
        i += 1
    return tuple(blocks), drops


def _scene_breaks(lines: list[Line]) -> tuple[list[Line], list[int]]:
    """The lines without separator lines that break nothing, and those lines' numbers."""
    kept, dropped = [], []
    text = [i for i, (_, line) in enumerate(lines) if not is_separator_line(line)]
    for i, (n, line) in enumerate(lines):
        lone = not text or not text[0] < i < text[-1] or is_separator_line(kept[-1][1])
        if is_separator_line(line) and lone:
            dropped.append(n)
        else:
            kept.append((n, line))
    return kept, dropped


def _list_items(lines: list[Line]) -> list[tuple[int, int | None, str] | None]:
    """Per line, when it is a list item: (list id, number or None, text without the marker).

    Consecutive items share a list id when they have the same bullet, or count on by one.
    """
    items: list[tuple[int, int | None, str] | None] = []
    key, expect, list_id = None, None, 0
    for _, line in lines:
        bullet, numbered = BULLET_ITEM.match(line), NUMBERED_ITEM.match(line)
        if bullet and not is_separator_line(line):
            if key != bullet.group("mark"):
                key, list_id = bullet.group("mark"), list_id + 1
            items.append((list_id, None, line[bullet.end():]))
            expect = None
        elif numbered and int(numbered.group("number")) in (1, expect):
            number = int(numbered.group("number"))
            if number == 1:
                list_id += 1
            items.append((list_id, number, line[numbered.end():]))
            key, expect = None, number + 1
        else:
            items.append(None)
            key, expect = None, None
    return items


def _is_heading(body: list[Line], roles: list[str], i: int) -> bool:
    """A short line standing alone between paragraphs, or a label above a list.

    A full sentence ("Practical steps support a gradual rebuild.") needs long paragraphs on
    both sides; a label without a full stop ("Rebuilding trust", "What helps?") needs only
    neighbours that are not short lines themselves (two short lines in a row are a list).
    Above a list ("Key points"), a label needs a line before it that is not short, or none.
    """
    line = body[i][1]
    if roles[i] != TEXT or not is_short_line(line) or line.startswith(QUOTES) \
            or line.rstrip(".!?…,").endswith(QUOTES):
        return False  # a quoted line ('"I'm fine," she said.') is speech, not a heading
    nxt = roles[i + 1] if i + 1 < len(body) else None
    before = roles[i - 1] if i > 0 else None
    label = not line.endswith(LABEL_ENDINGS)
    if nxt == ITEM:
        return label and (before != TEXT or not is_short_line(body[i - 1][1]))
    if before is None or nxt != TEXT:
        return False
    after = body[i + 1][1]
    if before == TEXT and is_paragraph(body[i - 1][1]) and is_paragraph(after):
        return True
    before_ok = before == ITEM or (before == TEXT and not is_short_line(body[i - 1][1]))
    return label and before_ok and not is_short_line(after) and word_count(after) > word_count(line)
