"""The typography transform's rules as data, one entry per language (BCP 47 primary subtag).

A language missing here is set with English rules. Quote marks are keyed by (kind, nested):
kind is "double" or "single" (the straight mark the source used), nested is whether another
quotation is open at that point. Sources: Chicago Manual of Style (en), Lexique des règles
typographiques en usage à l'Imprimerie nationale (fr), Duden (de), RAE Ortografía (es).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

NBSP = "\u00a0"
"""No-break space: before a French colon."""
NNBSP = "\u202f"
"""Narrow no-break space: inside French guillemets and before ; ! ?"""
APOSTROPHE = "’"
PRIME = "′"
"""Feet, minutes: 5′10″. Straight ' after a digit becomes this, never a quote."""
DOUBLE_PRIME = "″"
"""Inches, seconds."""

_ENGLISH = {
    ("double", False): ("“", "”"),
    ("double", True): ("“", "”"),
    ("single", False): ("‘", "’"),
    ("single", True): ("‘", "’"),
}
_ROMANCE = {  # es, it, pt, ar, fa: « » first, “ ” inside, no spaces inside the guillemets
    ("double", False): ("«", "»"),
    ("double", True): ("“", "”"),
    ("single", False): ("‘", "’"),
    ("single", True): ("“", "”"),
}
QUOTES: dict[str, dict[tuple[str, bool], tuple[str, str]]] = {
    "en": _ENGLISH,
    "nl": _ENGLISH,
    "fr": _ROMANCE,  # plus the spaces in SPACE_AFTER / SPACE_BEFORE
    "de": {
        ("double", False): ("„", "“"),
        ("double", True): ("„", "“"),
        ("single", False): ("‚", "‘"),
        ("single", True): ("‚", "‘"),
    },
    "es": _ROMANCE,
    "it": _ROMANCE,
    "pt": _ROMANCE,
    # Right to left, guillemets as Arabic and Persian print them: bidi mirrors « » into their
    # right-to-left shapes. Hebrew sets quotations high at both ends, as English does.
    "ar": _ROMANCE,
    "fa": _ROMANCE,
    "he": _ENGLISH,
}

ELISIONS: dict[str, tuple[str, ...]] = {
    "en": ("tis", "twas", "twere", "twould", "til", "em", "n'", "n", "neath", "tween", "twixt",
           "gainst"),  # 'cause is left out: "'Cause and effect,' she said" is a quotation too
    "nl": ("s", "t", "k", "n", "m", "r"),  # 's avonds, 't is, 'k weet, 's-Hertogenbosch
    "de": ("s", "n", "ne", "nen", "nem"),  # 's ist, so 'n Ding
}
"""Words that a leading straight ' shortens ('tis, rock 'n' roll): it becomes an apostrophe, not
an opening quote. Two digits ('90s) are an elision in every language."""

_HEBREW = "\u05d0-\u05ea"  # its letters, final forms included
IN_WORD: dict[str, str] = {
    "he": rf'(?<=[{_HEBREW}])(?:"(?=[{_HEBREW}](?![{_HEBREW}]))|\'(?=[{_HEBREW}]))',
}
"""Where a straight mark inside a word is the script's own mark, never a quote nor an apostrophe:
in Hebrew, " before an abbreviation's last letter is the gershayim (ד״ר, ארה״ב) and ' between
two letters the geresh of a borrowed sound (ג׳ירפה); `SCRIPT_MARKS` says which is which."""
SCRIPT_MARKS = {'"': "\u05f4", "'": "\u05f3"}

SPACE_AFTER: dict[str, dict[str, str]] = {"fr": {"«": NNBSP}}
SPACE_BEFORE: dict[str, dict[str, str]] = {
    "fr": {"»": NNBSP, ";": NNBSP, "!": NNBSP, "?": NNBSP, ":": NBSP},
}
"""The one space a mark takes on that side: missing ones are added, existing ones (plain,
no-break, several) become exactly this one."""

EXISTING_MARKS: dict[str, tuple[str, str, str]] = {
    "“": ("open", "double", "”"), "”": ("close", "double", ""),
    "«": ("open", "double", "»"), "»": ("close", "double", ""),
    "„": ("open", "double", "“"), "‚": ("open", "single", "‘"),
    "‘": ("open", "single", "’"),
    "‹": ("open", "single", "›"), "›": ("close", "single", ""),
}
"""How curly marks already in the text open and close quotations, unless the language's own
marks say otherwise (in German “ closes). The ’ is handled apart: it is mostly an apostrophe."""

OPEN_CONTEXT = "([{<—–-‐/¿¡"
"""After these (as after a space or the start), a straight quote followed by a word opens."""
CLOSE_PUNCT = ".,;:!?)]}"
"""Before these, a straight quote never opens."""
SPACES = " \t\u00a0\u2009\u202f"
"""Horizontal spaces that French spacing normalises."""


@dataclass(frozen=True)
class Rules:
    """One language's rules, assembled from the tables above by `rules_for`."""

    quotes: dict
    """(kind, nested) → (opening, closing) mark."""
    marks: dict
    """Curly mark already in the text → (action, kind, closing mark)."""
    open_context: frozenset
    """Characters after which a quote followed by a word opens."""
    elision: re.Pattern
    """Matches at a leading ' that is an apostrophe ('90s, 'tis)."""
    space_after: dict
    space_before: dict
    in_word: re.Pattern | None
    """Matches at a straight mark that is the script's own mark (IN_WORD, SCRIPT_MARKS)."""


@cache
def rules_for(language: str | None) -> Rules:
    """The rules for a BCP 47 tag, by its primary subtag ("fr-CA" → fr); English if unknown."""
    primary = re.split(r"[-_]", language or "en")[0].lower()
    if primary not in QUOTES:
        primary = "en"
    quotes = QUOTES[primary]
    marks: dict[str, tuple[str, str, str]] = {}
    for (kind, _nested), (opening, closing) in quotes.items():
        marks[opening] = ("open", kind, closing)
        if closing != APOSTROPHE:
            marks[closing] = ("close", kind, "")
    for mark, meaning in EXISTING_MARKS.items():
        marks.setdefault(mark, meaning)
    opening_marks = {mark for mark, (action, _, _) in marks.items() if action == "open"}
    words = sorted(ELISIONS.get(primary, ()), key=len, reverse=True)
    alternatives = "".join(f"|{re.escape(word)}(?![^\\W_])" for word in words)
    return Rules(quotes=quotes, marks=marks,
                 open_context=frozenset(OPEN_CONTEXT) | opening_marks,
                 elision=re.compile(rf"'(?:\d\d(?!\d){alternatives})", re.IGNORECASE),
                 space_after=SPACE_AFTER.get(primary, {}),
                 space_before=SPACE_BEFORE.get(primary, {}),
                 in_word=re.compile(IN_WORD[primary]) if primary in IN_WORD else None)
