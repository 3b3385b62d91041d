"""Finding the article in a whole-page paste: where its text runs, and its headline.

1. The text: every line gets a value from its shape (`lineshape.py`): prose counts its words
   (half of them when it stops in mid-sentence, as teasers' cut text does), anything else
   costs a fixed amount by kind (`WEIGHTS`). The article's text is the run of
   lines with the greatest total (the maximum subarray): long prose wins, a heading or a
   gallery between paragraphs costs little, a menu, a teaser list or a run of dates breaks it.
2. Comment threads: readers' comments are prose too, and may outweigh a short article. They
   show as dated lines of one shape that recur every few lines ("Jane on March 3, 2025 at
   9:12 pm said:", "2 days ago"). When the run found lies inside such a thread (two of its
   dates before the run, one after), the article is the best run before the thread.
3. Galleries: a gallery inside the article (captions, credits, "Image 2 of 12", "Close") may
   outweigh the paragraphs after it; the text goes on across it when prose follows. So does
   a list its last lines announce ("What the pack brings:", then lines of one shape), a list
   of dates under a heading of the text's right after it ("Tour dates:"), and a list of
   cards (a deals post's products, each ending alike) up to the text's closing paragraph
   (`shortlines.py`).
4. The headline: the best title-shaped line just before the text (`headline.py`); the text
   starts after the headline's block (its standfirst, bylines and dates), even when the run
   of prose began with the standfirst. The dates of teaser lists (runs of dated lines of one
   shape, as for comment threads) are no headline's date.
5. Articles of short lines: when no headline heads the run found (the page's legal footer
   then, more often than not), an article of short lines under a head block elsewhere (a meal
   plan, a recipe: `shortlines.py`) is the article.

This module only locates; `plaintext.py` reads the head and body it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from book.readers.headline import find_headline
from book.readers.headwords import content_words, is_marker
from book.readers.lineshape import (
    BLANK, CAPTION, MENU, META, NOTICE, PROSE, SHORT, Shape, is_title_case, shapes as shapes_of,
)
from book.readers.pastepatterns import (
    DATE_OR_TIME, DEK_WORDS, GALLERY_MAX_LINES, HEAD_BLOCK_LINES, LIST_DENSITY, LIST_GAP,
    LIST_ITEM_WORDS, LIST_MIN_ITEMS, MENU_MAX_WORDS, NUMBERED, PAGE_RELATED, THREAD_GAP,
    THREAD_MIN_DATES, UNENDED_SHARE, WEIGHTS,
)
from book.readers.patterns import RELATED_HEADINGS
from book.readers.shortlines import article_below_head, cards_after

LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Article:
    """Where the article sits among a page's lines (indexes into them)."""

    headline: int | None
    """The headline's line, or None when none was found."""
    body: int
    """The first line of the text."""
    end: int
    """The last line of the text (inclusive)."""
    shapes: tuple[Shape, ...]
    """The shape of every line of the page."""
    short_lines: bool = False
    """Found from its head block as an article of short lines (`shortlines.py`): the lines that
    recur in it are its own ("Pack the evening before" under each meal of a plan)."""
    cards: tuple[int, int] | None = None
    """The first and last line of a list of cards inside the text (`shortlines.cards_after`):
    its headings and buttons are the article's, no related list."""


def find_article(lines: list[str]) -> Article | None:
    """Where the article is among the page's lines, or None when they hold no prose."""
    shapes = shapes_of(lines)
    listed = frozenset(numbered_list(lines))
    for i in listed:  # a list counting 1, 2, 3 is the article's, like prose
        shapes[i] = replace(shapes[i], kind=PROSE, ends=True)
    text = find_text(shapes)
    if text is None:
        return None
    dated = threads(lines, shapes)
    thread = next((dates for dates in dated if dates[1] < text[0] < dates[-1]), None)
    if thread is not None:
        text = find_text(shapes[:thread[0]]) or text
    body, end = text
    end = _across_list(lines, shapes, _across_galleries(shapes, end))
    end = _across_dates(lines, shapes, body, end, dated)
    cards = cards_after(lines, shapes, end)
    if cards is not None:  # the text goes on to its closing paragraph
        end = cards[1] + 1
    headline = find_headline(lines, shapes, body, end, listed | _teasers_dates(dated, body))
    if headline is None:  # a run of prose with no head: an article of short lines elsewhere?
        run = sum(shape.words for shape in shapes[body:end + 1] if shape.kind == PROSE)
        below = article_below_head(lines, shapes, run)
        if below is not None:
            return Article(*below, tuple(shapes), short_lines=True)
    if headline is not None:
        body = max(body, _after_head(lines, shapes, headline))
    return Article(headline, body, end, tuple(shapes), cards=cards)


