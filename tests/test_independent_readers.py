"""The sample EPUB read by an independent reader, pandoc: every chapter, in order, text intact.

.ci/run installs pandoc (Debian's package) and sets BOOK_REQUIRE_READERS=1, so in CI a missing
pandoc fails the test; on a developer's machine without it the test is skipped, saying so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from test_sample_book import BOILERPLATE, TITLES, seed_body_lines


@pytest.fixture(scope="module")
def pandoc_text(sample):
    if not shutil.which("pandoc"):
        if os.environ.get("BOOK_REQUIRE_READERS"):
            pytest.fail("pandoc is not installed (apt-get install pandoc)")
        pytest.skip("pandoc is not installed (apt-get install pandoc); CI runs this test")
    root, _done = sample
    done = subprocess.run(["pandoc", "-f", "epub", "-t", "plain", "--wrap=none",
                           str(root / "build" / "book.epub")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return re.sub(r"\s+", " ", done.stdout)


def test_pandoc_finds_every_chapter_in_order(pandoc_text):
    positions = [pandoc_text.find(title) for title in TITLES]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions
    assert pandoc_text.find("Sources", positions[-1]) > positions[-1]


def test_pandoc_reads_the_text_intact(pandoc_text):
    for line in seed_body_lines():
        assert re.sub(r"\s+", " ", line) in pandoc_text, line[:60]
    for snippet in BOILERPLATE:
        assert snippet not in pandoc_text
