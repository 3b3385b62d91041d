"""Reading a tagged PDF the way the judges do, for tests/test_pdfua.py: outloud's report, the
structure tree and the marked content with pikepdf, the text with poppler's pdftotext.

No code of `book` is used here: these are the independent readings the tests hold the PDFs to.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

# ------------------------------------------------------------------------------------ outloud


def outloud_installed() -> bool:
    return importlib.util.find_spec("outloud") is not None


def outloud(paths: list[Path]) -> dict[Path, dict]:
    """outloud's JSON result for each PDF, from one run (a second of start-up, ~1 s a PDF)."""
    done = subprocess.run([sys.executable, "-m", "outloud.cli", "--json", "-", "--no-info",
                           "--fail-on", "never", *map(str, paths)],
                          capture_output=True, text=True, timeout=600)
    report = json.loads(done.stdout[done.stdout.find("{"):])
    return {Path(result["path"]): result for result in report["results"]}


def findings(result: dict, severity: str | None = None, rule: str | None = None) -> list[str]:
    """outloud's findings as readable lines, of one severity or rule."""
    return [f"{f['rule']} p.{f.get('page')}: {f['message']}" for f in result["findings"]
            if severity in (None, f["severity"]) and rule in (None, f["rule"])]


# ---------------------------------------------------------------------------- the structure


def elements(pdf: pikepdf.Pdf):
    """(element, its ancestors' types) for every structure element reachable from the root."""
    def walk(element, above):
        yield element, above
        for kid in kids(element):
            if isinstance(kid, Dictionary) and kid.get("/Type", Name.StructElem) == \
                    Name.StructElem and "/S" in kid:
                yield from walk(kid, (*above, str(kid.S)))
    root = pdf.Root.StructTreeRoot
    for top in kids(root):
        yield from walk(top, ())


def kids(element) -> list:
    found = element.get("/K")
    if found is None:
        return []
    return list(found) if isinstance(found, Array) else [found]


def elements_under(element):
    """Every structure element inside `element`, depth first."""
    for kid in kids(element):
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            yield from elements_under(kid)


def of_type(pdf: pikepdf.Pdf, kind: str) -> list:
    return [element for element, _ in elements(pdf) if element.S == Name(kind)]


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    """The parent tree's key → value (an array per page, an element per annotation)."""
    nums = pdf.Root.StructTreeRoot.ParentTree
    assert "/Kids" not in nums, "a nested parent tree"
    flat = list(nums.Nums)
    return dict(zip((int(key) for key in flat[0::2]), flat[1::2]))


def text(element) -> int:
    """How many marked-content sequences and annotations an element and its kids hold."""
    count = 0
    for kid in kids(element):
        if isinstance(kid, int) or (isinstance(kid, Dictionary) and kid.get("/Type") in (
                Name.MCR, Name.OBJR)):
            count += 1
        elif isinstance(kid, Dictionary):
            count += text(kid)
    return count


@dataclass
class Shown:
    """One text-showing operator of a page's content."""

    marked: str | None
    """"artifact", "content" (in a sequence with an MCID) or None (neither)."""
    kind: str | None
    """The artifact's /Type (Pagination, Layout...)."""
    mcid: int | None
    top: float
    """Distance of its text origin from the top of the page, in points."""


def shown(page: pikepdf.Page) -> list[Shown]:
    """Every text-showing operator of the page, with the marked content around it."""
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    ctm, saved, marks, text_matrix, found = [1, 0, 0, 1, 0, 0], [], [], (0, 0), []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            ctm = saved.pop()
        elif op == "cm":
            ctm = _times([float(x) for x in operands], ctm)
        elif op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" and len(operands) > 1 else None
            marks.append((str(operands[0]), props if isinstance(props, Dictionary) else None))
        elif op == "EMC":
            marks.pop()
        elif op == "Tm":
            text_matrix = (float(operands[4]), float(operands[5]))
        elif op in ("TJ", "Tj", "'", '"'):
            y = ctm[1] * text_matrix[0] + ctm[3] * text_matrix[1] + ctm[5]
            artifact = next((props for tag, props in marks if tag == "/Artifact"), False)
            mcid = next((int(props.MCID) for _, props in reversed(marks)
                         if props is not None and "/MCID" in props), None)
            kind = str(artifact.get("/Type", "")).lstrip("/") if artifact else None
            found.append(Shown("artifact" if artifact is not False else
                               "content" if mcid is not None else None, kind, mcid, height - y))
    return found


def _times(m, n):
    """The matrix product m × n (PDF matrices as [a b c d e f])."""
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


# --------------------------------------------------------------------------------- the text


def pdftotext(path: Path, *args: str) -> str:
    """poppler's text of the PDF (required by the tests: Debian poppler-utils)."""
    assert shutil.which("pdftotext"), "pdftotext is required: install poppler-utils"
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
                          capture_output=True, text=True, check=True, timeout=300)
    return done.stdout


MARKS = ("Mn", "Me")


def letters(text: str, digits: bool = True) -> str:
    """What a word is made of, compared: NFKC (ligatures, presentation forms; composed
    letters: alef with hamza is one letter), casefolded, letters (and digits) only, combining
    marks left out (compared apart: `marks`)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in text if unicodedata.category(char).startswith("L")
                   or (digits and unicodedata.category(char) == "Nd"))


def marks(text: str) -> Counter:
    return Counter(char for char in unicodedata.normalize("NFKC", text)
                   if unicodedata.category(char) in MARKS)


def missing_words(words: list[str], extracted: str, *, digits: bool = True,
                  in_order: bool = True) -> list[str]:
    """The words not found in the extracted text, compared as `letters`: in order (each after
    the one before; a word cut by a page break, running heads and footnotes between its two
    halves, is found in its halves), or anywhere."""
    plain = letters(extracted, digits)
    cursor, lost = 0, []
    for word in words:
        wanted = letters(word, digits)
        if not wanted:
            continue
        for piece in [wanted[i:i + 64] for i in range(0, len(wanted), 64)]:
            at = _find(plain, piece, cursor if in_order else 0)
            if at is None:
                lost.append(word[:80])
                break
            if in_order:
                cursor = at
    return lost


def _find(plain: str, piece: str, start: int, near: int = 5_000) -> int | None:
    """Where `piece` ends in `plain` after `start`: whole, or in two halves at most 2,000
    characters apart (a page break between them: feet, heads, notes); the nearest first."""
    found = []
    at = plain.find(piece, start)
    if at >= 0:
        found.append((at, at + len(piece)))
    for cut in range(1, len(piece)):
        head = plain.find(piece[:cut], start, min(start + near, found[0][0] if found else
                                                   len(plain)) + cut)
        while head >= 0:
            tail = plain.find(piece[cut:], head + cut, head + cut + 2_000 + len(piece))
            if tail >= 0:
                found.append((head, tail + len(piece) - cut))
                break
            head = plain.find(piece[:cut], head + 1, start + near + cut)
    return min(found)[1] if found else None


def words(text: str) -> list[str]:
    return re.split(r"\s+", text.strip())
