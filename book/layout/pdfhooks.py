"""WeasyPrint 70's tagged PDF, corrected where PDF/UA-1 and copied text need it.

WeasyPrint tags what it draws, box by box and page by page. Four of its habits break PDF/UA-1
(ISO 14289-1) or the text a reader copies, and this module is where they are corrected, while
the PDF is still WeasyPrint's objects in memory (nothing is parsed again):

- running heads and folios (margin boxes), the contents' dot leaders and a table head repeated
  on the next page are tagged as content (7.8): their structure elements are marked here as
  artifacts, and layout/tagtree.py turns their marked content into /Artifact;
- an element split over pages (a chapter, a paragraph, a table) becomes an element per page,
  link annotations sit in the elements of whatever is inside the link, list items have no
  LBody, header cells no /Scope, footnotes stand apart from their calls: layout/tagtree.py
  rebuilds these from what is recorded here (which HTML element each structure element is);
- an element in another language than the document's says nothing (7.2): /Lang is set here
  from its `lang`;
- shaped text (ligatures, Arabic and Hebrew letters with marks) maps its glyphs to the wrong
  characters (7.21.7): layout/glyphtext.py names each glyph from its font and gives clusters
  their /ActualText, fed here from Pango's glyphs and clusters as each line is drawn.

`corrected()` puts the hooks in for one `write_pdf` and takes them out after it. It relies on
WeasyPrint 70's `pdf.tags` (`add_tags`, `_build_box_tree`), `pdf.stream.Stream.marked`,
`pdf.build_fonts_dictionary`, `draw.text.draw_first_line` and the Pango objects of its text
boxes; book/layout/__init__.py refuses another WeasyPrint rather than write a wrong PDF
(tests/test_layout.py covers it; tests/test_pdfua.py judges what it writes).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import pydyf
from weasyprint import pdf as wp_pdf
from weasyprint.draw import text as wp_text
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import stream as wp_stream
from weasyprint.pdf import tags as wp_tags
from weasyprint.text.ffi import ffi, pango

from book.layout import check_version, glyphtext, tagtree

EMPTY, UNKNOWN = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
_ORIGINAL = {"add_tags": wp_tags.add_tags, "build": wp_tags._build_box_tree,
             "marked": wp_stream.Stream.marked, "fonts": wp_pdf.build_fonts_dictionary,
             "line": wp_text.draw_first_line}
_local = threading.local()


@contextlib.contextmanager
def corrected() -> Iterator[None]:
    """Within the block, `write_pdf` writes a PDF tagged for PDF/UA-1 as this module says."""
    check_version()
    wp_tags.add_tags = wp_pdf.add_tags = _add_tags
    wp_tags._build_box_tree = _build_box_tree
    wp_stream.Stream.marked = _marked
    wp_pdf.build_fonts_dictionary = _build_fonts_dictionary
    wp_text.draw_first_line = _draw_first_line
    _local.drawn = {}
    try:
        yield
    finally:
        wp_text.draw_first_line = _ORIGINAL["line"]
        _local.drawn = None
        wp_tags.add_tags = wp_pdf.add_tags = _ORIGINAL["add_tags"]
        wp_tags._build_box_tree = _ORIGINAL["build"]
        wp_stream.Stream.marked = _ORIGINAL["marked"]
        wp_pdf.build_fonts_dictionary = _ORIGINAL["fonts"]
        _local.facts = None


# ------------------------------------------------------------------ structure


def _add_tags(pdf, document, pdf_version, page_streams):
    """WeasyPrint's tags, each structure element's facts noted on the way, then rebuilt."""
    _local.facts, _local.artifact, _local.heads = {}, None, {}
    root = document.pages[0]._page_box.children[0].element if document.pages else None
    _local.parents = {} if root is None else {kid: parent for parent in root.iter()
                                              for kid in parent}
    try:
        _ORIGINAL["add_tags"](pdf, document, pdf_version, page_streams)
        tagtree.restructure(pdf, page_streams, _local.facts)
    finally:
        _local.facts = _local.heads = _local.parents = None


def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
    """WeasyPrint's structure elements for `box`, each noted with the HTML element it comes
    from, its tag, and whether it is page furniture (an artifact, and of which kind). The
    elements of margin boxes, which WeasyPrint builds and leaves out of the tree, are noted
    too: their marked content becomes artifacts."""
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    outer = _local.artifact
    inner = _furniture(real, page_number) or outer
    built = _ORIGINAL["build"](box, parent, pdf, page_number, nums, annotations, tags)
    while True:
        _local.artifact = inner  # while WeasyPrint builds this box and what is inside it
        try:
            element = next(built)
        except StopIteration:
            return
        finally:
            _local.artifact = outer
        _note(element, real, inner)
        yield element


def _furniture(box, page_number: int) -> tuple[str, str | None] | None:
    """The artifact kind (type, subtype) of a box that is page furniture, if it is: a margin
    box, a leader, the head of a table drawn again on its next page."""
    if isinstance(box, boxes.MarginBox):
        edge = box.at_keyword.split("-")[0]
        return "Pagination", {"@top": "Header", "@bottom": "Footer"}.get(edge)
    if getattr(box, "is_leader", False):
        return "Layout", None
    if box.element_tag == "thead" and box.element is not None:
        first = _local.heads.setdefault(box.element, page_number)
        if first != page_number:
            return "Pagination", None
    return None


def _note(element, box, artifact) -> None:
    facts = _local.facts
    if facts is None or element.number in facts:
        return  # noted by the box that made it (boxes around it pass it up)
    source = box.element
    anchor = _anchor(source) if box.element_tag in ("table", "span") else ""
    facts[element.number] = tagtree.Fact(source, box.element_tag, artifact, anchor)
    if source is None or "::" in (box.element_tag or ""):
        return
    language = source.get("lang")
    if language and language != _inherited_language(source):
        element["Lang"] = pydyf.String(language)
    if element["S"] == "/TH":
        element["A"]["Scope"] = "/" + _scope(source)
    if box.link_annotation is not None and box.element_tag == "a":
        said = " ".join("".join(source.itertext()).split())
        if said:
            box.link_annotation["Contents"] = pydyf.String(said)


def _inherited_language(element) -> str | None:
    parent = _local.parents.get(element)
    while parent is not None and parent.get("lang") is None:
        parent = _local.parents.get(parent)
    return None if parent is None else parent.get("lang")


def _anchor(element) -> str:
    """The nearest HTML id around `element` (a chapter's slug is unique in the book): what
    makes the /IDs of its tables and notes unique when parts and handouts are joined."""
    while element is not None and not element.get("id"):
        element = _local.parents.get(element)
    return "" if element is None else element.get("id")


def _scope(cell) -> str:
    """Column or Row: the cell's `scope`, else Column for a cell of the head or of a row of
    header cells, Row for a header cell beside data cells."""
    scope = (cell.get("scope") or "").lower()
    if scope in ("row", "rowgroup"):
        return "Row"
    if scope in ("col", "colgroup"):
        return "Column"
    row = _local.parents.get(cell)
    group = _local.parents.get(row) if row is not None else None
    if (group is not None and group.tag == "thead") or all(c.tag == "th" for c in row):
        return "Column"
    return "Row"


# ----------------------------------------------------------------------- text


@contextlib.contextmanager
def _marked(self, box, tag):
    """WeasyPrint's marked content for a box; a line of text whose glyphs do not spell it gets
    /ActualText spans inside it (layout/glyphtext.py)."""
    with _ORIGINAL["marked"](self, box, tag):
        start = len(self.stream)
        yield
        drawn = getattr(_local, "drawn", None)
        runs = drawn.pop(box, None) if drawn is not None else None
        spans = glyphtext.actual_texts(runs) if runs and self._tags is not None else []
        if spans:
            self.stream[start:] = glyphtext.wrap(self.stream[start:], spans, _actual_text)


def _draw_first_line(stream, textbox, *args, **kwargs):
    """WeasyPrint draws a line of text; its runs are read while Pango still holds them."""
    drawn = _ORIGINAL["line"](stream, textbox, *args, **kwargs)
    if _local.drawn is not None:
        _local.drawn[textbox] = _runs(stream, textbox)
    return drawn


def _actual_text(text: str):
    return pydyf.Dictionary({"ActualText": pydyf.String(text)})


def _runs(stream, box) -> list | None:
    """The drawn line's runs for glyphtext.actual_texts (None if a run's font is a bitmap
    font: its glyph codes are one byte)."""
    line, _ = box.pango_layout.get_first_line()
    text = box.pango_layout.text.encode()
    runs, run = [], line.runs[0] if line.runs != ffi.NULL else ffi.NULL
    while run != ffi.NULL:
        item, run = run.data, run.next
        font, _ = stream.add_font(item.item.analysis.font)
        if font.bitmap:
            return None
        texts = glyphtext.font_texts(font.file_content, font.index, font.hash)
        string, glyphs, seen = item.glyphs, [], font.to_unicode
        infos, clusters = string.glyphs, string.log_clusters
        for number in range(string.num_glyphs):
            glyph = infos[number].glyph
            if glyph == EMPTY:
                continue  # WeasyPrint draws nothing for it
            said = texts.get(glyph, ())
            known = "" if glyph & UNKNOWN else said[0] if len(said) == 1 else \
                glyphtext.choose(said, seen.get(glyph))
            glyphs.append((known, clusters[number]))  # a glyphtext.Glyph, made faster
        start = item.item.offset
        runs.append((text[start:start + item.item.length], bool(item.item.analysis.level % 2),
                     glyphs))
    return runs


def _build_fonts_dictionary(pdf, fonts, compress, subset, options):
    """The fonts, each glyph mapped to characters its font says it draws (glyphtext.choose),
    not to the text of the first cluster it took part in."""
    for font in fonts.values():
        if font.bitmap:
            continue
        texts = glyphtext.font_texts(font.file_content, font.index, font.hash)
        for glyph, seen in font.to_unicode.items():
            font.to_unicode[glyph] = glyphtext.choose(texts.get(glyph, ()), seen)
    return _ORIGINAL["fonts"](pdf, fonts, compress, subset, options)
