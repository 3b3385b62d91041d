"""`book new DIR`: a new book project with a commented book.toml, an example article in each
format the builder reads, and a README for the author."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from book.errors import InputError
from book.outputs import write_text
from book.render.templates import render

EXAMPLES = ("01-plain-text.txt", "02-markdown.md", "03-saved-page.html")


def new(target: Path) -> list[Path]:
    """Write the project into `target` (new or empty); return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError("already exists and is not an empty folder", source=target,
                         hint="choose a new folder name; nothing was written.")
    title = _title(target)
    examples = resources.files("book") / "templates" / "new"
    files = {
        target / "book.toml": render("new/book.toml.j2", title=title),
        target / "README.md": render("new/README.md.j2", title=title, folder=target.name),
    }
    for name in EXAMPLES:
        files[target / "chapters" / name] = (examples / name).read_text(encoding="utf-8")
    for path, text in files.items():
        write_text(path, text)
    return list(files)


def _title(target: Path) -> str:
    words = target.resolve().name.replace("_", " ").replace("-", " ").strip() or "My book"
    return words[0].upper() + words[1:]
