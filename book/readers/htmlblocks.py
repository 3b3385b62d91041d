"""The article's elements → model blocks, and its footnotes → `Footnote`s.

Flow content is read as a browser lays it out: text and inline elements between blocks form
a paragraph (two line breaks in a row start a new one), and an inline element wrapping blocks
(a link around a teaser card) is read as a block. Then:

- h1/h2 → level 2, h3 → 3, h4-h6 → 4 (the title's h1 is gone already, `htmlmeta`);
- p → Paragraph; a paragraph holding only images → one Figure each;
- ul/ol → ListBlock (nested lists inside items), dl → paragraphs;
- blockquote → BlockQuote; pre → CodeBlock (language from "language-x" classes);
- table → Table, or the blocks of a layout table's cells (`htmltables`);
- figure → Figure(s) with the figcaption as caption; a figure without an image (a quotation,
  a table) gives its blocks, the caption after them or as the table's caption; a figure
  whose picture the book cannot show (remote, missing, never saved) goes with its caption;
- hr → Rule.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from book.model import (
    Block, BlockQuote, CodeBlock, Figure, Footnote, Heading, Image, Inline, Link, ListBlock,
    NoteRef, Paragraph, Rule, Source, Strong, Table, Text, plain_text,
)
from book.readers.htmlhints import BLOCK_TAGS, tag_of
from book.readers.htmlinline import (
    Context, InlineConverter, is_blank, split_at_double_breaks, tidy,
)
from book.readers.htmlnotes import Notes
from book.readers.htmltables import table

HEADING_LEVELS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
PRE_TAGS = frozenset({"pre", "listing", "xmp", "plaintext"})
LANGUAGE_CLASS = re.compile(r"^(?:language|lang|highlight-source)-(?P<lang>[\w+#.-]+)$")
"""A code block's language in its class ("language-python": Prism, highlight.js, Pandoc)."""
FIGURE_LEFT_OUT = "the figure is left out, with its caption"


