"""Typography transform: a table of (language, input, expected) per language, a whole book,
idempotence, and the promise that only punctuation and spaces ever change.

NNBSP (U+202F) and NBSP (U+00A0) are spelled out: they are invisible in the table.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from book.model import (
    BlockQuote, Book, BookMeta, Chapter, Code, Emphasis, Heading, LineBreak, Link, ListBlock,
    Paragraph, Rule, Source, Strong, Text,
)
from book.transforms.typography import apply, refine_inlines, refine_text

NNBSP, NBSP = "\u202f", "\u00a0"
SAMPLES = sorted((Path(__file__).resolve().parent.parent / "chapters").glob("*.txt"))

CASES = [
    # ---------------------------------------------------------------- en
    ("en", 'He said "hello."', "He said “hello.”"),
    ("en", "\"She said, 'It's the dog's bone.'\"", "“She said, ‘It’s the dog’s bone.’”"),
    ("en", "Don't touch O'Neill's car; the students' books are here.",
     "Don’t touch O’Neill’s car; the students’ books are here."),
    ("en", "Music of the '90s and '60s", "Music of the ’90s and ’60s"),
    ("en", "'Tis true: rock 'n' roll 'til dawn, so tell 'em.",
     "’Tis true: rock ’n’ roll ’til dawn, so tell ’em."),
    ("en", "'Hello,' she said.", "‘Hello,’ she said."),
    ("en", 'He paused—"Wait." Then--slowly--he left...',
     "He paused—“Wait.” Then—slowly—he left…"),
    ("en", 'A note ("really") and [\'this\']', "A note (“really”) and [‘this’]"),
    ("en", '"Start of the line', "“Start of the line"),
    ("en", 'end of the line."', "end of the line.”"),
    ("en", "Keep the spaces -- as written --- and . . . too",
     "Keep the spaces — as written — and … too"),
    ("en", "I was going to--\" he said", "I was going to—” he said"),
    ("en", "See https://example.com/it's--here...now and www.example.org/a'b--c.",
     "See https://example.com/it's--here...now and www.example.org/a'b--c."),
    ("en", 'Write to o\'brien@example.com or "mailto:x--y@ex.org".',
     "Write to o'brien@example.com or “mailto:x--y@ex.org”."),
    ("en", "“Already ‘curly’ text,” she’s sure — fine…",
     "“Already ‘curly’ text,” she’s sure — fine…"),
    ("en", "He is 5'10\" tall and bought a 12\" pizza, 6' long.",
     "He is 5′10″ tall and bought a 12″ pizza, 6′ long."),
    ("en", 'She wrote "1984" and "I was 12" to me', "She wrote “1984” and “I was 12” to me"),
    ("en", "The arrow --> and <-- stay", "The arrow --> and <-- stay"),
    ("en", '"Stop!" "Go!"', "“Stop!” “Go!”"),
    ("en", "1'000'000 Swiss francs", "1’000’000 Swiss francs"),
    ("en-GB", "'Quoted', he said", "‘Quoted’, he said"),
    # ---------------------------------------------------------------- fr
    ("fr", 'Il a dit "bonjour".', f"Il a dit «{NNBSP}bonjour{NNBSP}»."),
    ("fr", "Pourquoi ? Vraiment !", f"Pourquoi{NNBSP}? Vraiment{NNBSP}!"),
    ("fr", "Pourquoi? Vraiment!", f"Pourquoi{NNBSP}? Vraiment{NNBSP}!"),
    ("fr", "Attention: danger ; Note : ceci", f"Attention{NBSP}: danger{NNBSP}; Note{NBSP}: ceci"),
    ("fr", "Il cite « les guillemets » ici", f"Il cite «{NNBSP}les guillemets{NNBSP}» ici"),
    ("fr", 'Il a dit " oui " hier', f"Il a dit «{NNBSP}oui{NNBSP}» hier"),
    ("fr", "Quoi  ?!", f"Quoi{NNBSP}?!"),
    ("fr", "L'homme qu'il aime -- enfin...", "L’homme qu’il aime — enfin…"),
    ("fr", '"Il a dit "oui" hier"', f"«{NNBSP}Il a dit “oui” hier{NNBSP}»"),
    ("fr", "À 10:30, voir https://exemple.fr/a?b=1;c ou www.exemple.fr!",
     f"À 10:30, voir https://exemple.fr/a?b=1;c ou www.exemple.fr{NNBSP}!"),
    ("fr", f"Déjà «{NNBSP}juste{NNBSP}»{NNBSP}! Oui{NBSP}: ok",
     f"Déjà «{NNBSP}juste{NNBSP}»{NNBSP}! Oui{NBSP}: ok"),
    ("fr-CA", f"Mal espacé{NNBSP}: «{NBSP}ceci{NBSP}»", f"Mal espacé{NBSP}: «{NNBSP}ceci{NNBSP}»"),
    # ---------------------------------------------------------------- de
    ("de", 'Er sagte "Hallo".', "Er sagte „Hallo“."),
    ("de", "\"Sie sagte 'nein'.\"", "„Sie sagte ‚nein‘.“"),
    ("de", "Wie geht's? Hans' Buch, so 'n Ding", "Wie geht’s? Hans’ Buch, so ’n Ding"),
    ("de", "„Schon richtig“ -- bleibt...", "„Schon richtig“ — bleibt…"),
    # ---------------------------------------------------------------- es
    ("es", 'Dijo "hola".', "Dijo «hola»."),
    ("es", '"Dijo "hola" ayer"', "«Dijo “hola” ayer»"),
    ("es", "\"Dijo 'adiós' -- y se fue...\"", "«Dijo “adiós” — y se fue…»"),
    # ---------------------------------------------------------------- it
    ("it", 'Disse "ciao"...', "Disse «ciao»…"),
    ("it", "L'amico dell'anno, negli anni '70", "L’amico dell’anno, negli anni ’70"),
    ("it", "\"Mi ha detto 'sì'\"", "«Mi ha detto “sì”»"),
    # ---------------------------------------------------------------- pt
    ("pt", 'Ele disse "olá" -- e saiu', "Ele disse «olá» — e saiu"),
    ("pt", "\"A palavra 'saudade'\"", "«A palavra “saudade”»"),
    ("pt", "D'Ávila. . . fim", "D’Ávila… fim"),
    # ---------------------------------------------------------------- nl
    ("nl", 'Hij zei "hallo".', "Hij zei “hallo”."),
    ("nl", "'s Avonds in 's-Hertogenbosch, 't is laat", "’s Avonds in ’s-Hertogenbosch, ’t is laat"),
    ("nl", "'Nee,' zei ze -- zacht", "‘Nee,’ zei ze — zacht"),
    # ---------------------------------------------------------------- ar, fa (right to left)
    ("ar", 'قال "مرحبا" ثم خرج.', "قال «مرحبا» ثم خرج."),
    ("ar", '"قال لي "نعم" أمس"', "«قال لي “نعم” أمس»"),
    ("fa", 'گفت "سلام" و رفت.', "گفت «سلام» و رفت."),
    # ---------------------------------------------------------------- he (right to left)
    ("he", 'הוא אמר "שלום" ויצא.', "הוא אמר “שלום” ויצא."),
    ("he", 'ד"ר כהן חזרה מארה"ב, אמר המנכ"ל.', "ד״ר כהן חזרה מארה״ב, אמר המנכ״ל."),
    ("he", "ג'ירפה וצ'יפס, 'שלום' לכם", "ג׳ירפה וצ׳יפס, ‘שלום’ לכם"),
    ("he", '"ד"ר" בלי רווח', "“ד״ר” בלי רווח"),
    ("en", 'Hebrew ד"ר in English text', "Hebrew ד”ר in English text"),  # only he has them
    # ---------------------------------------------------------------- unknown: English
    ("sv", 'Han sa "hej"', "Han sa “hej”"),
    ("", "It's \"fine\"", "It’s “fine”"),
]

UNCHANGED = set(" \t\n\u00a0\u202f\u2009\"'“”‘’„‚«»‹›′″-—….״׳")
"""The only characters the transform may add, remove or replace."""


def words_of(text: str) -> str:
    """Everything but quote, dash, ellipsis and space characters."""
    return "".join(char for char in text if char not in UNCHANGED)


def sample_paragraphs() -> list[str]:
    return [line for path in SAMPLES
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(("language", "text", "expected"), CASES,
                         ids=[f"{case[0] or 'none'}-{n}" for n, case in enumerate(CASES)])
def test_table(language, text, expected):
    assert refine_text(text, language) == expected


@pytest.mark.parametrize(("language", "text", "expected"), CASES,
                         ids=[f"{case[0] or 'none'}-{n}" for n, case in enumerate(CASES)])
def test_idempotent(language, text, expected):
    assert refine_text(expected, language) == expected


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "it", "pt", "nl", "ar", "he"])
def test_only_punctuation_and_spaces_change(language):
    texts = [text for _, text, _ in CASES] + sample_paragraphs()
    assert len(texts) > len(CASES) + 50
    for text in texts:
        refined = refine_text(text, language)
        assert words_of(refined) == words_of(text), text
        assert re.sub(r"[^\w]", "", refined) == re.sub(r"[^\w]", "", text), text
        assert refine_text(refined, language) == refined, text


def test_samples_get_curly_apostrophes_and_nothing_straight():
    for line in sample_paragraphs():
        refined = refine_text(line, "en")
        assert "'" not in refined and '"' not in refined and "--" not in refined


def test_quotes_pair_across_inlines():
    inlines = (Text('He said "'), Emphasis((Text("no"),)), Text('" -- '),
               Strong((Text("'twas"),)), Text(" ok"), LineBreak(), Text("'fine'"))
    assert refine_inlines(inlines, "en") == (
        Text("He said “"), Emphasis((Text("no"),)), Text("” — "),
        Strong((Text("’twas"),)), Text(" ok"), LineBreak(), Text("‘fine’"))


def test_french_spaces_across_inlines_go_with_their_mark():
    inlines = (Text("Il dit «"), Emphasis((Text("oui"),)), Text("» ?"))
    assert refine_inlines(inlines, "fr") == (
        Text(f"Il dit «{NNBSP}"), Emphasis((Text("oui"),)), Text(f"{NNBSP}»{NNBSP}?"))


def test_code_is_an_opaque_word():
    inlines = (Text('Run "'), Code("x = 'a' -- b..."), Text('" and the '), Code("ls"),
               Text("'s output"))
    assert refine_inlines(inlines, "en") == (
        Text("Run “"), Code("x = 'a' -- b..."), Text("” and the "), Code("ls"),
        Text("’s output"))


def make_book() -> Book:
    def para(*inlines):
        return Paragraph(tuple(inlines))

    english = Chapter(
        source=Source(Path("chapters/01.txt")),
        title="The \"best\" day -- ever", kicker="Rock 'n' roll", dek="It's here...",
        author="Miles O'Brien", date_text="'90s -- \"early\"",
        blocks=(
            Heading(2, (Text('"Why" it matters'),), id="ch01-why"),
            para(Text('See "'), Link("https://example.com/it's--a...b", (Text("the 'site'"),)),
                 Text('" or '), Code('print("hi") -- ok...'), Text(" -- done.")),
            ListBlock(False, ((para(Text("Don't")),), (para(Text('"Two"')), para(Text("x...")),))),
            BlockQuote((para(Text("'Quoted' -- text")),
                        BlockQuote((para(Emphasis((Text('"deep"'),))),)))),
            Rule(),
        ))
    french = replace(english, language="fr-FR", title='Le "meilleur" jour : enfin !', kicker=None,
                     dek=None, blocks=(para(Text("Vraiment? Oui: \"non\"")),))
    meta = BookMeta(title='The "Book"', subtitle="Rock 'n' roll...", language="en",
                    authors=("Miles O'Brien",))
    return Book(meta=meta, chapters=(english, french))


def test_whole_book():
    book = apply(make_book())
    assert (book.meta.title, book.meta.subtitle) == ("The “Book”", "Rock ’n’ roll…")
    assert book.meta.authors == ("Miles O'Brien",)
    english, french = book.chapters
    assert (english.title, english.kicker, english.dek) == (
        "The “best” day — ever", "Rock ’n’ roll", "It’s here…")
    assert (english.author, english.date_text) == ("Miles O'Brien", "'90s -- \"early\"")
    heading, paragraph, items, quote, rule = english.blocks
    assert heading == Heading(2, (Text("“Why” it matters"),), id="ch01-why")
    assert paragraph.inlines == (
        Text("See “"), Link("https://example.com/it's--a...b", (Text("the ‘site’"),)),
        Text("” or "), Code('print("hi") -- ok...'), Text(" — done."))
    assert items == ListBlock(False, ((Paragraph((Text("Don’t"),)),),
                                      (Paragraph((Text("“Two”"),)), Paragraph((Text("x…"),)))))
    assert quote == BlockQuote((Paragraph((Text("‘Quoted’ — text"),)),
                                BlockQuote((Paragraph((Emphasis((Text("“deep”"),)),)),))))
    assert rule == Rule()
    assert french.title == f"Le «{NNBSP}meilleur{NNBSP}» jour{NBSP}: enfin{NNBSP}!"
    assert french.blocks == (
        Paragraph((Text(f"Vraiment{NNBSP}? Oui{NBSP}: «{NNBSP}non{NNBSP}»"),)),)


def test_whole_book_idempotent_and_book_language_default():
    once = apply(make_book())
    assert apply(once) == once
    german = apply(replace(make_book(), meta=BookMeta(title='Das "Buch"', language="de-AT")))
    assert german.meta.title == "Das „Buch“"
    assert german.chapters[0].title == "The „best“ day — ever"  # chapter without a language
    assert german.chapters[1].title.startswith(f"Le «{NNBSP}")  # its own language wins
