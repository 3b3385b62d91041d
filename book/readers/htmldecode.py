"""Decoding a saved web page and parsing it with lxml, without changing its words.

The encoding is chosen as a browser would, in this order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. the charset the page declares in its first bytes (`<meta charset>`, `<meta http-equiv=
   "content-type">`, an XML declaration), with the WHATWG label mapping: "iso-8859-1",
   "latin1" and "us-ascii" mean windows-1252, so bytes 0x80-0x9F are curly quotes, dashes
   and the ellipsis, never C1 control characters. One exception: a page declaring a legacy
   single-byte charset whose bytes are valid UTF-8 with non-ASCII text was re-saved as UTF-8
   (browsers do that) and is read as UTF-8, with a warning;
3. UTF-8 when the bytes are valid UTF-8; else `textfile`'s fallbacks (mixed UTF-8 and
   cp1252, then a charset-normalizer guess preferring cp1252 on ties), with a warning.

Characters XML 1.0 forbids are removed with a warning naming the file and line, both those
written in the file and those a character reference (`&#1;`) makes.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from book.errors import InputError
from book.readers.textfile import (
    BOMS, BINARY_SAMPLE, CONTROL_BYTES, ILLEGAL_XML, NEWLINES, SPACE_LIKE,
    refuse_binary, remove_illegal, bytes_to_str,
)

log = logging.getLogger("book")

PRESCAN_BYTES = 4096
"""How far into the file a charset declaration is looked for (browsers look at 1024 bytes;
saved pages often push the <meta> further down with comments and scripts)."""
DECLARED = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*(?P<meta>[\w.:-]+)"""
    rb"""|^\s*<\?xml\s[^>]*?encoding\s*=\s*["'](?P<xml>[\w.:-]+)""", re.I)
WHATWG_LABELS = {
    # label (lower case) -> Python codec, where the WHATWG Encoding Standard differs from Python
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
                     "ascii", "us-ascii", "windows-1252", "x-cp1252", "cp819", "ibm819"),
                    "cp1252"),
    **dict.fromkeys(("iso-8859-9", "iso8859-9", "latin5", "l5"), "cp1254"),
    **dict.fromkeys(("iso-8859-11", "tis-620"), "cp874"),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk"), "gb18030"),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji"), "cp932"),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987"), "cp949"),
    "big5": "big5hkscs",
    # A declared UTF-16 without a byte-order mark cannot be right: the declaration was read
    # as ASCII. Browsers then use UTF-8.
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be"), "utf-8"),
}
MISPARSED_VOID = ("embed", "source", "track", "wbr", "keygen")
"""HTML5 void elements libxml2's HTML parser reads as containers."""
MAX_DEPTH = 120
"""Elements nested deeper than this are flattened (`_flatten_deep`)."""
WRAPPERS = ("div", "span", "section", "article", "main", "font", "center", "header", "footer",
            "aside", "nav", "blockquote", "ul", "ol", "li", "dl", "dd", "dt", "table", "tbody",
            "thead", "tfoot", "tr", "td", "th", "small", "big", "u", "s", "strike", "label")
SINGLE_BYTE = frozenset({"cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257",
                         "iso8859-2", "iso8859-15", "koi8-r", "mac-roman"})
"""Legacy charsets a page re-saved as UTF-8 may still declare."""


