"""Checking book.toml's values: every problem is collected with its line, then all are raised.

tomllib gives no positions, so `Locator` finds the line of a key in the text.
"""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path

from book.errors import ConfigError
from book.text import is_language_tag

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters XML 1.0 forbids (and DEL): a title holding one would break the EPUB."""


class Locator:
    """Finds the line of a key in the TOML text (tomllib gives no positions)."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def line(self, table: str | None, key: str | None, index: int = 0) -> int | None:
        current, seen = None, -1
        for number, raw in enumerate(self.lines, 1):
            stripped = raw.strip()
            header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", stripped)
            if header:
                current = header.group(1)
                if current == table:
                    seen += 1
                    if key is None and seen == index:
                        return number
                continue
            if key and current == table and seen == index and re.match(
                    rf'^"?{re.escape(key)}"?\s*=', stripped):
                return number
            if key and table is None and current is None and re.match(
                    rf'^"?{re.escape(key)}"?\s*=', stripped):
                return number
        return None


class Checker:
    """Collects every problem, then raises one ConfigError listing them all."""

    def __init__(self, path: Path, shown: str, text: str):
        self.path, self.shown, self.where = path, shown, Locator(text)
        self.problems: list[str] = []

    def problem(self, table, key, message, index=0):
        line = self.where.line(table, key, index)
        place = f"{self.shown}:{line}" if line else self.shown
        self.problems.append(f"{place}: {message}")

    def unknown(self, table, data: dict, allowed, index=0):
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                self.problem(table, key,
                             f"unknown key '{key}'. Allowed: {', '.join(allowed)}.{hint}", index)

    def text(self, table, data, key, index=0, required=False):
        value = data.get(key)
        if value is None:
            if required:
                self.problem(table, None, f"'{key}' is required", index)
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(table, key, f"'{key}' must be a non-empty string, got {value!r}", index)
            return None
        if CONTROL.search(value):
            self.problem(table, key, f"'{key}' contains a control character, which no output "
                         f"can hold: {value!r}", index)
            return None
        return value.strip()

    def table(self, data: dict, name: str, allowed) -> dict:
        """A table such as [pdf], its keys checked; {} when absent or not a table."""
        value = data.get(name, {})
        if not isinstance(value, dict):
            self.problem(None, name, f"'{name}' must be a table: write [{name}] on its own line")
            return {}
        self.unknown(name, value, allowed)
        return value

    def choice(self, table, data, key, allowed):
        """One of `allowed` (case-insensitive), or None."""
        value = self.text(table, data, key)
        if value is not None and value.lower() not in allowed:
            self.problem(table, key, f"'{key}' must be one of {', '.join(allowed)}, got {value!r}")
            return None
        return value.lower() if value else None

    def date(self, table, data, key, index=0):
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(table, key, f"'{key}' must be a date like 2025-07-14, got {value!r}", index)
        return None

    def language(self, table, data, key, index=0):
        value = self.text(table, data, key, index)
        if value is not None and not is_language_tag(value):
            fixed = value.replace("_", "-")
            hint = f" Write '{fixed}'." if is_language_tag(fixed) else ""
            self.problem(table, key, f"'{key}' must be a BCP 47 tag such as 'en' or 'en-US', "
                         f"got {value!r}.{hint}", index)
            return None
        return value

    def raise_if_any(self):
        if self.problems:
            count = len(self.problems)
            head = self.problems[0] if count == 1 else f"{count} problems in {self.shown}:\n  " + \
                "\n  ".join(self.problems)
            raise ConfigError(head, hint="Fix book.toml; see the README for its keys.")
