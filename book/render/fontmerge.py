"""One TrueType program from subsets of one font (render/fontjoin.py).

WeasyPrint 70 subsets with hb-subset (HarfBuzz 6 here), else fontTools, keeping glyph IDs: a
subset is the font with the glyphs it does not draw emptied (no outline, zero advance and side
bearing), cut after the last glyph it draws, its hints, glyph names (post format 3) and layout
tables (GSUB, GPOS) dropped, and the tables that list glyphs or characters (cmap, GDEF, OS/2's
character ranges) cut down. hb-subset cuts in a second pass without keeping IDs: the parts of
a composite glyph (a base letter and an accent) that lie after the last glyph drawn come after
it, renumbered, so a subset's glyph IDs are the font's only up to the last one its PDF draws.

`merged_program` puts each glyph drawn by some subset at its ID, from that subset, and each
renumbered part where the same glyph already is, else after all of them; a composite glyph
names its parts where they are put, and the character map and GDEF name glyphs there too.
The merged font draws every glyph of each subset exactly as the subset did. A glyph that two
subsets draw differently, or any other difference between them (each table that does not list
glyphs must be the same in every subset, but for what a subsetter works out from the glyphs
it keeps, `_SUMMARIES`), is a `Conflict`: the caller leaves the subsets as they are.

The subsets' glyphs are read from their `loca`, `glyf` and `hmtx` tables directly, outlines
never parsed (a book of a hundred parts has some 400 subsets); fontTools writes the result.
"""

from __future__ import annotations

import io
import struct
import sys
from array import array
from functools import reduce
from itertools import compress
from operator import ne, or_

from fontTools.ttLib import TTFont, TTLibError, newTable
from fontTools.ttLib.tables import otTables
from fontTools.ttLib.tables._g_l_y_f import Glyph

_MERGED = {"glyf", "loca", "hmtx", "hhea", "maxp", "head", "cmap", "OS/2", "GDEF"}
"""Tables made again from every subset."""
_SAME = {"name", "post", "gasp", "cvt ", "fpgm", "prep"}
"""Tables that name no glyph: the same in every subset. A font with any other table (one
that lists glyphs: kern, MATH, vmtx...) is not merged."""

