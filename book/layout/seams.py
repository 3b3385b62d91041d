"""WeasyPrint's classes that the renderers build on but its public root does not name: the URL
fetcher's bases (render/fetcher.py's `ProjectFetcher` and its responses) and the font
configuration a part's stylesheets and HTML share (render/partjobs.py)."""

from __future__ import annotations

from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = ["URLFetcher", "URLFetcherResponse", "font_configuration"]


def font_configuration():
    """A new `weasyprint.text.fonts.FontConfiguration`: the fonts that `@font-face` rules
    declare, given to the `CSS` objects that declare them and to the `render` that uses them."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()
