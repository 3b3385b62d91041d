"""One article never fails the book (issue 17, part 3), whatever its format.

- An article without a headline gets a title derived from its text, with a warning naming the
  file and the line; when the title is the whole of the first paragraph, that paragraph is not
  said again under it.
- An article in which no text is found is skipped with a warning naming the file and saying
  what to do; the book is built from the others.

Each case is a real build (`book build -f epub`, in a subprocess), read back from the EPUB.
"""

from __future__ import annotations

import re
from pathlib import Path
import zipfile

import pytest
from lxml import etree

from book.model import Chapter, Figure, Heading, Image, ListBlock, Paragraph, Source, Text
from book.transforms import titles
from book.transforms.titles import titled
from conftest import make_book, run_book

XHTML = "{http://www.w3.org/1999/xhtml}"

GOOD = {
    ".txt": "A good plain article\n\nIts first paragraph, long enough to be read as the text of "
            "an article about nothing in particular.\n\nA second paragraph ends it.\n",
    ".md": "# A good Markdown article\n\nIts first paragraph, long enough to be read as the text "
           "of an article.\n\nA second paragraph ends it.\n",
    ".html": "<!DOCTYPE html><html lang='en'><head><title>A good saved page</title></head><body>"
             "<article><h1>A good saved page</h1><p>Its first paragraph, long enough to be read "
             "as the text of an article about nothing in particular.</p><p>A second paragraph, "
             "with a few more words, ends it for good.</p></article></body></html>\n",
}
EMPTY = {
    ".txt": "ADVERTISEMENT\nShare this article\n",
    ".md": "---\ntitle: Only front matter\n---\n",
    ".html": "<!DOCTYPE html><html><head><title>Page not found</title></head><body><nav>"
             "<a href='/'>Home</a> <a href='/news'>News</a></nav><p>Advertisement</p>"
             "<footer>© 2025 A site</footer></body></html>\n",
}
SHORT_FIRST = "The kettle had boiled twice."
REST = ("Nobody had poured it, because everyone in the house assumed someone else would, and the "
        "morning went on without tea.")
UNTITLED = {
    ".txt": f"{SHORT_FIRST}\n\n{REST}\n\nBy noon the kitchen was cold again, and still nobody "
            "had made the tea.\n",
    ".md": f"{SHORT_FIRST}\n\n{REST}\n\nBy noon the kitchen was cold again.\n",
    ".html": "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><div class='wrap'>"
             f"<div class='text'><p>{SHORT_FIRST}</p><p>{REST}</p><p>By noon the kitchen was "
             "cold again, and still nobody had made the tea, which was a pity.</p></div></div>"
             "</body></html>\n",
}


