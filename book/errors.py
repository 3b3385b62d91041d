"""Typed errors: each says where, what, and what to do next, and carries an exit code."""

from __future__ import annotations


class BookError(Exception):
    """Base of every error the builder reports to the user (no traceback without -v)."""

    exit_code = 1

    def __init__(self, message: str, source: object | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.hint = hint

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        message = self.message
        if not message.endswith((".", "!", "?", ":")):
            message += "."
        hint = f" Hint: {self.hint[0].upper()}{self.hint[1:]}" if self.hint else ""
        return f"{where}{message}{hint}"


class ConfigError(BookError):
    """book.toml is unreadable, has an unknown key or a bad value."""

    exit_code = 2


class InputError(BookError):
    """An article or the book folder cannot be used."""

    exit_code = 3


class RenderError(BookError):
    """A renderer failed; the previous outputs are left untouched."""

    exit_code = 4


class PartialRenderError(RenderError):
    """Some parts of an output failed; the others were written (handouts)."""
