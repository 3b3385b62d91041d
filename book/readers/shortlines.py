"""Articles made of short lines (a meal plan, a recipe, a list without bullets), found from their
head block when the page's run of prose is not theirs.

`page.py` finds an article by its run of prose. An article of short lines has little prose: the
run found may then be the page's legal footer, with no headline near it. Such an article still
has a head block, a title-shaped line with its date or byline just after it, and under it a
long region of lines that speak of one thing: their words recur from line to line ("Pack the
evening before", "Containers: 1 Green, 1 Red"), and the headline's words are among them. A
teaser list or a menu has a head-like line too, but its lines each speak of something else.

The region runs from the head block to the first line that ends an article on a page: a notice
(share bar, newsletter prompt, navigation, copyright...), a date or a count, a related or
comments heading.

A list of cards inside a text (a deals post's products: a name, its features, its price, "Buy
Now") is short lines too, and outweighs the run of prose before it by far. Its cards end alike
(the same button, the same note, line for line) and the text's closing paragraph follows the
last of them, right before the article's end (a credit, tags, a notice, a date): the text goes
on across them. A teaser list has its dates, counts and "Read more" links, never only short
lines and prose, and no paragraph of the text after it.
"""

from __future__ import annotations

from collections import Counter

from book.readers.headwords import content_words, is_marker
from book.readers.lineshape import BLANK, CAPTION, MENU, META, PROSE, SHORT, Shape
from book.readers.pastepatterns import (
    CARD_MAX_LINES, CARDS_MAX_LINES, CARDS_MIN, HEADLINE_MAX_WORDS, MENU_MAX_WORDS, PAGE_COMMENTS,
    PAGE_RELATED, PARAGRAPH_WORDS, REGION_COHESION, REGION_MIN_LINES, REGION_OVER_RUN,
)
from book.readers.tail import is_related_heading

HEAD_GAP = 2
"""A head block's date or byline follows its title within this many lines (a breadcrumb between)."""


def article_below_head(lines: list[str], shapes: list[Shape],
                       run_words: int) -> tuple[int, int, int] | None:
    """(headline, first line, last line) of the best region under a head block that speaks of one
    thing and holds `REGION_OVER_RUN` times the `run_words` of the run of prose found, or None."""
    best = None
    for i, shape in enumerate(shapes):
        if not _is_title(lines[i], shape):
            continue
        start = _below_head(lines, shapes, i)
        if start is None:
            continue
        end = start
        while end + 1 < len(lines) and not _ends_article(lines[end + 1], shapes[end + 1]):
            end += 1
        region = [j for j in range(start, end + 1)
                  if not shapes[j].notice and shapes[j].kind != BLANK]
        words = sum(shapes[j].words for j in region)
        if (len(region) >= REGION_MIN_LINES and words >= REGION_OVER_RUN * run_words
                and (best is None or words > best[0])
                and _speaks_of_one_thing([lines[j] for j in region], lines[i])):
            best = (words, i, start, end)
    return best[1:] if best else None


def _is_title(line: str, shape: Shape) -> bool:
    return (shape.kind in (SHORT, MENU, PROSE) and not shape.notice
            and MENU_MAX_WORDS < shape.words <= HEADLINE_MAX_WORDS
            and not is_marker(line, shape.words))


def _below_head(lines: list[str], shapes: list[Shape], i: int) -> int | None:
    """The first line after the head block that line `i` opens (its dates and bylines, labels
    and notices among them), or None when no date or byline follows it closely."""
    j, gap = i + 1, 0
    while j < len(lines) and gap < HEAD_GAP and not is_marker(lines[j], shapes[j].words):
        gap += shapes[j].kind != BLANK and not shapes[j].notice
        j += 1
    if j >= len(lines) or not is_marker(lines[j], shapes[j].words):
        return None
    while j < len(lines) and (is_marker(lines[j], shapes[j].words) or shapes[j].notice
                              or shapes[j].kind == BLANK or PAGE_COMMENTS.fullmatch(lines[j])):
        j += 1
    return j if j < len(lines) else None


def _ends_article(line: str, shape: Shape) -> bool:
    """A line that ends an article on a page: a notice (a caption's credit and a gallery's
    counter aside), a date or a count, a related or comments heading."""
    return (bool(shape.notice) and shape.kind != CAPTION) or shape.kind == META or bool(
        is_related_heading(line) or PAGE_RELATED.fullmatch(line) or PAGE_COMMENTS.fullmatch(line))


def _speaks_of_one_thing(region: list[str], title: str) -> bool:
    """The title's words are the region's, and most words of its lines recur in other lines."""
    words = [content_words(line) for line in region]
    counts = Counter(w for found in words for w in found)
    title_words = content_words(title)
    if not title_words or len(title_words & set(counts)) * 2 < len(title_words):
        return False
    shares = [sum(counts[w] > 1 or w in title_words for w in found) / len(found)
              for found in words if found]
    return bool(shares) and sum(shares) / len(shares) >= REGION_COHESION


def cards_after(lines: list[str], shapes: list[Shape], end: int) -> tuple[int, int] | None:
    """The first and last line of a list of cards after line `end` (the text goes on across it
    to the closing paragraph after its last line), or None: short
    lines and prose only (no notice, date or count) up to a closing paragraph (`PARAGRAPH_WORDS`,
    ending a sentence) that the article's end follows, and among them a line the page holds
    only there that recurs `CARDS_MIN` times or more, every `CARD_MAX_LINES` lines or fewer
    (each card's button or note)."""
    stop = end + 1
    while (stop < len(lines) and stop - end <= CARDS_MAX_LINES and not shapes[stop].notice
           and shapes[stop].kind in (MENU, SHORT, PROSE, BLANK)):
        stop += 1
    close = stop - 1
    if (stop - end > CARDS_MAX_LINES or shapes[close].kind != PROSE or not shapes[close].ends
            or shapes[close].words < PARAGRAPH_WORDS):
        return None
    counts = Counter(lines)
    at: dict[str, list[int]] = {}
    for j in range(end + 1, close):
        if shapes[j].kind in (MENU, SHORT):
            at.setdefault(lines[j], []).append(j)
    for found in at.values():
        steps = [b - a for a, b in zip([end, *found], [*found, close])]
        if (len(found) >= CARDS_MIN and counts[lines[found[0]]] == len(found)
                and max(steps) <= CARD_MAX_LINES):
            return end + 1, close - 1
    return None
