"""book.toml: defaults, values, and errors that name the key, its line and what is allowed."""

import datetime
import re
import textwrap

import pytest

from book import config
from book.errors import ConfigError


def load(tmp_path, text):
    (tmp_path / "book.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return config.load(tmp_path)


def test_no_book_toml_gives_defaults(tmp_path):
    cfg = config.load(tmp_path)
    assert cfg.path is None and cfg.title is None and cfg.chapters is None
    assert cfg.language == "en"


def test_full_manifest(tmp_path):
    cfg = load(tmp_path, """
        [book]
        title = "Healing Together"
        subtitle = "Essays"
        author = "A. Editor"
        language = "en-GB"
        identifier = "urn:isbn:9780000000000"
        date = 2025-08-01
        publisher = "Small Press"
        rights = "All rights reserved"

        [[chapters]]
        file = "02-b.txt"
        title = "Second first"
        date = "2025-07-14"

        [[chapters]]
        file = "01-a.txt"
        """)
    assert cfg.title == "Healing Together" and cfg.authors == ("A. Editor",)
    assert cfg.language == "en-GB" and cfg.date == datetime.date(2025, 8, 1)
    assert [c.file for c in cfg.chapters] == ["02-b.txt", "01-a.txt"]
    assert cfg.chapters[0].title == "Second first"
    assert cfg.chapters[0].date == datetime.date(2025, 7, 14)
    assert cfg.chapters[0].line == 12 and cfg.chapters[1].line == 17


def test_chapters_as_plain_list(tmp_path):
    cfg = load(tmp_path, """
        chapters = ["b.txt", "a.txt"]
        """)
    assert [c.file for c in cfg.chapters] == ["b.txt", "a.txt"]


@pytest.mark.parametrize("text, expected", [
    ('[book]\ntitel = "x"\n', "book.toml:2: unknown key 'titel'. Allowed: title"),
    ('[book]\ntitle = "x"\nlanguage = "en_US"\n', "book.toml:3: 'language' must be a BCP 47 tag"),
    ('[book]\ndate = "July 2025"\n', "book.toml:2: 'date' must be a date like 2025-07-14"),
    ('[book]\nauthors = [1, 2]\n', "book.toml:2: 'authors' must be a name or a list of names"),
    ('[book]\ntitle = ""\n', "book.toml:2: 'title' must be a non-empty string"),
    ('[[chapters]]\ntitle = "x"\n', "book.toml:1: 'file' is required"),
    ('[[chapters]]\nfile = "../etc/passwd"\n', "'file' must be a path inside chapters/"),
    ('[[chapters]]\nfile = "a.txt"\nsubtitle = "x"\n', "book.toml:3: unknown key 'subtitle'"),
    ('[book]\ntitle = "Bad \\u0001 title"\n', "book.toml:2: 'title' contains a control character"),
    ('[books]\ntitle = "x"\n', "unknown key 'books'. Allowed: book, pdf, style, handouts, limits, chapters. Did you mean 'book'?"),
    ('[book]\ntitle = "x\n', "book.toml:2: is not valid TOML"),
])
def test_errors_name_key_line_and_allowed(tmp_path, text, expected):
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert expected in str(info.value)


def test_all_errors_reported_together(tmp_path):
    with pytest.raises(ConfigError) as info:
        load(tmp_path, '[book]\ntitel = "x"\nlanguage = "en_US"\ndate = "soon"\n')
    message = str(info.value)
    assert "3 problems" in message
    assert "book.toml:2" in message and "book.toml:3" in message and "book.toml:4" in message
    assert "Write 'en-US'" in message


def test_not_utf8(tmp_path):
    (tmp_path / "book.toml").write_bytes(b'[book]\ntitle = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        config.load(tmp_path)


def test_cover_and_trim(tmp_path):
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    cfg = load(tmp_path, '[book]\ncover = "art/cover.jpg"\n[pdf]\ntrim = "6x9"\n')
    assert cfg.cover == (tmp_path / "art" / "cover.jpg").resolve() and cfg.trim == "6x9"
    assert config.load(tmp_path.parent / tmp_path.name).trim == "6x9"


@pytest.mark.parametrize("text, expected", [
    ('[book]\ncover = "missing.png"\n', "book.toml:2: 'cover' must name an image file inside"),
    ('[book]\ncover = "../outside.png"\n', "book.toml:2: 'cover' must name an image file inside"),
    ('[book]\ncover = "book.toml"\n', "book.toml:2: 'cover' must be a PNG or JPEG image"),
    ('[pdf]\ntrim = "b5"\n', "book.toml:2: 'trim' must be a5, 6x9, a4, letter, 5.5x8.5 or a size"),
    ('[pdf]\nsize = "a5"\n', "book.toml:2: unknown key 'size'. Allowed: trim"),
])
def test_cover_and_trim_errors(tmp_path, text, expected):
    (tmp_path.parent / "outside.png").write_bytes(b"\x89PNG")
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert expected in str(info.value)


def test_handout_settings(tmp_path):
    cfg = load(tmp_path, '[handouts]\npaper = "Letter"\nbooklet = true\n')
    assert (cfg.paper, cfg.booklet) == ("letter", True)
    assert (config.load(tmp_path / "nowhere").paper, config.BookConfig(None).booklet) == ("a4", False)
    with pytest.raises(ConfigError, match=re.escape("book.toml:2: 'paper' must be one of a4, letter")):
        load(tmp_path, '[handouts]\npaper = "legal"\nbooklet = "yes"\n')
    with pytest.raises(ConfigError, match=re.escape("book.toml:3: 'booklet' must be true or false")):
        load(tmp_path, '[handouts]\npaper = "a4"\nbooklet = "yes"\n')


def test_the_model_is_made_from_the_config_with_the_same_defaults(tmp_path):
    from dataclasses import fields

    from book.model import BookMeta, Layout
    # one source of defaults: book.toml's absence, the model's own and the command line's agree
    assert config.model_of(Layout, config.load(tmp_path)) == Layout()
    assert Layout().pdf_variant == "pdf/ua-1" and (Layout().trim, Layout().paper) == ("a5", "a4")
    # every layout choice but the command line's --pdf-variant comes from book.toml
    held = {f.name for f in fields(config.BookConfig)}
    assert {f.name for f in fields(Layout)} - held == {"pdf_variant"}
    cfg = load(tmp_path, """
        [book]
        language = "fr-CA"
        publisher = "P"
        [handouts]
        paper = "letter"
        booklet = true
    """)
    layout = config.model_of(Layout, cfg, paper=None, booklet=False, pdf_variant="pdf/a-3b")
    assert (layout.paper, layout.booklet, layout.pdf_variant) == ("letter", False, "pdf/a-3b")
    meta = config.model_of(BookMeta, cfg, title="T")
    assert (meta.title, meta.language, meta.publisher, meta.cover_image) == ("T", "fr-CA", "P", None)


@pytest.mark.parametrize(("tag", "valid"), [
    ("en", True), ("en-US", True), ("sr-Latn-RS", True), ("de-CH-1901", True), ("es-419", True),
    ("uz-Arab", True), ("en_US", False), ("english", False), ("en-", False), ("", False),
    ("en-x-private", False),  # the builder's shape: language, script, region, variants
])
def test_one_bcp47_pattern(tag, valid):
    from book.text import is_language_tag
    assert is_language_tag(tag) is valid
