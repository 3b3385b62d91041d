"""The headline of a whole-page paste: the best title-shaped line just before the article's text.

Candidates are the lines of a window before the text (`HEADLINE_WINDOW`; when no line there
scores `HEADLINE_WEAK`, none heading a block, `HEADLINE_WIDE_WINDOW`, a run of menu items and
dates counting as one line of distance there: a headline above the site's menus and a list of
teasers) and the text's first lines, up to its first real paragraph: short enough, not a
notice, a date or a byline, not a label's value ("Author:" then a name), not a breadcrumb that
runs into the next line. Each is scored on signals that hold on any site
(`HEADLINE_WEIGHTS`, in `pastepatterns.py`):

- it opens the head: the byline or date block follows within a line or two (a standfirst or a
  label may sit between), and no other title-shaped line comes just before it (a kicker, a
  label or the navigation does; a short line after a longer one is no kicker but a byline
  between a headline and its standfirst): the headline heads its block, the standfirst and
  captions follow it;
- it sits next to the byline or date (just before it, or just after a date; a bare name,
  maybe twice, right before the text's first paragraph is a byline too), or a line before it
  that is a standfirst or names (a shorter line in sentence case that ends no sentence is
  no standfirst but the headline, under a promotion);
- its words are the text's words (the share of its words the body also uses, overall and in
  its first paragraphs; none at all weighs against it; in Chinese, Japanese and Korean, two
  letters in a row are a word): a menu, a teaser or a promotion speaks of something else;
- it is not a caption (followed by a short picture credit), not a kicker (a short line before
  a longer headline), not one to three words (two words may head a block when its date or
  byline follows at once: "On patience", then "March 13, 2025"), not ending in a full stop,
  not two sentences, not in capitals, not long, not far before the text, not inside it.

A breadcrumb or a menu whose separators the paste lost ("Home Culture Theatre Reviews", each
word or pair of words one of the page's menu items) is no candidate; nor is the item of a
numbered list counted as a date line ("1) 8 March: Hilltop stage"), nor a line of more
numbers than words (a score line: "Hilltop 14 11 6 15 — 44").

No line scoring above `HEADLINE_MIN_SCORE` means no headline (the chapter's title is then
derived from its text, with a warning), save a line that heads the block before the text and
falls short only for sharing no word with it (a list article's "Five ideas for the weekend"
over its items). A head block inside the text's run that clearly
outscores every line before the run (`REANCHOR_MARGIN`) is the article's: the run began with
a page's teasers.
"""

from __future__ import annotations

import re
from copy import copy
from functools import lru_cache

from book.readers.headwords import (
    content_words, is_glued_menu, is_marker, menu_items, mostly_numbers,
)
from book.readers.lineshape import BLANK, CAPTION, MENU, META, PROSE, SHORT, Shape
from book.readers.pastepatterns import (
    HEADLINE_INSIDE, HEADLINE_MAX_WORDS, HEADLINE_MIN_SCORE, HEADLINE_WEAK, HEADLINE_WEIGHTS,
    HEADLINE_WIDE_WINDOW, HEADLINE_WINDOW, KICKER_WORDS, PARAGRAPH_WORDS, REANCHOR_MARGIN,
)
from book.readers.scraped import is_bare_name

TWO_SENTENCES = re.compile(r"[^\W\d_](?<![A-Z])[.!?…][\"”’')\]]*\s+[A-Z]")
"""A sentence ends and another begins (not after an initial: "U.S. border")."""
TRAILING_NOTE = re.compile(r"\s*\([^()]*\)$")
"""A caption's source in brackets at its end: "... at the summit. (example.com)"."""
NOT_AFTER = (":", ",", ";")
"""A headline does not end like a label or an unfinished sentence."""
BREADCRUMB_ENDS = ("»", "›", ">", "/")
"""A breadcrumb's separator at a line's end ("Home » News »"; a quotation's « » aside)."""
LABEL_VALUE_WORDS = 5
"""After a label ("Author:", "Publish date:"), a line this short is the label's value."""
TEXT_KINDS = (SHORT, MENU, PROSE, CAPTION)
CREDIT_WORDS = 8
"""A picture credit alone on its line ("Photo: Jane Doe") is this short: the line before it
is a caption."""
"""The kinds of line a headline, a standfirst or a caption may be."""


