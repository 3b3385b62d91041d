"""The extraction libraries, behind one door: which text of a saved page each of them takes
for the article.

trafilatura (2.x) and readability-lxml (0.8, 0.9) are asked, each on the page's decoded text,
never with an address: neither fetches anything (`tests/test_offline.py`, and
`tests/test_html_libraries.py` watches them for sockets and written files). Each answer is
its article as *segments*: the texts of its blocks (paragraphs, headings, list items, table
cells), in order. Nothing of their markup reaches the book: `htmlvote` only compares these
texts with the page's own elements, which the reader then converts itself.

A library that is missing, fails or finds nothing gives no answer (None); the reader then
does without it. No other module imports these libraries.
"""

from __future__ import annotations

import logging
import warnings

from lxml import etree
from lxml import html as lxml_html

log = logging.getLogger("book")

LIBRARIES = ("trafilatura", "readability")
"""The libraries asked, in this order."""
TRAFILATURA_BLOCKS = frozenset({"body", "div", "p", "head", "list", "item", "table", "row",
                                "cell", "quote", "code", "graphic", "figure", "caption"})
"""trafilatura's XML elements that are blocks (hi, ref, lb and del are inline)."""
HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "caption",
})


def segments(page: str) -> dict[str, list[str] | None]:
    """Each library's article, as the texts of its blocks (None: no answer)."""
    return {"trafilatura": _quietly(_trafilatura, page),
            "readability": _quietly(_readability, page)}


def _quietly(ask, page: str) -> list[str] | None:
    """A library's answer; its failure (or its absence) is no answer, said at debug level."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = ask(page)
    except ImportError as err:
        log.debug("extraction library not available: %s", err)
        return None
    except Exception as err:  # noqa: BLE001 - a library's bug must not fail the book
        log.debug("extraction library failed: %r", err)
        return None
    return found or None


def _trafilatura(page: str) -> list[str]:
    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    document = trafilatura.bare_extraction(
        page, favor_precision=True, include_comments=False, include_tables=True,
        include_images=False, with_metadata=False, deduplicate=False)
    body = getattr(document, "body", None)
    return [] if body is None else block_texts(body, TRAFILATURA_BLOCKS)


def _readability(page: str) -> list[str]:
    from readability import Document

    logging.getLogger("readability").setLevel(logging.CRITICAL)
    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)
    summary = Document(page).summary(html_partial=True)
    if not summary or not summary.strip():
        return []
    root = lxml_html.fragment_fromstring(summary, create_parent="div")
    return block_texts(root, HTML_BLOCKS)


def block_texts(root: etree._Element, blocks: frozenset[str]) -> list[str]:
    """The text each block holds itself (its inline content, not its blocks'), in order."""
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        own: list[str] = [el.text or ""]
        for child in el:
            if not isinstance(child.tag, str):
                own.append(child.tail or "")
                continue
            if etree.QName(child).localname.lower() in blocks:
                _flush(own, out)
                walk(child)
                own = [child.tail or ""]
            else:
                own.append(" ".join(child.itertext()))
                own.append(child.tail or "")
        _flush(own, out)

    walk(root)
    return out


def _flush(pieces: list[str], out: list[str]) -> None:
    text = " ".join(" ".join(pieces).split())
    if text:
        out.append(text)
