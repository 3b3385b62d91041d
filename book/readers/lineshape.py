"""The shape of each line of a whole-page paste: what kind of text it looks like.

A page pasted as text is the article among menus, prompts, teasers, comments and footers, one
element a line. What tells them apart is the shape of a line, not its words:

- prose: long enough and ending a sentence (or long, with a sentence ending inside): the
  article's paragraphs, but also captions, comments and notices;
- menu: very short, or Title Case with no sentence end ("Auto News", "Sign In"), or a line
  the page repeats word for word (menus printed twice, gallery captions);
- meta: a short line with a date, a clock time or a count, or whose shape (its digits aside)
  recurs ("2 days ago at 07:52", "15 comments", "Rating: 12 votes"): the structure of teaser
  lists and comments;
- notice: a cookie or consent notice, a copyright line, or boilerplate the line rules of
  `scraped.py` know (advertisement, share and newsletter prompts, navigation), a newsletter
  prompt after a short sentence of its own ("Stay up to date. Subscribe to our newsletter.");
- caption: what goes with pictures, in a gallery or in the text: a picture credit, a
  gallery's counter ("Image 3 of 12"), prose the page repeats (a caption shown twice), and
  the source line under an embedded post ("— Jane Doe (@janedoe) March 3, 2025");
- short: any other line (a heading, a label, a teaser's title);
- blank: no letter or digit at all (a separator, an invisible space).

`page.py` weighs these kinds to find the article. Nothing here edits a line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from book.readers.pastepatterns import (
    CJK, CJK_CHARS_PER_WORD, CONSENT, COPYRIGHT, COUNT, CREDIT, CREDIT_MAX_WORDS, CUT_SHORT,
    DATE_OR_TIME, EMBED_SOURCE, GALLERY, INNER_SENTENCE_END, LONG_PROSE_WORDS, MENU_MAX_WORDS,
    META_MAX_WORDS, PROMPT_MAX_WORDS, PROMPT_SENTENCES, PROSE_MIN_WORDS, SENTENCE_END, SENTENCES,
)
from book.readers.patterns import BYLINE_PREFIX
from book.readers.scraped import boilerplate_kind

PROSE, MENU, META, NOTICE, CAPTION, SHORT, BLANK = (
    "prose", "menu", "meta", "notice", "caption", "short", "blank")
"""The kinds of line."""


@dataclass(frozen=True)
class Shape:
    """What one line looks like."""

    kind: str
    """One of PROSE, MENU, META, NOTICE, CAPTION, SHORT, BLANK."""
    words: int
    """Its length in words (two kana or ideographs count as one word)."""
    ends: bool
    """It ends a sentence."""
    repeated: bool
    """The page holds the same line more than once."""
    notice: str | None = None
    """For a line that is never text, its Removal kind ("consent notice", "picture credit",
    "share bar", "gallery label"...)."""


def word_size(line: str) -> int:
    """Words in a line, counting two kana or ideographs as a word (no spaces in CJK text)."""
    cjk = len(CJK.findall(line)) if not line.isascii() else 0
    return len(line.split()) + cjk // CJK_CHARS_PER_WORD


def is_prose(line: str, words: int, ends: bool) -> bool:
    """A sentence or more: the stuff articles (and captions and comments) are made of."""
    if ends:
        return words >= PROSE_MIN_WORDS
    return words >= LONG_PROSE_WORDS and bool(INNER_SENTENCE_END.search(line))


def is_title_case(line: str) -> bool:
    """Every word but one starts with a capital (or the line has no letters to say)."""
    words = [w for w in line.split() if w[0].isalpha()]
    return sum(not w[0].isupper() for w in words) <= 1


def notice_kind(line: str) -> str | None:
    """The Removal kind of a notice line (cookie consent, copyright, known boilerplate), or None."""
    if CONSENT.search(line):
        return "consent notice"
    if COPYRIGHT.fullmatch(line):
        return "copyright line"
    if (word_size(line) <= CREDIT_MAX_WORDS and CREDIT.fullmatch(line)
            and not BYLINE_PREFIX.match(line)):  # "By Reuters" is a byline
        return "picture credit"
    return boilerplate_kind(line) or _prompt_after(line)


def _prompt_after(line: str) -> str | None:
    """A newsletter prompt after a sentence of its own ("Stay up to date with us. Subscribe to
    our newsletter."), the line no longer than `PROMPT_MAX_WORDS` (a prompt box's, not a
    paragraph ending on a plug): "newsletter prompt", or None."""
    parts = SENTENCES.split(line.strip())
    if not 1 < len(parts) <= PROMPT_SENTENCES or word_size(line) > PROMPT_MAX_WORDS:
        return None
    return "newsletter prompt" if boilerplate_kind(parts[-1]) == "newsletter prompt" else None


def shapes(lines: list[str]) -> list[Shape]:
    """The shape of every line of a page, in order."""
    counts = Counter(lines)
    return [_shape(line, counts[line] > 1) for line in lines]


def _shape(line: str, repeated: bool) -> Shape:
    words = word_size(line)
    ends = bool(SENTENCE_END.search(line)) and not CUT_SHORT.search(line)
    notice = None
    if not any(ch.isalnum() for ch in line):
        kind = BLANK
    elif EMBED_SOURCE.fullmatch(line.strip()):
        kind = CAPTION
    elif words <= META_MAX_WORDS and (DATE_OR_TIME.search(line) or COUNT.search(line)):
        kind = META
    elif words <= META_MAX_WORDS and GALLERY.search(line):
        kind, notice = CAPTION, "gallery label"
    elif notice := notice_kind(line):
        kind = CAPTION if notice == "picture credit" else NOTICE
    elif is_prose(line, words, ends):
        kind = CAPTION if repeated else PROSE
    elif words <= MENU_MAX_WORDS or is_title_case(line):
        kind = MENU
    else:
        kind = SHORT
    return Shape(kind, words, ends, repeated, notice)