def _teasers_dates(dated: list[list[int]], body: int) -> frozenset[int]:
    """The dates of teaser lists (`threads`), which are not the article's: all of a list's dates
    when `THREAD_MIN_DATES` of them stand before the text (the last of its teasers may stand
    right above the text, as a headline does), else all but its first (the article's own date
    may have the shape of the teasers' after the text)."""
    found: set[int] = set()
    for dates in dated:
        before = [i for i in dates if i < body]
        found.update(before if len(before) >= THREAD_MIN_DATES else dates[1:])
    return frozenset(found)


def _after_head(lines: list[str], shapes: list[Shape], headline: int) -> int:
    """The first line after the headline's block: the standfirst (a line), bylines and dates,
    notices and captions (lines next to a picture credit) between them. The text's run may
    have begun inside it (a standfirst is prose), but the text starts after its last byline or
    date."""
    after, seen_text = headline + 1, False
    for i in range(headline + 1, min(len(lines), headline + 1 + HEAD_BLOCK_LINES)):
        shape = shapes[i]
        if shape.kind != PROSE and is_marker(lines[i], shape.words):
            after = i + 1
        elif shape.notice or shape.kind in (BLANK, META, CAPTION) or _by_credit(shapes, i):
            continue  # a notice, or a picture's caption (next to its credit)
        elif not seen_text and after == headline + 1 and shape.words <= DEK_WORDS[1]:
            seen_text = True  # the standfirst, before any byline or date
        else:
            break
    return after


def _by_credit(shapes: list[Shape], i: int) -> bool:
    """Line `i` is next to a picture credit: a caption."""
    return any(0 <= j < len(shapes) and shapes[j].notice == "picture credit" for j in (i - 1, i + 1))


def is_furniture(lines: list[str]) -> bool:
    """A page with no article at all: no prose, and menus, notices and dates for the most part
    (a sign-in page, a paste of a site's front menu)."""
    found = shapes_of(lines)
    furniture = sum(shape.kind in (MENU, META, NOTICE, CAPTION, BLANK) for shape in found)
    return all(shape.kind != PROSE for shape in found) and 2 * furniture > len(found)


def find_text(shapes: list[Shape]) -> tuple[int, int] | None:
    """The first and last line of the run of lines with the greatest value, or None (no prose)."""
    best, total, start = 0.0, 0.0, 0
    found = None
    for i, shape in enumerate(shapes):
        if total <= 0:
            total, start = 0.0, i
        total += value(shape)
        if total > best:
            best, found = total, (start, i)
    return found


def _across_galleries(shapes: list[Shape], end: int) -> int:
    """The text's last line, the text going on across galleries: after `end`, a gallery (gallery
    labels, captions and the lines the page repeats, credits, its buttons, nothing else) and
    then prose that outweighs what follows it are the article's still."""
    while True:
        i, gallery = end + 1, False
        while i < len(shapes) and i - end <= GALLERY_MAX_LINES and (
                shapes[i].kind in (CAPTION, BLANK) or (shapes[i].repeated and shapes[i].kind != META)
                or (shapes[i].kind == MENU and shapes[i].words <= MENU_MAX_WORDS)):
            gallery = gallery or shapes[i].notice == "gallery label"
            i += 1
        more = find_text(shapes[i:]) if gallery and i < len(shapes) and shapes[i].kind == PROSE else None
        if more is None or more[0] != 0:
            return end
        end = i + more[1]


