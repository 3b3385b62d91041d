"""Captions, credits and galleries of pictures the book cannot show.

A page saved as "HTML only" keeps its pictures on the web: the book never fetches them, so
their captions ("A protester on Tuesday. Photo: Agency") would describe nothing. Before
the article is looked for, `drop_captions` takes out, and reports:

- an element whose class or id says caption or credit ("caption", "wp-caption-text",
  "photo-credit"), short, when no picture near it can be shown;
- a gallery, slideshow or carousel whose pictures cannot be shown, with its captions.

"Near" is the smallest element around the caption holding an image, up to NEAR levels up.
A picture can be shown when it is a file inside the book folder (a page saved "complete",
with its folder of files): then its caption stays, and `htmlblocks` sets it under it.
What is in or around a `<figure>` is left to `htmlblocks.figure`, which does the same (and
names the picture in a warning).

Also here, for `htmlinline`: where an `<img>` names its file (`src`, lazy-loading
attributes, `srcset`), whether it is an icon or avatar, and whether it stands alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from book.model import Removal
from book.readers.htmlhints import BLOCK_TAGS, drop, hint_words, last_line, tag_of, text_of

_WORD = r"(?<![a-z0-9])(?:{})(?![a-z0-9])"
CAPTION_HINT = re.compile(_WORD.format(
    r"caption[a-z]*|wp-caption-text|credits?|photo-?credit|image-?credit|img-?credit"))
GALLERY_HINT = re.compile(_WORD.format(
    r"gallery|galleries|slideshow|slide-?show|carousel|lightbox|slider|photo-?strip"))
CAPTION_MAX_WORDS = 80
"""A longer element with a caption class is text (a class naming its whole column)."""
GALLERY_WORDS_PER_PICTURE = 60
"""A gallery holds at most this many words a picture: more is an article with pictures."""
NEAR = 4
"""A caption's pictures are looked for in this many elements around it."""
IMAGE_SOURCES = ("src", "data-src", "data-lazy-src", "data-original", "data-lazy", "data-url")
"""Where an <img> names its file: `src` first, then the lazy-loading attributes."""
SRCSETS = ("srcset", "data-srcset", "data-lazy-srcset")
PIXEL_SIZES = frozenset({"0", "1", "0px", "1px"})
"""A tracking pixel's width or height."""
SMALL_IMAGE = 100
"""A remote image at most this wide and high (an avatar, an icon) gives its alt text quietly."""
REMOTE = frozenset({"http", "https", "data"})
"""Schemes of images the book never fetches."""
LEFT_OUT = "the picture is left out"
"""An image standing alone that the book cannot show: its alt text describes a picture the
reader will not see, and is left out with it (an image in a sentence gives its alt text)."""
EMOJI_CLASS = re.compile(r"(?<![\w-])(?:emoji|wp-smiley|emoticon)(?![\w-])", re.I)
"""A remote emoji image: its alt text (the emoji) stands in, quietly."""
LEAD_LEVELS = 2
"""A lead picture is a sibling of the article's element or of one of its two parents."""


def drop_captions(body: HtmlElement, article: Path, root: Path) -> list[Removal]:
    """Take out captions and galleries of pictures the book cannot show; say where."""
    removed: list[Removal] = []
    for el in list(body.iterdescendants()):
        if not isinstance(el.tag, str) or _gone(el, body) or el.find(".//figure") is not None \
                or any(tag_of(a) == "figure" for a in (el, *el.iterancestors())):
            continue
        what = _kind(el, article, root)
        if what is None:
            continue
        if text_of(el):
            removed.append(Removal(what, el.sourceline or 0, last_line(el)))
        drop(el)
    return removed


def lead_picture(article: HtmlElement, page: Path, root: Path) -> HtmlElement | None:
    """The picture just before the article's element (a lead photograph between the headline
    and the text), when the book can show it: a figure, or a block holding only pictures."""
    for el in (article, *list(article.iterancestors())[:LEAD_LEVELS]):
        before = el.getprevious()
        while before is not None and not isinstance(before.tag, str):
            before = before.getprevious()
        if before is None:
            continue
        pictures = list(before.iter("img"))
        if not pictures or tag_of(before) in ("header", "nav", "aside", "footer"):
            return None
        caption = before.find(".//figcaption")
        words = len(text_of(before).split()) - (
            len(text_of(caption).split()) if caption is not None else 0)
        if words == 0 and any(can_show(img, page, root) for img in pictures):
            return before
        return None
    return None


def _gone(el: HtmlElement, body: HtmlElement) -> bool:
    """Removed already, with an element around it."""
    return body not in el.iterancestors()


def _kind(el: HtmlElement, article: Path, root: Path) -> str | None:
    words = hint_words(el)
    if not words:
        return None
    if GALLERY_HINT.search(words):
        pictures = list(el.iter("img"))
        if pictures and not any(can_show(img, article, root) for img in pictures) and \
                len(text_of(el).split()) <= GALLERY_WORDS_PER_PICTURE * len(pictures):
            return "gallery"
        return None
    if CAPTION_HINT.search(words) and len(text_of(el).split()) <= CAPTION_MAX_WORDS:
        near = _near_pictures(el)
        if not any(can_show(img, article, root) for img in near):
            return "caption"
    return None


def _near_pictures(el: HtmlElement) -> list[HtmlElement]:
    for level, around in enumerate((el, *el.iterancestors())):
        if level > NEAR or tag_of(around) in ("body", "article", "main"):
            return []
        pictures = list(around.iter("img"))
        if pictures:
            return pictures
    return []


def can_show(img: HtmlElement, article: Path, root: Path) -> bool:
    """A picture the book can embed: a file inside the book folder (checked quietly here;
    the reader says why when it uses one that fails)."""
    src = image_source(img)
    try:
        parts = urlsplit(src)
    except ValueError:
        return False
    if not src or parts.scheme or src.startswith("//"):
        return False
    try:
        path = (article.parent / unquote(parts.path)).resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return path.is_file() and path.is_relative_to(root.resolve())


# ------------------------------------------------------------------ images


def is_icon(el: HtmlElement, src: str) -> bool:
    """A remote avatar, icon or emoji: its alt text stands in without a warning."""
    remote = src.startswith("//") or urlsplit(src).scheme.lower() in REMOTE
    return remote and (_is_small(el) or bool(EMOJI_CLASS.search(el.get("class") or "")))


def stands_alone(el: HtmlElement) -> bool:
    """An image with no text beside it in its block: a picture, not a sign in a sentence."""
    block = next((a for a in el.iterancestors() if tag_of(a) in BLOCK_TAGS), None)
    return block is None or not "".join(block.itertext()).strip()


def _is_small(el: HtmlElement) -> bool:
    sizes = [(el.get(name) or "").strip().removesuffix("px") for name in ("width", "height")]
    return all(size.isdigit() and int(size) <= SMALL_IMAGE for size in sizes)


def image_source(el: HtmlElement) -> str:
    """`src`, unless empty or a data: placeholder; then data-src and the other lazy attributes;
    then the first candidate of a srcset."""
    candidates = [el.get(name) or "" for name in IMAGE_SOURCES]
    candidates += [(el.get(name) or "").strip().split(" ")[0].rstrip(",") for name in SRCSETS]
    for candidate in candidates:
        candidate = candidate.strip()
        if candidate and not candidate.lower().startswith(("data:", "about:")):
            return candidate
    return (el.get("src") or "").strip()
