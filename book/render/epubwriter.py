"""ebooklib's writer, with what its options cannot ask for (ebooklib 0.20's internals, here only).

- `xml:lang` on the OPF's `<package>`: the language of the package's own text (title,
  description, accessibility summary). Without it DAISY Ace reports `epub-lang` (serious), and
  a reading system cannot tell in which language to speak the metadata.

tests/test_epub.py reads it back from the OPF; another ebooklib version that renames the hook
fails that test rather than write an EPUB without it.
"""

from __future__ import annotations

from typing import BinaryIO

from ebooklib import epub

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _Writer(epub.EpubWriter):
    def _write_opf_file(self, root):
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)


def write(target: BinaryIO, package: epub.EpubBook, options: dict) -> None:
    """What `ebooklib.epub.write_epub(target, package, options)` does, raising every error."""
    writer = _Writer(target, package, {**options, "raise_exceptions": True})
    writer.process()
    writer.write()
