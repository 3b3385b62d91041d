"""What each glyph of the PDF says, and where the words need /ActualText: text that copies,
searches and reads aloud as it was written.

A PDF's text is its glyphs, each mapped to characters by the font's /ToUnicode. Shaping breaks
the one-to-one of characters and glyphs: a lam and an alef become one lam-alef ligature, an
Arabic letter with hamza or a pointed Hebrew letter becomes a letter glyph and mark glyphs,
one glyph stands for an initial, medial or final form. WeasyPrint 70 maps a glyph to the text
of the first cluster it drew it in, and the other glyphs of a cluster to nothing: "أحمد" copied
as "احمد", lam-alef-hamza as "لأ" wherever it stands.

Two corrections, both from facts that do not depend on where a glyph was first used:

- `font_texts`: each glyph's own characters, read from the font: its cmap (letters, marks,
  punctuation), then its GSUB substitutions followed to a fixed point (a ligature spells its
  components, a positional or stylistic form its base letter); compatibility characters
  (presentation forms, "ﬁ") only where nothing else names the glyph, as their NFKC text.
- `actual_texts`: the clusters of a line (Pango's, grouped with the combining marks that follow
  them) whose glyphs do not spell their text in order, or take several glyphs: their text is
  given as /ActualText (`wrap`), which copy, search and screen readers use instead of the
  glyphs. Text whose glyphs spell it needs none: the sample book's English has hardly any.

Pure functions of bytes and lists; layout/pdfhooks.py feeds them from WeasyPrint.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

_FONTS: dict[tuple[str, int], dict[int, tuple[str, ...]]] = {}
"""Per process: each font file's glyph texts, by its content hash and face index."""

_LIGATURE, _SINGLE, _MULTIPLE, _ALTERNATE, _EXTENSION = 4, 1, 2, 3, 7


def font_texts(data: bytes, index: int, key: str) -> dict[int, tuple[str, ...]]:
    """Glyph id → the characters the glyph can stand for, from the font file itself, most
    likely first (`key`: a hash of `data`, under which the answer is kept for the process).
    A glyph may stand for several: a small capital for "a" (smcp) and for "A" (c2sc)."""
    if (key, index) not in _FONTS:
        _FONTS[(key, index)] = _read_font(data, index)
    return _FONTS[(key, index)]


def choose(texts: tuple[str, ...], seen: str | None) -> str:
    """What a glyph says: the text it was first drawn for, when its font says it can stand for
    it (a small capital drawn for "a" says "a"), else the font's first: never the text of a
    cluster it only took part in (an alef drawn for "أ" with a hamza mark says "ا")."""
    if not texts:
        return seen or ""
    return seen if seen in texts else texts[0]


def _read_font(data: bytes, index: int) -> dict[int, tuple[str, ...]]:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), fontNumber=index, lazy=True)
    ids = {name: number for number, name in enumerate(font.getGlyphOrder())}
    texts: dict[int, list[str]] = {}
    compatible: dict[int, list[str]] = {}
    for codepoint, name in sorted((font.getBestCmap() or {}).items()):
        char = chr(codepoint)
        kind = compatible if unicodedata.decomposition(char).startswith("<") else texts
        kind.setdefault(ids[name], []).append(char)  # <compat>, <font>, <isolated>... last
    if "GSUB" in font and font["GSUB"].table.LookupList:
        _follow_substitutions(font["GSUB"].table.LookupList.Lookup, ids, texts)
    for glyph, chars in compatible.items():
        texts.setdefault(glyph, []).extend(chars)
    return {glyph: tuple(dict.fromkeys(found)) for glyph, found in texts.items()}


def _follow_substitutions(lookups, ids: dict[str, int], texts: dict[int, list[str]]) -> None:
    """Name the glyphs substitutions make after the glyphs they come from, until nothing new
    is named (a ligature's components may themselves be alternates); a glyph made from several
    sources gets each of their texts."""
    tables = []
    for lookup in lookups:
        for table in lookup.SubTable:
            if lookup.LookupType == _EXTENSION:
                table = table.ExtSubTable
            tables.append((table.LookupType if lookup.LookupType == _EXTENSION
                           else lookup.LookupType, table))
    pairs: list[tuple[tuple[int, ...], int]] = []  # (glyphs in, glyph out)
    for kind, table in tables:
        if kind == _SINGLE:
            pairs += [((ids[a],), ids[b]) for a, b in table.mapping.items()]
        elif kind == _ALTERNATE:
            pairs += [((ids[a],), ids[b]) for a, bs in table.alternates.items() for b in bs]
        elif kind == _LIGATURE:
            pairs += [((ids[first], *(ids[c] for c in lig.Component)), ids[lig.LigGlyph])
                      for first, ligatures in table.ligatures.items() for lig in ligatures]
    named = True
    while named:
        named = False
        for sources, target in pairs:
            if all(source in texts for source in sources):
                said = "".join(texts[source][0] for source in sources)
                if said not in texts.setdefault(target, []):
                    texts[target].append(said)
                    named = True


