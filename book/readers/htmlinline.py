"""Inline HTML → model inlines, and white space collapsed as a browser does.

em/i/cite/dfn/var → Emphasis, strong/b → Strong, code/kbd/samp/tt → Code, a → Link (http,
https and mailto only; other links keep their text; `javascript:`, `vbscript:` and `data:`
links are reported), br → LineBreak, img → Image through `assets.resolve.resolve_image` (its
alt text stands in when the image cannot be used), q → its text in straight quotes (the
typography transform curls them). Footnote references become NoteRef (`htmlnotes`). Any other
element gives its contents.

`tidy` then collapses white space like a browser: runs of HTML white space become one space,
none at the start or end of a block or around a line break, none doubled across elements.
No-break spaces are kept.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from book.assets.resolve import STANDS_IN, resolve_image
from book.model import Code, Emphasis, Inline, LineBreak, Link, NoteRef, Strong, Text
from book.readers.htmlhints import SPACES, is_svg_image, tag_of
from book.readers.htmlpictures import LEFT_OUT, PIXEL_SIZES, image_source, is_icon, stands_alone

log = logging.getLogger("book")

EMPHASIS_TAGS = frozenset({"em", "i", "cite", "dfn", "var"})
STRONG_TAGS = frozenset({"strong", "b"})
CODE_TAGS = frozenset({"code", "kbd", "samp", "tt"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
PERMALINK_TEXTS = frozenset({"#", "¶", "§", "🔗", "link", "permalink", "anchor"})
"""The text of a heading's own anchor link ("¶"): dropped with the link."""


@dataclass
class Context:
    """What a conversion needs: the article, where to name it, the book folder."""

    path: Path
    shown: str
    root: Path
    scripts: list[tuple[int, str]] = field(default_factory=list)
    """(line, scheme) of the `javascript:`, `vbscript:` and `data:` links dropped (reported
    once, at the end)."""


class InlineConverter:
    """Converts phrasing content; `htmlblocks.BlockConverter` adds blocks and footnotes."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.instead = STANDS_IN
        """What the reader does without an image it cannot use (said in the warning)."""

    def inlines(self, el: HtmlElement) -> list[Inline]:
        """The contents of `el` (its text, its children and their tails), untidied."""
        out: list[Inline] = [Text(el.text)] if el.text else []
        for child in el:
            if isinstance(child.tag, str):
                out.extend(self.inline(child))
            if child.tail:
                out.append(Text(child.tail))
        return out

    def inline(self, el: HtmlElement) -> list[Inline]:
        """One element (without its tail)."""
        tag = tag_of(el)
        ref = self.note_ref(el)
        if ref is not None:
            return [ref]
        if tag == "br":
            return [LineBreak()]
        if tag in EMPHASIS_TAGS:
            return [Emphasis(tuple(self.inlines(el)))]
        if tag in STRONG_TAGS:
            return [Strong(tuple(self.inlines(el)))]
        if tag in CODE_TAGS:
            text = SPACES.sub(" ", el.text_content())
            return [Code(text)] if text.strip() else []
        if tag == "a":
            return self.link(el)
        if tag == "img":
            return self.image(el)
        if tag == "svg":
            return self.svg(el)
        if tag == "q":
            return [Text('"'), *self.inlines(el), Text('"')]
        if tag == "math":
            return [Text(el.get("alttext") or el.text_content())]
        return self.inlines(el)

    def note_ref(self, el: HtmlElement) -> NoteRef | None:
        """A footnote reference (overridden by the block converter, which knows the notes)."""
        return None

    def link(self, el: HtmlElement) -> list[Inline]:
        href = re.sub(r"[\t\n\r]", "", (el.get("href") or "").strip())  # as URL parsers do
        children = self.inlines(el)
        if href.startswith("//"):
            href = "https:" + href
        scheme = _scheme(href)
        if scheme in LINK_SCHEMES and len(href) > len(scheme) + 1:
            return [Link(href, tuple(children))]
        if scheme in ("javascript", "vbscript", "data"):
            self.ctx.scripts.append((el.sourceline or 0, scheme))
        elif href.startswith("#") and el.text_content().strip().lower() in PERMALINK_TEXTS:
            return []
        return children

    def svg(self, el: HtmlElement) -> list[Inline]:
        """An inline SVG picture cannot be kept (no markup passes): its name stands in."""
        label = " ".join((el.get("aria-label") or el.findtext("title") or "").split())
        if not is_svg_image(el) or not label:
            return []
        log.warning("%s:%s: inline SVG image '%s' cannot be kept; its title stands in. Hint: "
                    "save it as an .svg file beside the article and refer to it with <img>",
                    self.ctx.shown, el.sourceline or "?", label)
        return [Text(label)]

    def image(self, el: HtmlElement) -> list[Inline]:
        """The Image, else its alt text (resolve_image has said why), else nothing."""
        if {el.get("width", "").strip(), el.get("height", "").strip()} & PIXEL_SIZES:
            return []
        alt = " ".join((el.get("alt") or "").split())
        src = image_source(el)
        if _scheme(src) is None:
            log.warning("%s:%s: image '%s' has a malformed address; its alt text stands in",
                        self.ctx.shown, el.sourceline or "?", src[:80])
            return [Text(alt)] if alt else []
        if is_icon(el, src):
            return [Text(alt)] if alt else []  # an avatar or an icon: not worth a warning
        where = f"{self.ctx.shown}:{el.sourceline}" if el.sourceline else self.ctx.shown
        alone = stands_alone(el)
        instead = self.instead if self.instead != STANDS_IN or not alone else LEFT_OUT
        image = resolve_image(src, self.ctx.path, self.ctx.root, where, alt, instead)
        if image is not None:
            return [image]
        return [Text(alt)] if alt and not alone else []


def _scheme(url: str) -> str | None:
    """The URL's scheme in lower case ("" for a relative one), None for a malformed URL."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return None


