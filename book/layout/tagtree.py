"""The structure tree of a PDF WeasyPrint has just tagged, rebuilt as PDF/UA-1 wants it.

WeasyPrint builds the tree page by page, one element per box (layout/pdfhooks.py notes, for
each element, the HTML element it comes from). Here, before the PDF is written, in its pydyf
objects:

1. page furniture (running heads, folios, leaders, a table head repeated on its next page)
   leaves the tree, and its marked content becomes `/Artifact` (ISO 14289-1 7.8);
2. each footnote moves from the foot of its page to its call, as a `Note` with an /ID;
3. the pieces of an element split over pages or lines (a chapter, a paragraph, a table and
   its body, an emphasis, a link) become one element again;
4. every link annotation belongs to the `Link` element around it, and is printable (7.18.5);
5. a list item holds its label (`Lbl`) and a body (`LBody`); a nested list sits in the body
   of the item it belongs to (7.6);
6. header cells get an /ID unique in the book, data cells the /Headers of their column and row
   (layout/tableheads.py; the /Scope is pdfhooks.py's) (7.5); then empty elements go, the
   parent tree is written again from the tree, and the /IDTree names every /ID.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pydyf

from book.layout import tableheads


class Fact(NamedTuple):
    """What a structure element comes from."""

    source: object
    """The HTML (lxml) element of its box, None for an anonymous box."""
    tag: str | None
    """The box's element tag ("p", "a::after", "span::footnote-call"...)."""
    artifact: tuple[str, str | None] | None
    """(type, subtype) when the box is page furniture."""
    anchor: str = ""
    """The nearest HTML id around a table or a footnote: the start of its /IDs."""


def restructure(pdf, page_streams, facts: dict[int, Fact]) -> None:
    """Rebuild the structure tree of `pdf` (a pydyf.PDF WeasyPrint has tagged)."""
    tree = _Tree(pdf, facts)
    tree.artifacts(page_streams)
    tree.notes()
    tree.prune(tree.document)
    tree.merge(tree.document)
    tree.links(tree.document, None)
    tree.lists()
    ids = tree.tables() + tree.note_ids
    tree.prune(tree.document)
    tree.parent_tree(ids)


