"""EPUB checks for `book check`: the e-reader rules, read straight from the zip.

Each rule is a function `Epub -> (status, detail)`; `RULES` lists them in table order. They are
what Send to Kindle, Kobo's Adobe engine and Apple Books refuse or break on, and they read the
zip with zipfile and the XML with lxml. EPUBCheck itself is run by check.py.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from book.text import is_language_tag

OK, WARN, FAIL = "OK", "WARN", "FAIL"
"""The three results of a check (checks_pdf and check use these too)."""
MAX_BYTES = 50 * 1024 * 1024
"""Send to Kindle refuses larger files."""

NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
XHTML_TYPE = "application/xhtml+xml"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_DECLARATION = re.compile(rb"<\?xml\s[^>]*?encoding\s*=\s*[\"']utf-8[\"']", re.IGNORECASE)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
KOBO_UNSAFE = re.compile(r"@page\b|@media\b|(?<![\w-])(?:var|calc|min)\s*\(", re.IGNORECASE)
"""What Kobo's Adobe engine rejects, disabling the whole stylesheet."""


def _parser() -> etree.XMLParser:
    """Strict XML, as Apple Books parses XHTML; no DTDs, entities or network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def counted(number: int, word: str) -> str:
    """'1 image', '2 images'."""
    return f"{number} {word}{'' if number == 1 else 's'}"


def listed(names: list[str], more_than: int = 3) -> str:
    """'a, b, c (+2 more)'."""
    shown = ", ".join(names[:more_than])
    return shown + (f" (+{len(names) - more_than} more)" if len(names) > more_than else "")


class Epub:
    """An EPUB opened for reading: its entries, package document and parsed XHTML files."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as archive:  # BadZipFile: the caller reports it
            self.data = {info.filename: archive.read(info) for info in archive.infolist()
                         if not info.is_dir()}
        self.opf_name, self.opf, self.manifest = self._package()

    def _package(self):
        """(OPF name, OPF tree, manifest items as {zip name: (media type, properties)})."""
        try:
            container = etree.fromstring(self.data["META-INF/container.xml"], _parser())
            name = container.xpath("//c:rootfile/@full-path", namespaces=NS)[0]
            opf = etree.fromstring(self.data[name], _parser())
        except (KeyError, IndexError, etree.XMLSyntaxError):
            return None, None, {}
        base = posixpath.dirname(name)
        manifest = {}
        for item in opf.xpath("/opf:package/opf:manifest/opf:item", namespaces=NS):
            target = posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
            manifest[target] = (item.get("media-type", ""), item.get("properties", "").split())
        return name, opf, manifest

    @functools.cached_property
    def xhtml_names(self) -> list[str]:
        """Every XHTML content document: the manifest's, and any other .xhtml/.html entry."""
        names = {n for n, (kind, _) in self.manifest.items() if kind == XHTML_TYPE}
        names |= {n for n in self.data if n.lower().endswith((".xhtml", ".html", ".htm"))}
        return sorted(n for n in names if n in self.data)

    @functools.cached_property
    def trees(self) -> dict[str, etree._Element | etree.XMLSyntaxError]:
        """Each XHTML file parsed as XML, or the error that stopped it."""
        parsed = {}
        for name in self.xhtml_names:
            try:
                parsed[name] = etree.fromstring(self.data[name], _parser())
            except etree.XMLSyntaxError as exc:
                parsed[name] = exc
        return parsed

    def documents(self):
        """(name, tree) for every XHTML file that parsed."""
        return [(n, t) for n, t in self.trees.items() if not isinstance(t, Exception)]

    @functools.cached_property
    def spine(self) -> list[str]:
        """The documents of the spine, in reading order (zip names)."""
        if self.opf is None:
            return []
        ids = {item.get("id"): item.get("href", "") for item in
               self.opf.xpath("/opf:package/opf:manifest/opf:item", namespaces=NS)}
        base = posixpath.dirname(self.opf_name)
        return [posixpath.normpath(posixpath.join(base, unquote(ids.get(ref.get("idref"), ""))))
                for ref in self.opf.xpath("/opf:package/opf:spine/opf:itemref", namespaces=NS)]

    def items_with(self, prop: str) -> list[str]:
        return [name for name, (_, props) in self.manifest.items() if prop in props]

    def nav_lists(self) -> dict[str, etree._Element]:
        """The nav document's <nav> elements by epub:type ('toc', 'landmarks', 'page-list')."""
        navs = self.items_with("nav")
        tree = self.trees.get(navs[0]) if navs else None
        if tree is None or isinstance(tree, Exception):
            return {}
        found = {}
        for nav in tree.iter(f"{{{NS['x']}}}nav"):
            for kind in nav.get(EPUB_TYPE, "").split():
                found.setdefault(kind, nav)
        return found


# -- e-reader rules ---------------------------------------------------------------------------

def xml_declaration(epub: Epub):
    """Kindle: every XHTML file starts with an XML declaration naming UTF-8."""
    bad = [n for n in epub.xhtml_names if not XML_DECLARATION.match(epub.data[n])]
    if bad:
        return FAIL, f"no XML declaration with UTF-8 in {listed(bad)}"
    return OK, counted(len(epub.xhtml_names), "XHTML file")


def language(epub: Epub):
    """Amazon: dc:language present and a BCP 47 tag ('en-US', never 'en_US')."""
    if epub.opf is None:
        return FAIL, "no package document (META-INF/container.xml → OPF)"
    tags = [(t.text or "").strip() for t in epub.opf.xpath("//opf:metadata/dc:language",
                                                           namespaces=NS)]
    if not tags:
        return FAIL, f"no dc:language in {epub.opf_name}"
    bad = [t for t in tags if not is_language_tag(t)]
    if bad:
        return FAIL, f"dc:language {bad[0]!r} is not a BCP 47 tag (e.g. 'en', 'en-US')"
    return OK, ", ".join(tags)


