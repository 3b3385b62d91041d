"""The book's PDF put together from its parts (render/parts.py), as one tagged document.

It is put together in two steps. The body (every chapter and the Sources) comes first, each
part as soon as it and those before it are written: the front matter is laid out last (its
Contents needs the chapters' page numbers), and the body is joined meanwhile. The first chapter's PDF is the base; each later
part's pages are appended (a blank page first where the part must start on a right-hand page),
and so are

- its structure tree, its parent-tree keys and its IDs (render/structjoin.py);
- its named destinations (the anchors of its headings and notes), in one sorted name tree;
- its outline entries, pointing at the same pages in the book.

Then the front matter goes in front, in the same way, and its document-level entries (title,
language, XMP, the PDF/UA or PDF/A declaration, viewer preferences) become the book's.

The Contents' links were written to `parts.LINK#slug` (the chapters were not in the front
matter's document); they become links to the named destination `slug`.
"""

from __future__ import annotations

import datetime
from contextlib import ExitStack
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation, String

from book.outputs import atomic_path
from book.render.fontjoin import join_fonts
from book.render.impose import _add_blank_like, _save, blank_like
from book.render.structjoin import StructureJoin

_STRUCTURE = {"/Type", "/Pages", "/StructTreeRoot", "/Names", "/Outlines", "/Dests"}
"""Catalog entries made from every part; the front matter's other entries are the book's."""


class Assembly:
    """The book's PDF, its body joined first (`body`), the front matter put in front last
    (`finish`)."""

    def __init__(self, cache: Path, link_prefix: str) -> None:
        self.cache, self.link_prefix = cache, link_prefix
        self.stack = ExitStack()
        self.out = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        self.stack.close()  # the parts' PDFs, whatever happened
        return False

    def body(self, parts) -> None:
        """Join the chapters and the Sources (in reading order, each with `.first`)."""
        for part in parts:
            self.add(part)

    def add(self, part) -> None:
        """Join the next part of the body (each with `.first`), in reading order: the parts
        are joined as they are written, while the workers lay out the later ones."""
        if self.out is None:  # the first chapter's PDF is the base
            out = self.stack.enter_context(pikepdf.open(part.pdf(self.cache)))
            self.out, self.before = out, part.first - 1  # the book's pages before the body
            self.structure = StructureJoin(out)
            self.dests = _named_dests(out, out)
            self.outline = [_outline_items(out, out, item, 0) for item in _top_items(out)]
            self.versions = [out.pdf_version]
            return
        out = self.out
        source = self.stack.enter_context(pikepdf.open(part.pdf(self.cache)))
        while self.before + len(out.pages) < part.first - 1:  # a blank verso before it
            _add_blank_like(out, out.pages[-1])
        base = len(out.pages)
        out.pages.extend(source.pages)
        self._join(source, range(base, len(out.pages)), base, at=None)

    def finish(self, front, target: Path,
               dates: tuple[datetime.datetime, datetime.datetime] | None = None) -> None:
        """Put the front matter in front of the body and write the book to `target`."""
        out = self.out
        with self.stack:
            source = self.stack.enter_context(pikepdf.open(front.pdf(self.cache)))
            for index, page in enumerate(source.pages):
                out.pages.insert(index, page)
            count = len(source.pages)
            while count < self.before:  # a blank verso before the first chapter
                out.pages.insert(count, blank_like(out, out.pages[count - 1]))
                count += 1
            for item in self.outline:
                _move(item, self.before)
            body_outline, self.outline = self.outline, []
            self._join(source, range(len(source.pages)), 0, at=0)
            self.outline += body_outline
            _take_document_entries(out, source)
            self.structure.finish()
            names = sorted({str(name): value for name, value in self.dests}.items())
            out.Root.Names = Dictionary(Dests=Dictionary(Names=Array(
                [item for name, value in names for item in (String(name), value)])))
            _link_contents(out, self.link_prefix, len(source.pages))
            if dates:
                _date(out, *dates)
            with out.open_outline() as tree_view:
                tree_view.root.clear()
                tree_view.root.extend(self.outline)
            join_fonts(out)
            data = _save(out, max(self.versions))
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)

    def _join(self, source, pages, base: int, at: int | None) -> None:
        """`source`'s structure, keys, destinations and outline, its pages (`pages` of the
        book's document, from `base`) already in; its top elements appended, or put `at`."""
        out = self.out
        self.versions.append(source.pdf_version)
        self.structure.add(source, pages, at=at)
        self.dests += _named_dests(out, source)
        self.outline += [_outline_items(out, source, item, base) for item in _top_items(source)]


