"""One TrueType program from subsets of one font that kept its glyph IDs (render/fontjoin.py).

WeasyPrint 70 subsets with hb-subset (HarfBuzz 6 here), else fontTools, always keeping glyph
IDs: a subset is the font with the glyphs it does not use emptied (no outline, zero advance
and side bearing), cut after the last glyph used, its hints, glyph names (post format 3) and
layout tables (GSUB, GPOS) dropped, and the tables that list glyphs or characters (cmap,
GDEF, OS/2's character ranges) cut down to the glyphs kept. The subsets of one font, made by
one WeasyPrint for the parts of one book, differ only there: `merged_program` takes each glyph
from a subset that kept it and the union of those tables, and refuses (`Conflict`) anything
else, so that a merged font draws every glyph exactly as the part's own subset did.

The subsets' glyphs are read from their `loca`, `glyf` and `hmtx` tables directly, never
parsed (a book of a hundred parts has some 400 subsets); fontTools writes the merged font.
"""

from __future__ import annotations

import io
import struct
import sys
from array import array

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

_MERGED = {"glyf", "loca", "hmtx", "hhea", "maxp", "head", "cmap", "OS/2", "GDEF"}
"""Tables made again from every subset; each other table must be the same in every one."""
_LARGEST, _SMALLEST = max, min


def _union(values) -> int:
    bits = 0
    for value in values:
        bits |= value
    return bits


_SUMMARIES = {
    "head": {"xMin": _SMALLEST, "yMin": _SMALLEST, "xMax": _LARGEST, "yMax": _LARGEST,
             "modified": _LARGEST, "checkSumAdjustment": None},
    "hhea": {"advanceWidthMax": _LARGEST, "minLeftSideBearing": _SMALLEST,
             "minRightSideBearing": _SMALLEST, "xMaxExtent": _LARGEST, "numberOfHMetrics": None},
    "maxp": {"numGlyphs": None} | {field: _LARGEST for field in (
        "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours", "maxZones",
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
        "maxComponentDepth")},
    "OS/2": {"usFirstCharIndex": _SMALLEST, "usLastCharIndex": _LARGEST} | {
        f"ulUnicodeRange{number}": _union for number in range(1, 5)},
}
"""What a subsetter works out from the glyphs or characters it keeps (HarfBuzz only the
character ranges; fontTools also the bounding boxes, extents and maxima, and the date): the
merged font's is the largest, smallest or union of the subsets' (None: written by fontTools).
Every other field must be the same in each subset."""


class Conflict(ValueError):
    """Subsets that are not of one font program, or not as WeasyPrint 70 writes them."""


def merged_program(programs: list[bytes]) -> bytes:
    """One TrueType program from subsets of one font that kept its glyph IDs: each glyph (its
    outline and metrics) from a subset that kept it; the character map, GDEF's glyph classes
    and OS/2's character ranges their union; every other table as the subsets all have it.
    Raises Conflict if two subsets keep a glyph differently, or differ elsewhere."""
    fonts = [TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
             for data in programs]
    counts = [_glyph_count(font) for font in fonts]
    base = fonts[counts.index(max(counts))]  # the first of the longest
    tags = set(base.reader.keys())
    if "glyf" not in tags or "post" in tags and base.reader["post"][:4] != b"\0\3\0\0":
        raise Conflict("not a TrueType subset as WeasyPrint writes it")
    for font in fonts:
        if set(font.reader.keys()) != tags:
            raise Conflict("the subsets have other tables")
        for tag in tags - _MERGED:
            if font.reader[tag] != base.reader[tag]:
                raise Conflict(f"the subsets' {tag} tables differ")
    for tag, fields in _SUMMARIES.items():
        if tag in tags:
            _summarise([font[tag] for font in fonts], base[tag], fields)
    names = [f"g{index:05d}" for index in range(max(counts))]
    for font, count in zip(fonts, counts):
        font.setGlyphOrder(names[:count])  # a glyph's name is its ID, in every subset
    kept: dict[int, tuple] = {}
    for font in fonts:
        for index, entry in _kept_glyphs(font):
            have = kept.setdefault(index, entry)
            if have != entry:
                kept[index] = _either(index, have, entry)
    glyphs, metrics = base["glyf"].glyphs, base["hmtx"].metrics
    order = base.getGlyphOrder()
    for index, (data, metric) in kept.items():
        glyphs[order[index]], metrics[order[index]] = Glyph(data), metric
    _merge_cmap(base, fonts)
    if "GDEF" in tags:
        _merge_gdef(base, fonts)
    out = io.BytesIO()
    base.save(out, reorderTables=True)
    return out.getvalue()