class _Tree:
    def __init__(self, pdf, facts):
        self.pdf, self.facts = pdf, facts
        self.root = self.get(pdf.catalog["StructTreeRoot"])
        self.document = self.get(self.root["K"][0])
        self.pages = {ref: index for index, ref in enumerate(pdf.page_references)}
        self.nums = self.get(self.root["ParentTree"])["Nums"]
        self.note_ids: list[tuple[str, object]] = []

    def get(self, ref):
        return self.pdf.objects[int(ref.split()[0])]

    def kids(self, element) -> list:
        """The element's kids: element references, MCIDs, MCR and OBJR dictionaries."""
        return list(element.get("K") or ())

    def elements(self, element) -> list:
        return [self.get(kid) for kid in self.kids(element)
                if isinstance(kid, bytes) and self.get(kid).get("Type") == "/StructElem"]

    def fact(self, element) -> Fact | None:
        return self.facts.get(element.number)

    def walk(self, element):
        yield element
        for kid in self.elements(element):
            yield from self.walk(kid)

    def adopt(self, parent, items, donor) -> None:
        """Append `items` (kids of `donor`) to `parent`'s kids; an MCID of another page than
        the parent's becomes a marked-content reference naming its page."""
        for item in items:
            if isinstance(item, int) and donor.get("Pg") != parent.get("Pg"):
                item = pydyf.Dictionary({"Type": "/MCR", "Pg": donor["Pg"], "MCID": item})
            elif isinstance(item, bytes) and "P" in self.get(item):
                self.get(item)["P"] = parent.reference
            parent["K"].append(item)

    def drop(self, element) -> None:
        """An element out of the tree: its object is emptied (pydyf still writes it)."""
        for inner in list(self.walk(element)):
            inner.clear()

    # 1 -------------------------------------------------------------- furniture
    def artifacts(self, page_streams) -> None:
        found: dict[tuple[int, int], tuple[str, str | None]] = {}
        gone = []
        for number, fact in self.facts.items():
            element = self.pdf.objects[number]
            if fact.artifact is None or element.get("Type") != "/StructElem":
                continue
            parent = element.get("P")
            linked = parent and element.reference in (self.get(parent).get("K") or ())
            for inner in self.walk(element):
                gone.append(inner)
                page = self.pages.get(inner.get("Pg"))
                for kid in self.kids(inner):
                    if isinstance(kid, int):
                        found[(page, kid)] = fact.artifact
                    elif linked and isinstance(kid, bytes) and self.get(kid).get(
                            "Type") == "/OBJR":  # a leader's share of its link: the link's
                        self.get(parent)["K"].append(kid)
            if linked:
                self.get(parent)["K"].remove(element.reference)
        for page, stream in enumerate(page_streams):
            ops = stream.stream
            for index, op in enumerate(ops):
                if isinstance(op, pydyf.Dictionary) and (page, op.get("MCID")) in found:
                    kind, subtype = found[(page, op["MCID"])]
                    ops[index - 1] = "/Artifact"
                    ops[index] = pydyf.Dictionary({"Type": f"/{kind}"} | (
                        {"Subtype": f"/{subtype}"} if subtype else {}))
        for element in gone:
            element.clear()

    # 2 ------------------------------------------------------------------ notes
    def notes(self) -> None:
        calls, bodies = {}, []
        for element in list(self.walk(self.document)):
            fact = self.fact(element)
            if fact is None or fact.source is None:
                continue
            if fact.tag == "span::footnote-call":
                calls[fact.source] = element
            elif fact.tag == "span" and "footnote" in (fact.source.get("class") or "").split():
                bodies.append(element)
        for body in bodies:
            call = calls.get(self.fact(body).source)
            if call is None:
                continue
            self.get(body["P"])["K"].remove(body.reference)
            siblings = self.get(call["P"])["K"]
            siblings.insert(siblings.index(call.reference) + 1, body.reference)
            body["P"], body["S"] = call["P"], "/Note"
            name = f"{self.fact(body).anchor}-note{len(self.note_ids) + 1}"
            body["ID"] = pydyf.String(name)
            self.note_ids.append((name, body))

    # 3 ------------------------------------------------------------------ split
    def merge(self, element) -> None:
        """Pieces of one element side by side become one; in a table row split over pages,
        the pieces of each cell too (they alternate: a, b, a', b')."""
        kept = []
        row = element.get("S") == "/TR"
        for kid in self.kids(element):
            candidates = [self.get(k) for k in (kept if row else kept[-1:])
                          if isinstance(k, bytes)]
            first = next((c for c in candidates if isinstance(kid, bytes)
                          and self._same(c, self.get(kid))), None)
            if first is not None:
                piece = self.get(kid)
                self.adopt(first, self.kids(piece), piece)
                piece.clear()
            else:
                kept.append(kid)
        element["K"] = pydyf.Array(kept)
        for kid in self.elements(element):
            self.merge(kid)

    def _same(self, first, second) -> bool:
        one, two = self.fact(first), self.fact(second)
        return (one is not None and two is not None and one.source is not None
                and one.source is two.source and one.tag == two.tag
                and first.get("S") == second.get("S"))

    # 4 ------------------------------------------------------------------ links
    def links(self, element, link) -> None:
        if element.get("S") == "/Link" and link is not None:
            element["S"] = "/Span"  # a link inside a link (a::after): one link
        for kid in self.kids(element):
            if isinstance(kid, bytes) and self.get(kid).get("Type") == "/OBJR":
                self.get(self.get(kid)["Obj"])["F"] = 4  # printed: print and screen agree
                if link is None:
                    element["S"], link = "/Link", element
                elif link is not element:
                    element["K"].remove(kid)
                    link["K"].append(kid)
        if element.get("S") == "/Link" and link is None:
            link = element
        for kid in self.elements(element):
            self.links(kid, link)

    # 5 ------------------------------------------------------------------ lists
    def lists(self) -> None:
        for element in list(self.walk(self.document)):
            if element.get("S") != "/L":
                continue
            kept, last = [], None
            for kid in self.kids(element):
                item = self.get(kid) if isinstance(kid, bytes) else None
                if item is not None and item.get("S") == "/LI":
                    self._item(item)
                    last = item
                elif item is not None and item.get("S") == "/L" and last is not None:
                    body = self._body(last)  # a nested list: in the body of its item
                    body["K"].append(kid)
                    item["P"] = body.reference
                    continue
                kept.append(kid)
            element["K"] = pydyf.Array(kept)

    def _item(self, item) -> None:
        kids = self.kids(item)
        outside = [kid for kid in kids if not (isinstance(kid, bytes) and self.get(kid).get(
            "S") in ("/Lbl", "/LBody"))]
        if not outside:
            return
        item["K"] = pydyf.Array([kid for kid in kids if kid not in outside])
        self.adopt(self._body(item), outside, item)

    def _body(self, item):
        for kid in self.elements(item):
            if kid.get("S") == "/LBody":
                return kid
        body = pydyf.Dictionary({"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(),
                                 "Pg": item["Pg"], "P": item.reference})
        self.pdf.add_object(body)
        item["K"].append(body.reference)
        return body

    # 6 ----------------------------------------------------------------- tables
    def tables(self) -> list[tuple[str, object]]:
        ids, counted = [], defaultdict(int)
        for table in list(self.walk(self.document)):
            fact = self.fact(table)
            if table.get("S") != "/Table" or fact is None or fact.source is None:
                continue
            counted[fact.anchor] += 1
            ids += tableheads.name(self, table,
                                   f"{fact.anchor}-table{counted[fact.anchor]}-")
        return ids

    def prune(self, element) -> bool:
        """Remove elements with nothing in them (table cells stay); True if `element` is."""
        kept = [kid for kid in self.kids(element) if not (
            isinstance(kid, bytes) and self.get(kid).get("Type") == "/StructElem"
            and self.prune(self.get(kid)))]
        element["K"] = pydyf.Array(kept)
        empty = not kept and element.get("S") not in ("/TD", "/TH", "/Document")
        if empty:
            element.clear()
        return empty

    # 7 ------------------------------------------------------------ parent tree
    def parent_tree(self, ids) -> None:
        sizes = {self.nums[i]: len(self.nums[i + 1]) for i in range(0, len(self.nums), 2)
                 if isinstance(self.nums[i + 1], pydyf.Array)}
        pages = {page: ["null"] * size for page, size in sizes.items()}
        annotations = {}
        for element in self.walk(self.document):
            for kid in self.kids(element):
                if isinstance(kid, int):
                    pages[self.pages[element["Pg"]]][kid] = element.reference
                elif isinstance(kid, pydyf.Dictionary):  # a marked-content reference
                    pages[self.pages[kid["Pg"]]][kid["MCID"]] = element.reference
                elif self.get(kid).get("Type") == "/OBJR":
                    annotations[self.get(self.get(kid)["Obj"])["StructParent"]] = element
        nums = pydyf.Array()
        for page, refs in sorted(pages.items()):
            nums += [page, pydyf.Array(refs)]
        for key, element in sorted(annotations.items()):
            nums += [key, element.reference]
        self.get(self.root["ParentTree"])["Nums"] = nums
        self.root["ParentTreeNextKey"] = max([*sizes, *annotations, -1]) + 1
        if ids:
            self.root["IDTree"] = pydyf.Dictionary({"Names": pydyf.Array(
                [item for name, element in sorted(ids, key=lambda pair: pair[0])
                 for item in (pydyf.String(name), element.reference)])})
