"""A chapter's language, detected from its text when the article does not say it.

Which language a chapter is in decides how it is set: hyphenation, quotes and spacing, the
date's words, the direction (Arabic and Hebrew right to left) and the fonts. An article declares
it in its front matter or `<html lang>`; book.toml may set it per chapter; a plain-text paste,
or a saved page without `lang`, says nothing. For those, this step beside the reading (it runs
where the article is read, and its result is kept with it in the article cache) asks a detector,
py3langid (a naive Bayes model of 139 languages that ships in its wheel; nothing is downloaded),
and keeps its answer only when

- the text is long enough (`MIN_LETTERS` letters: a caption or a one-line note says too little),
- the detector is sure (`MIN_CONFIDENCE`, its probability normalised by the text's length), and
- the language differs from the book's: a chapter in the book's language is left as it was.

The order, first found wins: book.toml's `language` for the chapter (articles.py applies it
after reading), the article's own declaration, the detected language, the book's language.

Measured (issue 17, part 4) on the corpus's 181 article bodies and whole pastes, their 462
paragraphs in 8 languages, and 56 texts written in 20 languages: of the 1,068 texts long enough
(the bodies are also read cut to 200 and 60 characters), 1,013 were given a language and none
was wrong; the others (Indonesian or Malay, most often) were left to the book's language. About
2 ms an article once the model is loaded: 0.5 to 1 s, once per process, and only when an
article needs it (the article cache keeps the answer).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import replace

from book.i18n import direction
from book.model import Chapter, Text, walk

LOGGER = logging.getLogger("book")
MIN_LETTERS = 50
"""Fewer letters than this and the chapter is left undetected."""
MIN_CONFIDENCE = 0.9
"""The detector's probability (normalised over its languages) that its best answer must reach."""
SAMPLE_CHARS = 3000
"""How much of the chapter's text (headline, standfirst, then the body) the detector reads."""
SAME_LANGUAGE = {"ary": "ar", "arz": "ar", "hbo": "he", "wuu": "zh"}
"""The detector's labels for varieties written as their standard language (Moroccan and
Egyptian Arabic, Biblical Hebrew, Wu Chinese): their probabilities count for that language."""
TAGS = {"uzs": "uz-Arab"}
"""Labels that are not the BCP 47 tag to use: Southern Uzbek is Uzbek in Arabic script. Every
other label is an ISO 639 code, a valid BCP 47 primary subtag."""
NO_LANGUAGE = "zxx"
"""The detector's label for numbers, markup and the like: never a chapter's language (what it
is given counts for no language, and makes the others less sure)."""
URL = re.compile(r"\S*(?:://|www\.|@)\S*")
"""Addresses say nothing about the language around them."""


def read_with_language(reader: Callable[[], Chapter], book_language: str) -> Chapter:
    """`reader()`'s chapter, its language detected when the article does not say it: the
    reading step articles.py hands to the article cache (readcache.read_and_keep)."""
    return with_language(reader(), book_language)


def with_language(chapter: Chapter, book_language: str) -> Chapter:
    """`chapter` with its detected language, when it declares none, the detector is sure and
    the language is not the book's; otherwise `chapter` as it is."""
    if chapter.language:
        return chapter
    source = chapter.source.at(None)
    text = chapter_text(chapter)
    if sum(char.isalpha() for char in text) < MIN_LETTERS:
        LOGGER.debug("%s: too little text to tell its language", source)
        return chapter
    tag, confidence = detect(text)
    if tag is None:
        LOGGER.debug("%s: language not detected (the detector is %.2f sure at best)", source,
                     confidence)
        return chapter
    if _primary(tag) == _primary(book_language):
        LOGGER.debug("%s: language detected: %s, the book's", source, tag)
        return chapter
    LOGGER.info("%s: language detected from its text: %s%s (its [[chapters]] entry in "
                "book.toml can set another)", source, tag,
                ", right to left" if direction(tag) == "rtl" else "")
    return replace(chapter, language=tag)


def chapter_text(chapter: Chapter) -> str:
    """The first `SAMPLE_CHARS` characters of the chapter's prose: headline, standfirst and the
    text of its blocks (not code, not addresses), a space between pieces."""
    pieces, size = [chapter.title or "", " ", chapter.dek or ""], 0
    for block in chapter.blocks:
        for node in walk(block):
            if hasattr(node, "inlines"):  # a paragraph, heading or cell: apart from the last
                pieces.append(" ")
            elif isinstance(node, Text):  # not Code, nor a CodeBlock's text
                pieces.append(node.text)
                size += len(node.text)
        if size >= SAMPLE_CHARS:
            break
    return URL.sub(" ", "".join(pieces)).strip()[:SAMPLE_CHARS]


def detect(text: str) -> tuple[str | None, float]:
    """(BCP 47 tag, confidence) of `text`'s language; the tag is None below MIN_CONFIDENCE."""
    totals: dict[str, float] = {}
    for label, probability in _identifier().rank(text):
        if label != NO_LANGUAGE:
            label = SAME_LANGUAGE.get(label, label)
            totals[label] = totals.get(label, 0.0) + probability
    label, confidence = max(totals.items(), key=lambda item: item[1])
    tag = TAGS.get(label, label)
    return (tag if confidence >= MIN_CONFIDENCE else None), confidence


def _primary(tag: str) -> str:
    return tag.split("-")[0].lower()


@functools.cache
def _identifier():
    """py3langid's classifier with probabilities normalised (its public API, py3langid 0.4),
    loaded once per process when first needed: a constant, read only."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
