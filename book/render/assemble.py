"""The book's PDF put together from its parts (render/parts.py), as one tagged document.

The front matter's PDF is the base: it has the document's metadata (title, language, XMP, the
PDF/UA or PDF/A declaration, viewer preferences). Each later part's pages are appended (a
blank page first where the part must start on a right-hand page), and so are

- its structure tree: the part's top-level structure elements join the base's Document
  element, and its parent-tree keys (/StructParents of pages, /StructParent of annotations)
  are moved past the base's, so that every marked-content sequence still finds its element;
- its named destinations (the anchors of its headings and notes), in one sorted name tree;
- its outline entries, pointing at the same pages in the book.

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
from book.render.impose import _add_blank_like, _save


def assemble(parts, cache: Path, target: Path, link_prefix: str,
             dates: tuple[datetime.datetime, datetime.datetime] | None = None) -> None:
    """Write the parts (in reading order, each with `.first` and `.pdf(cache)`) to `target`;
    with `dates` (the stand-in the front matter was laid out with, the book's), the document's
    modification date made the book's."""
    with ExitStack() as stack:
        out = stack.enter_context(pikepdf.open(parts[0].pdf(cache)))
        tree = out.Root.StructTreeRoot
        document = _document_element(tree)
        nums = list(_nums(tree))
        dests = _named_dests(out, out)
        outline = [_outline_items(out, out, item, 0) for item in _top_items(out)]
        versions = [out.pdf_version]
        for part in parts[1:]:
            source = stack.enter_context(pikepdf.open(part.pdf(cache)))
            versions.append(source.pdf_version)
            while len(out.pages) < part.first - 1:  # a blank verso before a right-hand start
                _add_blank_like(out, out.pages[-1])
            offset = (max(nums[0::2]) + 1) if nums else 0
            base = len(out.pages)
            out.pages.extend(source.pages)
            for page in out.pages[base:]:
                _shift_keys(page, offset)
            copied = out.copy_foreign(source.Root.StructTreeRoot)
            for element in _children(_document_element(copied)):
                element.P = document
                document.K.append(element)
            found = list(_nums(copied))
            for key, value in zip(found[0::2], found[1::2]):
                nums += [key + offset, value]
            dests += _named_dests(out, source)
            outline += [_outline_items(out, source, item, base) for item in _top_items(source)]
        tree.ParentTree = out.make_indirect(Dictionary(Nums=Array(nums)))
        tree.ParentTreeNextKey = (max(nums[0::2]) + 1) if nums else 0
        names = sorted({str(name): value for name, value in dests}.items())
        out.Root.Names = Dictionary(Dests=Dictionary(Names=Array(
            [item for name, value in names for item in (String(name), value)])))
        _link_contents(out, link_prefix)
        if dates:
            _date(out, *dates)
        with out.open_outline() as tree_view:
            tree_view.root.clear()
            tree_view.root.extend(outline)
        data = _save(out, max(versions))
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


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


def _document_element(tree):
    kids = tree.K
    return kids[0] if isinstance(kids, Array) else kids


def _children(element) -> list:
    kids = element.get("/K", Array())
    return list(kids) if isinstance(kids, Array) else [kids]


def _nums(tree):
    """The parent tree's flat [key, value, ...] list (WeasyPrint writes one flat /Nums)."""
    parent = tree.get("/ParentTree")
    if parent is None:
        return []
    if "/Kids" in parent:
        raise ValueError("a nested parent tree: not what WeasyPrint 70 writes")
    return list(parent.get("/Nums", Array()))


def _shift_keys(page, offset: int) -> None:
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + offset
    for annotation in page.obj.get("/Annots", Array()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


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


def _link_contents(out, prefix: str) -> None:
    """The Contents' part links (`prefix` + slug) become links to the named destination."""
    for page in out.pages:
        for annotation in page.obj.get("/Annots", Array()):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(prefix):
                del annotation["/A"]
                annotation.Dest = String(uri[len(prefix):])
