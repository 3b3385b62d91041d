"""Front matter of a Markdown article: YAML between `---` lines or TOML between `+++` lines.

    ---                                 +++
    title: The headline                 title = "The headline"
    author: Jane Doe                    authors = ["Jane Doe", "John Roe"]
    date: 2025-07-14                    date = 2025-07-14
    lang: fr-CA                         language = "fr-CA"
    kicker: Health                      category = "Health"
    dek: The standfirst.                description = "The standfirst."
    ---                                 +++

Front matter describes the article, so a problem in it degrades the chapter's metadata and
never stops the build: unknown keys, bad values and unparsable blocks are warnings naming the
file and line. YAML scalars are all read as text (no YAML 1.1 surprises: `lang: no` is
Norwegian, not false; `title: 1.10` keeps its zero), dates are parsed by this module.
"""

from __future__ import annotations

import datetime
import difflib
import logging
import re
import tomllib
from dataclasses import dataclass

import yaml

from book.readers.scraped import parse_date
from book.readers.textfile import ILLEGAL_XML
from book.text import is_language_tag

LOGGER = logging.getLogger("book")

FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",))}
"""Opening line → (format, closing lines)."""
KEYS = {
    "title": ("title",),
    "author": ("author", "authors"),
    "date": ("date",),
    "language": ("language", "lang"),
    "kicker": ("kicker", "category"),
    "dek": ("dek", "description", "subtitle"),
}
"""Each metadata field and the keys that may give it, the preferred key first."""
FIRST_LINE = re.compile(r"""#|\[|["']?[\w.-]+["']?\s*[:=]""")
"""How the first line of front matter begins: a comment, a TOML table or a key."""
ALLOWED = tuple(key for keys in KEYS.values() for key in keys)


@dataclass(frozen=True)
class FrontMatter:
    """The chapter metadata an article's front matter gives (None where it gives nothing)."""

    title: str | None = None
    author: str | None = None
    date: datetime.date | None = None
    date_text: str | None = None
    """The date as written."""
    language: str | None = None
    kicker: str | None = None
    dek: str | None = None


