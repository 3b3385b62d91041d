"""Synthetic books: the sample articles repeated to N chapters, and a one-chapter edit."""

from __future__ import annotations

import datetime
import json
import shutil
import tomllib
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
EDIT = " This sentence was added by the benchmark (edit {n})."


def sample_articles(project: Path) -> list[Path]:
    """The sample book's articles, in file-name order."""
    found = sorted(p for p in (project / "chapters").iterdir() if p.suffix in ARTICLE_SUFFIXES)
    if not found:
        raise SystemExit(f"bench: no sample articles in {project / 'chapters'}")
    return found


def make_book(project: Path, root: Path, chapters: int) -> Path:
    """Write a book of `chapters` articles into `root` (the sample's, cycled); its book.toml
    keeps the sample's [book] table and each article's per-chapter overrides."""
    manifest = _manifest(project)
    overrides = {entry.get("file"): entry for entry in manifest.get("chapters", [])}
    articles = sample_articles(project)
    folder = root / "chapters"
    folder.mkdir(parents=True)
    lines = ["[book]"] + [f"{k} = {_toml(v)}" for k, v in manifest.get("book", {}).items()
                          if not isinstance(v, dict)]
    for i in range(chapters):
        source = articles[i % len(articles)]
        name = f"{i + 1:04d}-{source.name}"
        shutil.copyfile(source, folder / name)
        lines += ["", "[[chapters]]", f"file = {_toml(name)}"]
        lines += [f"{k} = {_toml(v)}" for k, v in overrides.get(source.name, {}).items()
                  if k != "file"]
    (root / "book.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _manifest(project: Path) -> dict:
    path = project / "book.toml"
    if not path.exists():
        return {}
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def _toml(value) -> str:
    """A TOML value for what tomllib read from the sample (strings, numbers, dates, lists)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime, int, float)):
        return value.isoformat() if hasattr(value, "isoformat") else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value))  # a JSON string is a TOML basic string


def edited_chapter(root: Path) -> Path:
    """The article the one-chapter edit changes: the middle one."""
    files = sorted((root / "chapters").iterdir())
    return files[len(files) // 2]


def edit(path: Path, n: int) -> bytes:
    """Append a sentence to the article's longest line (surely body text); return the original."""
    original = path.read_bytes()
    lines = original.decode("utf-8-sig", errors="surrogateescape").split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] = lines[longest].rstrip() + EDIT.format(n=n)
    path.write_bytes("\n".join(lines).encode("utf-8", errors="surrogateescape"))
    return original
