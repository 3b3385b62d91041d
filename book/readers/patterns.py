"""The rules for scraped articles, as data: sizes, separators, date forms, byline prefixes,
credits, share-bar words, boilerplate and head-furniture patterns, tail headings and list markers.

`scraped.py` applies them one line at a time. Month names and byline words cover English,
French, German, Spanish, Italian, Portuguese and Dutch, since articles come from many sites.
"""

from __future__ import annotations

import re

# ------------------------------------------------------------------ sizes

KICKER_MAX_WORDS = 5
"""A category line ("Sexuality & mental health") is at most this long."""
SHORT_MAX_WORDS = 15
SHORT_MAX_CHARS = 120
"""Headings and headline-only titles are at most this long."""
PARAGRAPH_MIN_WORDS = 25
"""A "longer paragraph" around a heading has at least this many words."""
BOILERPLATE_MAX_WORDS = 30
"""Boilerplate is a short line; anything longer is a real paragraph."""
TEASER_MAX_WORDS = 25
"""A teaser headline in a related-articles list is at most this long."""

# ---------------------------------------------------------- marker lines

SEPARATORS = re.compile(r"\s*[|·•]\s*|\s+-\s+|\s*[–—]\s*")
"""What joins markers on one line: "By Jane Doe | Mar 3, 2025 · 5 min read"."""

_MONTH_NAMES = (
    # English; French; German; Spanish; Italian; Portuguese; Dutch (full names and abbreviations)
    ("january", "jan", "janvier", "janv", "januar", "jän", "enero", "ene", "gennaio", "gen",
     "janeiro", "januari"),
    ("february", "feb", "février", "fevrier", "févr", "fevr", "februar", "febrero", "febbraio",
     "fevereiro", "fev", "februari"),
    ("march", "mar", "mars", "märz", "maerz", "mär", "marzo", "março", "marco", "maart", "mrt"),
    ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    ("may", "mai", "mayo", "maggio", "mag", "maio", "mei"),
    ("june", "jun", "juin", "juni", "junio", "giugno", "giu", "junho"),
    ("july", "jul", "juillet", "juil", "juli", "julio", "luglio", "lug", "julho"),
    ("august", "aug", "août", "aout", "agosto", "ago", "augustus"),
    ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set",
     "setembro"),
    ("october", "oct", "octobre", "oktober", "okt", "octubre", "ottobre", "ott", "outubro", "out"),
    ("november", "nov", "novembre", "noviembre", "novembro"),
    ("december", "dec", "décembre", "decembre", "déc", "dezember", "dez", "diciembre", "dic",
     "dicembre", "dezembro", "december"),
)
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
"""Month names and abbreviations (lower case) → month number."""
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.|º|°)?"
_OF = r"(?:\s+de)?"  # "3 de marzo de 2025"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?:,?\s+(?:at\s+|à\s+|um\s+)?\d{1,2}[:.h]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)?"
DATE_FORMS = (
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.I),       # March 3, 2025
    re.compile(rf"{_WEEKDAY}{_DAY}{_OF}\s+{_MONTH}{_OF},?\s+{_YEAR}{_TIME}", re.I),  # 3 mars 2025
    re.compile(rf"{_YEAR}-(?P<mnum>\d\d)-(?P<day>\d\d)(?:[t ]\d\d:\d\d(?::\d\d)?z?)?", re.I),
)
"""Dates as sites print them; the month must be one of MONTHS."""
_UPDATED = (r"(?:last\s+)?updated|mis\s+à\s+jour|aktualisiert|actualizado|aggiornato|atualizado"
            r"|bijgewerkt")
_PUBLISHED = (r"(?:first\s+|originally\s+)?published|posted|date|publié|veröffentlicht|publicado"
              r"|pubblicato|gepubliceerd")
DATE_PREFIX = re.compile(
    rf"(?P<updated>{_UPDATED})?(?:{_PUBLISHED})?(?:\s+(?:on|le|am|el|em|il|op))?\s*:?\s*", re.I)
