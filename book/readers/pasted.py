"""Reading the article `page.py` found in a whole-page paste: its head, text and removals.

- Before the headline: the "page header" (menus, sign-in and cookie notices, breadcrumbs),
  save a kicker in capitals just above the headline, and a byline or date line just above it.
- Between the headline and the text: bylines and dates are kept (`head.parse_page_head`), the
  first line after the headline may be the standfirst; notices, captions (the lines before a
  picture credit) and everything else are dropped, each named.
- The text: a comment section's heading ("Leave a Reply", "12 Comments", "Commentaires", in
  the languages of the dates) ends it, and so does a heading of its tags ("Tags", "Topics"); the tails (`tail.py`: related lists, author boxes,
  comment forms) are looked for with the page's footer after the text, so that a list cut
  short by the text's end is still seen whole; boxes of related links inside it (a related
  heading and the teasers under it) go, and so do notices, captions and gallery labels; then
  every line the page showed before is dropped as a "repeated line" (a caption twice, the
  headline again), save in an article of short lines, whose lines recur by design (a meal
  plan's "Pack the evening before").
- After the text: the "page footer" (teasers, comments, newsletter boxes, footers).

Kept lines are never edited.
"""

from __future__ import annotations

from book.model import Removal
from book.readers.head import Head, parse_page_head
from book.readers.headline import CREDIT_WORDS
from book.readers.headwords import is_marker
from book.readers.lineshape import CAPTION, MENU, META, PROSE, SHORT, Shape
from book.readers.page import Article
from book.readers.pastepatterns import (
    DATE_ABOVE, DEK_WORDS, HEAD_BLOCK_LINES, HEADLINE_WINDOW, KICKER_WORDS, MENU_MAX_WORDS,
    NO_HEADLINE_HEAD, PAGE_COMMENTS, PAGE_RELATED, PAGE_TAGS,
)
from book.readers.patterns import BREADCRUMB
from book.readers.scraped import is_kicker_like
from book.readers.tail import find_tails, is_related_heading

Line = tuple[int, str]
"""A non-empty line and its 1-based number."""
Drop = tuple[str, int]
"""A dropped line: (Removal kind, line number)."""


def read_page(lines: list[Line], article: Article) -> tuple[Head, list[Line], list[Removal], list[Drop]]:
    """The head, the text lines, the spans removed (header, tails, footer) and the lines dropped."""
    captions = _captions(article.shapes, 0, article.end)
    head, start, drops = _head(lines, article, captions)
    text, tails, text_drops = _text(lines, article, captions)
    spans = (_span("page header", lines, 0, start - 1) + tails
             + _span("page footer", lines, article.end + 1, len(lines) - 1))
    return head, text, spans, drops + text_drops


def _head(lines: list[Line], article: Article, captions: set[int]) -> tuple[Head, int, list[Drop]]:
    """The head's metadata, the index of its first line and the head lines dropped."""
    shapes = article.shapes
    headline = lines[article.headline] if article.headline is not None else None
    start = article.headline if headline else max(0, article.body - NO_HEADLINE_HEAD)
    block = (article.body if article.body - start <= HEADLINE_WINDOW
             else start + 1 + HEAD_BLOCK_LINES)  # a headline far above the text: its block only
    between = range(start + 1 if headline else start, block)
    above = []  # a byline or date just above the headline
    while (headline and len(above) < DATE_ABOVE and start - len(above) > 0
           and _is_marker_line(lines, shapes, start - len(above) - 1)):
        above.insert(0, start - len(above) - 1)
    head = parse_page_head(headline, [lines[i] for i in between if _is_text(shapes, captions, i)],
                           _is_dek_shaped, [lines[i] for i in above])
    if above:
        start = above[0]
    elif headline and _is_kicker(lines, shapes, start - 1):
        head.kicker, start = lines[start - 1][1], start - 1
    menus = [("page furniture line", lines[i][0]) for i in range(block, article.body)
             if _is_text(shapes, captions, i)]  # between a far headline's block and the text
    dropped = _dropped(lines, shapes, captions, range(between.start, article.body))
    return head, start, dropped + menus


def _text(lines: list[Line], article: Article,
          captions: set[int]) -> tuple[list[Line], list[Removal], list[Drop]]:
    """The text's lines, its tails and the lines dropped from it."""
    shapes, first = article.shapes, article.body
    comments = next((i for i in range(first + 1, article.end + 1)
                     if (PAGE_COMMENTS.fullmatch(lines[i][1]) or PAGE_TAGS.fullmatch(lines[i][1]))
                     and any(shapes[j].kind == PROSE for j in range(first, i))), None)
    last = article.end if comments is None else comments - 1
    footer = [lines[i] for i in range(last + 1, len(lines)) if not shapes[i].notice]
    cards = range(article.cards[0], article.cards[1] + 1) if article.cards else range(0)
    _, tails = find_tails([lines[i] for i in range(first, last + 1)  # no related list in cards
                           if _is_text(shapes, captions, i) and i not in cards] + footer,
                          lines[-1][0])
    tails = _clipped(tails, lines[last][0])
    if tails:  # the text ends where its first tail begins
        last = max((i for i in range(first, last + 1) if lines[i][0] < tails[0].first),
                   default=first - 1)
    if comments is not None:  # nothing after a comment section's heading (or tags) is the article
        what = "tag list" if PAGE_TAGS.fullmatch(lines[comments][1]) else "comment section"
        tails.append(Removal(what, lines[comments][0], lines[article.end][0]))
    span = range(first, last + 1)
    boxes = sorted({i for box in _related_boxes(lines, shapes, first, last) for i in box
                    if _is_text(shapes, captions, i) and box.start not in cards})
    text = [lines[i] for i in span if _is_text(shapes, captions, i) and i not in boxes]
    text, repeated = _first_copies(text, {line for _, line in lines[:first]}, article.short_lines,
                                   {lines[i][0] for i in cards})
    drops = _dropped(lines, shapes, captions, span) + [("related links", lines[i][0]) for i in boxes]
    return text, tails, drops + repeated