def find_headline(lines: list[str], shapes: list[Shape], body: int, end: int,
                  listed: frozenset[int] = frozenset()) -> int | None:
    """The index of the headline among `lines`, or None when no line scores above
    `HEADLINE_MIN_SCORE`; the text runs from `body` to `end`, `listed` are the lines of its
    numbered lists (an item with a date in it is no date line). A head block inside the text that
    scores `REANCHOR_MARGIN` more than the best line before it is the article's: the run began
    with something else (the page then reads the text from after it)."""
    first = max(0, body - HEADLINE_WINDOW)
    last = body
    while last < min(end, body + HEADLINE_INSIDE) and not (
            shapes[last].kind == PROSE and shapes[last].words >= PARAGRAPH_WORDS):
        last += 1
    head = _Head(lines, shapes, body, end, listed)
    best, found = HEADLINE_MIN_SCORE, None
    for i in range(first, last):
        score = head.score(i)
        if score is not None and score > best:
            best, found = score, i
    if best < HEADLINE_WEAK:  # nothing near heads a block: the headline may be further up
        for i in range(max(0, body - HEADLINE_WIDE_WINDOW), first):
            score = head.score(i)
            if score is not None and score > best:
                best, found = score, i
    inside = _head_inside(lines, shapes, head, last, end)
    if inside is not None and inside[0] > best + REANCHOR_MARGIN:
        return inside[1]
    if found is None:  # a line heading the block before the text, its words none of the text's
        found = max((i for i in range(first, body) if head.opens_unrelated(i)),
                    key=head.score, default=None)
    return found


def _head_inside(lines, shapes, head: "_Head", first: int, end: int) -> tuple[float, int] | None:
    """The best head block inside the text's run (a title-shaped line right before a byline or
    date), scored as if the text began after it: (score, line), or None. A run of prose can
    begin with a page's teasers and hold the article's head in its middle."""
    best = None
    for i in range(first, end):
        after = head.step(i, 1)
        if after is None or not head.is_marker(after) or not head.title_shaped(i):
            continue
        score = head.moved(i + 1).score(i)
        if score is not None and (best is None or score > best[0]):
            best = (score, i)
    return best


