"""book/layout/: the one place past WeasyPrint's public API, written for the WeasyPrint versions
named here; any other is refused, on import and by each adapter, rather than trusted."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import weasyprint

from book import layout
from book.layout import pagehook, pdfhooks


def test_layout_supports_exactly_weasyprint_70_0_and_refuses_another(monkeypatch):
    assert layout.SUPPORTED == ("70.0",)
    assert weasyprint.__version__ in layout.SUPPORTED  # the lock installs a supported one
    layout.check_version()
    # Importing the package with another WeasyPrint fails, and says why.
    done = subprocess.run([sys.executable, "-c", "import weasyprint; weasyprint.__version__ = "
                           "'71.0'; import book.layout"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode != 0
    assert "book/layout/ was written for WeasyPrint 70.0, not 71.0" in done.stderr, done.stderr
    # Each adapter asks again when it is used (the version may change under a running process).
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    refused = re.escape("written for WeasyPrint 70.0, not 71.0")
    with pytest.raises(RuntimeError, match=refused):
        layout.check_version()
    with pytest.raises(RuntimeError, match=refused), pdfhooks.corrected():
        pass
    with pytest.raises(RuntimeError, match=refused), pagehook.numbered(lambda pages: 1):
        pass


def test_the_folio_patch_is_in_only_while_a_numbered_render_runs():
    from weasyprint import layout as wp_layout

    original = wp_layout.make_margin_boxes
    with pagehook.numbered(lambda pages: 5):
        assert wp_layout.make_margin_boxes is not original
        with pagehook.numbered(lambda pages: 7):  # nested (or another thread's): still in
            assert wp_layout.make_margin_boxes is not original
        assert wp_layout.make_margin_boxes is not original
    assert wp_layout.make_margin_boxes is original
    with pytest.raises(ValueError), pagehook.numbered(lambda pages: 1):
        raise ValueError("a failed render")
    assert wp_layout.make_margin_boxes is original