def _clipped(tails: list[Removal], last: int) -> list[Removal]:
    """The tails that begin by line `last`, the last of them ending there (what follows is the
    page's footer)."""
    tails = [tail for tail in tails if tail.first <= last]
    if tails:
        tails[-1] = Removal(tails[-1].what, tails[-1].first, last)
    return tails


def _related_boxes(lines: list[Line], shapes, first: int, last: int) -> list[range]:
    """Boxes of related links in the text: a related heading ("Related articles", "Top stories",
    "Lire aussi", "Noticias relacionadas"...) and the teaser titles under it. At the text's end,
    two teasers or more may each have a line of summary (prose alone between titles); else the
    box ends at its last title, where the article's prose goes on."""
    boxes = []
    for i in range(first + 1, last + 1):
        line = lines[i][1]
        if not (is_related_heading(line) or PAGE_RELATED.fullmatch(line)):
            continue
        j = i + 1
        while j <= last and (shapes[j].kind != PROSE or (
                shapes[j - 1].kind != PROSE and (j == last or shapes[j + 1].kind != PROSE))):
            j += 1
        titles = sum(shapes[k].kind != PROSE for k in range(i + 1, j))
        if j <= last or titles < 2:  # the article goes on: only the titles are the box
            j = next((k for k in range(i + 1, j) if shapes[k].kind == PROSE), j)
        if any(shapes[k].kind in (SHORT, MENU, META) for k in range(i + 1, j)):
            boxes.append(range(i, j))
    return boxes


def _is_text(shapes: tuple[Shape, ...], captions: set[int], i: int) -> bool:
    return not shapes[i].notice and i not in captions


def _dropped(lines: list[Line], shapes, captions: set[int], span: range) -> list[Drop]:
    """The notices and captions among the lines of `span`, as drops."""
    return [(shapes[i].notice or "caption", lines[i][0]) for i in span
            if not _is_text(shapes, captions, i)]


def _is_marker_line(lines: list[Line], shapes, i: int) -> bool:
    return not shapes[i].notice and is_marker(lines[i][1], shapes[i].words)


def _captions(shapes: tuple[Shape, ...], first: int, last: int) -> set[int]:
    """The captions among lines `first` to `last`: the lines of a gallery just before a picture
    credit that stands alone ("Photo: Jane Doe"), a caption the page shows twice and its
    shorter copy. (A line shown once before a credit may as well be the paragraph an image
    follows: it stays.)"""
    found = set()
    for i in range(first, last + 1):
        if shapes[i].notice == "picture credit" and shapes[i].words <= CREDIT_WORDS:
            before = [j for j in (i - 1, i - 2) if j >= first and not shapes[j].notice]
            if any(shapes[j].kind == CAPTION for j in before):
                found.update(j for j in before if shapes[j].kind in (PROSE, CAPTION, SHORT))
    return found


def _first_copies(text: list[Line], seen: set[str], recurring: bool = False,
                  own: set[int] = frozenset()) -> tuple[list[Line], list[Drop]]:
    """The lines of `text` not `seen` before (on the page or, unless the text is `recurring`,
    earlier in the text), and the others as "repeated line" drops: a caption shown twice, the
    headline again. The lines numbered in `own` (a list of cards) recur by design: only a line
    seen before the text goes."""
    kept, repeated, before = [], [], set(seen)
    for n, line in text:
        if line in (before if n in own else seen):
            repeated.append(("repeated line", n))
        else:
            kept.append((n, line))
            if not recurring:
                seen.add(line)
    return kept, repeated


def _is_kicker(lines: list[Line], shapes, i: int) -> bool:
    """The line before the headline is its kicker (its section: "HEALTH", "LOCAL POLITICS") when
    short and in capitals, as kickers are set; a Title Case line there is as often the last item
    of a menu ("Advertise", "Watch Live"), so it is left out."""
    return (i >= 0 and not shapes[i].notice and shapes[i].kind in (MENU, SHORT)
            and shapes[i].words <= KICKER_WORDS and lines[i][1].isupper()
            and is_kicker_like(lines[i][1]))


def _is_dek_shaped(line: str) -> bool:
    """A standfirst: a sentence or a long phrase, not a label, a date, a byline or a trail of
    short parts ("Blog > Food > Meal Plans")."""
    low, high = DEK_WORDS
    words = len(line.split())
    parts = BREADCRUMB.split(line)
    return (low <= words <= high and not line.endswith(":") and not is_marker(line, words)
            and not (len(parts) > 2 and all(len(part.split()) <= MENU_MAX_WORDS for part in parts)))


def _span(what: str, lines: list[Line], first: int, last: int) -> list[Removal]:
    """One Removal for the lines from index `first` to `last` (none when the span is empty)."""
    return [Removal(what, lines[first][0], lines[last][0])] if first <= last else []
