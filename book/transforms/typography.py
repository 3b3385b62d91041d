"""Typographic refinement of everything the book prints, by language (rules in typography_rules).

Like Standard Ebooks' typogrify and SmartyPants: straight quotes become curly quotes (or
guillemets), apostrophes ’, `--`/`---` an em dash, `...`/`. . .` an ellipsis; French also gets
its no-break spaces. Only those punctuation marks and spaces ever change, never a word.

Choices where the source is ambiguous:

- Primes: a straight ' or " right after a digit is a prime (5′10″, 12″) unless a quotation of
  that kind is open (then it closes it: "I was 12"). 5'10" is always feet and inches; a ' between
  digits with 3 or more after it is a thousands separator, set as ’ (1’000).
- A leading ' before a word is an opening quote, except before two digits ('90s) or a word in the
  language's elision list ('til, rock 'n' roll, 's avonds): then it is an apostrophe ’.
- A trailing ' after a word closes a single quotation if one is open, else it is an apostrophe
  (the students' books).
- A straight quote with spaces on both sides: " opens or closes by the quotations open so far
  (French `" mot "`); ' is left as it is.
- `-->` and `<--` are arrows and stay.

Never touched: Code inlines, Link.href, and URL-like tokens (http://, https://, ftp://, www.,
e-mail addresses) inside text. A paragraph's inlines are processed as one string, so a quote
opened before an Emphasis and closed after it pairs up; quotation state starts afresh with
every block and metadata string.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from book.model import Book, Chapter, Code, LineBreak, Text
from book.transforms import typography_rules as R
from book.transforms.typography_rules import Rules, rules_for

ATOM = "\ufffc"
"""Stands for a Code (or other non-text) inline in the run: a word character nobody edits."""
URL = re.compile(
    r"(?:(?:https?|ftp)://|(?<![\w@.])www\.)[^\s<>\"“”«»]*[^\s<>\"“”«».,;:!?'’)\]}]"
    r"|(?:mailto:)?\w[\w.+'-]*@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
DASH = re.compile(r"(?<![-<])-{2,3}(?![->])")
ELLIPSIS = re.compile(r"\.\.\.|\.[ \u00a0]\.[ \u00a0]\.")
FEET_INCHES = re.compile(r"\d{1,2}(?:\.\d+)?(\"|(?!\d))")
"""What follows 5' for the ' to be a prime: 1-2 digits (inches), maybe with their "."""
NO_SPACE_AFTER = frozenset(";:!?([{«“‘„‚/")
"""After these, French ; ! ? : take no space of their own (?!, (?), «?)."""


# ------------------------------------------------------------------ the transform


def apply(book: Book, memo=None) -> Book:
    """Refine every printed string: blocks, chapter title/kicker/dek, book title/subtitle.
    `memo`, when given, keeps each chapter's result between builds (readcache.ArticleCache)."""
    language = book.meta.language
    meta = replace(book.meta, title=refine_text(book.meta.title, language),
                   subtitle=refine_text(book.meta.subtitle, language))
    jobs = [(chapter, chapter.language or language) for chapter in book.chapters]
    chapters = tuple(memo.refined_all(jobs, _chapter) if memo else
                     (_chapter(chapter, language) for chapter, language in jobs))
    return replace(book, meta=meta, chapters=chapters)


def _chapter(chapter: Chapter, language: str) -> Chapter:
    # Not author (a name) nor date_text (kept as the article wrote it).
    return replace(chapter, title=refine_text(chapter.title, language),
                   kicker=refine_text(chapter.kicker, language),
                   dek=refine_text(chapter.dek, language),
                   blocks=tuple(_block(block, language) for block in chapter.blocks),
                   notes=tuple(_block(note, language) for note in chapter.notes))


def _block(block, language: str):
    # By field rather than by class, so that a new kind of block with inlines, blocks or list
    # items (a footnote, a figure caption) is refined without a change here.
    changes = {}
    if hasattr(block, "inlines"):
        changes["inlines"] = refine_inlines(block.inlines, language)
    if hasattr(block, "blocks"):
        changes["blocks"] = tuple(_block(child, language) for child in block.blocks)
    if hasattr(block, "items"):
        changes["items"] = tuple(tuple(_block(child, language) for child in item)
                                 for item in block.items)
    if getattr(block, "caption", None):
        changes["caption"] = refine_inlines(block.caption, language)
    if hasattr(block, "rows"):
        changes["rows"] = tuple(tuple(replace(cell, inlines=refine_inlines(cell.inlines, language))
                                      for cell in row) for row in block.rows)
    return replace(block, **changes) if changes else block