"""Before a date: "Published on", "Updated:", "Publié le", "Veröffentlicht am", "Publicado el"..."""
BYLINE_PREFIX = re.compile(
    r"(?:(?:published|written|posted|reported|words|story|text)\s+by|by|authors?:|words:"
    r"|(?:publié\s+|écrit\s+)?par|von|por|di|door|auteur\s*:|autor(?:in)?\s*:)\s+",
    re.I)
"""Byline openings in English, French, German, Spanish/Portuguese, Italian, Dutch."""
NAME_JOINS = frozenset({"and", "&", ","})
NAME_PARTICLES = frozenset({"de", "da", "di", "du", "del", "della", "der", "den", "van", "von",
                            "la", "le", "bin", "ibn", "al", "el", "y", "dos", "das", "ter"})
NAME_MAX_WORDS = 6
BARE_NAME_WORDS = (2, 4)
"""A name line without "By" has this many name words; it is a byline only next to a marker."""
TITLE_WORDS = frozenset({
    "a", "an", "the", "of", "to", "for", "in", "on", "at", "with", "about", "from", "into", "after",
    "before", "over", "your", "my", "our", "their", "why", "how", "what", "when", "who", "where",
    "is", "are", "was", "you", "we", "it", "this", "that", "not", "no", "do", "can", "will",
})
"""Words of Title Case headlines that no name holds: "Why Couples Fight About Chores" is no name."""
LOGIN = re.compile(r"(?i:by\s+)?[a-z0-9][a-z0-9._-]{1,30}")
"""A site login after "by" ("Posted on March 3, 2025 by admin"): no name, so no author."""
DATE_THEN_BYLINE = re.compile(r"(?P<date>.+?)\s+(?P<by>by\s+.+)", re.I)
"""A date and a byline in one phrase: "Posted on March 3, 2025 by Jane Doe"."""
CREDITS = tuple((what, re.compile(pattern + r"\s*(?P<name>[A-Z].{0,80})")) for what, pattern in (
    # Removal kind, opening (the credited name follows; it must start with a capital)
    ("reviewer credit", r"(?i:(?:medically |clinically |expert )?reviewed by)"),
    ("editor credit", r"(?i:(?:edited|copy-?edited) by)"),
    ("fact-check credit", r"(?i:fact[- ]?checked by)"),
    ("photo credit", r"(?i:(?:photo(?:graph)?s?|photography|images?|illustrations?)(?: by|:)"
                     r"|illustrated by)"),
))
"""Credits in the head are not the author: dropped and recorded."""
NOT_NAMES = frozenset(MONTHS) | {"the", "a", "an", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                 "sunday", "then", "now", "far", "christmas", "easter", "noon"}
"""Capitalised words that start "By ..." phrases rather than names ("By Tuesday", "By March")."""
_MINUTES = r"\d+\s*-?\s*(?:min(?:ute)?s?|minuten|minuti|minutos)\.?"
_READING = (r"(?:read(?:ing)?(?:\s+time)?|de\s+lecture|lecture|lesezeit|lesedauer|de\s+lectura"
            r"|di\s+lettura|de\s+leitura|leestijd)")
_ABOUT = r"(?:(?:about|approx\.?|ca\.?|environ|circa|unos)\s+)?"
READING_TIMES = (
    re.compile(rf"{_ABOUT}{_MINUTES}\s+{_READING}", re.I),                  # 5 min read
    re.compile(rf"(?:estimated\s+)?(?:temps\s+|tiempo\s+|tempo\s+)?{_READING}\s*:?\s*{_ABOUT}"
               rf"{_MINUTES}", re.I),                                       # Reading time: 5 min
)
"""Reading-time notes in the languages of MONTHS."""
SHARE_WORDS = frozenset({
    "share", "x", "twitter", "tweet", "linkedin", "facebook", "reddit", "email", "e-mail", "mail",
    "bluesky", "whatsapp", "pinterest", "pin", "telegram", "threads", "mastodon", "flipboard",
    "print", "copy", "messenger", "tumblr", "pocket", "sms",
})
SHARE_FILLERS = frozenset({"on", "via", "to", "this", "article", "story", "post", "page", "link", "url"})

