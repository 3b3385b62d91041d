"""Reader for Markdown articles (.md): CommonMark with tables and footnotes, into the model.

markdown-it-py parses the text; this module walks its syntax tree (never its HTML) and builds
blocks and inlines, in this order:

1. decode the file (encodings, BOM, newlines, control characters) without touching spaces:
   indentation and trailing spaces mean something in Markdown;
2. front matter (YAML or TOML) gives the chapter's metadata (`frontmatter.py`);
3. a first-level heading at the top gives the title when the front matter does not;
4. the tree becomes blocks; headings are shifted so that the shallowest becomes level 2;
5. footnote definitions become `Chapter.notes`, in the order of their first reference.

What the model cannot hold safely is dropped with a warning naming the file and line: raw
HTML (comments silently), links that are not http, https or mailto (their text stays),
images that are remote, missing or outside the book folder (their alt text stays).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from book.assets.resolve import resolve_image
from book.model import (
    Block, BlockQuote, Chapter, Code, CodeBlock, Emphasis, Figure, Footnote, Heading, Inline,
    LineBreak, Link, ListBlock, NoteRef, Paragraph, Rule, Source, Strong, Table, TableCell, Text,
)
from book.readers import frontmatter
from book.readers.bidi import clean_metadata
from book.readers.textfile import decode

__all__ = ["read"]

LOGGER = logging.getLogger("book")
FORMAT = "markdown"
LINK_SCHEMES = ("http", "https", "mailto")
"""Links keep their target only with one of these schemes."""
DEEPEST = 4
"""Deeper headings are set at this model level."""
COMMENTS = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.S)
LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
SKIPPED_TAGS = re.compile(r"<(script|style)\b", re.I)
"""Inline elements whose content goes with them (it is code, not words)."""
ALIGN = re.compile(r"text-align:\s*(left|center|right)")


def _parser() -> MarkdownIt:
    # maxNesting: the commonmark preset's 20 silently drops what is nested deeper.
    md = MarkdownIt("commonmark", {"typographer": False, "maxNesting": 100})
    md.enable("table")
    md.use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
    # Every link reaches the walker, which keeps or refuses it with a warning (markdown-it
    # would otherwise leave `[x](javascript:...)` as literal text, without a word).
    md.validateLink = lambda url: True
    return md


PARSER = _parser()


def read(path: Path, shown: str, root: Path | None = None) -> Chapter:
    """Read a Markdown article into a Chapter (empty blocks when it has no body)."""
    front, body = frontmatter.split(decode(path, shown, tidy=False), shown)
    tokens = PARSER.parse(body)
    nodes = list(SyntaxTreeNode(tokens).children)
    title = front.title
    if nodes and nodes[0].type == "heading" and nodes[0].tag == "h1":
        heading = " ".join(_plain(nodes[0]).split())
        if heading and (title is None or heading == title):
            title, nodes = heading, nodes[1:]
    defined = {t.meta["label"] for t in tokens if t.type == "footnote_reference_open"}
    walker = _Walker(path, shown, root or path.parent, defined, _shallowest(nodes))
    blocks = walker.blocks(nodes)
    return clean_metadata(Chapter(
        source=Source(Path(shown), None, FORMAT), blocks=tuple(blocks), title=title,
        kicker=front.kicker, dek=front.dek, author=front.author, date=front.date,
        date_text=front.date_text, language=front.language, notes=walker.notes(),
    ), shown)


def _shallowest(nodes: list[SyntaxTreeNode]) -> int:
    """The shallowest Markdown heading level in `nodes` (2 when there is none)."""
    levels = [int(node.tag[1]) for top in nodes for node in top.walk() if node.type == "heading"]
    return min(levels, default=2)


def _plain(node: SyntaxTreeNode) -> str:
    """The words of a node: text, code and image alt text; no markup, notes or HTML."""
    if node.type in ("text", "text_special", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type in ("html_inline", "footnote_ref"):
        return ""
    return "".join(_plain(child) for child in node.children)


def _tidy(inlines: list[Inline], strip: bool = True) -> tuple[Inline, ...]:
    """Adjacent texts joined, empty ones dropped; spaces at the ends stripped if `strip`."""
    merged: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + inline.text)
        else:
            merged.append(inline)
    if strip and merged and isinstance(merged[0], Text):
        merged[0] = Text(merged[0].text.lstrip())
    if strip and merged and isinstance(merged[-1], Text):
        merged[-1] = Text(merged[-1].text.rstrip())
    return tuple(inline for inline in merged if not (isinstance(inline, Text) and not inline.text))


class _Walker:
    """Turns markdown-it syntax tree nodes into model blocks, collecting footnotes."""

    def __init__(self, path: Path, shown: str, root: Path, defined: set[str], shallowest: int):
        self.path, self.shown, self.root = path, shown, root
        self.defined = defined
        """Labels of every footnote definition in the file."""
        self.shift = shallowest - 2
        self.referenced: list[str] = []
        """Footnote labels in the order of their first reference."""
        self.definitions: dict[str, Footnote] = {}
        self.line = 0
        """The line of the inline being read."""
        self.html_lines: set[int] = set()
        """Lines already warned about for inline HTML."""
        self.skipping: str | None = None
        """The closing tag that ends inline content being dropped (`</script>`)."""
        self.block_rules = {  # node type -> its block (or None)
            "paragraph": self._paragraph, "heading": self._heading,
            "blockquote": self._blockquote, "bullet_list": self._list, "ordered_list": self._list,
            "hr": lambda node: Rule(self.source(node)), "code_block": self._code,
            "fence": self._code, "table": self._table, "html_block": self._html_block,
            "footnote_reference": self._definition,
        }
        self.inline_rules = {  # node type -> its inlines
            "text": _text, "text_special": _text, "code_inline": lambda node: [Code(node.content)],
            "softbreak": self._break, "hardbreak": self._break, "em": self._emphasis,
            "strong": self._emphasis, "link": self._link, "image": self._inline_image,
            "footnote_ref": self._note_ref, "html_inline": self._html_inline,
        }

    # ------------------------------------------------------------ blocks

    def blocks(self, nodes: list[SyntaxTreeNode]) -> list[Block]:
        blocks: list[Block] = []
        for node in nodes:
            rule = self.block_rules.get(node.type)
            if rule is None:
                LOGGER.debug("%s: Markdown block '%s' skipped", self.where(node), node.type)
                continue
            block = rule(node)
            if block is not None:
                blocks.append(block)
        return blocks

    def source(self, node: SyntaxTreeNode) -> Source:
        return Source(Path(self.shown), node.map[0] + 1 if node.map else None, FORMAT)

    def where(self, node: SyntaxTreeNode | None = None) -> str:
        line = node.map[0] + 1 if node is not None and node.map else self.line
        return f"{self.shown}:{line}"

    def _paragraph(self, node: SyntaxTreeNode) -> Block | None:
        (inline,) = node.children
        if len(inline.children) == 1 and inline.children[0].type == "image":
            return self._figure(node, inline.children[0])
        inlines = self.inlines(inline)
        return Paragraph(inlines, self.source(node)) if inlines else None

    def _figure(self, node: SyntaxTreeNode, image: SyntaxTreeNode) -> Block | None:
        """An image alone in its paragraph: a Figure, captioned by its title."""
        self.line = node.map[0] + 1
        alt = " ".join(_plain(image).split())
        found = resolve_image(image.attrs.get("src", ""), self.path, self.root, self.where(), alt)
        if found is not None:
            title = " ".join(str(image.attrs.get("title") or "").split())
            return Figure(found, (Text(title),) if title else (), self.source(node))
        return Paragraph((Text(alt),), self.source(node)) if alt else None

    def _heading(self, node: SyntaxTreeNode) -> Block | None:
        inlines = self.inlines(node.children[0])
        level = min(DEEPEST, max(2, int(node.tag[1]) - self.shift))
        return Heading(level, inlines, self.source(node)) if inlines else None

    def _blockquote(self, node: SyntaxTreeNode) -> Block | None:
        blocks = self.blocks(node.children)
        return BlockQuote(tuple(blocks), self.source(node)) if blocks else None

    def _list(self, node: SyntaxTreeNode) -> Block | None:
        items = tuple(filter(None, (tuple(self.blocks(item.children)) for item in node.children)))
        return ListBlock(node.type == "ordered_list", items, self.source(node)) if items else None

    def _code(self, node: SyntaxTreeNode) -> Block:
        language = node.info.split()[0] if node.info.strip() else None
        return CodeBlock(node.content.rstrip("\n"), language, self.source(node))

    def _table(self, node: SyntaxTreeNode) -> Block:
        rows, head = [], 0
        for section in node.children:
            for row in section.children:
                rows.append(tuple(self._cell(cell) for cell in row.children))
                head += section.type == "thead"
        return Table(tuple(rows), head=head, source=self.source(node))

    def _cell(self, cell: SyntaxTreeNode) -> TableCell:
        align = ALIGN.search(str(cell.attrs.get("style", "")))
        inlines = self.inlines(cell.children[0]) if cell.children else ()
        return TableCell(inlines, header=cell.type == "th", align=align and align.group(1))

    def _html_block(self, node: SyntaxTreeNode) -> None:
        if not COMMENTS.fullmatch(node.content):
            LOGGER.warning("%s: raw HTML dropped: %s. Hint: write it in Markdown; HTML never "
                           "reaches the book", self.where(node), _short(node.content))

    def _definition(self, node: SyntaxTreeNode) -> None:
        """A footnote definition: kept aside for `notes()`, never a block of the body."""
        label = node.meta["label"]
        if label in self.definitions:
            LOGGER.warning("%s: footnote [^%s] is defined twice; the first definition is kept",
                           self.where(node), label)
            return
        self.definitions[label] = Footnote(label, tuple(self.blocks(node.children)),
                                           self.source(node))

    def notes(self) -> tuple[Footnote, ...]:
        """The footnotes in the order of their first reference; unused ones warned about."""
        for label, note in self.definitions.items():
            if label not in self.referenced:
                LOGGER.warning("%s: footnote [^%s] is never referenced; dropped", note.source,
                               label)
        return tuple(self.definitions[label] for label in self.referenced
                     if label in self.definitions)

    # ----------------------------------------------------------- inlines

    def inlines(self, inline: SyntaxTreeNode) -> tuple[Inline, ...]:
        """The inlines of an `inline` node (a paragraph's, a heading's, a cell's text)."""
        self.line, self.skipping = inline.map[0] + 1, None
        return _tidy(self._children(inline))

    def _children(self, node: SyntaxTreeNode) -> list[Inline]:
        inlines: list[Inline] = []
        for child in node.children:
            if self.skipping is not None:
                if child.type == "html_inline" and child.content.lower().startswith(self.skipping):
                    self.skipping = None
                self.line += child.content.count("\n") + (child.type in ("softbreak", "hardbreak"))
                continue
            rule = self.inline_rules.get(child.type)
            inlines.extend(rule(child) if rule else [Text(_plain(child))])
        return inlines

    def _break(self, node: SyntaxTreeNode) -> list[Inline]:
        self.line += 1
        return [LineBreak() if node.type == "hardbreak" else Text(" ")]

    def _emphasis(self, node: SyntaxTreeNode) -> list[Inline]:
        children = _tidy(self._children(node), strip=False)
        if not children:
            return []
        return [Emphasis(children) if node.type == "em" else Strong(children)]

    def _link(self, node: SyntaxTreeNode) -> list[Inline]:
        href, where = str(node.attrs.get("href", "")), self.where()
        children = _tidy(self._children(node), strip=False)
        try:
            scheme = urlsplit(href).scheme.lower()
        except ValueError:
            scheme = ""
        if scheme in LINK_SCHEMES:
            return [Link(href, children)] if children else []
        reason = (f"its scheme '{scheme}:' is not allowed" if scheme
                  else "it is not a web or mail address")
        LOGGER.warning("%s: link '%s' removed (%s); its text is kept. Hint: only http, https "
                       "and mailto links are kept", where, _short(href), reason)
        return list(children)

    def _inline_image(self, node: SyntaxTreeNode) -> list[Inline]:
        alt = " ".join(_plain(node).split())
        image = resolve_image(str(node.attrs.get("src", "")), self.path, self.root, self.where(),
                              alt)
        if image is not None:
            return [image]
        return [Text(alt)] if alt else []

    def _note_ref(self, node: SyntaxTreeNode) -> list[Inline]:
        label = node.meta["label"]
        if label not in self.defined:
            LOGGER.warning("%s: footnote [^%s] has no definition; the marker is kept as text. "
                           "Hint: add a line '[^%s]: the note'", self.where(), label, label)
            return [Text(f"[^{label}]")]
        if label not in self.referenced:
            self.referenced.append(label)
        return [NoteRef(label)]

    def _html_inline(self, node: SyntaxTreeNode) -> list[Inline]:
        tag = node.content
        line = self.line
        self.line += tag.count("\n")
        if tag.startswith("<!--"):
            return []
        if LINE_BREAK_TAG.fullmatch(tag):
            return [LineBreak()]
        skipped = SKIPPED_TAGS.match(tag)
        if skipped:
            self.skipping = f"</{skipped.group(1).lower()}"
        if line not in self.html_lines:
            self.html_lines.add(line)
            kept = " with its content" if skipped else "; its text is kept"
            LOGGER.warning("%s:%d: raw HTML %s dropped%s. Hint: write it in Markdown; HTML "
                           "never reaches the book", self.shown, line, _short(tag), kept)
        return []


def _text(node: SyntaxTreeNode) -> list[Inline]:
    return [Text(node.content)]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
