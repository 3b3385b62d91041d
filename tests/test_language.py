"""A chapter's language detected from its text (book/language.py): languages told apart, short
or unsure text left undetected, mixed text by its main language, a declared language or the
book's own left alone, the detector's labels made BCP 47 tags. Also the dates and the
direction of the languages detection brings in (book/i18n.py).

The texts are written for these tests (none is copied from a page)."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

import pytest

from book import language
from book.i18n import direction, long_date
from book.model import Chapter, Code, CodeBlock, Heading, Paragraph, Source, Text

PARAGRAPHS = {
    "en": "When the storm reached the coast on Tuesday night, the harbour was already empty. "
          "Fishermen had pulled their boats onto the sand a day earlier.",
    "fr": "Lorsque la tempête a atteint la côte mardi soir, le port était déjà vide. Les "
          "pêcheurs avaient tiré leurs bateaux sur le sable la veille.",
    "de": "Als der Sturm am Dienstagabend die Küste erreichte, war der Hafen bereits leer. Die "
          "Fischer hatten ihre Boote schon am Vortag auf den Strand gezogen.",
    "es": "Cuando la tormenta llegó a la costa el martes por la noche, el puerto ya estaba "
          "vacío. Los pescadores habían subido sus barcas a la arena el día anterior.",
    "it": "Quando la tempesta ha raggiunto la costa martedì sera, il porto era già vuoto. I "
          "pescatori avevano tirato le barche sulla sabbia il giorno prima.",
    "pt": "Quando a tempestade chegou à costa na terça-feira à noite, o porto já estava vazio. "
          "Os pescadores tinham puxado os barcos para a areia na véspera.",
    "nl": "Toen de storm dinsdagavond de kust bereikte, was de haven al leeg. De vissers hadden "
          "hun boten de dag ervoor op het strand getrokken.",
    "ru": "Когда во вторник вечером шторм дошёл до побережья, гавань уже опустела. Рыбаки "
          "вытащили лодки на песок ещё накануне.",
    "el": "Τα περισσότερα ζευγάρια μαλώνουν για χρόνια για τα ίδια τρία πράγματα. Αυτό που "
          "αλλάζει όταν συμφιλιώνονται δεν είναι το θέμα.",
    "ar": "عندما وصلت العاصفة إلى الساحل مساء الثلاثاء، كان الميناء خالياً بالفعل. فقد سحب "
          "الصيادون قواربهم إلى الرمال قبل يوم.",
    "he": "כשהסערה הגיעה לחוף ביום שלישי בערב, הנמל כבר היה ריק. הדייגים משכו את הסירות שלהם "
          "אל החול יום קודם.",
    "fa": "وقتی طوفان سه‌شنبه شب به ساحل رسید، بندر از قبل خالی بود. ماهیگیران یک روز پیش "
          "قایق‌هایشان را روی شن کشیده بودند.",
    "ur": "زیادہ تر جوڑے برسوں تک انہی تین باتوں پر جھگڑتے رہتے ہیں۔ جب وہ صلح کرتے ہیں تو "
          "موضوع نہیں بدلتا۔",
}


def chapter(*texts: str, title: str | None = None, declared: str | None = None) -> Chapter:
    return Chapter(source=Source(Path("chapters/a.txt")), title=title, language=declared,
                   blocks=tuple(Paragraph((Text(text),)) for text in texts))


@pytest.mark.parametrize("tag", sorted(PARAGRAPHS))
def test_each_language_is_told_apart(tag):
    found, confidence = language.detect(PARAGRAPHS[tag])
    assert found == tag and confidence >= language.MIN_CONFIDENCE


@pytest.mark.parametrize("tag", ["fr", "ar", "he"])
def test_an_undeclared_chapter_gets_the_detected_language(tag):
    assert language.with_language(chapter(PARAGRAPHS[tag]), "en").language == tag


def test_short_text_is_left_undetected():
    short = "Bonjour à tous, et merci."  # French, and the detector says so, but 19 letters
    assert language.detect(short)[0] == "fr"
    assert language.with_language(chapter(short), "en").language is None
    longer = chapter(short, "Merci d'être venus si nombreux ce soir, malgré la pluie.")
    assert language.with_language(longer, "en").language == "fr"


@pytest.mark.parametrize("text", [
    # a results table: names and numbers
    "Kyle Busch 5040 5 1 17 27 Martin Truex Jr. 5035 7 0 15 24 Kevin Harvick 5033 4 6 15 26 "
    "Denny Hamlin 5027 6 3 19 24 Joey Logano 2380 2 3 12 21",
    # a site's menu
    "Home News Sport Business Culture Travel Video Podcasts Newsletters Sign in",
    # half English, half French
    "The council met on Tuesday evening to vote. Le conseil s'est réuni mardi soir pour voter.",
    # Indonesian or Malay: the detector hesitates
    "Dewan kota memutuskan untuk membuka perpustakaan pada hari Minggu sore.",
])
def test_unsure_text_is_left_undetected(text):
    found, confidence = language.detect(text)
    assert found is None and confidence < language.MIN_CONFIDENCE
    assert language.with_language(chapter(text), "en").language is None


@pytest.mark.parametrize(("tag", "text"), [
    ("fr", "Le rapport, intitulé « Building Trust After Rupture », a été publié en anglais. Ses "
           "auteurs expliquent que la réparation passe par des gestes simples : écouter, "
           "reconnaître la blessure, puis proposer un rituel partagé. Selon eux, « timing is "
           "everything », mais la sincérité compte davantage que le moment choisi."),
    ("en", "Her grandmother used to say الصبر مفتاح الفرج, patience is the key to relief, and "
           "she repeated it every time the harvest was late or a letter did not come. Years "
           "later the phrase was painted above the kitchen door of the new house."),
    ("ar", "أعلنت شركة Apple يوم الثلاثاء عن هاتف iPhone الجديد، وقالت إنه سيصل إلى الأسواق "
           "في 19 سبتمبر 2025. وأوضح المدير التنفيذي Tim Cook أن سعره يبدأ من 799 دولاراً. "
           "راجع التفاصيل على https://www.apple.com/iphone."),
])
def test_mixed_text_takes_its_main_language(tag, text):
    assert language.detect(text)[0] == tag
    assert language.with_language(chapter(text), "de").language == tag


def test_the_books_own_language_leaves_the_chapter_as_it_was():
    english = chapter(PARAGRAPHS["en"])
    assert language.with_language(english, "en-GB") is english  # en-GB's language is English
    french = chapter(PARAGRAPHS["fr"])
    assert language.with_language(french, "fr-CA") is french
    assert language.with_language(french, "en").language == "fr"


@pytest.mark.parametrize("declared", ["en", "fr-CA", "ar"])
def test_a_declared_language_is_never_overridden(declared):
    for tag in ("fr", "he", "en"):
        read = chapter(PARAGRAPHS[tag], declared=declared)
        assert language.with_language(read, "en").language == declared


class _Ranks:
    """Stands for py3langid's identifier: its `rank` says what it is told."""

    def __init__(self, ranks):
        self.ranks = ranks

    def rank(self, text):
        return self.ranks


