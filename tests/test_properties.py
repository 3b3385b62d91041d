"""Property-based tests (hypothesis): any article file, however hostile, builds or fails cleanly.

Every generated article is written as *bytes* (encodings, BOMs, lone surrogates, NUL and other
control characters, CR/CRLF, huge unbroken tokens, deep nesting, broken markup, lying charsets).
Whatever it holds, reading, the transforms and the HTML and EPUB writers either succeed with
well-formed outputs or raise a `BookError` naming the file; any other exception is a bug.

In the suite the examples are few and derandomized (reproducible, quick); the long run is

    HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest tests/test_properties.py -k any_

(`FUZZ_EXAMPLES=N` sets its size, 2000 per format by default; longer tokens, deeper nesting;
`FUZZ_LOG=FILE` appends a line per example passed, to watch its progress). Inputs that found bugs are kept,
byte for byte, in tests/fixtures/found/ and built as one book with every output checked.
"""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import tempfile
import zipfile
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree
from lxml import html as lxml_html

from book import config as config_mod
from book import articles, pipeline, transforms
from book.errors import BookError
from book.model import Book, Layout
from book.render import epub, html

from conftest import epubcheck, epubcheck_problems, run_book

FOUND = Path(__file__).parent / "fixtures" / "found"
FILLER = "A filler chapter\n\nIt gives the book some text, so that every error is about the other file.\n"
COVER_PNG = bytes.fromhex(  # 1x1 white PNG: a user cover keeps the fast builds off WeasyPrint
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8"
    "ffff3f0005fe02fedccc59e70000000049454e44ae426082")
TOML = '[book]\ntitle = "Fuzz"\nauthors = ["F. Uzz"]\ncover = "cover.png"\n'

settings.register_profile(
    "suite", deadline=None, derandomize=True, max_examples=25, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "fuzz", deadline=None, max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "suite")
FUZZ = PROFILE == "fuzz"


# --- strategies: characters, words, encodings ---------------------------------------------------

SPECIALS = ("\x00\x01\x07\x08\t\x0b\x0c\x1b\x1f\x7f\x80\x85\x8d\x9f\xa0\xad\u0301\u061c\u200b\u200d"
            "\u200e\u202e\u2066\u2028\u2029\u3000\ufeff\ufffd\ufffe\uffff\ud800\udbff\udc00\udfff"
            "\U0001f600\U0001f1eb\U000e0001\U0010ffff\r\n<>&\"'`*_[]#|\\!:-")
CHARS = st.one_of(st.characters(), st.sampled_from(SPECIALS), st.characters(max_codepoint=0x7f))
"""Any code point, lone surrogates included, with the awkward ones made frequent."""
TEXT = st.text(CHARS, max_size=40)
WORDS = st.lists(st.text(st.characters(categories=("L", "N")), min_size=1, max_size=10),
                 min_size=1, max_size=12).map(" ".join)


