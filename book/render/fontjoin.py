"""Each font embedded once in a joined PDF: the book from its parts (render/assemble.py), the
handouts bundle from the handouts (render/impose.py).

Each part is a WeasyPrint 70 PDF with its own subset of each font it uses, so a joined PDF
carried a font once per part (a 623-page book: 3.6 MB, where one WeasyPrint pass writes 1.9).
WeasyPrint subsets a TrueType font keeping its glyph IDs (render/fontmerge.py says how), and
its Type0 font has those IDs for CIDs (/Identity-H, /CIDToGIDMap /Identity), the part's /W
widths and its /ToUnicode map. So for each font (one /BaseFont: its tag is a hash of the
font's description, the same in every part):

- the parts' subsets become one program (`fontmerge.merged_program`) and one descriptor, its
  bounding box the union of theirs and fixed pitch as the widths of every part say (as
  WeasyPrint works them out), which every part's CID font uses;
- the parts' Type0 fonts become one where their widths and texts agree, with the union of
  their /W and /ToUnicode: the pages' resources name it instead. A width comes from the size
  the part first set the glyph in, rounded, so parts may differ by a unit, and a page's text
  positions are worked out from its own part's widths: a Type0 font that differs from the
  others' is kept beside theirs (with the same program), as is one with an /Encoding of its
  own (the .notdef boxes of missing characters) or a /ToUnicode WeasyPrint did not write.

No page is changed: each draws the same glyphs at the same places and copies as the same text.
Subsets that are not of one program (`fontmerge.Conflict`) are left as they are.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Array, Dictionary, Name

from book.render.fontmerge import Conflict, merged_program

_FIXED_PITCH = 1
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]*)>")


def join_fonts(pdf: pikepdf.Pdf) -> None:
    """Embed each TrueType font of `pdf` once, however many parts had a subset of it."""
    uses: dict[tuple, list] = {}
    fonts: dict[tuple, pikepdf.Dictionary] = {}
    for resources in _font_resources(pdf):
        for key, font in resources.items():
            if isinstance(font, Dictionary) and font.is_indirect:
                fonts.setdefault(font.objgen, font)
                uses.setdefault(font.objgen, []).append((resources, key))
    groups: dict[str, list] = {}
    for font in fonts.values():
        if _joinable(font):
            groups.setdefault(str(font.BaseFont), []).append(font)
    for group in groups.values():
        if len(group) > 1:
            try:
                _join(pdf, group, uses)
            except Conflict:
                continue  # left as the parts have it


def _font_resources(pdf: pikepdf.Pdf):
    """Every /Font resource dictionary of the pages, of the forms and patterns they draw and
    of their annotations' appearances, once each, in page order."""
    seen: set = set()

    def walk(resources):
        if not isinstance(resources, Dictionary) or _seen(resources, seen):
            return
        if isinstance(resources.get("/Font"), Dictionary):
            yield resources.Font
            for font in resources.Font.values():
                if isinstance(font, Dictionary) and "/Resources" in font:  # Type 3
                    yield from walk(font.Resources)
        for kind in ("/XObject", "/Pattern"):
            for value in resources.get(kind, Dictionary()).values():
                if isinstance(value, (Dictionary, pikepdf.Stream)) and not _seen(value, seen):
                    yield from walk(value.get("/Resources"))

    for page in pdf.pages:
        yield from walk(page.obj.get("/Resources"))
        for annotation in page.obj.get("/Annots", Array()):
            for appearance in annotation.get("/AP", Dictionary()).values():
                streams = [appearance] if isinstance(appearance, pikepdf.Stream) else (
                    appearance.values() if isinstance(appearance, Dictionary) else ())
                for stream in streams:
                    if isinstance(stream, pikepdf.Stream) and not _seen(stream, seen):
                        yield from walk(stream.get("/Resources"))


def _seen(obj, seen: set) -> bool:
    if not obj.is_indirect:
        return False
    if obj.objgen in seen:
        return True
    seen.add(obj.objgen)
    return False


def _joinable(font) -> bool:
    """A Type0 font over one TrueType CID font with glyph IDs for CIDs and its program."""
    if font.get("/Subtype") != Name.Type0 or len(font.get("/DescendantFonts", ())) != 1:
        return False
    cid = font.DescendantFonts[0]
    descriptor = cid.get("/FontDescriptor")
    return (cid.get("/Subtype") == Name.CIDFontType2
            and cid.get("/CIDToGIDMap", Name.Identity) == Name.Identity
            and isinstance(descriptor, Dictionary)
            and isinstance(descriptor.get("/FontFile2"), pikepdf.Stream))


