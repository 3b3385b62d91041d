"""Which of a page's texts are the article: a vote of three extractors, block by block.

The page's own elements are cut into *units*: the text each block holds itself (a
paragraph, a heading, a list item, a table cell, the text of a div between its blocks).
Three extractors answer with the texts they take for the article: our own rules
(`htmlextract.find_article` and `strip_furniture`, run on a copy of the page) and the two
libraries of `htmllibs`. A unit is *covered* by an answer when most of its word 4-grams
are in it (a unit of fewer words: when the answer holds it as a block of its own), and it
is the article's when a majority of the answers cover it.

The article is then the deepest element holding nearly all the kept units' words
(`SHARE`); inside it, `prune` drops the elements holding only units left out, and the runs
of text left out beside kept ones. Nothing here converts anything: the reader maps what is
left into the model with its own code, as for any page.

Without any answer of a library (not installed, failed) our own answer decides alone.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from book.model import Removal
from book.readers import htmllibs
from book.readers.htmlextract import find_article, furniture_kind, strip_furniture
from book.readers.htmlhead import harvest
from book.readers.htmlhints import BLOCK_TAGS, HEADINGS, drop, last_line, tag_of, text_of
from book.readers.htmlmeta import PageMeta
from book.readers.scraped import boilerplate_kind, head_furniture_kind, is_bare_name, parse_marker

log = logging.getLogger("book")

GRAM = 4
"""Units of at least this many words are matched by their word 4-grams..."""
COVERED = 0.5
"""...and covered by an answer holding at least this share of them."""
SHARE = 0.9
"""The article's element holds at least this share of the kept words (a stray copy of a
kept text elsewhere on the page, a headline in a menu, does not widen it to the page)."""
HEAD_UNITS = 8
"""How far before the article's first paragraph its byline and date lines are looked for."""
BODY_WORDS = 8
"""A kept unit of this many words, not a heading, is the article's first paragraph."""
OTHER = "boilerplate block"
"""The Removal kind of a block left out that says nothing of itself by tag or class."""
WORDS = re.compile(r"\w+")


@dataclass(eq=False)
class Unit:
    """A run of text a block holds itself: `holder`'s text (`after` None) or the tail of
    its block child `after`, with the inline elements in `inline`."""

    holder: HtmlElement
    after: HtmlElement | None
    inline: list[HtmlElement] = field(default_factory=list)
    text: str = ""
    words: tuple[str, ...] = ()


@dataclass
class Election:
    """The article's element(s), the page's units and those kept."""

    parts: list[HtmlElement]
    units: list[Unit]
    kept: set[Unit]


def elect(doc: HtmlElement, page: PageMeta, source: str, shown: str,
          can_show: Callable[[HtmlElement], bool] = lambda img: False) -> Election:
    """Vote on the units of `doc` (cleaned, notes out); `source` is the page as decoded,
    `can_show` tells an image the book can embed."""
    answers = {"our rules": _our_answer(doc, page), **htmllibs.segments(source)}
    voters = {name: Answer(texts) for name, texts in answers.items() if texts}
    body = doc.find("body")
    found = units(doc if body is None else body)
    need = len(voters) // 2 + 1
    kept = {unit for unit in found if boilerplate_kind(unit.text) is None
            and sum(answer.covers(unit) for answer in voters.values()) >= need}
    kept |= _figures_within(found, kept, can_show)
    root = container(kept)
    kept |= _head_markers(found, kept)
    log.debug("%s: the article is the text %d of %d extractors take (%s): %d of %d blocks",
              shown, need, len(voters), ", ".join(voters), len(kept), len(found))
    if root is None:
        return Election(find_article(doc), found, set())
    return Election([root], found, kept)


def _figures_within(found: list[Unit], kept: set[Unit],
                    can_show: Callable[[HtmlElement], bool]) -> set[Unit]:
    """The captions of figures the book can show, between kept units: the libraries leave
    captions out, the book keeps a picture with its caption."""
    order = [i for i, unit in enumerate(found) if unit in kept]
    if not order:
        return set()
    more: set[Unit] = set()
    for unit in found[order[0] + 1:order[-1]]:
        figure = next((a for a in unit.holder.iterancestors() if tag_of(a) == "figure"), None)
        if figure is None and tag_of(unit.holder) == "figure":
            figure = unit.holder
        if figure is not None and any(can_show(img) for img in figure.iter("img")):
            more.add(unit)
    return more


def _head_markers(found: list[Unit], kept: set[Unit]) -> set[Unit]:
    """Byline, date and reading-time lines just before the first kept unit: left to the
    reader's head stage, which reads the author and date the page shows from them and
    reports them as it drops them."""
    first = next((i for i, unit in enumerate(found) if unit in kept
                  and len(unit.words) >= BODY_WORDS and tag_of(unit.holder) not in HEADINGS), 0)
    markers: set[Unit] = set()
    for unit in reversed(found[max(0, first - HEAD_UNITS):first]):
        if unit in kept:
            continue
        if parse_marker(unit.text) is not None or head_furniture_kind(unit.text) is not None \
                or (is_bare_name(unit.text) and markers):
            markers.add(unit)
    return markers