def refine_text(text: str | None, language: str | None) -> str | None:
    """One plain string (a title, a dek) refined; None stays None."""
    if not text:
        return text
    (refined,) = refine_inlines((Text(text),), language)
    return refined.text


def refine_inlines(inlines: tuple, language: str | None) -> tuple:
    """A run of inlines refined as one string; Code and hrefs untouched, structure kept."""
    rules = rules_for(language)
    run = _Run()
    originals = run.collect(inlines)
    if not originals:
        return inlines
    _quotes(run.chars, run.locked, rules)
    if rules.space_after or rules.space_before:
        run = _french_spaces(run, rules)
    texts = [[] for _ in originals]
    for seg, start, end in run.spans:
        texts[seg].append("".join(run.chars[start:end]))
    return _rebuild(inlines, iter("".join(pieces) for pieces in texts))


# ------------------------------------------------------------------ the run


class _Run:
    """The run's characters, each with the Text it belongs to (None: an atom) and whether it is
    locked (part of a URL or an atom: read as context, never changed)."""

    def __init__(self):
        self.chars: list[str] = []
        self.segs: list[int | None] = []
        self.locked: list[bool] = []
        self.spans: list[list[int]] = []
        """[seg, start, end]: where each Text's characters are, in order."""
        self._count = 0

    def add(self, text: str, seg: int | None, locked: bool) -> None:
        start = len(self.chars)
        self.chars.extend(text)
        self.segs.extend([seg] * len(text))
        self.locked.extend([locked] * len(text))
        if seg is None or not text:
            return
        if self.spans and self.spans[-1][0] == seg and self.spans[-1][2] == start:
            self.spans[-1][2] += len(text)
        else:
            self.spans.append([seg, start, start + len(text)])

    def collect(self, inlines) -> list[str]:
        """Append the inlines' text; dashes and ellipses are set here, within one Text."""
        texts = []
        for node in inlines:
            if isinstance(node, Text):
                seg = self._count
                self._count += 1
                texts.append(node.text)
                start = 0
                for url in URL.finditer(node.text):
                    self.add(_dashes(node.text[start:url.start()]), seg, False)
                    self.add(url.group(), seg, True)
                    start = url.end()
                self.add(_dashes(node.text[start:]), seg, False)
            elif isinstance(node, LineBreak):
                self.add("\n", None, True)
            elif hasattr(node, "children") and not isinstance(node, Code):
                texts.extend(self.collect(node.children))
            else:
                self.add(ATOM, None, True)
        return texts


def _dashes(text: str) -> str:
    return ELLIPSIS.sub("…", DASH.sub("—", text))


def _rebuild(inlines, texts) -> tuple:
    out = []
    for node in inlines:
        if isinstance(node, Text):
            text = next(texts)
            out.append(node if text == node.text else replace(node, text=text))
        elif hasattr(node, "children") and not isinstance(node, Code):
            children = _rebuild(node.children, texts)
            out.append(node if children == node.children else replace(node, children=children))
        else:
            out.append(node)
    return tuple(out)


# ------------------------------------------------------------------ quotes


def _quotes(chars: list[str], locked: list[bool], rules: Rules) -> None:
    """Set every straight quote in place, left to right, tracking which quotations are open."""
    source = "".join(chars)
    stack: list[tuple[str, str]] = []  # (kind, its closing mark), innermost last
    for found in _marks_pattern(tuple(rules.marks)).finditer(source):  # the others are text
        i = found.start()
        char = chars[i]  # as set so far (an elision's second quote is already an apostrophe)
        if locked[i]:
            continue
        prev = chars[i - 1] if i else None
        nxt = chars[i + 1] if i + 1 < len(chars) else None
        if char == "’":
            if _is_open(stack, "single") and not _word(nxt):
                _close(stack, "single", rules)
        elif char in rules.marks:
            action, kind, closing = rules.marks[char]
            if action == "open":
                stack.append((kind, closing))
            else:
                _close(stack, kind, rules)
        elif rules.in_word and rules.in_word.match(source, i):  # ד״ר, ג׳ירפה: no quotes
            chars[i] = R.SCRIPT_MARKS[char]
        elif char == '"':
            chars[i] = _double(prev, nxt, stack, rules)
        elif char == "'":
            chars[i] = _single(i, source, chars, locked, stack, rules)


