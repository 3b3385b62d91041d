"""SVG images, made safe: parsed without entities, DTDs or the network, and kept as a drawing.

An SVG file is XML and may carry a program: a DOCTYPE with entities (external ones read local
files, nested ones make a billion laughs), `<script>`, `on*` handlers, `<foreignObject>` with
HTML inside, animations that set a link to `javascript:`, and references (`href`, `url(...)`,
`@import`) to other files or to the network. A book keeps the drawing and none of that (as
Standard Ebooks does: SVG stays SVG):

- parsing: lxml with `resolve_entities=False, no_network=True, load_dtd=False,
  huge_tree=False`; nothing is expanded, loaded or fetched;
- the DOCTYPE, comments, processing instructions and entity references are left out;
- only static SVG elements are kept (shapes, text, gradients, patterns, masks, filters, `use`,
  `a`, `style`): scripts, `foreignObject`, animations and elements of other namespaces (editor
  data, HTML) go, their tail text kept;
- no `on*` attribute; `href`/`xlink:href` only to a fragment of the same file (`#id`), or a
  PNG/JPEG/GIF/WebP `data:` URL for `image`; an attribute or `<style>` with `url(...)` to
  anything but `#id`, `@import`, `javascript:` or `expression(` goes.

`clean(data)` returns the safe bytes and what was removed (the reader names those in a warning
with the article and the file); every output gets `clean_file(path)`, never the file as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from book import caches

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ELEMENTS = frozenset("""
    svg g defs symbol use title desc switch a style view path rect circle ellipse line polyline
    polygon text tspan textPath linearGradient radialGradient stop pattern clipPath mask marker
    image filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
    feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset
    fePointLight feSpecularLighting feSpotLight feTile feTurbulence""".split())
"""SVG elements a static drawing is made of; every other element is left out."""
REFERRING = frozenset({"image", "feImage", "use"})
"""Elements that only show what their href points to."""
KEPT_XML_ATTRIBUTES = frozenset({f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang"})
RASTER_DATA = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z", re.I)
URL = re.compile(r"url\(\s*(['\"]?)\s*([^)'\"]*)", re.I)
UNSAFE = re.compile(r"@import|javascript:|vbscript:|expression\s*\(|behavior\s*:|-moz-binding",
                    re.I)
PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False,
                  "huge_tree": False, "dtd_validation": False, "remove_comments": True,
                  "remove_pis": True}


class UnsafeSVG(ValueError):
    """An SVG file that cannot be read as an SVG drawing (not XML, or not SVG)."""


def clean(data: bytes) -> tuple[bytes, list[str]]:
    """The drawing without anything active or external, and what was removed ("1 DOCTYPE",
    "2 scripts", ...). Raises UnsafeSVG when `data` is not an SVG document."""
    try:
        root = etree.fromstring(data, etree.XMLParser(**PARSER_OPTIONS))
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UnsafeSVG(f"cannot be read safely as XML ({_reason(exc)})") from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise UnsafeSVG("is not an SVG drawing (its root is not <svg> in the SVG namespace)")
    removed: dict[str, int] = {}
    if root.getroottree().docinfo.doctype:
        _count(removed, "DOCTYPE")
    _clean_attributes(root, removed)
    _walk(root, removed)
    etree.cleanup_namespaces(root)
    found = [f"{count} {what}{'' if count == 1 else 's'}" for what, count in removed.items()]
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True), found


@caches.memo
def clean_file(path: Path) -> bytes:
    """The safe bytes of the SVG file at `path` (a regular file the reader accepted); an SVG
    that cannot be read becomes an empty drawing rather than the file as it was."""
    try:
        return clean(path.read_bytes())[0]
    except UnsafeSVG:
        return f'<svg xmlns="{SVG_NS}" width="1" height="1"/>'.encode()


def _walk(parent, removed: dict[str, int]) -> None:
    """Keep, clean and descend into allowed children; drop the others whole."""
    for node in list(parent):
        if _allowed(node, removed):
            _clean_attributes(node, removed)
            _walk(node, removed)
        else:
            _drop(node)


def _allowed(node, removed: dict[str, int]) -> bool:
    """Whether `node` (an element, entity, comment) stays; counts what goes."""
    if not isinstance(node.tag, str):
        if node.tag is etree.Entity:
            _count(removed, "entity reference")
        return False
    name = etree.QName(node)
    if name.localname.lower() == "script":
        _count(removed, "script")
    elif name.localname == "foreignObject":
        _count(removed, "foreignObject element")
    elif name.localname.startswith(("animate", "set")) and name.namespace == SVG_NS:
        _count(removed, "animation")
    elif name.namespace == SVG_NS and name.localname not in ELEMENTS:
        _count(removed, f"<{name.localname}> element")
    elif _unsafe_style(node):
        _count(removed, "unsafe style sheet")
        return False
    elif name.localname in REFERRING and not _safe_href(node):
        _count(removed, "external reference")  # an <image> or <use> with nothing left to show
        return False
    return name.namespace == SVG_NS and name.localname in ELEMENTS


def _unsafe_style(node) -> bool:
    if etree.QName(node).localname != "style":
        return False
    text = "".join(node.itertext())
    return bool(UNSAFE.search(text) or _external_url(text))


def _clean_attributes(node, removed: dict[str, int]) -> None:
    local = etree.QName(node).localname
    for attribute, value in list(node.attrib.items()):
        name = etree.QName(attribute)
        if name.localname.lower().startswith("on"):
            _count(removed, "event handler")
        elif name.localname == "href" and name.namespace in (None, XLINK_NS):
            if _safe_target(local, value):
                continue
            _count(removed, "external reference")
        elif name.namespace is not None and attribute not in KEPT_XML_ATTRIBUTES:
            pass  # editor data (inkscape:, sodipodi:), xml:base: left out without a word
        elif UNSAFE.search(value) or _external_url(value):
            _count(removed, "external reference")
        else:
            continue
        del node.attrib[attribute]


def _safe_href(node) -> bool:
    hrefs = [value for key, value in node.attrib.items()
             if etree.QName(key).localname == "href"
             and etree.QName(key).namespace in (None, XLINK_NS)]
    return bool(hrefs) and all(_safe_target(etree.QName(node).localname, href) for href in hrefs)


def _safe_target(local: str, href: str) -> bool:
    """`#id` in the same file, or a raster `data:` URL drawn by <image>/<feImage>."""
    href = href.strip()
    return href.startswith("#") or (local in ("image", "feImage") and bool(RASTER_DATA.match(href)))


def _external_url(text: str) -> bool:
    """Whether CSS or an attribute value refers with url(...) to anything but `#id`."""
    return any(not target.strip().startswith("#") for _, target in URL.findall(text))


def _drop(node) -> None:
    """Remove `node` and what it holds, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def _count(removed: dict[str, int], what: str) -> None:
    removed[what] = removed.get(what, 0) + 1


def _reason(exc: Exception) -> str:
    """libxml2's message, short: "line 3: Maximum entity amplification factor exceeded"."""
    message = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    message = re.split(r", see xml|, line \d+, column", message.splitlines()[0])[0].rstrip(". ")
    line = getattr(exc, "lineno", None)
    return f"line {line}: {message[:120]}" if line else message[:120]
