"""The cover image: the user's own file, or the typographic cover rendered to a PNG.

The typographic cover is designed once (templates/cover.j2, styles/cover.css) and used twice:
as the first page of the PDF, and here as the EPUB's cover image. The standalone document
templates/cover-image.html.j2 puts it on one 1600x2560px page; WeasyPrint lays it out with
the bundled fonts only (offline, through `ProjectFetcher`), pypdfium2 rasterises the PDF page
and Pillow encodes the pixels as a PNG with nothing but pixels in it (no time, no text chunk),
so the same book gives the same bytes in every process.
"""

from __future__ import annotations

import io
from pathlib import Path

import jinja2
import pypdfium2
from PIL import Image
from weasyprint import HTML

from book.errors import RenderError
from book.outputs import write_bytes
from book.model import Book
from book.render import style
from book.render.fetcher import BOOK, STYLES, ProjectFetcher, place_url
from book.render.templates import render

WIDTH, HEIGHT = 1600, 2560
"""The generated cover, in pixels: 1:1.6, what e-book shops ask for."""
TEMPLATE = "cover-image.html.j2"
STYLESHEETS = ("fonts.css", "cover.css")
"""What the standalone document links, from `styles_dir` (then the theme's design, the accent
and the book's own stylesheets: render/style.py)."""
_POINTS_PER_PIXEL = 0.75  # CSS: 96px = 72pt = 1in
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def cover_image(book: Book, styles_dir: Path, cache: Path | None = None) -> tuple[bytes, str]:
    """The cover as (image bytes, media type): the user's file unchanged, or a generated PNG,
    kept in `cache` (a folder) under a hash of its document, the styles and fonts, and the
    versions (render/partcache.cache_key), so that a rebuild does not draw it again."""
    if book.meta.cover_image is not None:
        return user_cover(book.meta.cover_image)
    if cache is None:
        return _rasterise(cover_pdf(book, styles_dir)), "image/png"
    from book.render import partcache

    kept = cache / f"{partcache.cache_key(book, styles_dir, cover_document(book))}.png"
    if kept.is_file():
        return kept.read_bytes(), "image/png"
    data = _rasterise(cover_pdf(book, styles_dir))
    for old in cache.glob("*.png") if cache.is_dir() else ():
        old.unlink(missing_ok=True)  # one cover at a time
    write_bytes(kept, data)
    return data, "image/png"


def user_cover(path: Path) -> tuple[bytes, str]:
    """The user's cover file as it is, with the media type its bytes (not its name) declare."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RenderError(f"cannot read the cover image: {exc.strerror}", source=path,
                          hint="check `cover` in book.toml.") from exc
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return data, media_type
    raise RenderError("the cover image is neither a PNG nor a JPEG file", source=path,
                      hint="save it as PNG or JPEG, or remove `cover` from book.toml for a "
                           "typographic cover.")


def cover_document(book: Book) -> str:
    """The standalone HTML of the generated cover (relative links into styles/, the book's own
    stylesheets by their place in the book folder)."""
    try:
        return render(TEMPLATE, meta=book.meta,
                      stylesheets=[sheet.name for sheet in style.theme_sheets(book)],
                      settings=style.settings_css(book, "cover") if book.layout.accent else None,
                      own_stylesheets=[place_url(BOOK, style.own_name(book, path).removeprefix(
                          f"{style.OWN}/")) for path in book.layout.css])
    except jinja2.TemplateError as exc:
        raise RenderError(f"{TEMPLATE}: {exc}") from exc


def cover_pdf(book: Book, styles_dir: Path) -> bytes:
    """The generated cover as a one-page PDF, 1600x2560px, fonts from `styles_dir` (and the
    book folder, for the book's own stylesheets)."""
    for name in STYLESHEETS:
        if not (styles_dir / name).is_file():
            raise RenderError("a stylesheet of the cover is missing", source=styles_dir / name)
    with style.quiet(book):
        document = HTML(string=cover_document(book), base_url=place_url(STYLES),
                        url_fetcher=ProjectFetcher({STYLES: styles_dir, BOOK: book.root})
                        ).render(presentational_hints=False)
    if len(document.pages) != 1:
        raise RenderError(f"the generated cover takes {len(document.pages)} pages instead of one",
                          hint="the title or subtitle may be extremely long; shorten it in "
                               "book.toml.")
    return document.write_pdf()


def _rasterise(pdf: bytes) -> bytes:
    """The PDF's single page as an RGB PNG of exactly WIDTH x HEIGHT pixels."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        width, height = page.get_size()
        if (round(width / _POINTS_PER_PIXEL), round(height / _POINTS_PER_PIXEL)) != (WIDTH, HEIGHT):
            raise RenderError(f"the cover page is {width}x{height}pt, not {WIDTH}x{HEIGHT}px",
                              source=TEMPLATE)
        bitmap = page.render(scale=1 / _POINTS_PER_PIXEL, draw_annots=False, may_draw_forms=False)
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    if image.size != (WIDTH, HEIGHT):  # a rounding pixel in pdfium's bitmap size
        if image.width >= WIDTH and image.height >= HEIGHT:
            image = image.crop((0, 0, WIDTH, HEIGHT))
        else:
            image = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # Pillow writes no tIME/tEXt chunk unless asked
    return out.getvalue()