@pytest.mark.parametrize(("ranks", "expected"), [
    ([("ary", 0.5), ("ar", 0.45), ("fa", 0.05)], "ar"),    # Moroccan and Standard Arabic: ar
    ([("arz", 0.3), ("ar", 0.65), ("ur", 0.05)], "ar"),
    ([("hbo", 0.4), ("he", 0.55), ("yi", 0.05)], "he"),    # Biblical and Modern Hebrew: he
    ([("uzs", 0.97), ("fa", 0.03)], "uz-Arab"),            # Southern Uzbek: Uzbek in Arabic script
    ([("zxx", 0.99), ("en", 0.01)], None),                 # not a language
    ([("en", 0.6), ("fr", 0.4)], None),                    # unsure
    ([("ary", 0.6), ("fa", 0.4)], None),                   # unsure, even folded
])
def test_labels_become_bcp47_tags(monkeypatch, ranks, expected):
    monkeypatch.setattr(language, "_identifier", lambda: _Ranks(ranks))
    assert language.detect("any text at all")[0] == expected


def test_uz_arab_and_folded_labels_are_set_right_to_left():
    assert direction("uz-Arab") == "rtl" and direction("ar") == "rtl" and direction("he") == "rtl"
    assert direction("sdh") == "rtl" and direction("ar-Latn") == "ltr" and direction("fr") == "ltr"


def test_the_detector_reads_prose_not_code_nor_addresses():
    code = "def main(argv=None):\n    return run(argv)  # the entry point of the whole program\n" * 20
    read = Chapter(source=Source(Path("chapters/a.md")), title="Écrire un petit programme",
                   blocks=(Paragraph((Text("Voir https://example.com/install-guide-for-everyone "
                                           "et la fonction "), Code("main_entry_point()"),
                                      Text(" : elle lance tout le programme.")),),
                           CodeBlock(code),
                           Heading(2, (Text("Et ensuite ?"),)),
                           Paragraph((Text("Il suffit de relancer la commande après chaque "
                                           "modification du fichier."),))))
    text = language.chapter_text(read)
    assert "Écrire un petit programme" in text and "Et ensuite ?" in text
    assert "def main" not in text and "main_entry_point" not in text
    assert "example.com" not in text
    assert language.with_language(read, "en").language == "fr"


def test_the_text_read_is_capped():
    long = chapter(*[PARAGRAPHS["fr"]] * 200)
    assert len(language.chapter_text(long)) == language.SAMPLE_CHARS


def test_what_was_decided_is_said(caplog):
    with caplog.at_level(logging.DEBUG, logger="book"):
        language.with_language(chapter(PARAGRAPHS["he"]), "en")
        language.with_language(chapter(PARAGRAPHS["en"]), "en")
        language.with_language(chapter("Trop court."), "en")
    said = [(record.levelno, record.getMessage()) for record in caplog.records]
    assert said[0] == (logging.INFO, "chapters/a.txt: language detected from its text: he, right "
                                     "to left (its [[chapters]] entry in book.toml can set another)")
    assert said[1][0] == logging.DEBUG and "en, the book's" in said[1][1]
    assert said[2][0] == logging.DEBUG and "too little text" in said[2][1]


@pytest.mark.parametrize(("tag", "expected"), [
    ("ar", "14 يوليو 2025"), ("he", "14 ביולי 2025"), ("fa", "14 ژوئیه 2025"),
    ("fr", "14 juillet 2025"), ("es", "14 de julio de 2025"), ("ur", "July 14, 2025"),
])
def test_dates_in_the_detected_languages(tag, expected):
    assert long_date(datetime.date(2025, 7, 14), tag) == expected
