"""Footnotes marked up as such: references in the text, the notes they point to.

A link is a footnote reference when it says so (`role="doc-noteref"`, `epub:type="noteref"`,
`rel="footnote"`, class "footnote-ref") and points into the page, or when it points at a note:
an element that (or whose list or section) has `role="doc-footnote"`/`"doc-endnote"`/
`"doc-endnotes"`, an `epub:type` footnote or endnote, or a class or id word such as
"footnotes", "endnotes" or "references" (Pandoc, Hugo, kramdown, WordPress, Wikipedia).

`find_notes` takes the notes out of the page (so that they are not read as text too), with
their back links ("↩") and, once emptied, the notes section and its "Notes" heading. Links
that point elsewhere stay links or text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml.html import HtmlElement

from book.readers.htmlhints import BLOCK_TAGS, epub_type, hint_words, role_of, tag_of, text_of

NOTE_ROLES = frozenset({"doc-footnote", "doc-endnote", "doc-endnotes", "doc-footnotes"})
NOTE_TYPES = re.compile(r"\b(?:footnotes?|endnotes?|rearnotes?)\b")
NOTE_HINT = re.compile(r"(?<![a-z0-9])(?:footnotes?|endnotes?|references|reflist|fn-?list)"
                       r"(?![a-z0-9])")
REF_HINT = re.compile(r"(?<![a-z0-9])(?:footnote-?ref|fn-?ref|noteref|footnote|fn)(?![a-z0-9])")
BACKLINK_HINT = re.compile(r"(?<![a-z0-9])(?:footnote-?back(?:ref)?|reversefootnote|fn-?back"
                           r"|backlink)(?![a-z0-9])")
BACKLINK_TEXTS = frozenset({"↩", "↩︎", "^", "↑", "⤴", "back", "return"})
NOTE_LEVELS = 3
"""How far up from a note its list or section may say that it holds notes."""
LABEL_MAX = 4
"""A reference's text ("1", "[2]", "*") is the note's id when at most this long."""
SECTION_LEFTOVER_WORDS = 3
"""A notes section left with at most this many words ("Notes") goes with its notes."""


@dataclass
class Notes:
    """Footnote references (link element → note element) and their ids."""

    refs: dict[HtmlElement, HtmlElement] = field(default_factory=dict)
    ids: dict[HtmlElement, str] = field(default_factory=dict)
    """Note element → its id in the chapter."""


def find_notes(doc: HtmlElement) -> Notes:
    """The page's footnote references and notes; the notes are taken out of the page."""
    ids = {el.get("id") or el.get("name"): el for el in doc.iter()
           if isinstance(el.tag, str) and (el.get("id") or (tag_of(el) == "a" and el.get("name")))}
    notes = Notes()
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if "#" not in href:
            continue
        marked = _is_marked_ref(a)
        if _looks_like_backlink(a) or not (marked or href.startswith("#")):
            continue
        target = ids.get(unquote(href.partition("#")[2]))
        note = _note_element(target) if target is not None else None
        if note is None or note in a.iterancestors() or (not marked and not _is_note(note)):
            continue
        notes.refs[a] = note
    _label(notes)
    ref_ancestors = {anc for a in notes.refs for anc in (a, *a.iterancestors())}
    for note in set(notes.refs.values()):
        for link in list(note.iter("a")):
            if _is_backlink(link, ids, ref_ancestors):
                link.drop_tree()
    sections = {anc for note in notes.refs.values() for anc in _note_sections(note)}
    for note in set(notes.refs.values()):
        if note.getparent() is not None:
            note.drop_tree()
    for section in sorted(sections, key=lambda el: -len(list(el.iterancestors()))):
        if section.getparent() is not None \
                and len(text_of(section).split()) <= SECTION_LEFTOVER_WORDS:
            section.drop_tree()
    return notes


def _is_marked_ref(a: HtmlElement) -> bool:
    return (role_of(a) == "doc-noteref" or "noteref" in epub_type(a)
            or (a.get("rel") or "").lower() == "footnote" or bool(REF_HINT.search(hint_words(a))))


def _note_element(target: HtmlElement) -> HtmlElement | None:
    """The block holding the note: the target, or the block around an anchor inside it."""
    note = target
    while tag_of(note) not in BLOCK_TAGS and note.getparent() is not None:
        note = note.getparent()
    if tag_of(note) in ("body", "html", "ol", "ul", "table") or len(note.findall(".//li")) > 1:
        return None
    return note


def _is_note(note: HtmlElement) -> bool:
    for level, el in enumerate((note, *note.iterancestors())):
        if level > NOTE_LEVELS:
            return False
        if role_of(el) in NOTE_ROLES or NOTE_TYPES.search(epub_type(el)) \
                or NOTE_HINT.search(hint_words(el)):
            return True
    return False


def _note_sections(note: HtmlElement) -> list[HtmlElement]:
    """The lists and sections around a note that exist to hold notes."""
    return [el for level, el in enumerate(note.iterancestors()) if level <= NOTE_LEVELS
            and tag_of(el) not in ("body", "html", "article", "main")
            and (role_of(el) in NOTE_ROLES or NOTE_TYPES.search(epub_type(el))
                 or NOTE_HINT.search(hint_words(el)) or tag_of(el) in ("ol", "ul"))]


def _looks_like_backlink(link: HtmlElement) -> bool:
    """A link back from a note to its reference, by its markup or its text ("↩")."""
    return (role_of(link) == "doc-backlink" or "backlink" in epub_type(link)
            or (link.get("rev") or "").lower() == "footnote"
            or bool(BACKLINK_HINT.search(hint_words(link)))
            or link.text_content().strip().lower() in BACKLINK_TEXTS)


def _is_backlink(link: HtmlElement, ids: dict, ref_ancestors: set) -> bool:
    href = link.get("href") or ""
    return _looks_like_backlink(link) or (href.startswith("#")
                                          and ids.get(unquote(href[1:])) in ref_ancestors)


def _label(notes: Notes) -> None:
    """Each note's id: its reference's text when short and unique ("1"), else its own id."""
    taken: set[str] = set()
    for a, note in notes.refs.items():
        if note in notes.ids:
            continue
        label = a.text_content().strip().strip("[]()").strip()
        if not (0 < len(label) <= LABEL_MAX) or label in taken:
            label = note.get("id") or f"note-{len(notes.ids) + 1}"
        while label in taken:
            label += "-"
        taken.add(label)
        notes.ids[note] = label