def _join(pdf, group: list, uses: dict) -> None:
    """One descriptor and program for the fonts of `group` (one /BaseFont), and one Type0
    font for those whose widths and texts agree."""
    descriptors = _unique(font.DescendantFonts[0].FontDescriptor for font in group)
    programs = _unique(descriptor.FontFile2 for descriptor in descriptors)
    widths_of = [_widths(font.DescendantFonts[0].get("/W", Array())) for font in group]
    texts_of = [_to_unicode(font.get("/ToUnicode")) for font in group]
    datas = [program.read_bytes() for program in programs]
    if len(set(datas)) == 1:
        program = programs[0]
    else:
        last: dict[tuple, int] = {}  # the highest glyph ID drawn with each program
        for font, own, text in zip(group, widths_of, texts_of):
            key = font.DescendantFonts[0].FontDescriptor.FontFile2.objgen
            last[key] = max([last.get(key, -1), *own, *(text or ())])
        data = merged_program([(data, last[p.objgen]) for data, p in zip(datas, programs)])
        program = pdf.make_stream(data)
        program.Length1 = len(data)
    descriptor = pdf.make_indirect(Dictionary(dict(descriptors[0].items())))
    every_width: dict[int, object] = {}
    clusters: list[tuple[dict, dict, list]] = []  # (widths, texts, fonts) that agree
    for font, own, text in zip(group, widths_of, texts_of):
        every_width.update(own)
        font.DescendantFonts[0].FontDescriptor = descriptor
        if font.get("/Encoding") != Name("/Identity-H") or text is None:
            continue  # its own Type0 and CID fonts, over the one program
        for widths, texts, fonts in clusters:
            if _agrees(widths, own) and _agrees(texts, text):
                widths.update(own)
                texts.update(text)
                fonts.append(font)
                break
        else:
            clusters.append((own, text, [font]))
    _describe(pdf, descriptor, descriptors, program, every_width)
    every_text: dict[int, bytes] = {}  # one map for every cluster, where their texts agree
    agree = True
    for _, texts, _ in clusters:
        agree = agree and _agrees(every_text, texts)
        every_text.update(texts)
    to_unicode = pdf.make_stream(_cmap(every_text)) if agree and clusters else None
    for widths, texts, fonts in clusters:
        shared = fonts[0]
        if len(fonts) > 1:
            shared.DescendantFonts[0].W = _width_array(widths)
        if to_unicode is not None or len(fonts) > 1:
            shared.ToUnicode = (to_unicode if to_unicode is not None
                                else pdf.make_stream(_cmap(texts)))
        for font in fonts[1:]:
            for resources, key in uses[font.objgen]:
                resources[key] = shared


def _unique(objects) -> list:
    found = {}
    for obj in objects:
        found.setdefault(obj.objgen, obj)
    return list(found.values())


def _agrees(have: dict, new: dict) -> bool:
    return all(have.get(key, value) == value for key, value in new.items())


def _describe(pdf, descriptor, descriptors: list, program, widths: dict) -> None:
    """`descriptor` made the group's: its program, the union of the bounding boxes, fixed
    pitch as the widths of every part say (as WeasyPrint works it out), their /CIDSet."""
    descriptor.FontFile2 = program
    boxes = [[float(v) for v in d.FontBBox] for d in descriptors if "/FontBBox" in d]
    if boxes:
        box = [min(b[0] for b in boxes), min(b[1] for b in boxes),
               max(b[2] for b in boxes), max(b[3] for b in boxes)]
        descriptor.FontBBox = Array([_number(v) for v in box])
    flags = int(descriptor.get("/Flags", 0)) & ~_FIXED_PITCH
    if len(widths) > 1 and len(set(widths.values())) == 1:
        flags |= _FIXED_PITCH
    descriptor.Flags = flags
    sets = [d.CIDSet.read_bytes() for d in descriptors if "/CIDSet" in d]
    if sets:
        size = max(len(s) for s in sets)
        union = bytes(size)
        for found in sets:
            union = bytes(a | b for a, b in zip(union, found.ljust(size, b"\0")))
        descriptor.CIDSet = pdf.make_stream(union)


def _number(value: float):
    return int(value) if value == int(value) else value


def _widths(array) -> dict:
    """/W as {CID: width}, in both of its forms."""
    widths, items, index = {}, list(array), 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], Array):
            for offset, width in enumerate(items[index + 1]):
                widths[first + offset] = width
            index += 2
        else:
            for cid in range(first, int(items[index + 1]) + 1):
                widths[cid] = items[index + 2]
            index += 3
    return widths


def _width_array(widths: dict) -> Array:
    """{CID: width} as /W, a run for each range of consecutive CIDs (as WeasyPrint writes)."""
    array = []
    for cid in sorted(widths):
        if cid - 1 not in widths:
            array += [cid, []]
        array[-1].append(widths[cid])
    return Array([Array(item) if isinstance(item, list) else item for item in array])


def _to_unicode(stream) -> dict | None:
    """A /ToUnicode map of single codes, as WeasyPrint writes it, as {CID: UTF-16BE hex};
    None for any other map."""
    if not isinstance(stream, pikepdf.Stream):
        return None
    data = stream.read_bytes()
    if b"bfrange" in data or b"<0000> <ffff>" not in data:
        return None
    chars = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in _BFCHAR.findall(block):
            chars[int(code, 16)] = text.lower()
    return chars


def _cmap(texts: dict) -> bytes:
    """{CID: UTF-16BE hex} as WeasyPrint 70 writes a /ToUnicode map, in CID order."""
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo", b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0",
             b">> def", b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(texts.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [b"<%04x> <%s>" % (cid, text) for cid, text in batch]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)
