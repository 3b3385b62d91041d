"""book: turn a folder of scraped articles into a PDF, an EPUB and an HTML book, offline."""

__version__ = "0.1.0"
