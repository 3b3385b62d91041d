"""Words the book itself prints (labels, dates), in the book's language.

Chosen by the primary subtag of the BCP 47 tag ("fr-CA" → "fr"); English otherwise.
"""

from __future__ import annotations

import datetime

LABELS = {
    "en": {"contents": "Contents", "title_page": "Title page", "start": "Start of the book"},
    "fr": {"contents": "Table des matières", "title_page": "Page de titre", "start": "Début du livre"},
    "de": {"contents": "Inhalt", "title_page": "Titelseite", "start": "Beginn des Buches"},
    "es": {"contents": "Índice", "title_page": "Portada", "start": "Comienzo del libro"},
    "it": {"contents": "Indice", "title_page": "Frontespizio", "start": "Inizio del libro"},
    "pt": {"contents": "Sumário", "title_page": "Folha de rosto", "start": "Início do livro"},
    "nl": {"contents": "Inhoud", "title_page": "Titelpagina", "start": "Begin van het boek"},
}
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
          "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
DATE_FORMATS = {
    "en": "{month} {day}, {year}",   # July 14, 2025
    "fr": "{day} {month} {year}",    # 14 juillet 2025
    "de": "{day}. {month} {year}",   # 14. Juli 2025
    "es": "{day} de {month} de {year}",
    "it": "{day} {month} {year}",
    "pt": "{day} de {month} de {year}",
    "nl": "{day} {month} {year}",
}


def _primary(language: str | None) -> str:
    primary = (language or "en").split("-")[0].lower()
    return primary if primary in LABELS else "en"


def labels(language: str | None) -> dict[str, str]:
    """The printed labels for `language`."""
    return LABELS[_primary(language)]


def long_date(value: datetime.date | None, language: str | None = "en") -> str:
    """A date as the book prints it: "July 14, 2025", "14 juillet 2025", "14. Juli 2025"."""
    if value is None:
        return ""
    primary = _primary(language)
    month = MONTHS[primary].split()[value.month - 1]
    day = "1er" if primary == "fr" and value.day == 1 else str(value.day)
    return DATE_FORMATS[primary].format(month=month, day=day, year=value.year)
