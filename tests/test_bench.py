"""The benchmark (bench/, `make bench`) runs and writes its tables; no timing is asserted here."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from bench import books
from conftest import ROOT


def test_synthetic_book_cycles_the_sample_articles_and_its_overrides(tmp_path):
    root = books.make_book(ROOT, tmp_path / "book", 5)
    names = sorted(p.name for p in (root / "chapters").iterdir())
    samples = books.sample_articles(ROOT)
    assert len(names) == 5 and names[0] == f"0001-{samples[0].name}"
    manifest = tomllib.loads((root / "book.toml").read_text(encoding="utf-8"))
    sample = tomllib.loads((ROOT / "book.toml").read_text(encoding="utf-8"))
    assert manifest["book"] == sample["book"]
    assert [c["file"] for c in manifest["chapters"]] == names
    assert manifest["chapters"][0].get("title") == sample["chapters"][0].get("title")


def test_one_chapter_edit_appends_a_sentence_and_gives_the_original_back(tmp_path):
    root = books.make_book(ROOT, tmp_path / "book", 3)
    chapter = books.edited_chapter(root)
    before = chapter.read_text(encoding="utf-8")
    original = books.edit(chapter, 1)
    after = chapter.read_text(encoding="utf-8")
    assert original.decode("utf-8") == before and "(edit 1)." in after
    assert len(after.splitlines()) == len(before.splitlines())


def test_quick_benchmark_writes_a_markdown_report_with_numbers(tmp_path):
    report = tmp_path / "benchmarks.md"
    done = subprocess.run([sys.executable, "-m", "bench", "--quick", "--sizes", "2",
                           "--formats", "html", "--paste-count", "5", "-o", str(report),
                           "--work", str(tmp_path / "w")],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    text = report.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Builder", "## Raw engines", "## Linearity", "## Targets"):
        assert heading in text
    assert re.search(r"^\| CPU \| .+ \|$", text, re.M)
    number = r"\d+\.\d\d"
    # chapters, pages, formats, runs, then cold (wall, CPU), no-op and edit seconds
    assert re.search(rf"^\| 2 \| [^|]+ \| html \| 1 \| {number} \| {number} \| {number} \| "
                     rf"{number} \|",
                     text, re.M), text
    # the raw WeasyPrint pass: its page count, seconds (wall, CPU) and peak MiB
    assert re.search(rf"^\| 2 \| [^|]+ \| \d+ \| {number} \| {number} \| \d+ \|", text, re.M), text
    # every target has a row and a verdict (html alone leaves most of them unmeasured)
    assert re.search(r"^\| No-op rebuild .+ \| (PASS|MISS|not measured) \|$", text, re.M)
    # issue 17: reading pasted pages, its seconds against the target scaled to 5 pages
    assert re.search(rf"^\| Read 5 pasted pages \(synthetic pastes; one run\) \| "
                     rf"{number} s \| < 0.25 s \| (PASS|MISS) \|$", text, re.M), text


def test_synthetic_pastes_hold_the_sample_articles_inside_a_page(tmp_path):
    """Each synthetic paste is a sample article among a page's furniture; the paste reader finds
    the article in it again."""
    from bench import pastes
    from book.readers.plaintext import read

    root = pastes.make_pastes(ROOT, tmp_path / "book", 3, None)
    files = sorted((root / "chapters").iterdir())
    assert len(files) == 3
    article = books.sample_articles(ROOT)[0].read_text(encoding="utf-8")
    chapter = read(files[0], files[0].name)
    kinds = {removal.what for removal in chapter.removed}
    assert {"page header", "page footer"} <= kinds
    kept = [block.inlines[0].text for block in chapter.blocks]
    assert kept and all(line in article for line in kept)


def test_paired_ratios_take_each_round_apart():
    """Round by round, the builder's time over the raw pass's of the same round; nothing when
    a round is missing on either side."""
    from bench.measure import Sample, Stat
    from bench.suite import SizeResult
    from bench.targets import paired

    result = SizeResult(chapters=100)
    result.raw = Stat([Sample(40.0, 1), Sample(30.0, 1), Sample(50.0, 1)])
    result.builder["pdf"] = {"cold": Stat([Sample(20.0, 1), Sample(18.0, 1), Sample(25.0, 1)])}
    assert paired(result) == [0.5, 0.6, 0.5]
    result.builder["pdf"]["cold"].samples.pop()
    assert paired(result) == []
    assert paired(SizeResult(chapters=10)) == []
