"""The one Jinja environment: autoescape on, StrictUndefined, model types as tests."""

from __future__ import annotations

import contextlib
import re
from functools import cache

import jinja2
from markupsafe import Markup, escape

from book import model
from book.i18n import direction, labels, long_date
from book.model import plain_text

_BLOCK_TYPES = {
    "paragraph": model.Paragraph,
    "heading": model.Heading,
    "blockquote": model.BlockQuote,
    "list": model.ListBlock,
    "rule": model.Rule,
    "text": model.Text,
    "emphasis": model.Emphasis,
    "strong": model.Strong,
    "link": model.Link,
    "code": model.Code,
    "linebreak": model.LineBreak,
    "image": model.Image,
    "noteref": model.NoteRef,
    "pagebreak": model.PageBreak,
    "figure": model.Figure,
    "table": model.Table,
    "codeblock": model.CodeBlock,
}


LONG_TOKEN = 200
"""No word is this long: a longer run without a space is a pasted hash, blob or huge URL."""
_LONG = re.compile(rf"\S{{{LONG_TOKEN},}}")
_PIECE = 64


RUN = 24
"""In a table cell, a run without a space this long (an address, a long compound) is marked
`<span class="run">`: the stylesheets let it alone break anywhere. Words break only where they
may (hyphens), so that a column is never narrowed below its longest word ("Wee / k"), and a
run longer than the column wraps inside it instead of widening the table past the page."""
_RUN = re.compile(rf"\S{{{RUN},}}")


def breakable(text: str, cell: bool = False) -> Markup:
    """`text`, escaped, with a <wbr> every 64 characters of any run longer than LONG_TOKEN;
    in a table cell (`cell`), every run of RUN characters or more in a span of class "run".

    WeasyPrint's search for a break inside one unbroken run is quadratic (10,000 characters
    take 8 s, with <wbr>s 0.3 s). A <wbr> is a break opportunity, not a character: the text
    reads and copies as it was."""
    if len(text) < (RUN if cell else LONG_TOKEN) or not (_RUN if cell else _LONG).search(text):
        return escape(text)
    out, last = [], 0
    for run in (_RUN if cell else _LONG).finditer(text):
        out.append(escape(text[last:run.start()]))
        token = run.group()
        pieces = Markup("<wbr/>").join(escape(token[i:i + _PIECE])
                                       for i in range(0, len(token), _PIECE)) \
            if len(token) >= LONG_TOKEN else escape(token)
        out.append(Markup('<span class="run">%s</span>') % pieces if cell else pieces)
        last = run.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def least_width(table) -> int:
    """The narrowest a table can be set with its words whole, in characters: each column's
    longest word (a run marked for breaking anywhere counts as one) and a cell's padding (about
    two). Over WIDE it is marked "wide" (too wide for a phone's screen: the EPUB's cells then
    break anywhere), over WIDER also "wider" (too wide for the book's page: the PDF's too)."""
    columns: dict[int, int] = {}
    for row in table.rows:
        for at, cell in enumerate(row):
            words = [len(word) if len(word) < RUN else 1
                     for word in plain_text(cell.inlines).split()]
            columns[at] = max(columns.get(at, 0), max(words, default=0))
    return sum(width + 2 for width in columns.values())


WIDE, WIDER = 40, 64


def table_class(table) -> str:
    """"wide", "wide wider" or "" (see least_width)."""
    least = least_width(table)
    return " ".join(name for name, limit in (("wide", WIDE), ("wider", WIDER)) if least > limit)


def running_head(title: str, limit: int = 48) -> str:
    """A title short enough for a running head: cut at a word, with an ellipsis."""
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return cut + "…"


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Where Jinja keeps the templates' compiled code between builds: its own folder of this
    user's in the temporary folder (mode 0700, checked), like Python's __pycache__; never the
    output folder, which is data a shared project may bring (a planted entry would run code).
    Compiling the templates costs a build 0.2 s; an entry is used only for the same source."""
    try:
        return _CompiledTemplates()
    except (RuntimeError, OSError):  # no safe folder of our own: compile every time
        return None


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates; a folder that cannot be read or written (a full
    disk) only means compiling again."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def environment() -> jinja2.Environment:
    """Templates live in book/templates; every value is escaped unless a macro builds markup."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("book", "templates"),
        bytecode_cache=_compiled_templates(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    for name, cls in _BLOCK_TYPES.items():
        env.tests[name] = lambda value, cls=cls: isinstance(value, cls)
    env.filters["long_date"] = long_date
    env.globals["labels"] = labels
    env.globals["direction"] = direction
    env.filters["plain_text"] = plain_text
    env.filters["running_head"] = running_head
    env.filters["breakable"] = breakable
    env.filters["table_class"] = table_class
    return env


def render(template: str, **context) -> str:
    """Render one template by name."""
    return environment().get_template(template).render(**context)
