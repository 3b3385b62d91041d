"""The architecture is a checked file, not a hope (STYLE.md, habit 16): ruff's rules and
import-linter's contracts, both configured in pyproject.toml, pass; and no module of book/ grows
much past 300 lines."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent

MAX_LINES = 300
"""A module this long does one job; a longer one is split by pipeline stage."""

LONGER = {
    # module: its length today, a ceiling it must not pass (it may shrink)
    "book/model.py": 351,  # the one model: every block and inline, with a docstring per field,
    # and plain_text() (the one reading of inlines as text); Layout's [style] keys (issue 20)
    "book/readers/markdown.py": 329,  # markdown-it's tokens to blocks, one rule per token kind
    "book/readers/htmlhead.py": 302,  # the HTML head's harvest (title, byline, dates, language)
    "book/render/fontmerge.py": 319,  # one font's subsets merged table by table: what each
    # table of a TrueType subset needs (glyf, loca, hmtx, cmap, GDEF, OS/2), in one place
    "book/transforms/typography.py": 336,  # quotes, dashes, spacing: the rules are data beside it
}
"""The modules over MAX_LINES today, each with why; the list only shrinks."""


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                          check=False)


def test_ruff_is_clean():
    done = _run(str(BIN / "ruff"), "check", "--no-cache", "book", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_contracts_hold():
    done = _run(str(BIN / "lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout, done.stdout


def test_modules_stay_short():
    long = {}
    for path in sorted((ROOT / "book").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LONGER.get(name, MAX_LINES):
            long[name] = lines
    assert not long, f"modules over {MAX_LINES} lines (split them by stage): {long}"
    for name in LONGER:  # an exception that no longer applies is taken off the list
        lines = len((ROOT / name).read_text(encoding="utf-8").splitlines())
        assert lines > MAX_LINES, f"{name} has {lines} lines now: remove it from LONGER"


def _weasyprint_internals(path: Path) -> set[str]:
    """The WeasyPrint submodules `path` imports (`import weasyprint` alone is the public API)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("weasyprint.")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("weasyprint."):
                found.add(node.module)
            elif node.module == "weasyprint":  # `from weasyprint import layout`: a submodule
                found |= {f"weasyprint.{a.name}" for a in node.names
                          if importlib.util.find_spec(f"weasyprint.{a.name}") is not None}
    return found


def test_weasyprint_internals_stay_in_the_layout_package():
    """The contract's allow-list, read with the code's own eyes: import-linter does not see the
    modules of WeasyPrint's folders without an __init__.py (text/, formatting_structure/).
    The list is book.layout alone (as a package: its modules too)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"]
                    if c["id"] == "weasyprint-internals")
    allowed = {m for m in contract["allowed_importers"] if m.startswith("book")}
    assert allowed == {"book.layout"}, allowed
    importers = {}
    for path in sorted((ROOT / "book").rglob("*.py")):
        if found := _weasyprint_internals(path):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            importers[module.removesuffix(".__init__")] = sorted(found)
    outside = {m: found for m, found in importers.items()
               if m != "book.layout" and not m.startswith("book.layout.")}
    assert not outside, outside
    assert importers, "book.layout is allowed but imports no WeasyPrint internal"