# ------------------------------------------------------------- head zone

HEAD_ZONE_LINES = 15
"""Page furniture is looked for among this many first lines, before the first body line."""
SEPARATOR_LINE = re.compile(r"[^\w\s]+(?:\s+[^\w\s]+)*")
"""Punctuation only ("·", "--", "* * *"): furniture in the head, a scene break in the body."""
HEAD_FURNITURE = tuple((what, re.compile(rf"(?:{pattern})\s*[:»›→]?", re.I)) for what, pattern in (
    ("navigation",
     r"sign (?:in|up|out)|log ?(?:in|out)|get started|open in app|create (?:an )?account|register"
     r"|become a member|member-only story"),
    ("button", r"follow(?:ing)?|listen|save|bookmark|clap"),
    ("audio player",
     r"(?:listen(?: to)?(?: this| the)? (?:article|story|post|episode)|play audio|audio version)"
     r"(?:\s*[·|•:–—-]?\s*\(?\d{1,3}(?::\d\d)?\s*(?:min(?:ute)?s?|m)\.?\)?)?"
     r"|listen\s*[·|•:–—-]?\s*\(?\d{1,3}(?::\d\d)?\s*(?:min(?:ute)?s?|m)\.?\)?"),
    ("count line", r"\d{1,3}(?:,\d{3})*(?:\.\d)?[km]?"),
    ("separator line", SEPARATOR_LINE.pattern),
))
"""Lines that are furniture only in the head (in the body "Listen" or "12" may be text)."""

# ------------------------------------------------------------ boilerplate

_END = r"\s*[.!:…»›→]*"
BOILERPLATE = tuple((what, re.compile(pattern + _END, re.I)) for what, pattern in (
    ("advertisement line",
     r"(?:advertisements?|advert|ads?|sponsored(?: content)?|paid (?:content|post)|promoted(?: content)?"
     r"|(?:story|article) continues below(?: this)?(?: advertisement| ad)?"
     r"|continue reading(?: the (?:main )?story)? below(?: (?:the )?(?:advertisement|ad))?"
     r"|scroll (?:down )?to continue(?: (?:with content|reading))?"
     # fr, de, es/pt, it, nl
     r"|publicit[ée]|annonce|anzeige|werbung|publicidad|publicidade|pubblicit[àa]|advertentie)"),
    ("share prompt",
     r"(?:share (?:this|the) (?:article|story|post|page)(?: on .{1,30}| with .{1,30})?|share this"
     r"|follow us(?: on .{1,40})?|like us on facebook"
     r"|partager(?: cet article| sur .{1,30})?|(?:artikel )?teilen|compartir(?: en .{1,30})?"
     r"|condividi(?: su .{1,30})?|partilhar|delen"
     r"|follow [\w .@'’-]{1,30} on (?:twitter|x|instagram|facebook|linkedin|tiktok|threads|bluesky"
     r"|youtube|pinterest|mastodon))"),
    ("newsletter prompt",
     r"(?:(?:subscribe|sign up|sign-up|signup|register)(?: now| today| here| free)?(?: to| for)?"
     r"(?: (?:our|the|my))?(?: free)?(?: weekly| daily| monthly)? newsletters?(?: .{0,60})?"
     r"|abonnez-vous.{0,60}|inscrivez-vous.{0,60}|newsletter abonnieren.{0,40}"
     r"|suscr[ií]bete.{0,60}|iscriviti.{0,60}|assine.{0,60}|schrijf je in.{0,60}"
     r"|click here to subscribe.{0,40}|get (?:our|the) (?:free )?(?:\w+ )?newsletter.{0,40}"
     r"|join our (?:mailing list|newsletter).{0,40}|enter your email(?: address)?.{0,40}"
     r"|subscribe(?: now| today)?|sign up(?: now| today)?)"),
    ("read-more link",
     r"(?:(?:read|see) (?:more|also|next)|related|more|recommended|watch|listen)\s*:.{1,120}"
     r"|read (?:more|the full (?:story|article))"
     r"|(?:lire aussi|à lire aussi|voir aussi|lesen sie auch|mehr zum thema|lee también|leer más"
     r"|leggi anche|leia também|lees ook)\s*:?.{0,120}"),
    ("navigation",
     r"(?:skip to (?:main )?(?:content|navigation)|back to top|(?:main |open |close )?menu|home|search"
     r"|(?:previous|next|prev) (?:article|post|story|page)(?:\s*[:»›→].{0,100})?"
     r"|(?:tags?|filed under|categories|category|topics)\s*:.{0,200})"),
))
BREADCRUMB = re.compile(r"\s*[»›]\s*|\s+[>/]\s+")
BREADCRUMB_MAX_WORDS = 5

