"""Words the book itself prints (labels, dates), in the book's language.

Chosen by the primary subtag of the BCP 47 tag ("fr-CA" → "fr"); English otherwise.
"""

from __future__ import annotations

import datetime

_KEYS = ("contents", "title_page", "start", "cover", "copyright", "sources", "sources_intro",
         "credit", "edition", "set_in", "and", "made_with", "page", "of", "notes")
_WORDS = {
    "en": ("Contents", "Title page", "Start of the book", "Cover", "Copyright", "Sources",
           "The articles in this book, with their authors and first publication.",
           "Each article remains the work of its author; see Sources at the end of the book.",
           "This edition:", "Set in", "and", "Made with", "Page", "of", "Notes"),
    "fr": ("Table des matières", "Page de titre", "Début du livre", "Couverture", "Droits",
           "Sources", "Les articles de ce livre, avec leurs auteurs et leur première publication.",
           "Chaque article reste l’œuvre de son auteur ; voir les Sources à la fin du livre.",
           "Cette édition :", "Composé en", "et", "Fait avec", "Page", "sur", "Notes"),
    "de": ("Inhalt", "Titelseite", "Beginn des Buches", "Umschlag", "Impressum", "Quellen",
           "Die Artikel dieses Buches mit ihren Autoren und ihrer Erstveröffentlichung.",
           "Jeder Artikel bleibt das Werk seines Autors; siehe Quellen am Ende des Buches.",
           "Diese Ausgabe:", "Gesetzt in", "und", "Erstellt mit", "Seite", "von", "Anmerkungen"),
    "es": ("Índice", "Portada", "Comienzo del libro", "Cubierta", "Créditos", "Fuentes",
           "Los artículos de este libro, con sus autores y su primera publicación.",
           "Cada artículo sigue siendo obra de su autor; véanse las Fuentes al final del libro.",
           "Esta edición:", "Compuesto en", "y", "Hecho con", "Página", "de", "Notas"),
    "it": ("Indice", "Frontespizio", "Inizio del libro", "Copertina", "Colophon", "Fonti",
           "Gli articoli di questo libro, con i loro autori e la prima pubblicazione.",
           "Ogni articolo resta opera del suo autore; vedi le Fonti alla fine del libro.",
           "Questa edizione:", "Composto in", "e", "Realizzato con", "Pagina", "di", "Note"),
    "pt": ("Sumário", "Folha de rosto", "Início do livro", "Capa", "Créditos", "Fontes",
           "Os artigos deste livro, com os seus autores e a primeira publicação.",
           "Cada artigo continua a ser obra do seu autor; ver as Fontes no fim do livro.",
           "Esta edição:", "Composto em", "e", "Feito com", "Página", "de", "Notas"),
    "nl": ("Inhoud", "Titelpagina", "Begin van het boek", "Omslag", "Colofon", "Bronnen",
           "De artikelen in dit boek, met hun auteurs en eerste publicatie.",
           "Elk artikel blijft het werk van zijn auteur; zie Bronnen achter in het boek.",
           "Deze editie:", "Gezet in", "en", "Gemaakt met", "Pagina", "van", "Noten"),
}
LABELS = {language: dict(zip(_KEYS, words, strict=True)) for language, words in _WORDS.items()}
"""Printed words by language: contents, landmarks, copyright and Sources pages."""
_WEB_KEYS = ("previous", "next", "close")
_WEB_WORDS = {  # the web edition's navigation (book.html on a screen): chapter links, the menu
    "en": ("Previous", "Next", "Close"),
    "fr": ("Précédent", "Suivant", "Fermer"),
    "de": ("Zurück", "Weiter", "Schließen"),
    "es": ("Anterior", "Siguiente", "Cerrar"),
    "it": ("Precedente", "Successivo", "Chiudi"),
    "pt": ("Anterior", "Seguinte", "Fechar"),
    "nl": ("Vorige", "Volgende", "Sluiten"),
}
for _language, _words in _WEB_WORDS.items():
    LABELS[_language].update(zip(_WEB_KEYS, _words, strict=True))
_NAV_KEYS = ("pages", "landmarks")
_NAV_WORDS = {  # the names of the EPUB's hidden navs, which screen readers announce
    "en": ("Pages", "Landmarks"),
    "fr": ("Pages", "Repères"),
    "de": ("Seiten", "Orientierungspunkte"),
    "es": ("Páginas", "Puntos de referencia"),
    "it": ("Pagine", "Punti di riferimento"),
    "pt": ("Páginas", "Pontos de referência"),
    "nl": ("Pagina's", "Oriëntatiepunten"),
}
for _language, _words in _NAV_WORDS.items():
    LABELS[_language].update(zip(_NAV_KEYS, _words, strict=True))
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
          "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
          "dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    # Right to left, the Gregorian months as CLDR names them (a chapter's date, in its language)
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "he": "ינואר פברואר מרץ אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר",
    "fa": "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر",
}
DATE_FORMATS = {
    "en": "{month} {day}, {year}",   # July 14, 2025
    "fr": "{day} {month} {year}",    # 14 juillet 2025
    "de": "{day}. {month} {year}",   # 14. Juli 2025
    "es": "{day} de {month} de {year}",
    "it": "{day} {month} {year}",
    "pt": "{day} de {month} de {year}",
    "nl": "{day} {month} {year}",
    "ar": "{day} {month} {year}",    # 14 يوليو 2025
    "he": "{day} ב{month} {year}",   # 14 ביולי 2025
    "fa": "{day} {month} {year}",
}


def _primary(language: str | None, known=LABELS) -> str:
    primary = (language or "en").split("-")[0].lower()
    return primary if primary in known else "en"


def labels(language: str | None) -> dict[str, str]:
    """The printed labels for `language`."""
    return LABELS[_primary(language)]


def long_date(value: datetime.date | None, language: str | None = "en") -> str:
    """A date as the book prints it: "July 14, 2025", "14 juillet 2025", "14. Juli 2025"."""
    if value is None:
        return ""
    primary = _primary(language, MONTHS)
    month = MONTHS[primary].split()[value.month - 1]
    day = "1er" if primary == "fr" and value.day == 1 else str(value.day)
    return DATE_FORMATS[primary].format(month=month, day=day, year=value.year)


RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr",
                           "sdh"})
"""Primary subtags of languages written right to left."""
RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "samr", "mand"})
"""Script subtags (ISO 15924) of scripts written right to left: "uz-Arab", "ku-Arab"."""


def direction(language: str | None) -> str:
    """"rtl" for Arabic, Hebrew, Persian, Urdu… and for a tag naming a right-to-left script
    ("uz-Arab"); "ltr" otherwise (also "ar-Latn": a script subtag decides)."""
    primary, *subtags = (language or "").lower().split("-")
    script = next((tag for tag in subtags if len(tag) == 4 and tag.isalpha()), None)
    if script:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if primary in RTL_LANGUAGES else "ltr"