def _our_answer(doc: HtmlElement, page: PageMeta) -> list[str]:
    """The texts our own rules keep (on a copy: the page itself is not touched)."""
    mine = copy.deepcopy(doc)
    parts = find_article(mine)
    head = harvest(parts, page)
    strip_furniture(parts, keep={head.header} if head.header is not None else set())
    return [unit.text for part in parts for unit in units(part)]


# ------------------------------------------------------------------ units


def words_of(text: str) -> tuple[str, ...]:
    return tuple(WORDS.findall(text.lower()))


def units(root: HtmlElement) -> list[Unit]:
    """The units under `root`, in page order (those without a word left out)."""
    out: list[Unit] = []

    def walk(el: HtmlElement) -> None:
        unit = Unit(el, None, text=el.text or "")
        for child in el:
            if isinstance(child.tag, str) and _is_block(child):
                _close(unit, out)
                walk(child)
                unit = Unit(el, child, text=child.tail or "")
                continue
            if isinstance(child.tag, str):
                unit.inline.append(child)
                unit.text += " " + " ".join(child.itertext())
            unit.text += child.tail or ""
        _close(unit, out)

    walk(root)
    return out


def _is_block(el: HtmlElement) -> bool:
    return tag_of(el) in BLOCK_TAGS or any(tag_of(d) in BLOCK_TAGS for d in el.iterdescendants())


def _close(unit: Unit, out: list[Unit]) -> None:
    unit.words = words_of(unit.text)
    if unit.words:
        unit.text = " ".join(unit.text.split())
        out.append(unit)


class Answer:
    """One extractor's texts, ready to be matched."""

    def __init__(self, texts: list[str]) -> None:
        seqs = [words_of(text) for text in texts]
        self.grams = {seq[i:i + GRAM] for seq in seqs for i in range(len(seq) - GRAM + 1)}
        self.blocks = set(seqs)

    def covers(self, unit: Unit) -> bool:
        seq = unit.words
        if len(seq) < GRAM:
            return seq in self.blocks
        grams = [seq[i:i + GRAM] for i in range(len(seq) - GRAM + 1)]
        return sum(g in self.grams for g in grams) >= COVERED * len(grams)


def container(kept: set[Unit]) -> HtmlElement | None:
    """The deepest element holding at least SHARE of the kept units' words, and blocks."""
    total = sum(len(unit.words) for unit in kept)
    inside: dict[HtmlElement, int] = {}
    depth: dict[HtmlElement, int] = {}
    for unit in kept:
        chain = [unit.holder, *unit.holder.iterancestors()]
        for level, el in enumerate(chain):
            inside[el] = inside.get(el, 0) + len(unit.words)
            depth[el] = len(chain) - level
    enough = [el for el, count in inside.items() if count >= SHARE * total]
    if not enough:
        return None
    root = max(enough, key=lambda el: depth[el])
    # A paragraph alone is no container: the pictures and blocks beside it are the article's.
    while root.getparent() is not None and not any(
            isinstance(child.tag, str) and _is_block(child) for child in root):
        root = root.getparent()
    return root


# ------------------------------------------------------------------ prune


def prune(election: Election) -> list[Removal]:
    """Drop, inside the article's element, the elements holding only units left out, then
    the runs of text left out beside kept ones; what was dropped, by line."""
    root, kept = election.parts[0], election.kept
    inside = [unit for unit in election.units
              if unit.holder.getparent() is not None and _under(unit.holder, root)]
    keeps: dict[HtmlElement, int] = {}
    drops: dict[HtmlElement, int] = {}
    for unit in inside:
        counts = keeps if unit in kept else drops
        for el in (unit.holder, *unit.holder.iterancestors()):
            counts[el] = counts.get(el, 0) + 1
            if el is root:
                break
    removed: list[Removal] = []
    total = len(text_of(root)) or 1

    def walk(el: HtmlElement) -> None:
        for child in list(el):
            if drops.get(child) and not keeps.get(child):
                if text_of(child):
                    removed.append(Removal(furniture_kind(child, total) or OTHER,
                                           child.sourceline or 0, last_line(child)))
                drop(child)
            elif keeps.get(child):
                walk(child)

    walk(root)
    for unit in inside:
        if unit in kept or not _under(unit.holder, root):
            continue
        kinds = [kind for el in unit.inline if (kind := furniture_kind(el, total))]
        first = (unit.inline[0] if unit.inline else unit.holder).sourceline or 0
        last = last_line(unit.inline[-1]) if unit.inline else first
        if _remove_run(unit):
            removed.append(Removal(kinds[0] if kinds else OTHER, first, max(first, last)))
    return removed


def _under(el: HtmlElement, root: HtmlElement) -> bool:
    return el is root or any(a is root for a in el.iterancestors())


def _remove_run(unit: Unit) -> bool:
    """Take a run of text out of its holder; False when it was gone already."""
    text = unit.holder.text if unit.after is None else unit.after.tail
    present = [child for child in unit.inline if child.getparent() is unit.holder]
    if not (text or "").strip() and not present:
        return False
    if unit.after is None:
        unit.holder.text = None
    else:
        unit.after.tail = None
    for child in present:
        child.tail = None
        unit.holder.remove(child)
    return True