class _Head:
    """The lines around the text's start, with what the scores need to know about them."""

    def __init__(self, lines: list[str], shapes: list[Shape], body: int, end: int,
                 listed: frozenset[int]) -> None:
        self.lines, self.shapes, self.body = lines, shapes, body
        self.vocabulary = {w for line in lines[body:end + 1] for w in content_words(line)}
        self.opening = {w for line in lines[body:body + 3] for w in content_words(line)}
        self.menu = menu_items(lines, shapes)
        self.is_marker = lru_cache(maxsize=None)(
            lambda i: i not in listed and (is_marker(lines[i], shapes[i].words)
                                           or self._byline_name(i, body)))

    def _byline_name(self, i: int, body: int) -> bool:
        """A bare name ("Jane Doe", maybe twice) right before the text's first paragraph: the
        byline at the end of the head block."""
        if i >= body or self.shapes[i].kind != MENU:
            return False
        j = i + 1
        while j < len(self.lines) and (self.lines[j] == self.lines[i] or self.shapes[j].notice
                                       or self.shapes[j].kind == BLANK):
            j += 1
        return (j < len(self.lines) and self.shapes[j].kind == PROSE
                and self.shapes[j].words >= PARAGRAPH_WORDS and is_bare_name(self.lines[i]))

    def moved(self, body: int) -> "_Head":
        """The same page with the text taken to start at `body` (its words as before)."""
        head = copy(self)
        head.body = body
        head.opening = {w for line in self.lines[body:body + 3] for w in content_words(line)}
        return head

    def opens_unrelated(self, i: int) -> bool:
        """Line `i` heads the block before the text (its byline or date follows) and scores
        above `HEADLINE_MIN_SCORE` but for sharing no word with the text: a headline that
        names the text's subject in other words ("4 Things to Do in October" over a list)."""
        score = self.score(i)
        if score is None:
            return False
        signals = self._signals(i, self.lines[i], self.shapes[i])
        return bool(signals["opens the head"] and signals["no word of the text"]
                    and score - HEADLINE_WEIGHTS["no word of the text"] > HEADLINE_MIN_SCORE)

    def step(self, i: int, direction: int, labels: bool = False) -> int | None:
        """The next line in `direction` that says something (and with `labels`, not a label of
        one or two words), skipping notices, blanks and counters; None at the page's edge."""
        skipped = 0
        while True:
            i += direction
            if not 0 <= i < len(self.lines):
                return None
            shape = self.shapes[i]
            if shape.notice or shape.kind == BLANK or (shape.kind == META and not self.is_marker(i)):
                continue
            if labels and skipped == 0 and shape.words <= 2 and not self.is_marker(i):
                skipped += 1
                continue
            return i

    def title_shaped(self, i: int | None) -> bool:
        shape = self.shapes[i] if i is not None else None
        return (shape is not None and shape.kind in TEXT_KINDS and not shape.notice
                and 4 <= shape.words <= 2 * HEADLINE_MAX_WORDS and not self.lines[i].isupper()
                and not self.is_marker(i))

    def score(self, i: int) -> float | None:
        """The headline score of line `i`, or None when it cannot be the headline."""
        line, shape = self.lines[i], self.shapes[i]
        if (shape.notice or shape.kind == BLANK or shape.words > HEADLINE_MAX_WORDS
                or self.is_marker(i) or (line.endswith(NOT_AFTER + BREADCRUMB_ENDS)
                                         and not (line.endswith("»") and "«" in line))
                or line[0].islower()
                or (i > 0 and self.lines[i - 1].endswith(":") and shape.words <= LABEL_VALUE_WORDS)
                or is_glued_menu(line, self.menu) or mostly_numbers(line)
                or any(self.lines[j] != line and line.endswith(self.lines[j])
                       for j in range(i + 1, min(len(self.lines), i + 3)))):
            return None
        signals = self._signals(i, line, shape)
        return sum(HEADLINE_WEIGHTS[name] * value for name, value in signals.items())

    def _signals(self, i: int, line: str, shape: Shape) -> dict[str, float]:
        body, marker = self.body, self.is_marker
        after = self.step(i, 1, labels=True)
        after2 = self.step(after, 1, labels=True) if after is not None else None
        before = self.step(i, -1)
        if before is not None and self.lines[before] == line:
            before = self.step(before, -1)  # the same headline twice
        nxt = self.step(i, 1)  # two words head a block only with its byline or date at once
        long_enough = shape.words >= 3 or (shape.words == 2 and nxt is not None and marker(nxt))
        words = content_words(line)
        between = range(i + 1, body) if i < body else range(body, i)
        return {
            "opens the head": float(long_enough and self._reaches_marker(i)
                                    and not self._competes(before, shape.words)),
            "before the byline": float(long_enough and after is not None and marker(after)),
            "a line before the byline": float(
                long_enough and after is not None and not marker(after) and after <= body
                and after2 is not None and marker(after2) and self._standfirst(after, shape.words)),
            "after the date": float(before is not None and marker(before)
                                    and not (after is not None and marker(after))),
            "caption": float(i + 1 < len(self.lines) and self.shapes[i + 1].notice == "picture credit"
                             and self.shapes[i + 1].words <= CREDIT_WORDS),
            "words of the text": len(words & self.vocabulary) / len(words) if words else 0.0,
            "words of its opening": len(words & self.opening) / len(words) if words else 0.0,
            "no word of the text": float(bool(words) and not words & self.vocabulary),
            "lines before the text": self._distance(between) / 10,
            "one or two words": float(shape.words <= 2),
            "three words": float(shape.words == 3),
            "full stop": float(TRAILING_NOTE.sub("", line).endswith(".")),
            "two sentences": float(bool(TWO_SENTENCES.search(line))),
            "capitals": float(line.isupper()),
            "kicker": float(shape.words <= KICKER_WORDS and self._headline_follows(i, shape.words)),
            "inside the text": float(i >= body),
            "long": float(shape.words > 20),
        }

    def _standfirst(self, i: int, words: int) -> bool:
        """Line `i` may stand between a headline of `words` words and its byline: a standfirst
        (longer than it, or a sentence) or a line of names (Title Case); a shorter line in
        sentence case that ends no sentence is a headline itself."""
        return self.shapes[i].kind != SHORT or self.shapes[i].words > words or self.shapes[i].ends

    def _headline_follows(self, i: int, words: int) -> bool:
        """A longer title-shaped line follows line `i` (a date between them or not) and leads to
        the byline or date: line `i` is its kicker."""
        nxt = self.step(i, 1)
        if nxt is not None and self.is_marker(nxt):
            nxt = self.step(nxt, 1)
        return (self.title_shaped(nxt) and self.shapes[nxt].words > words
                and self._reaches_marker(nxt))

    def _distance(self, between: range) -> int:
        """How far a line is from the text: the lines between them, up to `HEADLINE_WINDOW`;
        beyond it (when no line nearer heads a block), a run of menu items, dates and notices
        counts as one line: a headline above the menus and teasers that stand before the text."""
        if len(between) <= HEADLINE_WINDOW:
            return len(between)
        count, furniture = 0, False
        for j in between:
            shape = self.shapes[j]
            now = shape.kind in (MENU, META, BLANK) or bool(shape.notice)
            count += not (now and furniture)
            furniture = now
        return min(count, HEADLINE_WINDOW)

    def _competes(self, before: int | None, words: int) -> bool:
        """A title-shaped line before a candidate that is no kicker (a short line before a
        longer headline): a headline the candidate follows, as a standfirst or caption does.
        A short line after a longer title-shaped one is no kicker either, but a byline or a
        label between a headline and its standfirst."""
        if not self.title_shaped(before):
            return False
        short = self.shapes[before].words
        if not (short <= KICKER_WORDS and short < words):
            return True
        above = self.step(before, -1)
        return self.title_shaped(above) and self.shapes[above].words > short

    def _reaches_marker(self, i: int) -> bool:
        """A byline or date follows within a few lines of text, before the body."""
        for _ in range(4):
            i = self.step(i, 1, labels=True)
            if i is None or i > self.body:
                return False
            if self.is_marker(i):
                return True
            if self.shapes[i].kind not in TEXT_KINDS or self.shapes[i].notice:
                return False
        return False