def _glyph_count(font: TTFont) -> int:
    return struct.unpack_from(">H", font.reader["maxp"], 4)[0]


def _summarise(tables: list, base, fields: dict) -> None:
    """`base` (one of `tables`) with the summary `fields` of all; the others must agree."""
    others = [_fields(table, fields) for table in tables]
    if any(other != others[0] for other in others):
        raise Conflict(f"the subsets' {base.tableTag} tables differ")
    for field, summary in fields.items():
        if summary is not None and hasattr(base, field):
            setattr(base, field, summary(getattr(table, field) for table in tables))


def _fields(table, but: dict) -> dict:
    """The table's fields but `but`, comparable (OS/2's Panose is an object of its own)."""
    return {key: vars(value) if hasattr(value, "__dict__") else value
            for key, value in vars(table).items() if key not in but}


def _kept_glyphs(font: TTFont):
    """(glyph ID, (outline bytes, (advance, left side bearing))) of each glyph the subset kept:
    an outline, or metrics other than zero (a space has no outline)."""
    count = _glyph_count(font)
    long_offsets = struct.unpack_from(">h", font.reader["head"], 50)[0]
    loca = array("I" if long_offsets else "H", font.reader["loca"][:(count + 1) * (
        4 if long_offsets else 2)])
    if sys.byteorder == "little":
        loca.byteswap()
    scale = 1 if long_offsets else 2
    glyf = font.reader["glyf"]
    metrics_count = struct.unpack_from(">H", font.reader["hhea"], 34)[0]
    hmtx = array("h", font.reader["hmtx"][:4 * metrics_count + 2 * (count - metrics_count)])
    if sys.byteorder == "little":
        hmtx.byteswap()
    for index in range(count):
        start, end = loca[index] * scale, loca[index + 1] * scale
        if index < metrics_count:
            advance, side = hmtx[2 * index] & 0xFFFF, hmtx[2 * index + 1]
        else:
            advance = hmtx[2 * metrics_count - 2] & 0xFFFF
            side = hmtx[2 * metrics_count + index - metrics_count]
        if end > start or advance or side:
            yield index, (glyf[start:end], (advance, side))


def _either(index: int, one: tuple, other: tuple) -> tuple:
    """Of a glyph kept by two subsets, the one with an outline: a subset drawing a missing
    character's box keeps the outline of .notdef, the others only its metrics."""
    if one[1][0] == other[1][0] and bool(one[0]) != bool(other[0]):
        return one if one[0] else other
    raise Conflict(f"glyph {index} differs between the subsets")


def _merge_cmap(base: TTFont, fonts: list[TTFont]) -> None:
    """The union of the subsets' character maps, subtable by subtable."""
    tables = {(t.platformID, t.platEncID, t.format): t for t in base["cmap"].tables}
    for font in fonts:
        if font is base:
            continue
        for subtable in font["cmap"].tables:
            key = (subtable.platformID, subtable.platEncID, subtable.format)
            if key not in tables or not hasattr(subtable, "cmap") or subtable.format == 14:
                raise Conflict("the subsets' character maps are not alike")
            mapping = tables[key].cmap
            for code, name in subtable.cmap.items():
                if mapping.setdefault(code, name) != name:
                    raise Conflict(f"U+{code:04X} has two glyphs in the subsets")


def _merge_gdef(base: TTFont, fonts: list[TTFont]) -> None:
    """GDEF's glyph classes and mark glyph sets, the union of the subsets'; another GDEF
    (attachment points, caret positions, variations) is not merged."""
    table = base["GDEF"].table
    for font in fonts:
        other = font["GDEF"].table
        for field in ("AttachList", "LigCaretList", "VarStore"):
            if getattr(other, field, None) is not None:
                raise Conflict(f"GDEF has a {field}")
        if font is base:
            continue
        for field in ("GlyphClassDef", "MarkAttachClassDef"):
            mine, theirs = getattr(table, field, None), getattr(other, field, None)
            if (mine is None) != (theirs is None):
                raise Conflict(f"GDEF's {field} is in some subsets only")
            for name, value in (theirs.classDefs.items() if theirs else ()):
                if mine.classDefs.setdefault(name, value) != value:
                    raise Conflict(f"GDEF's {field} differs between the subsets")
        mine, theirs = (getattr(t, "MarkGlyphSetsDef", None) for t in (table, other))
        if (mine is None) != (theirs is None) or (
                mine and len(mine.Coverage) != len(theirs.Coverage)):
            raise Conflict("GDEF's mark glyph sets differ between the subsets")
        for coverage, more in zip(mine.Coverage if mine else (),
                                  theirs.Coverage if theirs else ()):
            coverage.glyphs = sorted(set(coverage.glyphs) | set(more.glyphs))
