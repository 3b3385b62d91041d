"""No-op rebuilds (book/stamp.py): nothing changed → `book build` stops at once, without importing
WeasyPrint; any change to what the outputs depend on → a real build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from conftest import EPOCH, ROOT, make_book, run_book

from book import cli, stamp

ARTICLE = """\
Relationships
Small rituals that keep couples close
Why five minutes a day of attention matters more than grand gestures, and how to begin.
By Ana María Núñez | Mar 3, 2025 | 5 min read
Couples who last are rarely the ones with the grandest gestures. They are the ones who turn toward each other in small moments, again and again, until turning toward becomes a habit.
A ritual can be as simple as a cup of coffee shared before the day begins, or a question asked at dinner and answered with care.
"""
TOML = '[book]\ntitle = "Rituals"\n'
NOOP = "nothing changed since the last build; outputs are up to date"
HEAVY = ("weasyprint", "pikepdf", "lxml", "ebooklib", "jinja2")


def run_python(*args: str):
    """`python ARGS` in a fresh process, with the tests' SOURCE_DATE_EPOCH."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def outputs(outdir):
    """{relative path: (bytes, mtime_ns)} of every output file (the stamp left out)."""
    return {p.relative_to(outdir).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(outdir.rglob("*")) if p.is_file() and p.name != stamp.NAME}


def rebuilt(done) -> bool:
    assert done.returncode == 0, done.stderr
    if NOOP in done.stderr:
        return False
    assert "wrote " in done.stderr, done.stderr
    return True


def test_noop_rebuild_is_fast_and_leaves_outputs_alone(tmp_path):
    root = make_book(tmp_path, {"01-rituals.txt": ARTICLE}, TOML)
    outdir = root / "build"
    assert rebuilt(run_book("build", str(root), "-f", "html,epub"))
    assert (outdir / stamp.NAME).is_file()
    before = outputs(outdir)
    assert {"book.html", "book.epub"} <= set(before)

    started = time.perf_counter()
    done = run_book("build", str(root), "-f", "epub,html")  # the same formats, another order
    seconds = time.perf_counter() - started
    assert not rebuilt(done)
    print(f"\nno-op rebuild: {seconds:.2f} s (a fresh process)")
    assert outputs(outdir) == before  # byte-identical, mtimes untouched

    # Nothing heavy is imported before the check stops the build.
    done = run_python("-X", "importtime", "-m", "book", "build", str(root), "-f", "html,epub", "-q")
    assert done.returncode == 0, done.stderr
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "book" in imported and not imported & set(HEAVY), imported & set(HEAVY)
    assert NOOP not in done.stderr  # -q: warnings and errors only

    # An output changed behind the builder's back: built again.
    (outdir / "book.epub").write_bytes(b"")
    assert rebuilt(run_book("build", str(root), "-f", "html,epub"))
    assert outputs(outdir)["book.epub"][0] == before["book.epub"][0]


def _touch(path):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _break_toml(root):
    """A build that fails (after a good one) must leave no stamp behind: put the good book.toml
    back exactly as it was (content and mtime), and the next build must still build."""
    toml = root / "book.toml"
    stat, good = toml.stat(), toml.read_bytes()
    toml.write_bytes(good + b"colour = 'red'\n")
    done = run_book("build", str(root), "-f", "html")
    assert done.returncode != 0 and "colour" in done.stderr, done.stderr
    assert not (root / "build" / stamp.NAME).exists()
    toml.write_bytes(good)
    os.utime(toml, ns=(stat.st_atime_ns, stat.st_mtime_ns))