class BlockConverter(InlineConverter):
    """Converts flow content to blocks; footnotes are converted at their first reference."""

    def __init__(self, ctx: Context, notes: Notes, source: Source) -> None:
        super().__init__(ctx)
        self.notes = notes
        self.source = source
        self.footnotes: list[Footnote] = []
        self.converting: set[HtmlElement] = set()

    def at(self, el: HtmlElement) -> Source:
        return self.source.at(el.sourceline)

    # -------------------------------------------------------------- flow

    def blocks(self, el: HtmlElement) -> list[Block]:
        """The blocks of `el`'s contents, read as flow content."""
        out: list[Block] = []
        pending: list[Inline] = []
        line = [None]

        def add(items: list[Inline], at: int | None) -> None:
            if items:
                if line[0] is None and not is_blank(tidy(items)):
                    line[0] = at
                pending.extend(items)

        def flush() -> None:
            for chunk in split_at_double_breaks(pending):
                out.extend(self.paragraph(tidy(chunk), line[0] or el.sourceline))
            pending.clear()
            line[0] = None

        add([Text(el.text)] if el.text else [], el.sourceline)
        for child in el:
            if isinstance(child.tag, str):
                if self.is_block(child):
                    flush()
                    out.extend(self.block(child))
                else:
                    add(self.inline(child), child.sourceline)
            add([Text(child.tail)] if child.tail else [], child.sourceline)
        flush()
        return out

    def is_block(self, el: HtmlElement) -> bool:
        """A block, or an inline element wrapping blocks (not a footnote reference)."""
        if tag_of(el) in BLOCK_TAGS:
            return True
        return el not in self.notes.refs and any(tag_of(d) in BLOCK_TAGS
                                                  for d in el.iterdescendants())

    def paragraph(self, inlines: tuple[Inline, ...], line: int | None) -> list[Block]:
        """A Paragraph, or Figures for images standing alone; nothing when blank."""
        if is_blank(inlines):
            return []
        source = self.source.at(line)
        images = [_lone_image(item) for item in inlines]
        if all(image is not None or (isinstance(item, Text) and not item.text.strip())
               for item, image in zip(inlines, images)):
            return [Figure(image, (), source) for image in images if image is not None]
        return [Paragraph(inlines, source)]

    def block(self, el: HtmlElement) -> list[Block]:
        tag = tag_of(el)
        if tag in HEADING_LEVELS:
            inlines = tidy(self.inlines(el))
            if is_blank(inlines):
                return []
            return [Heading(HEADING_LEVELS[tag], inlines, self.at(el))]
        if tag in LIST_TAGS:
            return self.list_block(el)
        if tag == "blockquote":
            blocks = self.blocks(el)
            return [BlockQuote(tuple(blocks), self.at(el))] if blocks else []
        if tag in PRE_TAGS:
            return self.code_block(el)
        if tag == "table":
            return table(self, el)
        if tag == "figure":
            return self.figure(el)
        if tag == "hr":
            return [Rule(self.at(el))]
        if tag == "dt":
            inlines = tidy(self.inlines(el))
            return [] if is_blank(inlines) else [Paragraph((Strong(inlines),), self.at(el))]
        return self.blocks(el)

    # ------------------------------------------------------------ blocks

    def list_block(self, el: HtmlElement) -> list[Block]:
        """A ListBlock; anything but an li directly inside (a nested list, as sloppy pages
        write it) belongs to the item before it."""
        items: list[list[Block]] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if tag_of(child) == "li":
                items.append(self.blocks(child))
                continue
            if self.is_block(child):
                blocks = self.block(child)
            else:
                blocks = self.paragraph(tidy(self.inline(child)), child.sourceline)
            if items:
                items[-1].extend(blocks)
            else:
                items.append(blocks)
        items = [item for item in items if item]
        if not items:
            return []
        return [ListBlock(tag_of(el) == "ol", tuple(tuple(item) for item in items), self.at(el))]

    def code_block(self, el: HtmlElement) -> list[Block]:
        text = _pre_text(el)
        text = text[1:] if text.startswith("\n") else text
        text = text.rstrip("\n")
        if not text.strip():
            return []
        return [CodeBlock(text, _language(el), self.at(el))]

    def figure(self, el: HtmlElement) -> list[Block]:
        caption_el = next((c for c in el.iter("figcaption")), None)
        caption: tuple[Inline, ...] = ()
        if caption_el is not None:
            caption = tidy(self.inlines(caption_el))
            caption_el.drop_tree()
        alts = {" ".join((img.get("alt") or "").split()) for img in el.iter("img")} - {""}
        pictures = el.find(".//img") is not None
        self.instead, before = FIGURE_LEFT_OUT if pictures else self.instead, self.instead
        try:
            blocks = self.blocks(el)
        finally:
            self.instead = before
        figures = [i for i, b in enumerate(blocks) if isinstance(b, Figure)]
        if figures and caption:
            last = blocks[figures[-1]]
            blocks[figures[-1]] = Figure(last.image, caption, last.source)
            return blocks
        if figures:
            return blocks
        # No usable image: its alt text and caption describe a picture the book cannot show;
        # a figure of nothing but short text is one too (its picture was loaded by a script).
        alts.add(plain_text(caption).strip())
        blocks = [b for b in blocks
                  if not (isinstance(b, Paragraph) and plain_text(b.inlines).strip() in alts)]
        if not any(isinstance(b, (Table, BlockQuote, CodeBlock, ListBlock)) for b in blocks):
            return []
        if not caption:
            return blocks
        if blocks and isinstance(blocks[-1], Table) and not blocks[-1].caption:
            last = blocks[-1]
            return [*blocks[:-1], Table(last.rows, last.head, caption, last.source)]
        if blocks and isinstance(blocks[-1], BlockQuote):
            quote = blocks[-1]
            return [*blocks[:-1], BlockQuote((*quote.blocks, Paragraph(caption, self.at(el))),
                                             quote.source)]
        return [*blocks, Paragraph(caption, self.at(el))]

    # ---------------------------------------------------------- footnotes

    def note_ref(self, el: HtmlElement) -> NoteRef | None:
        """The NoteRef of a footnote reference; its note is converted at the first one."""
        note = self.notes.refs.get(el)
        if note is None or note in self.converting:
            return None
        label = self.notes.ids[note]
        if not any(f.id == label for f in self.footnotes):
            self.converting.add(note)
            blocks = self.blocks(note)
            self.converting.discard(note)
            if not blocks:
                return None
            self.footnotes.append(Footnote(label, tuple(blocks), self.at(note)))
        return NoteRef(label)


def _lone_image(item: Inline) -> Image | None:
    """An image, or a link around nothing but an image (its link is no use in print)."""
    if isinstance(item, Image):
        return item
    if isinstance(item, Link):
        parts = [child for child in item.children
                 if not (isinstance(child, Text) and not child.text.strip())]
        return parts[0] if len(parts) == 1 and isinstance(parts[0], Image) else None
    return None


def _pre_text(el: HtmlElement) -> str:
    """Preformatted text exactly as written; <br> is a newline."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append("\n" if tag_of(child) == "br" else _pre_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _language(el: HtmlElement) -> str | None:
    code = el.find("code")
    for node in (el, code) if code is not None else (el,):
        for name in (node.get("class") or "").split():
            m = LANGUAGE_CLASS.match(name)
            if m:
                return m.group("lang").lower()
        if node.get("data-lang"):
            return node.get("data-lang").strip().lower() or None
    return None