_SUMMARIES = {
    "head": {"xMin": min, "yMin": min, "xMax": max, "yMax": max,
             "modified": max, "checkSumAdjustment": None, "indexToLocFormat": None},
    "hhea": {"advanceWidthMax": max, "minLeftSideBearing": min,
             "minRightSideBearing": min, "xMaxExtent": max, "numberOfHMetrics": None},
    "maxp": {"numGlyphs": None} | dict.fromkeys((
        "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours", "maxZones",
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"),
        max),
    "OS/2": {"usFirstCharIndex": min, "usLastCharIndex": max} | {
        f"ulUnicodeRange{number}": lambda bits: reduce(or_, bits, 0) for number in range(1, 5)},
}
"""What a subsetter works out from the glyphs or characters it keeps (HarfBuzz only the
character ranges; fontTools also the bounding boxes, extents and maxima, and the date): the
merged font's is the largest, smallest or union of the subsets' (None: written by fontTools).
Every other field must be the same in each subset."""


class Conflict(ValueError):
    """Subsets that are not of one font program, or not as WeasyPrint 70 writes them."""


def merged_program(subsets: list[tuple[bytes, int]]) -> bytes:
    """One TrueType program from `subsets` of one font, each (program, the highest glyph ID its
    PDF draws). Raises Conflict if they are not subsets of one font as WeasyPrint writes them,
    or two draw a glyph differently."""
    try:
        return _merged(list(dict.fromkeys(subsets)))  # each subset once (parts alike)
    except (struct.error, IndexError, KeyError, TTLibError) as exc:  # a damaged program
        raise Conflict(f"a subset could not be read: {exc!r}") from exc


def _merged(subsets: list[tuple[bytes, int]]) -> bytes:
    fonts = [TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
             for data, _ in subsets]
    drawn = [last for _, last in subsets]
    base = fonts[0]
    tags = set(base.reader.keys())
    if ("glyf" not in tags or not tags <= _MERGED | _SAME
            or ("post" in tags and base.reader["post"][:4] != b"\0\3\0\0")):
        raise Conflict("not a TrueType subset as WeasyPrint writes it")
    for font in fonts:
        if set(font.reader.keys()) != tags:
            raise Conflict("the subsets have other tables")
        for tag in tags & _SAME:
            if font.reader[tag] != base.reader[tag]:
                raise Conflict(f"the subsets' {tag} tables differ")
    for tag, fields in _SUMMARIES.items():
        if tag in tags:
            _summarise([font[tag] for font in fonts], base[tag], fields)
    glyphs = [dict(_glyphs(font, last)) for font, last in zip(fonts, drawn)]
    for own, last in zip(glyphs, drawn):  # after the last glyph drawn: parts, and only parts
        parts = {int.from_bytes(data[offset:offset + 2], "big")
                 for data, _ in own.values() for offset in _parts(data)}
        if any(index > last and index not in parts for index in own):
            raise Conflict("a glyph after the last one drawn is no composite glyph's part")
    keys = [_keys(own) for own in glyphs]
    slots: dict[int, tuple] = {}  # glyph ID in the merged font → its key
    for own, last in zip(keys, drawn):
        for index, key in own.items():
            if index <= last:  # drawn at this ID by the subset's PDF
                have = slots.setdefault(index, key)
                if have != key:
                    slots[index] = _either(index, have, key)
    where = {}
    for index in sorted(slots):
        where.setdefault(slots[index], index)
    free = max(min(last, _glyph_count(font) - 1) for font, last in zip(fonts, drawn)) + 1
    places = []  # per subset: (the last ID it draws, where each glyph after it is put)
    for own, last in zip(keys, drawn):
        for index in sorted(own):
            if index > last and own[index] not in where:  # a part not yet in the font
                where[own[index]], slots[free] = free, own[index]
                free += 1
        places.append((last, {index: where[key] for index, key in own.items() if index > last}))
    names = [f"g{index:05d}" for index in range(max(free, *map(_glyph_count, fonts)))]
    for font in fonts:
        font.setGlyphOrder(names[:_glyph_count(font)])  # a glyph's name is its ID
    cmap = _merge_cmap(fonts, places, names)
    gdef = _merge_gdef(fonts, places, names) if "GDEF" in tags else None
    order = names[:free]
    base.setGlyphOrder(order)
    glyf, hmtx, loca = newTable("glyf"), newTable("hmtx"), newTable("loca")
    glyf.glyphOrder, glyf.glyphs, hmtx.metrics = order, {}, {}
    for index, name in enumerate(order):
        key = slots.get(index, (b"", (0, 0)))
        glyf.glyphs[name], hmtx.metrics[name] = Glyph(_bytes(key, where)), key[1]
    base["glyf"], base["hmtx"], base["loca"], base["cmap"] = glyf, hmtx, loca, cmap
    if gdef is not None:
        base["GDEF"] = gdef
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


def _glyphs(font: TTFont, last: int):
    """(glyph ID, (outline bytes, (advance, left side bearing))) of each glyph the subset
    kept: up to `last`, those with an outline or metrics (a space has no outline); after it,
    every one (the parts of composite glyphs)."""
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
    records = array("I", font.reader["hmtx"][:4 * metrics_count])  # zero: no metrics
    found = set(compress(range(count), map(ne, loca, loca[1:])))  # an outline
    found.update(compress(range(metrics_count), records))  # metrics
    found.update(index for index in range(metrics_count, count)
                 if hmtx[2 * metrics_count - 2] or hmtx[index + metrics_count])
    found.update(range(last + 1, count))
    for index in sorted(found):
        start, end = loca[index] * scale, loca[index + 1] * scale
        if index < metrics_count:
            advance, side = hmtx[2 * index] & 0xFFFF, hmtx[2 * index + 1]
        else:
            advance = hmtx[2 * metrics_count - 2] & 0xFFFF
            side = hmtx[2 * metrics_count + index - metrics_count]
        yield index, (glyf[start:end], (advance, side))


def _keys(glyphs: dict) -> dict:
    """Each glyph's key: (its bytes, its metrics), a composite glyph's bytes with the IDs of
    its parts zeroed and the keys of its parts after them. Equal keys draw the same."""
    keys: dict[int, tuple] = {}

    def key(index: int, depth: int = 0) -> tuple:
        if index not in keys:
            if index not in glyphs or depth > 16:
                raise Conflict(f"glyph {index}: a composite glyph's part is missing")
            data, metrics = glyphs[index]
            parts = _parts(data)
            if not parts:
                keys[index] = (data, metrics)
            else:
                template = bytearray(data)
                for offset in parts:
                    template[offset:offset + 2] = b"\0\0"
                keys[index] = (bytes(template), metrics, tuple(
                    key(int.from_bytes(data[offset:offset + 2], "big"), depth + 1)
                    for offset in parts))
        return keys[index]

    for index in glyphs:
        key(index)
    return keys


def _parts(data: bytes) -> list[int]:
    """Where a composite glyph's components name their glyphs (offsets in `data`); [] for a
    simple or empty glyph."""
    if len(data) < 10 or struct.unpack_from(">h", data, 0)[0] >= 0:
        return []
    offsets, offset, more = [], 10, True
    while more:
        flags = struct.unpack_from(">H", data, offset)[0]
        offsets.append(offset + 2)
        offset += 4 + (4 if flags & 0x0001 else 2)  # flags, glyph, arguments (words or bytes)
        offset += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
        more = bool(flags & 0x0020)
    return offsets


def _bytes(key: tuple, where: dict) -> bytes:
    """A glyph's bytes in the merged font: a composite names its parts where they are."""
    if len(key) == 2:
        return key[0]
    data = bytearray(key[0])
    for offset, part in zip(_parts(key[0]), key[2]):
        if part not in where:
            raise Conflict("a composite glyph's part has no place in the merged font")
        data[offset:offset + 2] = where[part].to_bytes(2, "big")
    return bytes(data)


def _either(index: int, one: tuple, other: tuple) -> tuple:
    """Of a glyph kept by two subsets, the one with an outline: a subset drawing a missing
    character's box keeps the outline of .notdef, the others only its metrics."""
    if one[1][0] == other[1][0] and bool(one[0]) != bool(other[0]):
        return one if one[0] else other
    raise Conflict(f"glyph {index} differs between the subsets")


def _place(place: tuple, index: int) -> int | None:
    """Where a subset's glyph is in the merged font (None: a part it did not keep)."""
    last, moved = place
    return index if index <= last else moved.get(index)


def _merge_cmap(fonts: list[TTFont], places: list[dict], names: list[str]):
    """The union of the subsets' character maps, subtable by subtable, naming the glyphs
    where they are in the merged font."""
    table = fonts[0]["cmap"]
    tables = {(t.platformID, t.platEncID, t.format): t for t in table.tables}
    merged = {key: {} for key in tables}
    for font, place in zip(fonts, places):
        for subtable in font["cmap"].tables:
            key = (subtable.platformID, subtable.platEncID, subtable.format)
            if key not in tables or not hasattr(subtable, "cmap") or subtable.format == 14:
                raise Conflict("the subsets' character maps are not alike")
            for code, name in subtable.cmap.items():
                index = _place(place, int(name[1:]))
                if index is None:
                    continue
                if merged[key].setdefault(code, names[index]) != names[index]:
                    raise Conflict(f"U+{code:04X} has two glyphs in the subsets")
    for key, subtable in tables.items():
        subtable.cmap = merged[key]
    return table


def _merge_gdef(fonts: list[TTFont], places: list[dict], names: list[str]):
    """GDEF's glyph classes and mark glyph sets, the union of the subsets', naming the glyphs
    where they are in the merged font; another GDEF (attachment points, caret positions,
    variations) is not merged."""
    classes = {"GlyphClassDef": {}, "MarkAttachClassDef": {}}
    sets: list[set] = []
    for font, place in zip(fonts, places):
        table = font["GDEF"].table
        for field in ("AttachList", "LigCaretList", "VarStore"):
            if getattr(table, field, None) is not None:
                raise Conflict(f"GDEF has a {field}")
        for field, merged in classes.items():
            found = getattr(table, field, None)
            for name, value in (found.classDefs.items() if found else ()):
                index = _place(place, int(name[1:]))
                if index is not None and merged.setdefault(names[index], value) != value:
                    raise Conflict(f"GDEF's {field} differs between the subsets")
        found = getattr(table, "MarkGlyphSetsDef", None)
        for number, coverage in enumerate(found.Coverage if found else ()):
            if number == len(sets):
                sets.append(set())
            sets[number].update(names[index] for index in (
                _place(place, int(name[1:])) for name in coverage.glyphs) if index is not None)
    gdef = fonts[0]["GDEF"]
    table = gdef.table
    for field, merged in classes.items():
        if merged:
            setattr(table, field, getattr(table, field, None) or getattr(otTables, field)())
            getattr(table, field).classDefs = merged
        else:
            setattr(table, field, None)
    if sets:
        if getattr(table, "MarkGlyphSetsDef", None) is None or table.Version < 0x00010002:
            raise Conflict("GDEF's mark glyph sets are in some subsets only")
        table.MarkGlyphSetsDef.Coverage = [otTables.Coverage() for _ in sets]
        for coverage, glyphs in zip(table.MarkGlyphSetsDef.Coverage, sets):
            coverage.glyphs = sorted(glyphs)
        table.MarkGlyphSetsDef.MarkSetCount = len(sets)
    return gdef
