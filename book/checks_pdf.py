"""PDF checks for `book check`, read with pikepdf: each a function `Pdf -> (status, detail)`.

`open_pdf` comes first (a file that does not open gets no other check); `RULES` are run on every
PDF (the book, each handout, the handouts bundle); `outline` and `odd_starts` on one file each.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from book.checks_epub import FAIL, OK, counted
FONT_SUBTYPES = {"/Type0", "/Type1", "/MMType1", "/TrueType", "/Type3", "/CIDFontType0",
                 "/CIDFontType2"}
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def open_pdf(path: Path) -> tuple[pikepdf.Pdf | None, tuple[str, str]]:
    """(the opened PDF or None, verdict): it opens, and qpdf's syntax check finds nothing."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return None, (FAIL, f"cannot be opened: {_one_line(exc)}")
    check = getattr(pdf, "check_pdf_syntax", None) or pdf.check  # pikepdf ≥ 10 renamed check()
    try:
        problems = check()
    except pikepdf.PdfError as exc:
        problems = [_one_line(exc)]
    if problems:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        return pdf, (FAIL, f"{_one_line(problems[0])}{more}")
    return pdf, (OK, counted(len(pdf.pages), "page"))


def _one_line(text: object) -> str:
    return " ".join(str(text).split())[:300]


def _dictionaries(pdf: pikepdf.Pdf):
    """Every indirect dictionary, and the dictionary of every stream."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary):
            yield obj
        elif isinstance(obj, pikepdf.Stream):
            yield obj.stream_dict


def _is_font(obj: pikepdf.Dictionary) -> bool:
    return obj.get("/Type") == "/Font" or (
        "/BaseFont" in obj and str(obj.get("/Subtype")) in FONT_SUBTYPES)


def fonts_embedded(pdf: pikepdf.Pdf):
    """Every font's program is in the file (Type 3 fonts are drawn by the PDF itself)."""
    fonts, missing = 0, []
    for font in filter(_is_font, _dictionaries(pdf)):
        subtype = str(font.get("/Subtype"))
        if subtype == "/Type0":
            continue  # checked through its descendant font, itself an object of the file
        fonts += 1
        if subtype == "/Type3":
            continue
        descriptor = font.get("/FontDescriptor")
        if descriptor is None or not any(key in descriptor for key in FONT_FILES):
            missing.append(str(font.get("/BaseFont", "?")).lstrip("/"))
    if missing:
        return FAIL, f"not embedded: {', '.join(sorted(set(missing)))}"
    return OK, counted(fonts, "font")


def metadata(pdf: pikepdf.Pdf):
    """A title in /Info and a language in the catalogue (/Lang)."""
    title = str(pdf.docinfo.get("/Title", "")).strip() if "/Info" in pdf.trailer else ""
    lang = str(pdf.Root.get("/Lang", "")).strip()
    missing = [name for name, value in (("/Info /Title", title), ("/Root /Lang", lang))
               if not value]
    if missing:
        return FAIL, f"no {' and no '.join(missing)}"
    return OK, f"{title[:40]!r}{'…' if len(title) > 40 else ''}, {lang}"


def no_scripts(pdf: pikepdf.Pdf):
    """No JavaScript, no OpenAction and no additional actions: a book runs nothing."""
    found = []
    if "/OpenAction" in pdf.Root:
        found.append("/OpenAction")
    if "/AA" in pdf.Root:
        found.append("/AA")
    names = pdf.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        found.append("/Names /JavaScript")
    if any(obj.get("/S") == "/JavaScript" or "/JS" in obj for obj in _dictionaries(pdf)):
        found.append("JavaScript actions")
    if found:
        return FAIL, f"has {', '.join(dict.fromkeys(found))}"
    return OK, "none"


def no_attachments(pdf: pikepdf.Pdf):
    """No embedded files (/Names /EmbeddedFiles, or file attachments)."""
    names = pdf.Root.get("/Names")
    if names is not None and "/EmbeddedFiles" in names:
        return FAIL, "has /Names /EmbeddedFiles"
    if any(obj.get("/Subtype") == "/FileAttachment" or "/EF" in obj for obj in _dictionaries(pdf)):
        return FAIL, "has embedded files (file attachment annotations)"
    return OK, "none"


def tagged(pdf: pikepdf.Pdf):
    """Tagged for accessibility (PDF/UA-1): a structure tree and /MarkInfo /Marked true."""
    marked = pdf.Root.get("/MarkInfo", {}).get("/Marked", False)
    if "/StructTreeRoot" not in pdf.Root or not bool(marked):
        return FAIL, "not tagged (no structure tree or /MarkInfo /Marked)"
    return OK, "structure tree, /Marked"


TAGGED = ("tagged (PDF/UA-1)", tagged)
"""For the book, each handout and the handouts bundle (booklets are for paper: no tags)."""

RULES = (
    ("fonts embedded", fonts_embedded),
    ("title and language", metadata),
    ("no JavaScript or OpenAction", no_scripts),
    ("no embedded files", no_attachments),
)


def top_level(pdf: pikepdf.Pdf) -> list:
    """The outline's top-level items."""
    with pdf.open_outline() as outline:
        return list(outline.root)


def outline(pdf: pikepdf.Pdf, chapters: int | None):
    """One top-level outline entry per chapter (`chapters` from the EPUB's nav), else non-empty."""
    entries = top_level(pdf)
    if not entries:
        return FAIL, "no outline (bookmarks)"
    if chapters is not None and len(entries) != chapters:
        return FAIL, f"{len(entries)} top-level entries, but {chapters} chapters in book.epub's nav"
    against = " (as in book.epub)" if chapters is not None else ""
    return OK, f"{counted(len(entries), 'chapter')}{against}"


def odd_starts(pdf: pikepdf.Pdf):
    """Handouts bundle: each part (a top-level outline entry) starts on an odd page."""
    entries = top_level(pdf)
    if not entries:
        return FAIL, "no outline: cannot tell where each handout starts"
    bad = []
    for item in entries:
        page = _page_number(pdf, item)
        if page is None or page % 2 == 0:
            where = "has no page" if page is None else f"on p. {page}"
            bad.append(f"{str(item.title)[:40]!r} {where}")
    if bad:
        return FAIL, f"not on an odd page: {'; '.join(bad[:3])}"
    return OK, counted(len(entries), "part")


def _page_number(pdf: pikepdf.Pdf, item) -> int | None:
    """The 1-based page an outline item leads to (explicit or named destination, or GoTo)."""
    dest = item.destination
    if dest is None and item.action is not None and item.action.get("/S") == "/GoTo":
        dest = item.action.get("/D")
    if isinstance(dest, (pikepdf.String, pikepdf.Name, str)):
        dest = _named(pdf, dest)
    if isinstance(dest, pikepdf.Dictionary):
        dest = dest.get("/D")
    if not isinstance(dest, pikepdf.Array) or not len(dest):
        return None
    target = dest[0]
    if isinstance(target, int):  # remote-style destinations give a page index
        return int(target) + 1
    try:
        return pikepdf.Page(target).index + 1
    except (ValueError, TypeError, pikepdf.PdfError):
        return None


def _named(pdf: pikepdf.Pdf, name) -> object:
    """Resolve a named destination (/Root /Names /Dests tree, or the older /Root /Dests)."""
    key = str(name).lstrip("/") if isinstance(name, pikepdf.Name) else str(name)
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        tree = pikepdf.NameTree(names.Dests)
        if key in tree:
            return tree[key]
    dests = pdf.Root.get("/Dests")
    if dests is not None and f"/{key}" in dests:
        return dests[f"/{key}"]
    return None
