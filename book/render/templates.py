"""The one Jinja environment: autoescape on, StrictUndefined, model types as tests."""

from __future__ import annotations

from functools import cache

import jinja2

from book import model
from book.i18n import direction, labels, long_date

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


def plain_text(inlines) -> str:
    """The text of a run of inlines, without markup (for titles, outlines, metadata)."""
    out = []
    for node in inlines:
        if isinstance(node, (model.Text, model.Code)):
            out.append(node.text)
        elif isinstance(node, model.LineBreak):
            out.append(" ")
        elif isinstance(node, model.Image):
            out.append(node.alt)
        elif hasattr(node, "children"):
            out.append(plain_text(node.children))
    return "".join(out)


def running_head(title: str, limit: int = 48) -> str:
    """A title short enough for a running head: cut at a word, with an ellipsis."""
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return cut + "…"


@cache
def environment() -> jinja2.Environment:
    """Templates live in book/templates; every value is escaped unless a macro builds markup."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("book", "templates"),
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
    return env


def render(template: str, **context) -> str:
    """Render one template by name."""
    return environment().get_template(template).render(**context)
