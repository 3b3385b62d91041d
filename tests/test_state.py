"""No hidden state (issue 19): memos of files forgotten by one call, workers handed their job."""

from __future__ import annotations

import pytest

from book import caches
from book.assets import images, svg
from book.render import partjobs
from book.render.report import SILENT


def test_clear_all_forgets_what_files_held(tmp_path):
    image = tmp_path / "photo.png"
    image.write_bytes(b"one")
    drawing = tmp_path / "drawing.svg"
    drawing.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    first, cleaned = images.asset_name(image), svg.clean_file(drawing)
    image.write_bytes(b"two")
    drawing.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>')
    assert images.asset_name(image) == first  # remembered...
    caches.clear_all()
    assert images.asset_name(image) != first  # ...until forgotten, as book watch does
    assert svg.clean_file(drawing) != cleaned


def test_the_parts_job_is_an_argument_not_a_global():
    """Nothing is set in the parent before the workers fork: a part's job outside a worker
    started by partjobs.begin is refused rather than run on another build's inputs."""
    assert not hasattr(partjobs, "SHARED")
    assert not partjobs._WORKER
    with pytest.raises(RuntimeError):
        partjobs.count("<p>x</p>")


def test_silent_report_hears_nothing():
    SILENT.stage("book.pdf", total=3, unit="parts")
    SILENT.advance("front")
