"""Decoding an article file to clean text, without changing its words.

`decode()` reads the bytes, picks the encoding (a BOM, else UTF-8, else a
charset-normalizer guess, reported as a warning), normalises newlines, removes
the characters XML 1.0 forbids (reported once) and tidies the spaces of each
line. Words, quotes and Unicode forms are kept exactly as written: no NFC/NFKC.
Files that are not text at all raise `InputError`.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path


import charset_normalizer

from book.errors import InputError

log = logging.getLogger("book")

BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
PREFERRED_GUESS = "cp1252"
"""Among equally good guesses, the commonest legacy encoding of English web text."""
GUESS_TIE = 0.01
"""Guesses whose chaos and coherence differ by less than this are equally good."""

NEWLINES = re.compile("\r\n|[\r\u2028\u2029]")
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters outside the XML 1.0 `Char` production (after newline normalisation)."""
SPACE_LIKE = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")
"""Illegal characters that separate words: replaced by a space, not deleted."""
SPACES = re.compile("[ \t]+")

BINARY_SAMPLE = 8192
"""How much of a file the binary check looks at."""
BINARY_SHARE = 0.05
"""A file is binary when more than this share of its sample is control characters."""
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c")
BINARY_HINT = "only text articles (UTF-8 .txt files) can be read; remove it from the chapters folder."


def decode(path: Path, shown: str, tidy: bool = True) -> str:
    """The text of `path`: newlines "\\n", XML-safe characters; with `tidy`, each line stripped
    and its runs of spaces collapsed (plain text; Markdown keeps its indentation)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror}", source=shown) from err
    text = bytes_to_str(data, shown)
    text = NEWLINES.sub("\n", text)
    text = remove_illegal(text, shown)
    return "\n".join(_tidy(line) for line in text.split("\n")) if tidy else text


def bytes_to_str(data: bytes, shown: str) -> str:
    """Decode by BOM, then as UTF-8, then by a charset-normalizer guess."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding, errors="surrogatepass")
            except UnicodeDecodeError as err:
                raise InputError(f"cannot be read as text: invalid {encoding} after its byte-order mark",
                                 source=shown, hint="save it as UTF-8.") from err
            refuse_binary(sum(1 for ch in text[:BINARY_SAMPLE] if ILLEGAL_XML.match(ch)),
                           len(text[:BINARY_SAMPLE]), shown)
            return text
    sample = data[:BINARY_SAMPLE]
    refuse_binary(len(sample) - len(sample.translate(None, CONTROL_BYTES)), len(sample), shown)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mixed(data, shown)
    if mixed is not None:
        return mixed
    encoding, text = _guess(data)
    if text is None:
        raise InputError("cannot be read as text: its encoding is unknown", source=shown,
                         hint="save it as UTF-8.")
    log.warning("%s: not valid UTF-8; read as %s (a guess). Hint: save it as UTF-8.", shown, encoding)
    return text


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _legacy_byte(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: a byte that is not UTF-8 is read as cp1252 (Latin-1 where undefined)."""
    byte = error.object[error.start:error.start + 1]
    try:
        return byte.decode(PREFERRED_GUESS), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


codecs.register_error("book-legacy-byte", _legacy_byte)


def _mixed(data: bytes, shown: str) -> str | None:
    """Text pasted together from UTF-8 and cp1252 (even within one line): decode piece by piece.

    Only when the file holds real UTF-8 sequences besides the invalid bytes; a file with no
    UTF-8 at all is left to the whole-file guess.
    """
    replaced = data.decode("utf-8", errors="replace")
    if not any(ord(ch) > 127 and ch != "\ufffd" for ch in replaced):
        return None
    first = replaced.count("\n", 0, replaced.index("\ufffd")) + 1
    bad = replaced.count("\ufffd")
    log.warning("%s:%d: mixed encodings: %d byte%s not UTF-8, read as %s. Hint: save the file "
                "as UTF-8.", shown, first, bad, "" if bad == 1 else "s", PREFERRED_GUESS)
    return data.decode("utf-8", errors="book-legacy-byte")


def _guess(data: bytes) -> tuple[str | None, str | None]:
    """charset-normalizer's best guess, preferring cp1252 among equally good ones."""
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        return None, None
    best = results[0]
    for result in results:
        tied = (abs(result.chaos - best.chaos) < GUESS_TIE
                and abs(result.coherence - best.coherence) < GUESS_TIE)
        if tied and PREFERRED_GUESS in result.could_be_from_charset:
            return PREFERRED_GUESS, data.decode(PREFERRED_GUESS, errors="replace")
    return best.encoding, str(best)


def refuse_binary(controls: int, size: int, shown: str) -> None:
    """Raise InputError when control characters make up too much of the sample."""
    if size and controls / size > BINARY_SHARE:
        raise InputError("is not a text file (it looks binary)", source=shown, hint=BINARY_HINT)


def remove_illegal(text: str, shown: str) -> str:
    """Drop characters XML 1.0 forbids (space-like ones become spaces); warn once."""
    first = ILLEGAL_XML.search(text)
    if first is None:
        return text
    count = len(ILLEGAL_XML.findall(text))
    line = text.count("\n", 0, first.start()) + 1
    log.warning("%s:%d: removed %d control character%s not allowed in XML (first on line %d)",
                shown, line, count, "" if count == 1 else "s", line)
    return ILLEGAL_XML.sub(lambda m: " " if m.group() in SPACE_LIKE else "", text)


def _tidy(line: str) -> str:
    """Tabs to spaces, runs of spaces collapsed, ends stripped."""
    return SPACES.sub(" ", line).strip()