UNTITLED = "Just one paragraph of text with no headline, long enough to be an article.\n"
CHANGES = [
    # (what, change(root) or None, extra command-line arguments); the arguments stay for the
    # steps after, so that each rebuild has one cause
    ("touched article", lambda root: _touch(root / "chapters" / "01-rituals.txt"), ()),
    ("edited book.toml", lambda root: (root / "book.toml").write_text(
        TOML + 'subtitle = "Small things"\n', encoding="utf-8"), ()),
    ("new image file", lambda root: (root / "chapters" / "images").mkdir() or
     (root / "chapters" / "images" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n"), ()),
    ("deleted output", lambda root: (root / "build" / "book.html").unlink(), ()),
    ("failed build", _break_toml, ()),
    ("--force", None, ("--force",)),
    ("other SOURCE_DATE_EPOCH", None, ("epoch=1760000000",)),
    ("other formats", None, ("-f", "epub")),
]


def test_every_change_rebuilds(tmp_path):
    root = make_book(tmp_path, {"01-rituals.txt": ARTICLE, "02-untitled.txt": UNTITLED}, TOML)
    assert rebuilt(run_book("build", str(root), "-f", "html"))
    # A no-op does not hide the last build's warnings from --strict: it builds again, and fails.
    done = run_book("build", str(root), "-f", "html")
    assert not rebuilt(done) and "1 warning(s)" in done.stderr
    done = run_book("build", str(root), "-f", "html", "--strict")
    assert done.returncode == 5 and "--strict is set" in done.stderr, done.stderr
    options = {"formats": ("-f", "html"), "epoch": EPOCH}
    for what, change, args in CHANGES:
        if change:
            change(root)
        if args and args[0] == "-f":
            options["formats"] = args
        elif args and args[0].startswith("epoch="):
            options["epoch"] = args[0].removeprefix("epoch=")
        force = args if args == ("--force",) else ()
        command = ("build", str(root), *options["formats"])
        assert rebuilt(run_book(*command, *force, epoch=options["epoch"])), what
        # ...and then it is up to date
        assert not rebuilt(run_book(*command, epoch=options["epoch"])), what


@pytest.mark.parametrize("content", [
    "", "not json", "[]", '{"stamp": 1}', '{"stamp": 2, "key": "K", "warnings": 0, "files": {"a": [1, 2]}}',
    '{"stamp": 1, "key": "K", "warnings": 0, "files": {}}',
    '{"stamp": 1, "key": "K", "warnings": 0, "files": {"../x": [0, 0]}}',
    '{"stamp": 1, "key": "K", "warnings": 0, "files": {"/etc/hostname": [0, 0]}}',
    '{"stamp": 1, "key": "K", "warnings": 0, "files": {"a": "big"}}',
    '{"stamp": 1, "key": "K", "warnings": -1, "files": {"a": [1, 2]}}',
    '{"stamp": 1, "key": 7, "warnings": 0, "files": {"a": [1, 2]}}',
    b"\xff\xfe\x00garbage",
])
def test_corrupt_or_foreign_stamp_is_not_fresh(tmp_path, content):
    (tmp_path / "a").write_bytes(b"x")
    target = tmp_path / stamp.NAME
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert not stamp.fresh(tmp_path, "K")
    assert stamp.warnings(tmp_path) == 0  # and never raises


def test_stamp_round_trip(tmp_path):
    """The stamp is fresh for its key and outputs, and for nothing else."""
    out = tmp_path / "out"
    (out / "handouts").mkdir(parents=True)
    (out / "book.html").write_text("<p>", encoding="utf-8")
    (out / "handouts" / "01.pdf").write_bytes(b"%PDF")
    stamp.write(out, "K", [out / "book.html", out / "handouts"])
    assert stamp.fresh(out, "K") and not stamp.fresh(out, "L")
    recorded = json.loads((out / stamp.NAME).read_text(encoding="utf-8"))["files"]
    assert set(recorded) == {"book.html", "handouts/01.pdf"}
    _touch(out / "handouts" / "01.pdf")
    assert not stamp.fresh(out, "K")
    stamp.clear(out)
    assert not (out / stamp.NAME).exists()


def test_key_leaves_out_the_output_folder_and_hidden_files(tmp_path):
    root = make_book(tmp_path, {"01-rituals.txt": ARTICLE}, TOML)
    key = stamp.key(root, None, ("html",))
    (root / "build").mkdir()
    (root / "build" / "book.html").write_text("x", encoding="utf-8")
    (root / ".hidden").write_text("x", encoding="utf-8")
    (root / "chapters" / "__pycache__").mkdir()
    (root / "chapters" / "__pycache__" / "x.pyc").write_bytes(b"x")
    assert stamp.key(root, None, ("html",)) == key
    assert stamp.key(root, None, ("html",), paper="letter") != key
    (root / "notes.txt").write_text("x", encoding="utf-8")
    assert stamp.key(root, None, ("html",)) != key


def test_constants_agree_with_the_pipeline():
    """cli and stamp name the formats and the styles folder without importing the pipeline."""
    from book import pipeline

    assert cli.FORMATS == pipeline.FORMATS
    assert stamp.STYLES == pipeline.STYLES
