"""The tail of a scraped article: what follows the text and goes with everything after it.

Three kinds of tail, each an opening line and what follows it (`TAILS`, in order of trial):

- a related-articles list ("You may also like", then teaser titles and dates);
- an author box ("Written by Jane Smith" or "About the author", then a bio and links);
- a comment section ("Leave a Reply", "3 Comments", then the form's notes).

An opening line starts a tail only when what follows it is short furniture, never article
paragraphs: "Related research" or "About the author" in the middle of the text stays text.
Author boxes and comment sections also need a real paragraph before them. Tails of different
kinds may follow one another (an author box, then a related list): each is its own `Removal`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from book.model import Removal
from book.readers.patterns import (
    AUTHOR_BOX,
    AUTHOR_BOX_MAX_LINES,
    AUTHOR_BOX_MAX_PARAGRAPHS,
    AUTHOR_BOX_MAX_WORDS,
    COMMENT_FORM_MAX_LINES,
    COMMENT_HEADINGS,
    FEW_TEASERS,
    PARAGRAPH_MIN_WORDS,
    RELATED_HEADINGS,
    TEASER_CHECK_LINES,
    TEASER_MARK_SHARE,
    TEASER_MAX_WORDS,
)
from book.readers.scraped import (
    is_date_line, is_kicker_like, is_paragraph, is_share_bar, parse_byline, word_count,
)

Line = tuple[int, str]


def is_related_heading(line: str) -> bool:
    return bool(RELATED_HEADINGS.fullmatch(line))


def is_teaser_tail(after: list[str]) -> bool:
    """Whether the lines after a related heading are a teaser list, not article text."""
    if not after:
        return True
    counts = Counter(after)
    marks = [is_date_line(line) or (is_kicker_like(line) and counts[line] >= 2) for line in after]
    if any(marks[:TEASER_CHECK_LINES]) and sum(marks) * TEASER_MARK_SHARE >= len(after):
        return True
    return len(after) <= FEW_TEASERS and all(word_count(line) <= TEASER_MAX_WORDS for line in after)


def is_author_box_opening(line: str) -> bool:
    """ "About the author", or "Written by" and a name."""
    m = AUTHOR_BOX.fullmatch(line)
    return bool(m) and (m.group("name") is None or parse_byline("By " + m.group("name")) is not None)


def is_author_box(after: list[str]) -> bool:
    """A bio and a few links, not article paragraphs."""
    return (len(after) <= AUTHOR_BOX_MAX_LINES
            and sum(word_count(line) for line in after) <= AUTHOR_BOX_MAX_WORDS
            and sum(is_paragraph(line) for line in after) <= AUTHOR_BOX_MAX_PARAGRAPHS)


def is_comment_heading(line: str) -> bool:
    return bool(COMMENT_HEADINGS.fullmatch(line))


def is_comment_form(after: list[str]) -> bool:
    """The form's notes and labels ("Your email address will not be published."), no paragraphs."""
    return (len(after) <= COMMENT_FORM_MAX_LINES
            and all(word_count(line) < PARAGRAPH_MIN_WORDS for line in after))


TAILS: tuple[tuple[str, Callable[[str], bool], Callable[[list[str]], bool], bool], ...] = (
    # Removal kind, opening line, what may follow it, needs a paragraph before it
    ("related-articles list", is_related_heading, is_teaser_tail, False),
    ("author box", is_author_box_opening, is_author_box, True),
    ("comment form", is_comment_heading, is_comment_form, True),
)


def find_tails(lines: list[Line], last: int) -> tuple[list[Line], list[Removal]]:
    """The lines before the tails, and one Removal per tail (up to line `last`, the file's end)."""
    removed: list[Removal] = []
    end = len(lines)
    while (start := _first_tail(lines, end, {r.what for r in removed})) is not None:
        what, i = start
        removed.insert(0, Removal(what, lines[i][0], lines[end][0] - 1 if end < len(lines) else last))
        end = i
    return lines[:end], removed


def _first_tail(lines: list[Line], end: int, found: set[str]) -> tuple[str, int] | None:
    """The earliest line (never the first) opening a tail of a kind not `found`, up to `end`."""
    kept = [(n, text) for n, (_, text) in enumerate(lines[:end]) if not is_share_bar(text)]
    position = {n: k for k, (n, _) in enumerate(kept)}
    for i in range(1, end):
        line = lines[i][1]
        openers = [tail for tail in TAILS if tail[0] not in found and tail[1](line)]
        if not openers:
            continue  # the common case: the text after a line is only looked at for an opener
        start = position.get(i, len([n for n, _ in kept if n < i]) - 1) + 1
        after = [text for _, text in kept[start:]]
        for what, _opens, follows, needs_text in openers:
            if not follows(after):
                continue
            if not needs_text or any(is_paragraph(text) for _, text in lines[:i]):
                return what, i
    return None