class Glyph(NamedTuple):
    """One glyph drawn: what it says (`choose`, "" if unknown) and its cluster."""

    text: str
    cluster: int
    """Byte offset of its cluster's first character in the run's UTF-8 text."""


def actual_texts(runs: Iterable[tuple[bytes, bool, list[Glyph]]]) -> list[tuple[int, int, str]]:
    """(first glyph, glyph after the last, text) for each group of glyphs whose text needs
    /ActualText. `runs` are a line's runs in drawing order: (the run's UTF-8 text, whether it
    is right to left, its glyphs in drawing order: visual, so right to left runs come last
    character first). Glyph numbers count across the runs, as the line's glyphs are drawn."""
    spans, offset = [], 0
    for text, rtl, glyphs in runs:
        if _spelled(text, reversed(glyphs) if rtl else glyphs):
            offset += len(glyphs)
            continue
        for first, last, said in _units(text, rtl, glyphs):
            spelled = [said for said, _cluster in glyphs[first:last]]
            if rtl:
                spelled.reverse()
            if last - first > 1 or "".join(spelled) != said:
                spans.append((offset + first, offset + last, said))
        offset += len(glyphs)
    return spans


def _spelled(text: bytes, glyphs) -> bool:
    """Whether each glyph, in reading order, says exactly its own cluster, none a combining
    mark (most text: nothing to do, found without grouping anything)."""
    position = 0
    for said, cluster in glyphs:
        encoded = said.encode()
        if cluster != position or not said or not text.startswith(encoded, position) \
                or unicodedata.category(said[0])[0] == "M":
            return False
        position += len(encoded)
    return position == len(text)


def _units(text: bytes, rtl: bool, glyphs: list[Glyph]):
    """(first, last, text) of each cluster of a run, a cluster that starts with a combining
    mark joined to the one before it in reading order (so that a pointed letter, drawn as a
    letter and its marks, is one unit). Glyph ranges are in drawing order."""
    starts = sorted({cluster for _said, cluster in glyphs})
    ends = dict(zip(starts, [*starts[1:], len(text)]))
    groups: list[list[int]] = []  # [first glyph, last glyph, cluster start, cluster end]
    for number, (_said, cluster) in enumerate(glyphs):
        if groups and groups[-1][2] == cluster:
            groups[-1][1] = number + 1
        else:
            groups.append([number, number + 1, cluster, ends[cluster]])
    ordered = sorted(groups, key=lambda group: group[2])  # reading order
    units: list[list[int]] = []
    for group in ordered:
        said = text[group[2]:group[3]].decode("utf-8", "replace")
        if units and said and unicodedata.category(said[0]).startswith("M"):
            unit = units[-1]  # a mark: with the letter before it
            unit[0], unit[1] = min(unit[0], group[0]), max(unit[1], group[1])
            unit[3] = group[3]
        else:
            units.append(list(group))
    return [(first, last, text[start:end].decode("utf-8", "replace"))
            for first, last, start, end in sorted(units)]


_SHOWN = re.compile(rb"<([0-9a-fA-F]*)>|(-?[0-9.]+)")


def wrap(ops: list, spans: list[tuple[int, int, str]], marked) -> list:
    """`ops` (one text box's content-stream operators, pydyf's list items; glyph codes of two
    bytes) with each span's glyphs inside a `/Span <</ActualText ...>> BDC ... EMC`, the TJ
    arrays cut where a span begins or ends (the pieces move the pen exactly as the whole did).
    `marked(text)` makes the property list. A span is closed at the end of a text object."""
    begins = {first: (last, text) for first, last, text in spans}
    out, glyph, open_until = [], 0, None
    for op in ops:
        if not (isinstance(op, bytes) and op.startswith(b"[") and op.endswith(b"] TJ")):
            if op == b"ET" and open_until is not None:  # never across a text object's end
                out.append(b"EMC")
                open_until = None
            out.append(op)
            continue
        shown: list[bytes] = []
        for hexes, number in _SHOWN.findall(op[1:-4]):
            if number:
                shown.append(number)
                continue
            for start in range(0, len(hexes), 4):
                if glyph in begins and open_until is None:
                    _flush(out, shown)
                    last, text = begins[glyph]
                    out += [b"/Span", marked(text), b"BDC"]
                    open_until = last
                shown.append(b"<" + hexes[start:start + 4] + b">")
                glyph += 1
                if open_until == glyph:
                    _flush(out, shown)
                    out.append(b"EMC")
                    open_until = None
        _flush(out, shown)
    if open_until is not None:
        out.append(b"EMC")
    return out


def _flush(out: list, shown: list[bytes]) -> None:
    """A TJ of what `shown` holds (glyph codes, spacing numbers), if anything."""
    if shown:
        out.append(b"[" + b" ".join(shown) + b"] TJ")
        shown.clear()