def _build(tmp_path, articles):
    """`book build -f epub` of these articles into tmp_path/out; it must succeed."""
    root = make_book(tmp_path, articles)
    done = run_book("build", str(root), "-f", "epub", "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    return done


def chapters(epub) -> list[tuple[str, list[str]]]:
    """(title, paragraphs under the chapter's header) of each chapter file, in order."""
    out = []
    with zipfile.ZipFile(epub) as archive:
        for name in sorted(n for n in archive.namelist() if re.search(r"/ch\d+-.*\.xhtml$", n)):
            section = etree.fromstring(archive.read(name)).find(f"{XHTML}body/{XHTML}section")
            h1 = " ".join("".join(section.find(f".//{XHTML}h1").itertext()).split())
            paragraphs = [" ".join("".join(p.itertext()).split())
                          for p in section.iter(f"{XHTML}p")
                          if p.getparent().tag != f"{XHTML}header"]
            out.append((h1, paragraphs))
    return out


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_an_article_without_text_is_skipped(tmp_path, suffix):
    done = _build(tmp_path, {f"01-good{suffix}": GOOD[suffix], f"02-empty{suffix}": EMPTY[suffix]})
    warning = next(line for line in done.stderr.splitlines() if "no article text" in line)
    assert f"chapters/02-empty{suffix}: no article text" in warning and "skipped" in warning
    assert "Hint:" in warning
    assert len(chapters(tmp_path / "out" / "book.epub")) == 1


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_a_derived_title_is_not_said_twice(tmp_path, suffix):
    done = _build(tmp_path, {f"01-good{suffix}": GOOD[suffix],
                             f"02-untitled{suffix}": UNTITLED[suffix]})
    assert re.search(rf"chapters/02-untitled{re.escape(suffix)}: no headline found; using a "
                     r"title derived from the text \(line \d+\): 'The kettle had boiled twice'\. "
                     r"Hint: set title", done.stderr), done.stderr
    (_, _), (title, paragraphs) = chapters(tmp_path / "out" / "book.epub")
    assert title == "The kettle had boiled twice"
    assert paragraphs[0].startswith("Nobody had poured it"), paragraphs  # not said again


def test_a_saved_page_without_a_headline_builds(tmp_path):
    """No <title>, no og:title, no h1: the title comes from the text, and the book is made."""
    page = ("<!DOCTYPE html><html><body><main><ul><li>A list opens the page.</li><li>A second "
            "item follows it.</li></ul><p>" + REST + "</p></main></body></html>")
    done = _build(tmp_path, {"01-page.html": page})
    assert "chapters/01-page.html: no headline found" in done.stderr
    ((title, _),) = chapters(tmp_path / "out" / "book.epub")
    assert title == "A list opens the page"


# ------------------------------------------------------------ the transform


def _chapter(*blocks) -> Chapter:
    return Chapter(source=Source(Path("chapters/03-x.html"), None, "html"),
                   blocks=tuple(blocks))


def test_a_title_from_a_long_first_paragraph_keeps_it(caplog):
    text = ("A long opening sentence that runs well past the ten words a title may have, and "
            "goes on. Then more.")
    chapter = titled(_chapter(Paragraph((Text(text),), Source(Path("chapters/03-x.html"), 4))))
    assert chapter.title == "A long opening sentence that runs well past…"
    assert len(chapter.blocks) == 1  # the paragraph says more than the title: it stays
    assert "chapters/03-x.html: no headline found; using a title derived from the text (line 4)" \
        in caplog.text


def test_a_short_first_heading_becomes_the_title():
    chapter = titled(_chapter(Heading(2, (Text("What we found"),)),
                              Paragraph((Text("The text."),))))
    assert chapter.title == "What we found"
    assert [type(b) for b in chapter.blocks] == [Paragraph]


def test_a_title_from_a_list_or_a_caption():
    items = ((Paragraph((Text("Item one of the list."),)),),)
    assert titled(_chapter(ListBlock(False, items))).title == "Item one of the list"
    figure = Figure(Image(Path("/x.png"), "alt"), (Text("A caption."),))
    assert titled(_chapter(figure)).title == "A caption"


def test_no_text_at_all_names_the_file(caplog):
    figure = Figure(Image(Path("/x.png"), ""), ())
    chapter = titled(_chapter(figure))
    assert chapter.title == "X"
    assert "chapters/03-x.html: no headline and no text to take one from" in caplog.text


@pytest.mark.parametrize(("text", "title"), [
    ("We met on a Tuesday, and nothing about the evening suggested what would follow in the "
     "years to come.", "We met on a Tuesday"),
    # a clause ends outside brackets; first words never leave a bracket open
    ("Notes for the group (pastes, saved pages, a book.toml entry), and two more kept for the "
     "last week of the term.", "Notes for the group (pastes, saved pages, a book.toml entry)"),
    ("Articles that do not say their language (plain-text pastes, a saved page without its "
     "lang), and two that do, written for the tests.", "Articles that do not say their language…"),
    ("Repair (the small kind that couples do every day without naming it) and what it costs "
     "them over years.", "Repair (the small kind that couples do every…"),
    ("A (very) long sentence that goes on and on without any mark at all until its end.",
     "A (very) long sentence that goes on and…"),
])
def test_a_derived_title_is_a_sentence_a_clause_or_first_words(text, title):
    assert titles.derive(text) == title
