"""The documents promise only what is there: docs/security.md names tests that exist, and the
README's [limits] keys are the ones book.toml accepts."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

from book import limits


def _tests_in(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_security_md_names_real_tests():
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    named = re.findall(r"(test_\w+)\.py(?:::(test_\w+))?", text)
    assert len(named) >= 30
    for module, function in named:
        path = ROOT / "tests" / f"{module}.py"
        assert path.is_file(), f"docs/security.md names {module}.py, which does not exist"
        if function:
            assert function in _tests_in(path), f"{module}.py has no {function}"
    # A bare name after a `module.py::test` in the same cell refers to that module.
    for cell in re.findall(r"`(test_\w+)\.py::test_\w+`((?:, `test_\w+`)+)", text):
        module, rest = cell
        for function in re.findall(r"`(test_\w+)`", rest):
            assert function in _tests_in(ROOT / "tests" / f"{module}.py"), (module, function)


def test_readme_limits_are_the_accepted_keys():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("[limits]\n", 1)[1].split("```", 1)[0]
    assert tuple(re.findall(r"^(\w+) =", block, re.M)) == limits.KEYS
    defaults = limits.Limits()
    for key, value in re.findall(r"^(\w+) = (\d+)", block, re.M):
        assert float(getattr(defaults, key)) == float(value), key
