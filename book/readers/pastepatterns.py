"""The rules for whole-page pastes, as data: what prose, page furniture and metadata lines look
like, and the weights that find the article and its headline among them (`lineshape.py`,
`page.py`, `headline.py`, `pasted.py`).

Nothing here names a site. The signals are the shape of the text (sentence ends, length,
capitals, dates, repetition) and a few kinds of notice every site prints in its own words
(cookie consent, copyright), given in the languages of `patterns.MONTHS`.
"""

from __future__ import annotations

import re

from book.readers.patterns import MONTHS

# ------------------------------------------------------------- line shapes

CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Kana and ideographs: Chinese and Japanese write no spaces between words."""
CJK_CHARS_PER_WORD = 2
"""How many of those characters make about one word."""
CLOSERS = "\"”’'»)\\]」』"
SENTENCE_END = re.compile(rf"[.!?…。！？؟।][{CLOSERS}]*$")
"""A line that ends a sentence (after closing quotes and brackets)..."""
CUT_SHORT = re.compile(rf"[^\W\d_](?:\.\.+|…)[{CLOSERS}]*$")
"""...unless a word is cut short ("with improved Alexa suppor..", "plus JBL he…"): a teaser's
text, truncated to fit its box."""
INNER_SENTENCE_END = re.compile(rf"[.!?…][{CLOSERS}]*\s+\S|[。！？]")
"""A sentence that ends inside a line."""
PROSE_MIN_WORDS = 7
"""A line ending a sentence is prose from this many words..."""
LONG_PROSE_WORDS = 20
"""...and a line this long is prose when a sentence ends inside it (a paragraph cut short)."""
MENU_MAX_WORDS = 3
"""A line this short is a menu item, a label or a button wherever it stands."""
META_MAX_WORDS = 12
"""A line this short with a date, a time or a count is metadata (a teaser's date, a
commenter's timestamp, "Rating: 12 votes"), never the article's text."""
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = "(?:0?[1-9]|[12][0-9]|3[01])"
DATE_OR_TIME = re.compile(
    rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|\b(?:19|20)\d\d-\d\d-\d\d|\b\d{{1,2}}:\d\d\b"
    rf"|\b(?:{_MONTH})\.?\s+{_DAY}(?:st|nd|rd|th)?\b"
    rf"|\b{_DAY}(?:st|nd|rd|th|er|\.|º)?\s+(?:de\s+)?(?:{_MONTH})\b"
    r"|\b\d+\s*(?:min(?:ute)?s?|h|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\b(?:il y a|hace|vor|há)\s+\d+|\b\d+\s+(?:minuti|ore|giorni|settimane|mesi)\s+fa\b"
    r"|\b\d+\s+(?:minuten|uur|dagen|weken)\s+geleden\b", re.I)
"""A date ("March 3", "3 mars", "2025-03-03", "03/03/2025"), a clock time, or "2 days ago" in the
languages of `patterns.MONTHS` (a bare year is no date: headlines hold years)."""
EMBED_SOURCE = re.compile(r"[—–-]\s*\S.{0,80}\(@\w{1,30}\)(?:\s+.{0,40})?")
"""The source line under a post embedded in the text (a tweet): "— Jane Doe (@janedoe) March 3,
2025": the quotation's, not a teaser's date."""
GALLERY = re.compile(r"\b\d+\s*(?:of|de|von|di|sur|van)\s*/?\s*\d+\b|\b\d+\s+/\s+\d+\b", re.I)
"""A gallery's counter: "Image 3 of 12", "1 / 23"."""
COUNT = re.compile(
    r"\b\d[\d,.]*[km]?\s*(?:comments?|shares?|views?|likes?|repl(?:y|ies)|responses?|reads?|votes?"
    r"|commentaires?|partages|vues|comentarios?|compartidos|kommentare?|commenti|letture"
    r"|comentários|reacties)\b", re.I)
"""A count of readers' doings: "15 comments", "3.4k shares"."""

# ----------------------------------------------------------------- notices

CONSENT = re.compile(
    r"\bcookies?\b.*\b(?:websites?|site|browser|browsing|navigat\w*|consent\w*|accept\w*|privacy"
    r"|experience|settings?|policy|third[- ]party|usage|utilis\w*|utiliz\w*|verwend\w*"
    r"|akzept\w*|datenschutz\w*|navega\w*|aceit\w*|acept\w*|consenti\w*|sito|gebruik\w*)"
    r"|\b(?:websites?|site|sito|we|wir|nous|usamos|utilizamos|utilizziamo)\b.*\bcookies?\b",
    re.I)
"""A cookie or consent notice, in English, French, German, Spanish, Italian, Portuguese, Dutch."""
COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright\b).{0,200}|.{0,300}(?:subject to copyright|may not be (?:published|"
    r"reproduced|copied|republished)).{0,300}|.{0,120}(?:all rights reserved|tous droits réservés"
    r"|alle rechte vorbehalten|todos los derechos reservados|tutti i diritti riservati"
    r"|todos os direitos reservados|alle rechten voorbehouden).{0,120}", re.I)
"""A copyright line: "© 2025 Example Media. All rights reserved."."""

_AGENCY = (r"getty(?: images)?|shutterstock|istock\w*|reuters|associated press|AFP|AP|EPA|dpa|ANSA|EFE"
           r"|xinhua|bloomberg")
CREDIT = re.compile(
    r"(?i:(?:photo(?:graph)?s?|images?|pictures?|credits?|illustrations?|sources?|fotos?|bild"
    r"|imagen|crédit|crédito|fonte|fuente)\s*(?:by\b|:|\.\.\.|…|credit\b|copyright\b).{0,120})"
    r"|.{0,200}(?:©|\((?i:c)\)).{0,200}"
    rf"|.{{0,200}}\b(?i:{_AGENCY})\b\W{{0,3}}"
    r"|.{0,300}[(\[][^()\[\]]{0,80}[^\W\d_][^()\[\]]{0,80}/\s?[A-Z][^()\[\]]{0,80}[)\]]"
    r"|(?:[A-Z][\w.'’-]+\s){1,3}[A-Z][\w.'’-]+\s?/\s?(?:[A-Z][\w.'’&-]*\s?){1,5}"
    r"|.{0,300}\b(?i:credits?|photo|image|foto|crédit|crédito)\s*:\s*[^.:]{1,80}")
"""A picture's credit or a caption ending in one: "Photo: Jane Doe", "Jane Doe/Example Times",
"(Image: © Agency)", "... speaks in Paris. (AP Photo/Jane Doe)", "Jane Doe, Reuters", "A
module compared to its equivalent. Credit: Jane Doe"."""
CREDIT_MAX_WORDS = 40
SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
"""Where a sentence ends and the next begins, inside a line."""
PROMPT_SENTENCES = 2
PROMPT_MAX_WORDS = 20
"""A newsletter prompt may follow a sentence of its own on a line this short ("Stay up to date
with us. Subscribe to our newsletter.")."""

PAGE_COMMENTS = re.compile(
    r"(?:leave a (?:reply|comment)|(?:add|post|write) a comment|\d+ (?:comments?|responses?|repl(?:y|ies))"
    r"|(?:\d+ |no )?comments?|(?:\d+|one|no) thoughts? on .{1,120}"
    r"|laisser un commentaire|(?:\d+ )?commentaires?(?: \(\d+\))?"
    r"|deja (?:un|tu) comentario|(?:\d+ )?comentarios?(?: \(\d+\))?"
    r"|(?:einen )?kommentar (?:schreiben|hinterlassen)|(?:\d+ )?kommentare(?: \(\d+\))?"
    r"|lascia un commento|(?:\d+ )?commenti(?: \(\d+\))?"
    r"|deixe (?:um|o seu) comentário|(?:\d+ )?comentários(?: \(\d+\))?"
    r"|laat een reactie achter|(?:\d+ )?reacties?(?: \(\d+\))?)\s*:?", re.I)
"""Where a page's comment section starts, in the languages of `patterns.MONTHS`: on a page,
nothing after it is the article (an article's own text never has such a heading)."""

PAGE_TAGS = re.compile(
    r"(?:tags?|tagged|topics|keywords|étiquettes|mots[- ]clés|schlagwörter|themen|etiquetas|temas"
    r"|tag|argomenti|parole chiave|trefwoorden|onderwerpen)\s*:?", re.I)
"""A heading of the article's tags alone on its line ("Tags", "Topics:", "Temas"): on a page,
the article ends before it."""

PAGE_RELATED = re.compile(
    r"(?:top stories|related links|(?:read|see) also|more (?:news|stories)"
    r"|(?:à )?lire (?:aussi|également)|sur le même sujet|articles liés|voir aussi"
    r"|dans la même rubrique|noticias relacionadas|(?:también )?te puede interesar"
    r"|le(?:e|er) también|más noticias|artículos relacionados|mehr zum thema|auch interessant"
    r"|weitere artikel|lesen sie auch|leggi anche"
    r"|articoli correlati|(?:ti )?potrebbe interessarti|leia também|veja também"
    r"|notícias relacionadas|artigos relacionados|lees ook|gerelateerde artikelen"
    r"|meer over dit onderwerp"
    r"|vous aimerez (?:peut-être )?aussi|(?:también )?te (?:puede|podría) gustar"
    r"|(?:ti )?potrebbe (?:anche )?piacerti(?: anche)?|(?:você )?(?:também )?pode gostar(?: também)?"
    r"|das könnte (?:dich|sie) auch interessieren|misschien ook interessant)\s*(?::|\.\.\.|…)?",
    re.I)
"""A related-links heading in the other languages of `patterns.MONTHS` ("Lire aussi", "Você pode
gostar...") and a few more English forms (`patterns.RELATED_HEADINGS` has the rest)."""

# ------------------------------------------------------------ the article

WEIGHTS = {
    # A line's value for the run of text that holds the article: prose counts its words,
    # anything else costs this much (a run may cross a heading, not a menu or a teaser list).
    "short": 5,
    "menu": 10,
    "meta": 40,
    "notice": 10,
    "caption": 3,
    "blank": 0,
}
GALLERY_MAX_LINES = 20
"""A gallery inside the text, which the text goes on across, is at most this many lines."""
THREAD_MIN_DATES = 3
THREAD_GAP = 20
"""Dated lines of one shape, at least THREAD_MIN_DATES of them each within THREAD_GAP lines of
the next, are the entries of a comment thread or a teaser list: a run of prose among them is
readers' comments, and the article is the run before them."""
NUMBERED = re.compile(r"(\d{1,3})(?:[.):\]ºª°]|[a-z]\b)?\s+\S+\s+\S")
"""An item of a numbered list: its number, then two words or more ("1) Lego ...", "2. Pack",
"3a etapa: ...", "4 Jane Doe 5027")."""
LIST_MIN_ITEMS = 3
LIST_GAP = 3
LIST_ITEM_WORDS = 5
"""A list counts up at least this many items, each within this many lines of the last; a list
without numbers or bullets, announced by a line ending in a colon, has items of LIST_ITEM_WORDS
words or more."""
LIST_DENSITY = 0.75
"""A list of dates after the text (`page._across_dates`) has a date on this share of its lines
or more (a teaser list has its titles between them)."""
UNENDED_SHARE = 0.5
"""What prose that stops in mid-sentence counts of its words: a teaser's excerpt, cut to fit
its box, more often than a paragraph of the article."""
PARAGRAPH_WORDS = 25
"""A paragraph this long is the article's text, never its head."""
PAGE_FURNITURE_LINES = 3
"""A text is read as a whole page when the article reader would keep this many lines outside
the article found in it (a kicker or a sign-off line is no page), a notice or a date among them..."""
PAGE_WITHOUT_NOTICES = 10
"""...and, when no notice or date stands outside the article, this many lines."""
DATE_ABOVE = 2
"""A byline or date line among this many lines just above the headline is the article's."""
HEAD_BLOCK_LINES = 8
"""The headline's block (standfirst, bylines, dates, notices between them) is at most this long."""
NO_HEADLINE_HEAD = 4
"""Without a headline, bylines and dates are looked for among this many lines before the text."""
DEK_WORDS = (6, 60)
"""A standfirst between the headline and the text has this many words."""

REGION_MIN_LINES = 10
REGION_OVER_RUN = 2
REGION_COHESION = 0.8
"""An article of short lines under a head block (`shortlines.py`) has this many lines or more,
holding REGION_OVER_RUN times the words of the run of prose found, and on average this share of
each line's words recurs in its other lines (or in its headline)."""
CARDS_MIN = 3
CARD_MAX_LINES = 20
CARDS_MAX_LINES = 200
"""A list of cards inside the text (products, each with its features, price and button) has
CARDS_MIN cards or more, each at most CARD_MAX_LINES lines, the whole at most CARDS_MAX_LINES."""

# ----------------------------------------------------------- the headline

HEADLINE_WINDOW = 40
"""The headline is looked for among this many lines before the text..."""
HEADLINE_WEAK = 5.0
HEADLINE_WIDE_WINDOW = 120
"""...or, when no line there scores HEADLINE_WEAK (none heads a block), this many..."""
HEADLINE_INSIDE = 6
"""...and this many of its first lines, up to its first paragraph (PARAGRAPH_WORDS)."""
HEADLINE_MAX_WORDS = 30
KICKER_WORDS = 4
"""A line this short before a longer headline is its kicker (its section), not a headline."""
MENU_ITEM_WORDS = 3
GLUED_MIN_ITEMS = 3
"""A line that splits into this many of the page's menu items (menu lines of at most
MENU_ITEM_WORDS words) is a menu or breadcrumb whose separators were lost, no headline."""
MARKER_MAX_WORDS = 14
"""A byline or date line is at most this long."""
REANCHOR_MARGIN = 5.0
"""A headline inside the text's run wins over those before it by this much (or it is a
section's title with its date, as in a Q&A)."""
HEADLINE_MIN_SCORE = 1.0
"""A line scoring no more than this is no headline: the chapter gets a title derived from its
text (transforms/titles.py), with a warning, rather than a menu item or a notice."""
HEADLINE_WEIGHTS = {
    # What each signal adds to a line's headline score (see headline.py).
    "opens the head": 5,
    "before the byline": 3,
    "a line before the byline": 1.5,
    "after the date": 1.5,
    "caption": -5,
    "words of the text": 3,
    "words of its opening": 4,
    "no word of the text": -4,
    "lines before the text": -1.5,
    "one or two words": -8,
    "three words": -4,
    "full stop": -5,
    "two sentences": -3,
    "capitals": -2.5,
    "kicker": -3,
    "inside the text": -5,
    "long": -4,
}