def _move(item: OutlineItem, pages: int) -> None:
    """An outline entry of the body (and its children) `pages` further on."""
    if isinstance(item.destination, int):
        item.destination += pages
    for child in item.children:
        _move(child, pages)


def _take_document_entries(out, source) -> None:
    """The front matter's document information and catalog entries (title, language, XMP,
    declarations, viewer preferences) become the book's; the structure ones are joined."""
    if "/Info" in source.trailer:
        out.trailer.Info = out.copy_foreign(source.trailer.Info)
    for key in set(out.Root.keys()) - set(source.Root.keys()) - _STRUCTURE:
        del out.Root[key]
    for key, value in source.Root.items():
        if key in _STRUCTURE:
            continue
        if isinstance(value, (Dictionary, Array, pikepdf.Stream)):
            value = out.copy_foreign(value if value.is_indirect else source.make_indirect(value))
        out.Root[key] = value


def _date(out, stand_in: datetime.datetime, modified: datetime.datetime) -> None:
    """Replace the stand-in modification date in the Info dictionary and the XMP packet (the
    packet is otherwise kept as WeasyPrint wrote it)."""
    w3c = "%Y-%m-%dT%H:%M:%SZ"
    if "/ModDate" in out.docinfo:
        out.docinfo.ModDate = modified.strftime("D:%Y%m%d%H%M%SZ")
    metadata = out.Root.get("/Metadata")
    if metadata is not None:
        packet = metadata.read_bytes()
        metadata.write(packet.replace(stand_in.strftime(w3c).encode(),
                                      modified.strftime(w3c).encode()))


def _named_dests(out, source) -> list:
    names = source.Root.get("/Names", Dictionary()).get("/Dests", Dictionary())
    if "/Kids" in names:
        raise ValueError("a nested name tree: not what WeasyPrint 70 writes")
    flat = list(names.get("/Names", Array()))
    values = flat[1::2] if out is source else [
        out.copy_foreign(v if v.is_indirect else source.make_indirect(v)) for v in flat[1::2]]
    return list(zip((str(n) for n in flat[0::2]), values))


def _top_items(pdf):
    with pdf.open_outline() as outline:
        return list(outline.root)


def _outline_items(out, source, item, base: int) -> OutlineItem:
    """`item` of `source`'s outline as an item of `out`'s, pointing at the same page."""
    page = _page_index(source, item.destination)
    where = {}
    destination = item.destination
    if isinstance(destination, Array) and len(destination) == 5 and destination[1] == Name.XYZ:
        where = {"page_location": PageLocation.XYZ, "left": float(destination[2]),
                 "top": float(destination[3])}
    copy = OutlineItem(item.title, base + page if page is not None else 0, **where)
    copy.children.extend(_outline_items(out, source, child, base) for child in item.children)
    return copy


def _page_index(pdf, destination) -> int | None:
    if isinstance(destination, Array) and len(destination):
        target = destination[0]
        for index, page in enumerate(pdf.pages):
            if page.obj.objgen == target.objgen:
                return index
    return None


def _link_contents(out, prefix: str, pages: int) -> None:
    """The Contents' part links (`prefix` + slug), on the first `pages` (the front matter's),
    become links to the named destination."""
    for page in out.pages[:pages]:
        for annotation in page.obj.get("/Annots", Array()):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(prefix):
                del annotation["/A"]
                annotation.Dest = String(uri[len(prefix):])