class _TextLoader(yaml.SafeLoader):
    """SafeLoader whose plain scalars stay strings (only an empty value or `~` is null)."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split(text: str, shown: str) -> tuple[FrontMatter, str]:
    """The front matter at the top of `text`, and `text` with its lines blanked.

    The lines are blanked, not removed, so that the Markdown parser's line numbers stay
    those of the file. Text without front matter comes back unchanged.
    """
    lines = text.split("\n")
    fence = FENCES.get(lines[0].rstrip())
    if fence is None:
        return FrontMatter(), text
    kind, closings = fence
    end = next((n for n in range(1, len(lines)) if lines[n].rstrip() in closings), None)
    if end is None or not _looks_like_keys(lines[1:end]):
        return FrontMatter(), text
    body = "\n".join([""] * (end + 1) + lines[end + 1:])
    block = lines[1:end]
    data = _load(kind, "\n".join(block), shown)
    if data is None:
        return FrontMatter(), body
    return _fields(data, _Lines(block, shown)), body


def _looks_like_keys(block: list[str]) -> bool:
    """Whether the block starts like front matter (a key, a comment, a TOML table), not prose.

    An article may open with a thematic break (`---`) and have another further down.
    """
    first = next((line.strip() for line in block if line.strip()), None)
    return first is None or bool(FIRST_LINE.match(first))


def _load(kind: str, source: str, shown: str) -> dict | None:
    """The parsed mapping, or None (with a warning naming the line) when it is not one."""
    try:
        data = (tomllib.loads(source) if kind == "toml"
                else yaml.load(source, Loader=_TextLoader))  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(err, "problem", None) or "not valid YAML"
        LOGGER.warning("%s:%d: front matter is not valid YAML (%s); it is ignored. Hint: write "
                       "one 'key: value' per line", shown, line, problem)
        return None
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"line (\d+)", str(err))
        line = int(found.group(1)) + 1 if found else 1
        problem = re.sub(r"\s*\(at line.*\)$", "", str(err))
        LOGGER.warning("%s:%d: front matter is not valid TOML (%s); it is ignored. Hint: write "
                       "one 'key = \"value\"' per line", shown, line, problem)
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        LOGGER.warning("%s:2: front matter is not a list of 'key: value' lines; it is ignored",
                       shown)
        return None
    return data


class _Lines:
    """Finds the line of a key in the front matter, for messages."""

    def __init__(self, block: list[str], shown: str):
        self.block, self.shown = block, shown

    def where(self, key: str) -> str:
        pattern = re.compile(rf"""^\s*(\[+\s*)?["']?{re.escape(str(key))}["']?\s*[:=\].]""")
        for number, line in enumerate(self.block, 2):
            if pattern.match(line):
                return f"{self.shown}:{number}"
        return f"{self.shown}:1"

    def warn(self, key: str, message: str) -> None:
        LOGGER.warning("%s: %s", self.where(key), message)


def _fields(data: dict, lines: _Lines) -> FrontMatter:
    data = {key: _legal(key, value, lines) for key, value in data.items()}
    for key in data:
        if key not in ALLOWED:
            close = difflib.get_close_matches(str(key), ALLOWED, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            lines.warn(key, f"unknown front matter key '{key}' ignored. Allowed: "
                            f"{', '.join(ALLOWED)}.{hint}")
    chosen = {field: _choose(data, keys, lines) for field, keys in KEYS.items()}
    date, date_text = _date(data, chosen["date"], lines)
    return FrontMatter(
        title=_text(data, chosen["title"], lines),
        author=_author(data, chosen["author"], lines),
        date=date, date_text=date_text,
        language=_language(data, chosen["language"], lines),
        kicker=_text(data, chosen["kicker"], lines),
        dek=_text(data, chosen["dek"], lines),
    )


def _legal(key, value, lines: _Lines):
    """A value without the characters XML forbids, which escapes ("\\u0000") can write."""
    values = value if isinstance(value, list) else [value]
    if not any(isinstance(v, str) and ILLEGAL_XML.search(v) for v in values):
        return value
    lines.warn(key, f"'{key}' holds characters not allowed in XML; they are removed")
    cleaned = [ILLEGAL_XML.sub(" ", v) if isinstance(v, str) else v for v in values]
    return cleaned if isinstance(value, list) else cleaned[0]


def _choose(data: dict, keys: tuple[str, ...], lines: _Lines) -> str | None:
    """The first of `keys` the front matter gives; a warning when it gives several."""
    given = [key for key in keys if data.get(key) is not None]
    for other in given[1:]:
        lines.warn(other, f"'{other}' ignored: '{given[0]}' gives the same thing")
    return given[0] if given else None


def _text(data: dict, key: str | None, lines: _Lines) -> str | None:
    if key is None:
        return None
    value = data[key]
    if not isinstance(value, str):
        lines.warn(key, f"'{key}' must be text, got {value!r}; ignored")
        return None
    return " ".join(value.split()) or None


def _author(data: dict, key: str | None, lines: _Lines) -> str | None:
    """One name, or a list of names joined: "A and B", "A, B and C"."""
    if key is None:
        return None
    value = data[key]
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        lines.warn(key, f"'{key}' must be a name or a list of names, got {value!r}; ignored")
        return None
    names = [" ".join(name.split()) for name in names if name.strip()]
    if len(names) > 2:
        names = [", ".join(names[:-1]), names[-1]]
    return " and ".join(names) or None


def _date(data: dict, key: str | None, lines: _Lines) -> tuple[datetime.date | None, str | None]:
    """The date and its text; text that is no date is kept as `date_text` with a warning."""
    if key is None:
        return None, None
    value = data[key]
    if isinstance(value, datetime.datetime):  # TOML
        return value.date(), value.isoformat()
    if isinstance(value, datetime.date):
        return value, value.isoformat()
    if not isinstance(value, str) or not value.strip():
        lines.warn(key, f"'{key}' must be a date like 2025-07-14, got {value!r}; ignored")
        return None, None
    text = " ".join(value.split())
    for parse in (datetime.date.fromisoformat, datetime.datetime.fromisoformat):
        try:
            parsed = parse(text)
        except ValueError:
            continue
        return (parsed.date() if isinstance(parsed, datetime.datetime) else parsed), text
    written = parse_date(text)
    if written is None:
        lines.warn(key, f"'{key}' is not a date: {text!r}. Hint: write it like 2025-07-14")
        return None, text
    return written.value, text


def _language(data: dict, key: str | None, lines: _Lines) -> str | None:
    value = _text(data, key, lines)
    if value is not None and not is_language_tag(value):
        fixed = value.replace("_", "-")
        hint = f" Write '{fixed}'." if is_language_tag(fixed) else ""
        lines.warn(key, f"'{key}' must be a BCP 47 tag such as 'en' or 'en-US', got {value!r}; "
                        f"ignored.{hint}")
        return None
    return value