@functools.cache
def _marks_pattern(marks: tuple[str, ...]) -> re.Pattern:
    """Where `_quotes` has anything to do: quotes, apostrophes and the language's marks."""
    return re.compile("[" + "".join(re.escape(c) for c in ("’", '"', "'", *marks)) + "]")


def _double(prev, nxt, stack, rules: Rules) -> str:
    if _digit(prev) and not _is_open(stack, "double"):
        return R.DOUBLE_PRIME
    if _can_open(prev, nxt, rules):
        return _open(stack, "double", rules)
    if not _space(prev):
        return _close(stack, "double", rules)
    if _is_open(stack, "double"):  # spaces on both sides: « mot » typed as " mot "
        return _close(stack, "double", rules)
    return _open(stack, "double", rules) if nxt is not None else '"'


def _single(i: int, source: str, chars, locked, stack, rules: Rules) -> str:
    prev = chars[i - 1] if i else None
    nxt = source[i + 1] if i + 1 < len(source) else None
    if _digit(prev) and _digit(nxt):
        feet = FEET_INCHES.match(source, i + 1)
        if not feet:
            return R.APOSTROPHE  # 1'000
        if feet.group(1) and not locked[feet.start(1)]:
            chars[feet.start(1)] = R.DOUBLE_PRIME
        return R.PRIME
    if _word(prev) and _word(nxt):
        return R.APOSTROPHE
    if _can_open(prev, nxt, rules):
        elision = rules.elision.match(source, i)
        if not elision:
            return _open(stack, "single", rules)
        for j in range(i + 1, elision.end()):  # rock 'n' roll: both are apostrophes
            if source[j] == "'" and not locked[j]:
                chars[j] = R.APOSTROPHE
        return R.APOSTROPHE
    if _space(prev):
        return "'"
    if _is_open(stack, "single"):
        return _close(stack, "single", rules)
    return R.PRIME if _digit(prev) else R.APOSTROPHE


def _can_open(prev, nxt, rules: Rules) -> bool:
    return ((_space(prev) or prev in rules.open_context)
            and not _space(nxt) and nxt not in R.CLOSE_PUNCT)


def _open(stack, kind: str, rules: Rules) -> str:
    opening, closing = rules.quotes[kind, bool(stack)]
    stack.append((kind, closing))
    return opening


def _close(stack, kind: str, rules: Rules) -> str:
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == kind:
            closing = stack[depth][1]
            del stack[depth:]
            return closing
    return rules.quotes[kind, bool(stack)][1]


def _is_open(stack, kind: str) -> bool:
    return any(entry[0] == kind for entry in stack)


def _space(char) -> bool:
    return char is None or char.isspace()


def _word(char) -> bool:
    return char is not None and (char.isalnum() or char == ATOM)


def _digit(char) -> bool:
    return char is not None and char.isdigit()


# ------------------------------------------------------------------ French spaces


def _french_spaces(run: _Run, rules: Rules) -> _Run:
    """One space of the right kind after « and before » ; ! ? : (added, or normalised)."""
    chars, segs, locked = run.chars, run.segs, run.locked
    out = _Run()
    i = 0
    while i < len(chars):
        char = chars[i]
        if char in R.SPACES and not locked[i]:
            end = i
            while end < len(chars) and chars[end] in R.SPACES and not locked[end]:
                end += 1
            prev = chars[i - 1] if i else None
            nxt = chars[end] if end < len(chars) else None
            wanted = rules.space_after.get(prev) if prev is not None else None
            if wanted is None and prev is not None and nxt is not None and not locked[end]:
                wanted = rules.space_before.get(nxt)
            out.add(wanted or "".join(chars[i:end]), segs[i], False)
            i = end
            continue
        prev = chars[i - 1] if i else None
        nxt = chars[i + 1] if i + 1 < len(chars) else None
        if not locked[i] and char in rules.space_before and _wants_space_before(char, prev, nxt):
            out.add(rules.space_before[char], segs[i], False)
        out.add(char, segs[i], locked[i])
        if not locked[i] and char in rules.space_after and not _space(nxt):
            out.add(rules.space_after[char], segs[i], False)
        i += 1
    return out


def _wants_space_before(char: str, prev, nxt) -> bool:
    """A mark glued to the word before it: is it punctuation that takes a space here?"""
    if _space(prev) or prev in NO_SPACE_AFTER:
        return False
    if char == "»":
        return True
    # "a:b", "12:30", "1;2", "Yahoo!Mail" are not sentence punctuation: they take no space.
    return not _word(nxt)