@st.composite
def long_tokens(draw) -> str:
    """A very long unbroken token: one short piece repeated (up to 60,000 characters)."""
    piece = draw(st.one_of(st.sampled_from(["x", "é", "漢", "🙂", "a-", "\u00ad", "w\u200b", "ـ",
                                            "&amp;", "<b>", "http://a.b/"]),
                           st.text(CHARS, min_size=1, max_size=4)))
    size = draw(st.integers(500, 60_000 if FUZZ else 20_000))
    return (piece * (size // len(piece) + 1))[:size]


def texts(long: bool = True):
    """Strings for titles, authors and body text: arbitrary, wordy, or one huge token."""
    options = [TEXT, WORDS, TEXT.map(lambda s: s + " words around it " + s)]
    return st.one_of(*options, long_tokens()) if long else st.one_of(*options)


def _mixed(text: str, cut: int) -> bytes:
    """Half UTF-8, half cp1252: a file pasted together from two sources."""
    cut = min(cut, len(text))
    return (text[:cut].encode("utf-8", "surrogatepass")
            + text[cut:].encode("cp1252", "replace"))


def _escaped(text: str) -> bytes:
    """UTF-8 where lone surrogates U+DC80-U+DCFF stand for the raw bytes 0x80-0xFF."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


ENCODERS = {
    "utf-8": lambda t, c: t.encode("utf-8", "surrogatepass"),
    "utf-8-bom": lambda t, c: t.encode("utf-8-sig", "surrogatepass"),
    "utf-8-escape": lambda t, c: _escaped(t),
    "utf-16": lambda t, c: t.encode("utf-16", "surrogatepass"),
    "utf-16-le": lambda t, c: t.encode("utf-16-le", "surrogatepass"),
    "utf-16-be-bom": lambda t, c: b"\xfe\xff" + t.encode("utf-16-be", "surrogatepass"),
    "utf-32": lambda t, c: t.encode("utf-32", "surrogatepass"),
    "cp1252": lambda t, c: t.encode("cp1252", "replace"),
    "latin-1": lambda t, c: t.encode("latin-1", "replace"),
    "shift_jis": lambda t, c: t.encode("shift_jis", "replace"),
    "mixed": _mixed,
}
ENCODING_WEIGHTS = ["utf-8"] * 6 + ["utf-8-bom", "utf-8-escape", "utf-16", "utf-16-le",
                                    "utf-16-be-bom", "utf-32", "cp1252", "latin-1", "shift_jis",
                                    "mixed", "mixed"]


@st.composite
def encoded(draw, text: str) -> bytes:
    """`text` as a file's bytes, in a drawn encoding, sometimes with stray bytes around it."""
    encoding = draw(st.sampled_from(ENCODING_WEIGHTS))
    data = ENCODERS[encoding](text, draw(st.integers(0, max(len(text), 1))))
    if draw(st.integers(0, 9)) == 0:
        data = draw(st.binary(max_size=8)) + data + draw(st.binary(max_size=8))
    return data


# --- plain text ------------------------------------------------------------------------------------

BOILERPLATE = ["Share on Facebook", "ADVERTISEMENT", "5 min read", "Related Articles",
               "Read more:", "Sign up for our newsletter", "Leave a comment", "* * *", "---",
               "Mar 3, 2025", "By Jane Doe | Mar 3, 2025 | 5 min read", "Home > News", ""]


@st.composite
def text_lines(draw) -> str:
    kind = draw(st.sampled_from(["text", "text", "text", "by", "bullet", "number", "boiler",
                                 "markup", "long", "heading"]))
    if kind == "by":
        return "By " + draw(texts())
    if kind == "bullet":
        return draw(st.sampled_from(["- ", "• ", "* ", "– "])) + draw(texts(long=False))
    if kind == "number":
        return f"{draw(st.integers(0, 10**12))}{draw(st.sampled_from(['.', ')']))} " + draw(TEXT)
    if kind == "boiler":
        return draw(st.sampled_from(BOILERPLATE))
    if kind == "markup":
        return draw(st.sampled_from(["<script>alert(1)</script>", "<b>bold</b> &amp; &#0;",
                                     "<!--", "]]>", "{{ x }}", "{% raw %}"])) + draw(TEXT)
    if kind == "long":
        return draw(long_tokens())
    if kind == "heading":
        return draw(WORDS)
    return draw(texts())


@st.composite
def txt_articles(draw) -> bytes:
    lines = [draw(texts()), "", *draw(st.lists(text_lines(), max_size=25))]
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r", "\n\n", "\u2028"]))
    return draw(encoded(newline.join(lines)))


# --- Markdown --------------------------------------------------------------------------------------

SCALARS = st.one_of(texts(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
                    st.sampled_from(["2025-03-03", "2025-13-45", "yesterday", "0000-00-00"]))
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3),
                   st.dictionaries(st.text(max_size=5), SCALARS, max_size=2))
KEYS = st.sampled_from(["title", "author", "date", "language", "kicker", "dek", "tags", "lang",
                        "authors", "title"])


def _toml_value(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string, mostly
    if isinstance(value, bool):
        return str(value).lower()
    if value is None or isinstance(value, dict):
        return '""'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


@st.composite
def front_matter(draw) -> str:
    pairs = draw(st.lists(st.tuples(KEYS, VALUES), max_size=5))
    style = draw(st.sampled_from(["yaml-raw", "yaml-json", "yaml-dump", "toml", "toml-raw", "none",
                                 "broken"]))
    if style == "none":
        return ""
    if style == "broken":
        return draw(st.sampled_from(["---\n", "+++\n", "---\n---\n", "---\n: :\n---\n",
                                     "+++\n= =\n+++\n", "---\n- a\n---\n", "---\n!!python/name:os.system\n---\n",
                                     "---\ntitle: &a [*a]\n---\n", "---\na: *b\n---\n"]))
    if style.startswith("toml"):
        lines = [f"{k} = {_toml_value(v) if style == 'toml' else v}" for k, v in pairs]
        return "+++\n" + "\n".join(lines) + "\n+++\n"
    if style == "yaml-dump":
        import yaml
        body = yaml.safe_dump(dict(pairs), allow_unicode=draw(st.booleans())) if pairs else ""
    elif style == "yaml-json":
        body = "".join(f"{k}: {json.dumps(v, ensure_ascii=draw(st.booleans()))}\n" for k, v in pairs)
    else:
        body = "".join(f"{k}: {v}\n" for k, v in pairs)
    return "---\n" + body + "---\n"


@st.composite
def md_blocks(draw) -> str:
    kind = draw(st.sampled_from(["para", "para", "heading", "list", "quote", "mixed", "table",
                                 "footnote", "code", "html", "link", "long", "inline"]))
    depth = draw(st.integers(1, 400 if FUZZ else 150))
    text = draw(texts(long=False))
    if kind == "heading":
        return "#" * draw(st.integers(1, 7)) + " " + text
    if kind == "list":
        marker = draw(st.sampled_from(["- ", "* ", "1. ", "+ "]))
        indent = len(marker) if marker != "1. " else 3
        return "\n".join(" " * (indent * i) + marker + f"{text} {i}" for i in range(depth))
    if kind == "quote":
        return ">" * depth + " " + text
    if kind == "mixed":
        return "".join(draw(st.sampled_from(["> ", "- ", "1. ", "* "])) for _ in range(depth)) + text
    if kind == "table":
        cols = draw(st.integers(1, 6))
        rows = draw(st.lists(st.lists(TEXT.map(lambda s: s.replace("\n", " ")), min_size=1,
                                      max_size=cols + 1), max_size=5))
        head = "| " + " | ".join(f"h{i}" for i in range(cols)) + " |"
        rule = "|" + "|".join(draw(st.sampled_from(["---", ":--", ":-:", "--:"])) for _ in range(cols)) + "|"
        return "\n".join([head, rule, *("| " + " | ".join(r) + " |" for r in rows)])
    if kind == "footnote":
        label = draw(st.one_of(st.sampled_from(["1", "a", "note"]), TEXT.filter(lambda s: "]" not in s)))
        cites = draw(st.sampled_from(["", f"[^{label}]", "[^other]"]))  # itself, or another
        return (f"{text}[^{label}] and [^{draw(TEXT)}]\n\n[^{label}]: {draw(texts())}{cites}\n"
                f"    {draw(TEXT)}\n\n[^other]: {draw(TEXT)}[^{label}]")
    if kind == "code":
        return "```" + draw(TEXT).replace("\n", "") + "\n" + draw(TEXT) + "\n```"
    if kind == "html":
        return draw(st.sampled_from(["<div>", "<script>x</script>", "<!-- x", "<br/>", "</p>",
                                     "<span style='x'>", "<?php ?>"])) + text
    if kind == "link":
        url = draw(st.one_of(TEXT.map(lambda s: s.replace(")", "").replace(" ", "")),
                             st.sampled_from(["javascript:x", "http://a.b/", "../../etc/passwd",
                                              "/dev/zero", "file:///etc/passwd", "data:,x", "img.png",
                                              "mailto:a@b", "http://[::1"])))
        return f"{draw(st.sampled_from(['', '!']))}[{text}]({url}) <{url}>"
    if kind == "long":
        return draw(long_tokens())
    if kind == "inline":
        return "".join(draw(st.sampled_from(["*", "**", "_", "`", "[", "](", "~~", "\\", "&#0;",
                                             "&#xD800;", "&bogus;", "<", "  \n"])) for _ in range(depth)) + text
    return text


@st.composite
def md_articles(draw) -> bytes:
    head = draw(front_matter())
    title = draw(st.one_of(st.just(""), texts().map(lambda s: "# " + s + "\n\n")))
    blocks = draw(st.lists(md_blocks(), max_size=8))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return draw(encoded((head + title + "\n\n".join(blocks)).replace("\n", newline)))


# --- saved web pages ---------------------------------------------------------------------------------

TAGS = ["p", "div", "span", "em", "strong", "b", "i", "a", "ul", "ol", "li", "table", "tr", "td",
        "th", "blockquote", "pre", "code", "h1", "h2", "h3", "h6", "figure", "figcaption", "img",
        "sup", "br", "hr", "section", "aside", "nav", "header", "footer", "script", "style",
        "iframe", "svg", "math", "template", "noscript", "select", "textarea", "dl", "dt", "dd",
        "article", "main", "html", "body", "head", "title", "meta", "base", "form", "object",
        "xmp", "plaintext", "caption", "colgroup", "ruby", "rt", "wbr", "q", "del", "ins", "x-y"]
ATTRS = ["class", "id", "href", "src", "alt", "style", "onclick", "lang", "dir", "colspan",
         "rowspan", "srcset", "data-src", "content", "name", "property", "charset", "rel",
         "datetime", "title", "role", "itemprop", "xmlns", "xml:lang", "start", "type"]


def _attr_value(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


@st.composite
def attributes(draw) -> str:
    pairs = draw(st.lists(st.tuples(st.one_of(st.sampled_from(ATTRS), TEXT.filter(str.isalpha)),
                                    st.one_of(TEXT, st.sampled_from(["javascript:x", "-1", "0",
                                                                     "99999999999", "../x.png",
                                                                     "data:image/png;base64,xx"]))),
                          max_size=3))
    return "".join(f' {name}="{_attr_value(value)}"' for name, value in pairs)


@st.composite
def html_pieces(draw) -> str:
    kind = draw(st.sampled_from(["text", "text", "element", "element", "deep", "broken", "entity",
                                 "long", "list", "table"]))
    text = draw(texts(long=False)).replace("<", "&lt;") if draw(st.booleans()) else draw(TEXT)
    if kind == "element":
        tag = draw(st.sampled_from(TAGS))
        close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</p>"]))
        return f"<{tag}{draw(attributes())}>{text}{close}"
    if kind == "deep":
        depth = draw(st.integers(10, 5000 if FUZZ else 2000))
        tag = draw(st.sampled_from(["div", "span", "blockquote", "ul><li", "em", "table><tr><td",
                                    "section", "b", "ol><li", "p"]))
        opening, closing = f"<{tag}>", "".join(f"</{t}>" for t in reversed(tag.split("><")))
        closed = draw(st.integers(0, depth))
        return opening * depth + text + closing * closed
    if kind == "broken":
        return draw(st.sampled_from(["<p", "</div", "<!--", "<![CDATA[", "<a href=", "<<>>", "</>",
                                     "<p <p>", "<?xml?>", "<!DOCTYPE x>", '<img src="', "&"])) + text
    if kind == "entity":
        return draw(st.sampled_from(["&#0;", "&#xD800;", "&#x110000;", "&bogus;", "&#128512;",
                                     "&nbsp;", "&#x1b;", "&#128;", "&#65534;"])) + text
    if kind == "long":
        return draw(long_tokens())
    if kind == "list":
        return "<ul>" + "".join(f"<li>{draw(TEXT)}" for _ in range(draw(st.integers(0, 6)))) + "</ul>"
    if kind == "table":
        cells = "".join(f"<td{draw(attributes())}>{draw(TEXT)}</td>" for _ in range(draw(st.integers(0, 4))))
        return f"<table><tr>{cells}</tr><tr><th colspan={draw(st.integers(-5, 10**6))}>{text}</table>"
    return f"<p>{text}</p>"


@st.composite
def html_articles(draw) -> bytes:
    charset = draw(st.sampled_from(["utf-8", "iso-8859-1", "windows-1252", "utf-16", "shift_jis",
                                    "bogus", "x-user-defined", "utf-7", "", "UTF-32", "latin1"]))
    title, author = (draw(texts()).replace("<", "&lt;") for _ in range(2))
    meta = "".join([
        f'<meta charset="{charset}">' if draw(st.booleans()) else
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{title}</title>",
        f'<meta name="author" content="{_attr_value(author)}">' if draw(st.booleans()) else "",
        f'<meta property="og:title" content="{_attr_value(draw(TEXT))}">' if draw(st.booleans()) else "",
        f'<meta property="article:published_time" content="{_attr_value(draw(TEXT))}">'
        if draw(st.booleans()) else "",
        '<script type="application/ld+json">' + draw(st.one_of(
            TEXT, st.integers(1, 20_000).map(lambda n: "[" * n + '{"headline": "x"}'),
            st.dictionaries(st.sampled_from(["@type", "headline", "author", "datePublished",
                                                   "name", "@graph"]),
                                  VALUES, max_size=4).map(json.dumps))) + "</script>"
        if draw(st.booleans()) else "",
    ])
    wrapper = draw(st.sampled_from(["article", "main", "div", "body", ""]))
    body = "".join(draw(st.lists(html_pieces(), max_size=12)))
    if wrapper:
        body = f"<{wrapper}{draw(attributes())}><h1>{title}</h1>{body}</{wrapper}>"
    lang = _attr_value(draw(st.one_of(st.sampled_from(["en", "fr", "ar", "he", "en_US", "xx-ZZ", ""]),
                                      TEXT)))
    page = f'<!DOCTYPE html><html lang="{lang}"><head>{meta}</head><body>{body}</body></html>'
    if draw(st.integers(0, 4)) == 0:
        page = page.replace("</body></html>", "")
    return draw(encoded(page))


ARTICLES = {"txt": txt_articles(), "md": md_articles(), "html": html_articles()}


# --- building in-process, and the checks --------------------------------------------------------

def write_book(root: Path, articles: dict[str, bytes]) -> Path:
    """A book folder: the filler chapter, the articles, a user cover (fast) and a book.toml."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "chapters").mkdir(parents=True)
    (root / "chapters" / "00-filler.txt").write_text(FILLER, encoding="utf-8")
    for name, data in articles.items():
        (root / "chapters" / name).write_bytes(data)
    (root / "cover.png").write_bytes(COVER_PNG)
    (root / "book.toml").write_text(TOML, encoding="utf-8")
    return root


def build_html_epub(root: Path, out: Path) -> None:
    """The pipeline's own steps, in-process: read, transform, write book.html and book.epub
    (the EPUB without print page numbers, which would lay out the PDF)."""
    config = config_mod.load(root)
    chapters = articles.read_chapters(root, config)
    book = Book(meta=pipeline.book_meta(root, config, chapters), chapters=chapters, root=root,
                layout=Layout())
    book = transforms.apply_all(book)
    out.mkdir(parents=True, exist_ok=True)
    html.write_html(book, out / "book.html", pipeline.STYLES)
    epub.write_epub(book, out / "book.epub", pipeline.STYLES)


def check_epub(path: Path) -> int:
    """Every XML file of the EPUB is well-formed and every spine item is in it; → chapter count."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[0] == "mimetype"
        for name in names:
            if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                etree.fromstring(archive.read(name))  # raises on any well-formedness error
        opf_name = next(n for n in names if n.endswith(".opf"))
        opf = etree.fromstring(archive.read(opf_name))
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:manifest/opf:item", ns)}
    spine = [hrefs[ref.get("idref")] for ref in opf.iterfind(".//opf:spine/opf:itemref", ns)]
    base = opf_name.rpartition("/")[0]
    for href in spine:
        assert f"{base}/{href}" in names, href
    return len(spine)


def check_html(path: Path) -> None:
    """book.html parses, has a body, and holds no character XML forbids."""
    text = path.read_text(encoding="utf-8")
    document = lxml_html.document_fromstring(text)
    assert document.find("body") is not None
    forbidden = [ch for ch in text if ch in "\x00\ufffe\uffff" or "\ud800" <= ch <= "\udfff"
                 or (ch < " " and ch not in "\t\n\r")]
    assert not forbidden, forbidden[:5]


def build_and_check(name: str, data: bytes, must_build: bool = False) -> None:
    """The property: a clean build with well-formed outputs, or a BookError naming the file
    (with `must_build`, only the build)."""
    with tempfile.TemporaryDirectory(prefix="prop-") as tmp:
        root = write_book(Path(tmp) / "book", {name: data})
        try:
            build_html_epub(root, Path(tmp) / "out")
        except BookError as exc:
            message = str(exc)
            assert not must_build, message
            assert f"chapters/{name}" in message, f"the error does not name the file: {message}"
            assert len(message) < 2000 and "Traceback" not in message, message
            return
        check_html(Path(tmp) / "out" / "book.html")
        assert check_epub(Path(tmp) / "out" / "book.epub") >= 2


@pytest.fixture(autouse=True)
def _quiet():
    """Warnings are expected by the thousand: keep them out of the captured log."""
    logger = logging.getLogger("book")
    level, logger.level = logger.level, logging.ERROR
    yield
    logger.setLevel(level)


def _property(fmt: str):
    @settings(settings.get_profile(PROFILE))
    @given(data=ARTICLES[fmt])
    def test(data: bytes) -> None:
        build_and_check(f"article.{fmt}", data)
        if os.environ.get("FUZZ_LOG"):  # a long run's progress: one line per example
            with open(os.environ["FUZZ_LOG"], "a", encoding="utf-8") as log:
                log.write(f"{fmt} {len(data)}\n")
    test.__name__ = f"test_any_{fmt}_article_builds_or_fails_cleanly"
    return test


test_any_txt_article_builds_or_fails_cleanly = _property("txt")
test_any_md_article_builds_or_fails_cleanly = _property("md")
test_any_html_article_builds_or_fails_cleanly = _property("html")


# --- the combined full build: hostile examples and every found fixture, one book ---------------

def hostile_articles() -> dict[str, bytes]:
    """A bounded, fixed set of articles, one per kind of trouble the strategies draw."""
    rng = random.Random(7)
    noise = "".join(chr(rng.choice([rng.randrange(0x20, 0x2FFFF)] * 30 + [
        rng.randrange(0, 0x20), rng.randrange(0x7F, 0xA0), rng.randrange(0xD800, 0xE000)]))
        for _ in range(400))  # controls rare enough for the file not to look binary
    token = "é" * 8_000  # 50,000 in the in-process properties; in a PDF, seconds per thousand
    return {
        "h01-controls.txt": ("Control \x00char\x01acters \x1b[31m and C1 \x85\x9f\r\n\r\nBy Nul\x00 "
                             "Author\r\n\r\nA body line with \x07 bell, \x0b vtab, \x0c feed and "
                             "\u202eoverride\u202c, \u200b zero-width.\r").encode("utf-8"),
        "h02-surrogates.txt": ("Lone \ud800 surrogates \udfff here\n\nBy \udc80 Escaped\n\n"
                               f"{noise}\n").encode("utf-8", "surrogatepass"),
        "h03-utf16.txt": ("UTF-16 with a BOM\n\nBy Zoë\n\nA paragraph \ud83d alone.\n\u2028Next line.\n"
                          ).encode("utf-16", "surrogatepass"),
        "h04-mixed.txt": ("Café au lait, pasted\n\n".encode() + "Naïve – “quoted” text\n".encode("cp1252")
                          + "Ünïcödé again\n".encode()),
        "h05-long-token.txt": f"A very long word\n\nBefore {token} after.\n\n{'x' * 6_000}\n".encode(),
        "h06-deep.md": ("---\ntitle: \"Deep \\u0000 \\ud800 nesting\"\nauthor: [\"A\", 1, null]\n---\n\n"
                        + "\n".join("  " * i + f"- item {i}" for i in range(300)) + "\n\n"
                        + ">" * 300 + " deep quote\n\n| a | b |\n|---|--:|\n| \x00 | " + "x" * 5000
                        + " |\n\nA note[^n].\n\n[^n]: The note \x01 text.\n").encode("utf-8"),
        "h07-toml.md": ("+++\ntitle = \"TOML \\u202e title\"\nauthor = \"Ãuthor \\t tab\"\n"
                        "date = 2025-03-03\n+++\n\n# Heading *not* title\n\n"
                        + "*" * 500 + "text" + "_" * 500 + "\n\n```\n\x00code\n```\n").encode("utf-8-sig"),
        "h08-deep.html": ('<!DOCTYPE html><html lang="en_US"><head><meta charset="utf-16">'
                          "<title>Deep \x00 page</title><meta name=\"author\" content=\"&#0; Nobody\">"
                          "</head><body><article><h1>Deep page</h1>" + "<div>" * 3000 + "<p>Deep text"
                          + "</div>" * 1000 + "<p onclick=x style=y>Broken <b><i>tags</b></i> <a href="
                          + "<table><tr><td colspan=-1 rowspan=99999999>&#xD800; &#x110000; &bogus;</td>"
                          "</tr></table><script>alert(1)</script></article>").encode("utf-8"),
        "h09-charset-lie.html": ('<html><head><meta charset="shift_jis"><title>Charset lie</title></head>'
                                 "<body><main><p>Naïve café – text that is not Shift_JIS "
                                 + "ü" * 2000 + "</p></main></body></html>").encode("cp1252"),
        "h10-noise.html": (f"<html><body><article><h1>{noise[:80]}</h1><p>{noise}</p>"
                           f"<ul>{'<li>' * 500}x</ul></article></body></html>").encode("utf-8", "surrogatepass"),
    }


def found_fixtures() -> dict[str, bytes]:
    """The inputs that found bugs, exact bytes (tests/fixtures/found/)."""
    if not FOUND.is_dir():
        return {}
    return {path.name: path.read_bytes() for path in sorted(FOUND.iterdir()) if path.is_file()}


@pytest.mark.parametrize("name", sorted(found_fixtures()))
def test_found_fixture_builds_or_fails_cleanly(name):
    """Each input that once crashed a reader, a transform or a writer, or failed a build the
    README promises, now builds (in-process; `refused-*` files must fail with a clear message)."""
    build_and_check(name, found_fixtures()[name], must_build=not name.startswith("refused-"))


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    """One full build (html, pdf, epub) by the CLI of every hostile article and found fixture."""
    root = write_book(tmp_path_factory.mktemp("hostile") / "book",
                      {**hostile_articles(), **found_fixtures()})
    (root / "book.toml").write_text('[book]\ntitle = "Hostile \\u202e articles"\n', encoding="utf-8")
    done = run_book("build", str(root), "-f", "html,pdf,epub")
    return root, done


def test_hostile_book_builds_with_valid_outputs(hostile_book):
    root, done = hostile_book
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    out = root / "build"
    check_html(out / "book.html")
    chapters = check_epub(out / "book.epub")
    assert chapters >= len(hostile_articles())
    with pikepdf.open(out / "book.pdf") as pdf:
        assert len(pdf.pages) > 10
        assert pdf.open_metadata().get("dc:title") is not None
    problems = epubcheck_problems(epubcheck(out / "book.epub"))
    assert not [p for p in problems if p.startswith(("FATAL", "ERROR"))], problems