def body_links(epub: Epub):
    """Kindle: no link points at a <body> id."""
    body_ids = {(name, body_id) for name, tree in epub.documents()
                for body_id in tree.xpath("/x:html/x:body/@id", namespaces=NS)}
    links = [(name, href) for name, tree in epub.documents()
             for href in tree.xpath("//x:a/@href | //x:area/@href", namespaces=NS)]
    ncx = [n for n, (kind, _) in epub.manifest.items() if kind == "application/x-dtbncx+xml"]
    for name in ncx:
        try:
            tree = etree.fromstring(epub.data[name], _parser())
        except (KeyError, etree.XMLSyntaxError):
            continue
        links += [(name, src) for src in tree.xpath("//ncx:content/@src", namespaces=NS)]
    bad = []
    for name, href in links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.fragment:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) \
            if parts.path else name
        if (target, unquote(parts.fragment)) in body_ids:
            bad.append(f"{name} → {href}")
    if bad:
        return FAIL, f"links to a <body> id: {listed(bad)}"
    return OK, counted(len(links), "link")


def image_sources(epub: Epub):
    """Kindle: every <img> has a src."""
    bad = [name for name, tree in epub.documents()
           for img in tree.iter(f"{{{NS['x']}}}img") if not (img.get("src") or "").strip()]
    if bad:
        return FAIL, f"<img> without src in {listed(sorted(set(bad)))}"
    count = sum(1 for _, tree in epub.documents() for _ in tree.iter(f"{{{NS['x']}}}img"))
    return OK, counted(count, "image")


def ascii_names(epub: Epub):
    """Kindle: every file name is plain ASCII (printable, no spaces)."""
    bad = [n for n in epub.data if not (n.isascii() and n.isprintable() and " " not in n)]
    if bad:
        return FAIL, f"not plain ASCII: {listed([ascii(n) for n in bad])}"
    return OK, counted(len(epub.data), "file")


def size(epub: Epub):
    """Send to Kindle: under 50 MB."""
    size_bytes = epub.path.stat().st_size
    shown = f"{size_bytes / 1024 / 1024:.1f} MB" if size_bytes >= 1024 * 1024 \
        else f"{size_bytes / 1024:.0f} KB"
    if size_bytes >= MAX_BYTES:
        return FAIL, f"{shown}; Send to Kindle takes at most 50 MB"
    return OK, shown


def well_formed(epub: Epub):
    """Apple Books: every XHTML file is well-formed XML (else it shows an error page)."""
    bad = [(n, t) for n, t in epub.trees.items() if isinstance(t, Exception)]
    if bad:
        name, exc = bad[0]
        more = f" (+{len(bad) - 1} more files)" if len(bad) > 1 else ""
        return FAIL, f"{name}: {exc}{more}"
    return OK, counted(len(epub.trees), "XHTML file")


def stylesheet(epub: Epub):
    """Kobo: no @page, @media, var(), calc() or min() in the stylesheets."""
    sheets = sorted({n for n, (kind, _) in epub.manifest.items() if kind == "text/css"}
                    | {n for n in epub.data if n.lower().endswith(".css")})
    bad = []
    for name in sheets:
        text = CSS_COMMENT.sub("", epub.data.get(name, b"").decode("utf-8", "replace"))
        found = sorted({m.group(0).lower().replace(" ", "") for m in KOBO_UNSAFE.finditer(text)})
        if found:
            bad.append(f"{name} has {', '.join(found)}")
    if bad:
        return FAIL, f"{listed(bad)}: Kobo drops the whole stylesheet"
    return OK, listed(sheets) if sheets else "no stylesheet"


def cover_image(epub: Epub):
    """E-readers' library views: exactly one manifest item marked cover-image."""
    covers = epub.items_with("cover-image")
    if len(covers) != 1:
        return FAIL, f"{len(covers)} items marked cover-image; there must be exactly one"
    return OK, covers[0]


def nav(epub: Epub):
    """The nav document has a toc and landmarks."""
    if not epub.items_with("nav"):
        return FAIL, "no item marked nav in the manifest"
    found = epub.nav_lists()
    missing = [kind for kind in ("toc", "landmarks") if kind not in found]
    if missing:
        return FAIL, f"the nav has no {' or '.join(missing)}"
    counts = {kind: len(found[kind].xpath(".//x:a", namespaces=NS))
              for kind in ("toc", "landmarks")}
    return OK, f"toc ({counts['toc']} entries), landmarks ({counts['landmarks']})"


RULES = (
    ("XML declaration, UTF-8 (Kindle)", xml_declaration),
    ("dc:language, BCP 47 (Amazon)", language),
    ("no links to <body> ids (Kindle)", body_links),
    ("every <img> has src (Kindle)", image_sources),
    ("plain ASCII file names (Kindle)", ascii_names),
    ("under 50 MB (Kindle)", size),
    ("well-formed XHTML (Apple Books)", well_formed),
    ("plain stylesheet (Kobo)", stylesheet),
    ("one cover image", cover_image),
    ("nav: toc and landmarks", nav),
)


def chapter_count(path: Path) -> int | None:
    """Top-level toc entries of the nav, the Sources page left out; None when unreadable."""
    try:
        toc = Epub(path).nav_lists().get("toc")
    except (OSError, zipfile.BadZipFile):
        return None
    if toc is None:
        return None
    entries = [(li.xpath("x:a/@href", namespaces=NS) or [""])[0]
               for li in toc.xpath("x:ol/x:li", namespaces=NS)]
    return sum(1 for href in entries if posixpath.basename(urlsplit(href).path) != "sources.xhtml")