# ------------------------------------------------------------------- tidy


def tidy(inlines: list[Inline] | tuple[Inline, ...]) -> tuple[Inline, ...]:
    """White space collapsed as a browser would; empty elements and outer line breaks gone."""
    items = [_collapse(item) for item in inlines]
    state = [True]
    items = _strip_spaces(items, state, forward=True)
    state = [True]
    items = _strip_spaces(items[::-1], state, forward=False)[::-1]
    items = _prune(items)
    while items and isinstance(items[0], LineBreak):
        items = items[1:]
    while items and isinstance(items[-1], LineBreak):
        items = items[:-1]
    return tuple(items)


def is_blank(inlines: tuple[Inline, ...]) -> bool:
    """Nothing to show: only white space (no-break spaces too) and line breaks."""
    return all(isinstance(item, LineBreak) or (isinstance(item, Text) and not item.text.strip())
               for item in inlines)


def _collapse(item: Inline) -> Inline:
    if isinstance(item, Text):
        return Text(SPACES.sub(" ", item.text))
    if isinstance(item, (Emphasis, Strong)):
        return type(item)(tuple(_collapse(child) for child in item.children))
    if isinstance(item, Link):
        return Link(item.href, tuple(_collapse(child) for child in item.children))
    return item


def _strip_spaces(items: list[Inline], space: list[bool], forward: bool) -> list[Inline]:
    """Drop a space where one comes before it (forward) or after it (backward); `space[0]`
    says whether the last text seen ended (began) with a space or a line break."""
    out: list[Inline] = []
    for item in items:
        if isinstance(item, Text):
            text = item.text
            if space[0] and text.startswith(" ") and forward:
                text = text[1:]
            elif space[0] and text.endswith(" ") and not forward:
                text = text[:-1]
            if text:
                space[0] = text.endswith(" ") if forward else text.startswith(" ")
            out.append(Text(text))
        elif isinstance(item, LineBreak):
            space[0] = True
            out.append(item)
        elif isinstance(item, (Emphasis, Strong)):
            children = list(item.children) if forward else list(item.children)[::-1]
            done = _strip_spaces(children, space, forward)
            out.append(type(item)(tuple(done if forward else done[::-1])))
        elif isinstance(item, Link):
            children = list(item.children) if forward else list(item.children)[::-1]
            done = _strip_spaces(children, space, forward)
            out.append(Link(item.href, tuple(done if forward else done[::-1])))
        else:
            space[0] = False
            out.append(item)
    return out


def _prune(items: list[Inline] | tuple[Inline, ...]) -> list[Inline]:
    """Empty texts and elements dropped, neighbouring texts merged."""
    out: list[Inline] = []
    for item in items:
        if isinstance(item, (Emphasis, Strong, Link)):
            children = tuple(_prune(item.children))
            if not children:
                continue
            item = Link(item.href, children) if isinstance(item, Link) else type(item)(children)
        elif isinstance(item, Text):
            if not item.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + item.text)
                continue
        out.append(item)
    return out


def split_at_double_breaks(items: list[Inline]) -> list[list[Inline]]:
    """Text split into paragraphs where two or more line breaks follow one another
    (with only white space between), as old pages separate paragraphs."""
    chunks: list[list[Inline]] = [[]]
    i = 0
    while i < len(items):
        j, breaks = i, 0
        while j < len(items) and (isinstance(items[j], LineBreak) or (
                isinstance(items[j], Text) and not SPACES.sub("", items[j].text))):
            breaks += isinstance(items[j], LineBreak)
            j += 1
        if breaks >= 2:
            chunks.append([])
            i = j
            continue
        chunks[-1].append(items[i])
        i += 1
    return [chunk for chunk in chunks if chunk]


def report_scripts(ctx: Context) -> None:
    """One warning for the `javascript:`, `vbscript:` and `data:` links dropped."""
    if ctx.scripts:
        count = len(ctx.scripts)
        kinds = [f"{kind}:" for kind in dict.fromkeys(k for _, k in ctx.scripts)]
        kinds = " or ".join(filter(None, (", ".join(kinds[:-1]), kinds[-1])))
        log.warning("%s:%d: dropped %d %s link%s (scripts and data never reach the book); "
                    "%s text is kept", ctx.shown, ctx.scripts[0][0], count, kinds,
                    "" if count == 1 else "s", "its" if count == 1 else "their")

