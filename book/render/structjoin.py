"""Tagged PDFs put together, their structure trees with them: the book from its parts
(render/assemble.py), the handouts bundle from the handouts (render/impose.py).

Each PDF's pages are copied into the joined one first (by the caller); `StructureJoin.add`
then brings the PDF's structure along:

- its top-level structure elements join the joined document's Document element (appended, put
  at a place, or wrapped in a `Part` of their own with the PDF's /Lang where it differs);
- its parent-tree keys (/StructParents of pages, /StructParent of annotations) move past the
  keys already used, so that every marked-content sequence and annotation still finds its
  element, and the parent tree is written again as one flat /Nums (`finish`);
- its /IDTree names (table header cells, notes: unique in the book, layout/tagtree.py) join one
  sorted /IDTree.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, String


class StructureJoin:
    """The structure tree of `out`, which grows as PDFs are added to it."""

    def __init__(self, out: pikepdf.Pdf) -> None:
        self.out = out
        tree = out.Root.get("/StructTreeRoot")
        if tree is None:  # a new PDF: an empty Document to add to
            tree = out.Root.StructTreeRoot = out.make_indirect(Dictionary(
                Type=Name.StructTreeRoot, K=Array()))
            tree.K.append(out.make_indirect(Dictionary(
                Type=Name.StructElem, S=Name.Document, P=tree, K=Array())))
        self.tree = tree
        self.document = _document_element(tree)
        kids = self.document.get("/K")
        if not isinstance(kids, Array):  # one element, or none: an array to add to
            self.document.K = Array([] if kids is None else [kids])
        self.nums = _nums(tree)
        self.next_key = (max(self.nums[0::2]) + 1) if self.nums else 0
        self.ids = _ids(tree)

    def add(self, source: pikepdf.Pdf, pages, at: int | None = None,
            part_language: str | None = None) -> None:
        """Join `source`'s structure: its pages are `pages` (indexes) of the joined PDF. Its
        top elements go at the end of the Document's, or `at` an index; with
        `part_language`, in a Part element of their own, with that /Lang unless it is the
        joined document's."""
        out = self.out
        offset = self.next_key
        for index in pages:
            _shift_keys(out.pages[index], offset)
        copied = out.copy_foreign(source.Root.StructTreeRoot)
        top = _children(_document_element(copied))
        if part_language is not None:
            part = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part,
                                                K=Array(top)))
            if part_language != str(out.Root.get("/Lang", "")):
                part.Lang = String(part_language)
            for element in top:
                element.P = part
            top = [part]
        for number, element in enumerate(top):
            element.P = self.document
            if at is None:
                self.document.K.append(element)
            else:
                self.document.K.insert(at + number, element)
        found = _nums(copied)
        for key, value in zip(found[0::2], found[1::2]):
            self.nums += [key + offset, value]
            self.next_key = max(self.next_key, key + offset + 1)
        self.ids += _ids(copied)

    def finish(self) -> None:
        """Write the parent tree, its next key and the ID tree; mark the PDF tagged."""
        out, tree = self.out, self.tree
        tree.ParentTree = out.make_indirect(Dictionary(Nums=Array(self.nums)))
        tree.ParentTreeNextKey = self.next_key
        if self.ids:
            names = sorted({str(name): value for name, value in self.ids}.items())
            tree.IDTree = Dictionary(Names=Array(
                [item for name, value in names for item in (String(name), value)]))
        elif "/IDTree" in tree:
            del tree["/IDTree"]
        out.Root.MarkInfo = Dictionary(Marked=True)


def _document_element(tree):
    kids = tree.K
    return kids[0] if isinstance(kids, Array) else kids


def _children(element) -> list:
    kids = element.get("/K", Array())
    return list(kids) if isinstance(kids, Array) else [kids]


def _nums(tree) -> list:
    """The parent tree's flat [key, value, ...] list."""
    return _flat(tree, "/ParentTree", "/Nums")


def _ids(tree) -> list:
    """(name, element) of the ID tree."""
    flat = _flat(tree, "/IDTree", "/Names")
    return list(zip((str(name) for name in flat[0::2]), flat[1::2]))


def _flat(tree, entry: str, items: str) -> list:
    """A number or name tree of one flat array: what layout/tagtree.py writes (and what
    WeasyPrint 70 writes); a tree of kids is refused rather than half read."""
    found = tree.get(entry)
    if found is None:
        return []
    if "/Kids" in found:
        raise ValueError(f"a nested {entry[1:]}: not what layout/tagtree.py writes")
    return list(found.get(items, Array()))


def _shift_keys(page, offset: int) -> None:
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + offset
    for annotation in page.obj.get("/Annots", Array()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset
