"""Print imposition: handouts bundled for batch duplex printing, and saddle-stitched booklets.

Both functions take PDF bytes and give PDF bytes: no file, no clock, no random resource names,
and a fixed way of saving (`_save`), so the same input gives the same bytes in every process.
Pages are copied or placed whole (pikepdf/qpdf), never re-rendered: text stays text.

- `bundle`: the handouts one after another, each starting on a right-hand (odd) page, so that a
  single duplex print job can be split back into handouts without one sharing a sheet with the
  next.
- `booklet`: half-sheet pages imposed two-up on landscape sheets in saddle-stitch order
  (`saddle_order`): print duplex, flip on the short edge, fold the stack, staple the fold.
"""

from __future__ import annotations

import io
import math
from contextlib import ExitStack

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Rectangle, String

from book.render.fontjoin import join_fonts
from book.render.structjoin import StructureJoin

Side = tuple[int | None, int | None]
"""One printed side of a sheet: the source page index on its (left, right) half, None = blank."""

_COPIED_BOXES = ("/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit")
"""What a padding blank takes over from the page before it, so that it prints the same way."""
_COPIED_INFO = ("/Title", "/Author", "/Subject", "/Keywords")
"""What a booklet keeps of its input's document information (the print dialog shows Title)."""


def saddle_order(pages: int) -> list[Side]:
    """The (left, right) source page per printed side for a saddle-stitched booklet.

    `pages` is padded to a multiple of 4 with blanks at the end (None). For n padded pages,
    sheet k has front [n-1-2k | 2k] and back [2k+1 | n-2-2k]; sides come front, back, front...
    `saddle_order(8)` is `[(7, 0), (1, 6), (5, 2), (3, 4)]`.
    """
    if pages < 0:
        raise ValueError(f"a booklet cannot have {pages} pages")
    padded = -(-pages // 4) * 4

    def page(index: int) -> int | None:
        return index if index < pages else None

    sides: list[Side] = []
    for k in range(padded // 4):
        sides.append((page(padded - 1 - 2 * k), page(2 * k)))
        sides.append((page(2 * k + 1), page(padded - 2 - 2 * k)))
    return sides


def bundle(parts: list[tuple[str, bytes]], title: str, language: str | None = None) -> bytes:
    """Concatenate (title, PDF) parts for one duplex print job; every part starts on an odd page.

    After a part with an odd page count (except the last) comes one blank page the size of that
    part's last page. The outline has one entry per part (its title → its first page); the
    document Title is `title`; /Lang is `language` (else the first part's). Links between a
    part's own pages keep working (their named destinations are carried over, renamed on
    collision). Tagged parts stay tagged: each one's structure tree becomes a Part of the
    bundle's (with its /Lang where it differs), and the first part's XMP (its PDF/UA or PDF/A
    declaration) is the bundle's, with its title and the parts' authors.
    Raises ValueError if there is no part, or a part is not a PDF or has no page.
    """
    if not parts:
        raise ValueError("bundle() needs at least one part")
    starts: list[int] = []
    versions = []
    authors: list[str] = []
    with ExitStack() as stack:  # qpdf reads the parts' streams when `out` is saved
        out = stack.enter_context(pikepdf.new())
        structure = None
        for number, (name, data) in enumerate(parts, start=1):
            source = stack.enter_context(_open(data, f"bundle part {number} ({name!r})"))
            versions.append(source.pdf_version)
            starts.append(len(out.pages))
            out.add_pages_from(source)
            if number == 1:
                _first_part_entries(out, source, language)
                structure = StructureJoin(out) if "/StructTreeRoot" in source.Root else None
            if structure is not None and "/StructTreeRoot" in source.Root:
                structure.add(source, range(starts[-1], len(out.pages)),
                              part_language=str(source.Root.get("/Lang", "")) or None)
            if len(source.pages) % 2 and number < len(parts):
                _add_blank_like(out, out.pages[-1])
            author = str(source.docinfo.get("/Author", ""))
            if author and author not in authors:
                authors.append(author)
        if structure is not None:
            structure.finish()
        with out.open_outline() as outline:  # ours alone: pikepdf 10.18 carries the parts' own
            outline.root[:] = [OutlineItem(name, start)
                               for (name, _), start in zip(parts, starts)]
        out.Root.PageMode = Name.UseOutlines
        out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        out.docinfo = out.make_indirect(Dictionary(Title=String(title)))
        if authors:
            out.docinfo.Author = String(", ".join(authors))
        _retitle(out, title, authors)
        join_fonts(out)
        return _save(out, max(versions))


def _first_part_entries(out: pikepdf.Pdf, source: pikepdf.Pdf, language: str | None) -> None:
    """The bundle's language, and the first part's metadata and output intents (its PDF/UA or
    PDF/A declaration: every part was made the same way)."""
    if language or Name.Lang in source.Root:
        out.Root.Lang = String(language or str(source.Root.Lang))
    for key in ("/Metadata", "/OutputIntents"):
        if key in source.Root:  # (a direct object is made indirect to be copied)
            value = source.Root[key]
            out.Root[key] = out.copy_foreign(value if value.is_indirect
                                             else source.make_indirect(value))


def _retitle(out: pikepdf.Pdf, title: str, authors: list[str]) -> None:
    """The XMP packet taken from the first part, about the bundle: its title and authors;
    the part's creation date goes. Nothing else changes (no editor, no date of today)."""
    if "/Metadata" not in out.Root:
        return
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = title
        if authors:
            xmp["dc:creator"] = authors
        elif "dc:creator" in xmp:
            del xmp["dc:creator"]
        if "xmp:CreateDate" in xmp:
            del xmp["xmp:CreateDate"]


def booklet(pdf: bytes, sheet: tuple[float, float]) -> bytes:
    """Impose half-sheet pages two-up on landscape `sheet`s (points) in saddle-stitch order.

    The output has one page per printed side, front then back for each sheet, in the order of
    `saddle_order`. Each page is placed as a form XObject in its half, scaled uniformly to fit
    and centred (A5 pages on an A4 sheet are placed at 100%, 0.7 pt in from each side, because
    A5 is 148 mm wide and half of A4 is 148.5 mm). Blank halves stay empty. The text stays
    extractable; links and other annotations are not carried (the booklet is for paper).
    Raises ValueError if `pdf` is not a PDF or has no page, or `sheet` is not landscape.
    """
    width, height = _landscape(sheet)
    halves = (Rectangle(0, 0, width / 2, height), Rectangle(width / 2, 0, width, height))
    with _open(pdf, "the booklet's input") as source, pikepdf.new() as out:
        for left, right in saddle_order(len(source.pages)):
            side = out.add_blank_page(page_size=(width, height))
            placements = []
            for index, half in zip((left, right), halves):
                if index is None:
                    continue
                form = out.copy_foreign(source.pages[index].as_form_xobject())
                name = Name(f"/Page{index + 1}")  # fixed names: pikepdf's own are random
                side.add_resource(form, Name.XObject, name)
                placements.append(side.calc_form_xobject_placement(
                    form, name, half, allow_shrink=True, allow_expand=True))
            side.obj.Contents = out.make_stream(b"".join(placements))
        if Name.Lang in source.Root:
            out.Root.Lang = String(str(source.Root.Lang))
        info = {key: String(str(source.docinfo[key]))
                for key in _COPIED_INFO if key in source.docinfo}
        if info:
            out.docinfo = out.make_indirect(Dictionary(info))
        return _save(out, source.pdf_version)


def _open(data: bytes, what: str) -> pikepdf.Pdf:
    """`data` as an open pikepdf.Pdf with at least one page, or a ValueError naming `what`."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValueError(f"{what} is not a PDF: expected bytes, got {type(data).__name__}")
    if b"%PDF-" not in bytes(data[:1024]):  # where the header must be; qpdf would guess on
        raise ValueError(f"{what} is not a PDF: no %PDF- header")
    try:
        pdf = pikepdf.open(io.BytesIO(bytes(data)))
    except pikepdf.PasswordError as exc:
        raise ValueError(f"{what} is password-protected; give the unencrypted PDF") from exc
    except pikepdf.PdfError as exc:  # "stream <_io.BytesIO object at 0x…>: what qpdf found"
        reason = str(exc).rpartition(">: ")[2]
        raise ValueError(f"{what} is not a readable PDF: {reason}") from exc
    if not pdf.pages:
        pdf.close()
        raise ValueError(f"{what} has no pages")
    return pdf


def _add_blank_like(out: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Append an empty page with `page`'s boxes and rotation (so it prints the same size)."""
    out.pages.append(blank_like(out, page))


def blank_like(out: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Page:
    """An empty page of `out` with `page`'s boxes and rotation, not yet in its page tree. It
    has no content stream at all (an empty compressed one is what MuPDF warns about), so
    nothing on it is content or artifact."""
    blank = Dictionary(Type=Name.Page, MediaBox=Array(list(page.mediabox)),
                       Resources=Dictionary())
    for key in _COPIED_BOXES:
        if key in page.obj:
            value = page.obj[key]
            blank[key] = Array(list(value)) if isinstance(value, Array) else value
    return pikepdf.Page(out.make_indirect(blank))


def _landscape(sheet: tuple[float, float]) -> tuple[float, float]:
    """The sheet's (width, height), checked: finite, 3 to 14400 pt, not portrait."""
    try:
        width, height = (float(value) for value in sheet)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"sheet must be (width, height) in points, got {sheet!r}") from exc
    if not all(math.isfinite(v) and 3 <= v <= 14400 for v in (width, height)):
        raise ValueError(f"sheet must be 3 to 14400 points each way, got {sheet!r}")
    if width < height:
        raise ValueError(f"sheet must be landscape (width ≥ height), got {sheet!r}: "
                         f"for A4 pass (841.89, 595.28), for US Letter (792, 612)")
    return width, height


def _save(pdf: pikepdf.Pdf, version: str) -> bytes:
    """`pdf` as bytes, the same for the same content in any process: fixed /ID and settings."""
    buffer = io.BytesIO()
    pdf.save(buffer, min_version=version, deterministic_id=True, linearize=False, qdf=False,
             compress_streams=True, recompress_flate=False,
             stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
             object_stream_mode=pikepdf.ObjectStreamMode.generate,
             normalize_content=False, fix_metadata_version=False)
    return buffer.getvalue()