def read_page(path: Path, shown: str) -> str:
    """The page's text: newlines "\\n", no characters XML forbids; spaces untouched."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror}", source=shown) from err
    text = to_text(data, shown)
    return remove_illegal(NEWLINES.sub("\n", text), shown)


def to_text(data: bytes, shown: str) -> str:
    """Decode by BOM, then by the declared charset, then as UTF-8 or by a guess."""
    if any(data.startswith(bom) for bom, _ in BOMS):
        return bytes_to_str(data, shown)
    declared = declared_encoding(data, shown)
    if declared is None:
        return bytes_to_str(data, shown)
    sample = data[:BINARY_SAMPLE]
    refuse_binary(len(sample) - len(sample.translate(None, CONTROL_BYTES)), len(sample), shown)
    if codecs.lookup(declared).name in SINGLE_BYTE and not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            log.warning("%s: declares %s but is UTF-8 (saved again by a browser?); read as "
                        "UTF-8", shown, declared)
            return text
    try:
        # "book-legacy-byte" (textfile.py) keeps the few bytes windows-1252 leaves undefined.
        errors = "book-legacy-byte" if declared == "cp1252" else "strict"
        return data.decode(declared, errors=errors)
    except UnicodeDecodeError:
        log.warning("%s: declares %s but is not valid %s; read by other means", shown, declared,
                    declared)
        return bytes_to_str(data, shown)


def declared_encoding(data: bytes, shown: str) -> str | None:
    """The Python codec for the charset the page declares, or None (unknown ones: a warning)."""
    m = DECLARED.search(data[:PRESCAN_BYTES])
    if not m:
        return None
    label = (m.group("meta") or m.group("xml")).decode("ascii", "replace").strip().lower()
    if label in WHATWG_LABELS:
        return WHATWG_LABELS[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        log.warning("%s: declares an unknown charset '%s'; ignored", shown, label)
        return None


def parse(text: str, shown: str) -> lxml_html.HtmlElement | None:
    """The document tree (comments and processing instructions left out), None when empty."""
    if not text.strip():
        return None
    # huge_tree: libxml2 otherwise drops everything after an element 256 levels deep.
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    try:
        doc = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except etree.ParserError:
        return None
    for error in parser.error_log:
        if "Excessive depth" in error.message:
            log.warning("%s:%d: elements nested too deep for the HTML parser; what follows "
                        "line %d is lost", shown, error.line, error.line)
            break
    _clean_references(doc, shown)  # first: lxml refuses to set text holding them
    _flatten_deep(doc, shown)
    _unnest_void(doc)
    return doc


def _flatten_deep(doc: lxml_html.HtmlElement, shown: str) -> None:
    """Below MAX_DEPTH, wrappers (div, span, section...) are unwrapped, their contents kept:
    the reader walks the tree recursively, and no article nests that deep."""
    depth, deep = 0, []
    for event, el in etree.iterwalk(doc, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if event == "start" and depth == MAX_DEPTH:
            deep.append(el)
    for el in deep:
        etree.strip_tags(el, *WRAPPERS)
        for child in list(el.iterdescendants()):
            if len(list(child.iterancestors())) > 2 * MAX_DEPTH:
                etree.strip_tags(el, "*")  # still too deep: only its text is kept
                break
    if deep:
        log.warning("%s:%s: elements nested more than %d deep; the deeper ones were flattened",
                    shown, deep[0].sourceline or "?", MAX_DEPTH)


def _unnest_void(doc: lxml_html.HtmlElement) -> None:
    """Give back what libxml2 put inside HTML5 void elements it does not know ("<embed>",
    "<source>", "<wbr>"...): everything after them, up to their parent's end."""
    for el in list(doc.iter(*MISPARSED_VOID)):
        parent, children = el.getparent(), list(el)
        if parent is None or not (children or el.text):
            continue
        text, tail = el.text, el.tail
        el.text, el.tail = None, text
        index = parent.index(el)
        for offset, child in enumerate(children, 1):
            parent.insert(index + offset, child)
        last = children[-1] if children else el
        last.tail = (last.tail or "") + (tail or "")


def _clean_references(doc: lxml_html.HtmlElement, shown: str) -> None:
    """Remove forbidden characters that character references made; warn once, with a line."""
    first, count = None, 0
    for el in doc.iter():
        for name in ("text", "tail"):
            value = getattr(el, name)
            if value and ILLEGAL_XML.search(value):
                count += len(ILLEGAL_XML.findall(value))
                first = first or el.sourceline
                setattr(el, name, _strip(value))
        if not isinstance(el.tag, str):
            continue
        for key, value in el.attrib.items():
            if ILLEGAL_XML.search(value):
                count += len(ILLEGAL_XML.findall(value))
                first = first or el.sourceline
                el.set(key, _strip(value))
    if count:
        log.warning("%s:%s: removed %d control character%s not allowed in XML (character "
                    "references)", shown, first or "?", count, "" if count == 1 else "s")


def _strip(value: str) -> str:
    return ILLEGAL_XML.sub(lambda m: " " if m.group() in SPACE_LIKE else "", value)