RELATED_HEADINGS = re.compile(
    r"(?:related(?: [\w-]+){0,2}|you (?:may|might) also (?:like|enjoy)|more (?:from|on|in|by) .{1,40}"
    r"|more stories(?: .{0,30})?|recommended(?: for you| reading| articles| stories)?"
    r"|(?:what to )?read next|up next|most (?:popular|read)|trending(?: now)?"
    r"|(?:popular|latest|recent) (?:posts|articles|stories)|more like this|don[’']?t miss)\s*:?", re.I)
TEASER_CHECK_LINES = 4
"""Teaser marks (a date line, a repeated category line) must start within this many lines..."""
TEASER_MARK_SHARE = 4
"""...and recur: at least one line in this many after the heading is a mark."""
FEW_TEASERS = 6
"""Up to this many short lines after a related heading are a list of teaser titles."""

# ----------------------------------------------------------------- tails

AUTHOR_BOX = re.compile(
    r"(?:about the (?:authors?|writers?|contributors?)|meet the authors?|written by\s+(?P<name>.+))"
    r"\s*:?", re.I)
"""The opening of an author box at the end: "Written by Jane Smith", "About the author"."""
AUTHOR_BOX_MAX_LINES = 5
AUTHOR_BOX_MAX_WORDS = 80
AUTHOR_BOX_MAX_PARAGRAPHS = 1
"""After its opening, an author box is a bio and links: at most this many lines and words, and
at most this many lines of paragraph length (the bio)."""
COMMENT_HEADINGS = re.compile(
    r"(?:leave a (?:reply|comment)|(?:add|post|write) a comment|join the (?:discussion|conversation)"
    r"|comments?(?:\s*\(\d+\))?|responses?\s*\(\d+\)"
    r"|(?:\d+|one|no) (?:comments?|responses?|repl(?:y|ies)|thoughts? on .{1,120}))\s*:?", re.I)
"""Where a comment section starts: everything after it goes when it is short furniture."""
COMMENT_FORM_MAX_LINES = 10
"""After its heading, a comment form has at most this many lines, none of paragraph length."""

# ----------------------------------------------------------------- lists

BULLET_ITEM = re.compile(r"(?P<mark>[-•*·▪●◦])\s+(?=\S)")
"""A bulleted list item: its marker (markup, stripped) and the space after it. Not "–": French
and Spanish dialogue lines open with that dash."""
NUMBERED_ITEM = re.compile(r"(?P<number>\d{1,2})[.)]\s+(?=\S)")
"""A numbered list item ("1. ", "2) "); numbered lines form a list only counting up from 1."""

# ----------------------------------------------------------------- other

SENTENCE_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+\S")
NO_TERMINAL = ".!?:;,"
