"""What the block templates need to know about where they render: per chapter and per output.

One `Ctx` per chapter and output: the output's kind ("html" for book.html and the PDF,
"epub", "handout"), how it refers to an image, and the chapter's footnotes with their numbers
and anchors (unique in the book, so that a whole-book HTML has no duplicate ids).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from book.model import Chapter, Footnote, Image


@dataclass
class Ctx:
    """The rendering context of one chapter in one output."""

    mode: str
    """"html", "epub" or "handout"."""
    slug: str
    image_href: Callable[[Image], str]
    notes: dict[str, tuple[int, Footnote]] = field(default_factory=dict)
    """Footnote id → (number, note), numbered from 1 in the order of the chapter's notes."""
    _refs: dict[str, int] = field(default_factory=dict)
    _open: list[str] = field(default_factory=list)
    """The note whose text is being written at a reference (see `open_note`)."""
    blocks: dict[int, int] = field(default_factory=dict)
    """id() of each top-level block → its index: book.html marks them for pagination."""

    def key(self, block) -> Markup:
        """` data-b="<slug>.<index>"` on a chapter's top-level blocks in book.html, else nothing:
        layout/pagination.py finds with it where each PDF page begins."""
        index = self.blocks.get(id(block))
        if self.mode != "html" or index is None:
            return Markup("")
        return Markup(' data-b="{}.{}"').format(self.slug, index)

    def number(self, note_id: str) -> int | None:
        entry = self.notes.get(note_id)
        return entry[0] if entry else None

    def note_anchor(self, note_id: str) -> str:
        return f"{self.slug}-note-{self.number(note_id)}"

    def ref_anchor(self, note_id: str) -> str:
        """A fresh id for each reference to a note (the first is the note's back link target)."""
        count = self._refs.get(note_id, 0) + 1
        self._refs[note_id] = count
        base = f"{self.slug}-ref-{self.number(note_id)}"
        return base if count == 1 else f"{base}-{count}"

    def open_note(self, note_id: str) -> bool:
        """Start writing a note's text at its reference; False within another note's text (a
        reference in a note stays a link: a note citing itself would be written forever)."""
        if self._open:
            return False
        self._open.append(note_id)
        return True

    def close_note(self) -> Markup:
        self._open.pop()
        return Markup("")

    def first_ref(self, note_id: str) -> str:
        return f"{self.slug}-ref-{self.number(note_id)}"

    def ordered_notes(self) -> list[tuple[int, Footnote]]:
        return sorted(self.notes.values(), key=lambda entry: entry[0])


def chapter_context(chapter: Chapter, mode: str, image_href: Callable[[Image], str]) -> Ctx:
    """The context for rendering `chapter` into the output `mode`."""
    notes = {note.id: (number, note) for number, note in enumerate(chapter.notes, 1)}
    blocks = {id(block): index for index, block in enumerate(chapter.blocks)}
    return Ctx(mode=mode, slug=chapter.slug, image_href=image_href, notes=notes, blocks=blocks)