def _across_list(lines: list[str], shapes: list[Shape], end: int) -> int:
    """The text's last line, the text going on through a list its last lines announce: a line
    ending in a colon ("What the game gives you:") within `LIST_GAP` lines of `end`, then
    `LIST_MIN_ITEMS` lines or more of one shape (sentence case, a few words or more, no date,
    no notice), bullets or not. A related heading ("Related coverage:") announces no list."""
    for k in range(end + 1, min(len(lines), end + 1 + LIST_GAP)):
        if shapes[k].notice or shapes[k].kind == META:
            return end
        if lines[k].rstrip().endswith(":"):
            break
    else:
        return end
    if RELATED_HEADINGS.match(lines[k]) or PAGE_RELATED.match(lines[k]):
        return end
    last = k
    while (last + 1 < len(lines) and shapes[last + 1].kind in (SHORT, PROSE)
           and not shapes[last + 1].notice and shapes[last + 1].words >= LIST_ITEM_WORDS
           and not is_title_case(lines[last + 1])):
        last += 1
    return last if last - k >= LIST_MIN_ITEMS else end


def _across_dates(lines: list[str], shapes: list[Shape], body: int, end: int,
                  dated: list[list[int]]) -> int:
    """The text's last line, the text going on through a list of dates right after its heading
    at `end + 1` ("Tour dates:", then "June 9 -- Arena, City" a line): dated lines of one shape
    (`threads`), nearly every line of the list one (`LIST_DENSITY`: a teaser list has a title
    between its dates), under a heading that ends in a colon or speaks of the text (half its
    words the text's). A related heading announces no list."""
    k = end + 1
    if (k >= len(lines) or shapes[k].notice or shapes[k].kind in (META, PROSE)
            or RELATED_HEADINGS.match(lines[k]) or PAGE_RELATED.match(lines[k])):
        return end
    run = next((run[run.index(k + 1):] for run in dated if k + 1 in run), [])
    if len(run) < LIST_MIN_ITEMS or len(run) < LIST_DENSITY * (run[-1] - run[0] + 1):
        return end
    words = content_words(lines[k])
    text = {w for line in lines[body:end + 1] for w in content_words(line)}
    announced = lines[k].rstrip().endswith(":") or 2 * len(words & text) >= len(words) > 0
    return run[-1] if announced else end


def numbered_list(lines: list[str]) -> set[int]:
    """The lines of lists that count 1, 2, 3... ("1) ...", "2. ...", a table's ranks "1 Jane
    Doe 5040"), each item with words after its number; a line or two between items (a link, a
    note) belongs to the list. A teaser list numbers its items on lines of their own: no list."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines):
        item = NUMBERED.match(line)
        number = int(item.group(1)) if item else None
        if number == (int(NUMBERED.match(lines[run[-1]]).group(1)) + 1 if run else 1):
            run.append(i)
            continue
        if number == 1 or (run and i - run[-1] > LIST_GAP):
            if len(run) >= LIST_MIN_ITEMS:
                found.update(range(run[0], run[-1] + 1))
            run = [i] if number == 1 else []
    if len(run) >= LIST_MIN_ITEMS:
        found.update(range(run[0], run[-1] + 1))
    return found


def value(shape: Shape) -> float:
    """What a line adds to a run of text: prose its words (a part of them when it ends in the
    middle of a sentence, as a teaser's cut text does), anything else a cost by kind."""
    if shape.kind != PROSE:
        return -WEIGHTS[shape.kind]
    return shape.words if shape.ends else UNENDED_SHARE * shape.words


def threads(lines: list[str], shapes: list[Shape]) -> list[list[int]]:
    """The dated lines of comment threads and dated teaser lists: runs of `THREAD_MIN_DATES` or
    more dated lines of one shape, each within `THREAD_GAP` lines of the one before."""
    dated: dict[tuple[str, ...], list[int]] = {}
    for i, (line, shape) in enumerate(zip(lines, shapes)):
        if shape.kind == META and DATE_OR_TIME.search(line):
            dated.setdefault(_skeleton(line), []).append(i)
    runs = []
    for found in dated.values():
        run = found[:1]
        for i in found[1:]:
            if i - run[-1] > THREAD_GAP:
                runs.append(run)
                run = []
            run.append(i)
        runs.append(run)
    return [run for run in runs if len(run) >= THREAD_MIN_DATES]


def _skeleton(line: str) -> tuple[str, ...]:
    """The small words of a line, which lines of one kind share: names, months (capitalised)
    and numbers aside, "pm" read as "am"."""
    return tuple("am" if w == "pm" else w for w in LETTERS.findall(line) if w.islower())
