"""The CLI on books of its users: exit codes, one-line messages, nothing lost on failure."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import epub_text, epubcheck, epubcheck_problems, make_book, normalise, run_book

ARTICLE = """\
Relationships
Small rituals that keep couples close
Why five minutes a day of attention matters more than grand gestures, and how to begin.
By Ana María Núñez | Mar 3, 2025 | 5 min read
Share Facebook X Email
Couples who last are rarely the ones with the grandest gestures. They are the ones who turn toward each other in small moments, again and again, until turning toward becomes a habit.
Subscribe to our newsletter
A ritual can be as simple as a cup of coffee shared before the day begins, or a question asked at dinner and answered with care. What matters is that it is predictable and that both partners protect it.
Start with one small habit.
Choose something that costs little and happens daily. Agree on it together, and name what it is for, so that missing it becomes something you notice and repair rather than a silent drift.
Follow us on Instagram
"""
HOSTILE = """\
<script>alert("owned")</script> & other <b>markup</b> stays text, and so does everything else written in this long opening paragraph of a hostile article.
This paragraph has a </p><p> closing tag, an &amp; entity and a very long token: https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa and it must all show as text in every output.
ADVERTISEMENT
"""


@pytest.fixture(scope="module")
def users_book(tmp_path_factory):
    """A book without book.toml: a clean article, a hostile one, an empty one, a stray file."""
    root = make_book(tmp_path_factory.mktemp("users"), {
        "a-rituals.txt": ARTICLE,
        "b-hostile.txt": HOSTILE,
        "c-empty.txt": "",
        "d-ads-only.txt": "ADVERTISEMENT\nX Facebook Linkedin Email\n",
        "notes.docx": b"PK\x03\x04 not an article",
    })
    done = run_book("build", str(root))
    return root, done


def test_book_without_toml_builds(users_book):
    root, done = users_book
    assert done.returncode == 0, done.stderr
    log = done.stderr
    assert "chapters/c-empty.txt: no article text (empty, or only boilerplate); skipped" in log
    assert "chapters/d-ads-only.txt: no article text" in log
    assert "chapters/notes.docx: not an article format" in log
    assert "chapters/b-hostile.txt: no headline found" in log  # and a title from its text
    assert "chapters/a-rituals.txt: removed" in log
    pdf = PdfReader(root / "build" / "book.pdf")
    assert pdf.metadata.title == "Mybook"  # the folder's name
    assert [item.title for item in pdf.outline if not isinstance(item, list)] == [
        "Small rituals that keep couples close", "<script>alert(“owned”)</script> & other <b>markup</b> stays text"]


def test_hostile_text_is_escaped_everywhere(users_book):
    root, _done = users_book
    html = (root / "build" / "book.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert" in html
    assert "</p><p> closing" not in html
    text = epub_text(root / "build" / "book.epub")
    assert "<script>alert(“owned”)</script>" in text and "</p><p> closing tag, an &amp; entity" in text
    pdf_text = normalise("".join(p.extract_text() for p in PdfReader(root / "build" / "book.pdf").pages))
    assert "</p><p> closing tag" in pdf_text
    for snippet in ("Subscribe to our newsletter", "Follow us on Instagram", "5 min read",
                    "ADVERTISEMENT", "Share Facebook"):
        assert snippet not in pdf_text and snippet not in text


def test_users_epub_passes_epubcheck(users_book):
    root, _done = users_book
    report = epubcheck(root / "build" / "book.epub")
    assert epubcheck_problems(report) == []
    with zipfile.ZipFile(root / "build" / "book.epub") as archive:
        opf_name = next(n for n in archive.namelist() if n.endswith(".opf"))
        opf = etree.fromstring(archive.read(opf_name))
    creators = opf.xpath("//*[local-name()='creator']/text()")
    assert creators == ["Ana María Núñez"]


def test_labels_and_dates_follow_the_book_language(tmp_path):
    article = "Couple\nLe désir après un enfant\nPar Claire Dubois · 1 mars 2025\n" + \
        "Beaucoup de couples constatent que le désir change après l’arrivée d’un enfant, et " \
        "que ce changement demande de la patience, de la parole et du temps pour chacun.\n"
    root = make_book(tmp_path, {"a.txt": article}, '[book]\ntitle = "Livre"\nlanguage = "fr"\n')
    done = run_book("build", str(root), "-f", "html,epub")
    assert done.returncode == 0, done.stderr
    html = (root / "build" / "book.html").read_text(encoding="utf-8")
    assert "Table des matières" in html and "1er mars 2025" in html and 'lang="fr"' in html
    with zipfile.ZipFile(root / "build" / "book.epub") as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
        chapter = archive.read(next(n for n in archive.namelist() if n.startswith("EPUB/ch01")))
    assert nav.xpath("//*[local-name()='h1']/text()") == ["Table des matières"]
    assert "1er mars 2025" in chapter.decode("utf-8")


def test_format_and_out_flags(tmp_path):
    root = make_book(tmp_path, {"a.txt": ARTICLE})
    done = run_book("build", str(root), "-o", str(tmp_path / "out"), "-f", "html", "-q")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()
                  if not p.name.startswith(".")) == ["book.html", "styles"]  # .book-stamp.json
    assert done.stderr == ""
    bad = run_book("build", str(root), "-f", "docx")
    assert bad.returncode == 2 and "unknown format" in bad.stderr


@pytest.mark.parametrize("toml, code, message", [
    ('[book]\ntitel = "x"\n', 2, "book.toml:2: unknown key 'titel'"),
    ('[[chapters]]\nfile = "missing.txt"\n', 2, "book.toml:1: chapter file 'chapters/missing.txt' does not exist"),
])
def test_config_errors_are_one_line(tmp_path, toml, code, message):
    root = make_book(tmp_path, {"a.txt": ARTICLE}, toml)
    done = run_book("build", str(root))
    assert done.returncode == code
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and message in errors[0], done.stderr


def test_links_out_of_the_book_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" * 3)
    root = make_book(tmp_path, {"a.txt": ARTICLE})
    (root / "chapters" / "b.txt").symlink_to(secret)
    (root / "chapters" / "c.txt").symlink_to("c.txt")  # a loop
    done = run_book("build", str(root), "-f", "html")
    assert done.returncode == 0, done.stderr
    assert "chapters/b.txt: links to a file outside the book folder; skipped" in done.stderr
    assert "chapters/c.txt: is a broken or looping link; skipped" in done.stderr
    assert "root:x:0:0" not in (root / "build" / "book.html").read_text(encoding="utf-8")
    (root / "book.toml").write_text('[[chapters]]\nfile = "b.txt"\n')
    listed = run_book("build", str(root), "-f", "html")
    assert listed.returncode == 3 and "chapters/b.txt: links to a file outside" in listed.stderr


def test_file_name_order_is_natural(tmp_path):
    articles = {f"{n}-part.txt": f"Part {n} heading\n" + ARTICLE.split("\n", 5)[5] for n in (10, 2, 1)}
    root = make_book(tmp_path, articles)
    done = run_book("build", str(root), "-f", "html", "-q")
    assert done.returncode == 0, done.stderr
    html = (root / "build" / "book.html").read_text(encoding="utf-8")
    assert html.index("Part 1 heading") < html.index("Part 2 heading") < html.index("Part 10 heading")


def test_no_articles(tmp_path):
    root = make_book(tmp_path, {"empty.txt": "\n\n"})
    done = run_book("build", str(root))
    assert done.returncode == 3 and "no article with text" in done.stderr


def test_strict_fails_on_warnings(tmp_path):
    root = make_book(tmp_path, {"a.txt": ARTICLE, "b.txt": ""})
    done = run_book("build", str(root), "-f", "html", "--strict")
    assert done.returncode == 5 and "--strict" in done.stderr


def test_failed_build_leaves_previous_outputs(tmp_path):
    """A binary chapter stops the build; the outputs of the last good build are untouched."""
    root = make_book(tmp_path, {"a.txt": ARTICLE})
    assert run_book("build", str(root), "-q").returncode == 0
    before = {p.name: p.read_bytes() for p in (root / "build").iterdir() if p.is_file()}
    assert before.pop(".book-stamp.json")  # a failed build removes it: the next one rebuilds
    (root / "chapters" / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    done = run_book("build", str(root))
    assert done.returncode == 3
    assert "chapters/b.txt" in done.stderr and "Traceback" not in done.stderr
    after = {p.name: p.read_bytes() for p in (root / "build").iterdir() if p.is_file()}
    assert after == before  # same files, same bytes, no temporary file left, no stamp


def test_a_renderer_failing_late_leaves_every_previous_output(tmp_path, monkeypatch):
    """HTML and PDF are complete when the EPUB fails: none of the three replaces the old one."""
    from book import pipeline
    from book.errors import RenderError

    root = make_book(tmp_path, {"a.txt": ARTICLE})
    assert run_book("build", str(root), "-q").returncode == 0
    def outputs():  # the cache of laid-out parts (.cache) is not an output
        return {p.name: p.read_bytes() for p in (root / "build").rglob("*")
                if p.is_file() and ".cache" not in p.relative_to(root / "build").parts}

    before = outputs()
    assert before.pop(".book-stamp.json")  # a failed build removes it: the next one rebuilds
    (root / "chapters" / "a.txt").write_text(ARTICLE.replace("grandest", "biggest"), encoding="utf-8")

    def failing_epub(book, target, styles_dir):
        raise RenderError("disk full", source=target)

    monkeypatch.setitem(pipeline.RENDERERS, "epub", ("book.epub", failing_epub))
    with pytest.raises(RenderError):
        pipeline.build(root)
    assert outputs() == before
    assert [p.name for p in (root / "build").iterdir() if p.name.startswith(".")] == [".cache"]


def test_new_project_builds_at_once(tmp_path):
    target = tmp_path / "my-reading-group"
    done = run_book("new", str(target))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (target / "chapters").iterdir()) == [
        "01-plain-text.txt", "02-markdown.md", "03-saved-page.html"]
    toml = (target / "book.toml").read_text(encoding="utf-8")
    assert 'title = "My reading group"' in toml and "# [handouts]" in toml
    again = run_book("new", str(target))
    assert again.returncode == 3 and "not an empty folder" in again.stderr
    built = run_book("build", str(target), "-f", "html,epub", "--strict")
    assert built.returncode == 0, built.stderr
    html = (target / "build" / "book.html").read_text(encoding="utf-8")
    for title in ("A plain-text article, as you would copy it from a web page",
                  "A Markdown article", "A saved web page"):
        assert title in html
    assert "Example Site" not in html and "ADVERTISEMENT" not in html


# -- the CLI's face: --help, each command's --help, --version -------------------------------

def test_help_says_what_the_tool_does_and_lists_the_commands():
    done = run_book("--help")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    description = lines[2]
    assert description.startswith("Turn a folder of articles into") and \
        description.endswith(".") and description.count(". ") == 0, description
    listed = [line.split()[0] for line in lines if re.match(r"    \w", line)]
    assert listed == ["build", "check", "new", "watch"], done.stdout
    assert "book COMMAND --help" in done.stdout


@pytest.mark.parametrize("command", ["build", "check", "new", "watch"])
def test_each_command_help_has_an_example(command):
    done = run_book(command, "--help")
    assert done.returncode == 0, done.stderr
    examples = done.stdout.split("\nexample")[1]
    assert f"  book {command}" in examples, done.stdout


def test_version_names_weasyprint_and_ebooklib():
    from importlib import metadata

    import book

    done = run_book("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(f"book {book.__version__} ")
    assert f"WeasyPrint {metadata.version('weasyprint')}" in done.stdout
    assert f"ebooklib {metadata.version('ebooklib')}" in done.stdout


def test_a_build_leaves_nothing_in_the_temporary_folder(tmp_path):
    """WeasyPrint keeps each document's fonts in a temporary folder that a worker process ending
    with os._exit never removes (megabytes a build, in /tmp, for ever): a build's renderers
    write theirs into a scratch folder that goes when the rendering ends."""
    root = make_book(tmp_path, {"01-a.md": "# A title\n\nSome text, long enough to be a chapter.\n",
                                "02-b.md": "# Another\n\nMore text for a second chapter here.\n"})
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    done = subprocess.run([sys.executable, "-m", "book", "build", str(root), "-f",
                           "html,pdf,epub,handouts", "--booklet"], capture_output=True, text=True,
                          env={**os.environ, "TMPDIR": str(temporary), "SOURCE_DATE_EPOCH": "0"},
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in temporary.iterdir() if not p.name.startswith("_jinja2-cache")] == []
    assert [p.name for p in (root / "build").iterdir() if p.name.startswith(".staging")] == []
