"""The article cache (book/readcache.py): a rebuild reads only what changed, says what a cold
build says, makes the same bytes, and never trusts its folder further than JSON."""

from __future__ import annotations

import datetime
import json
import os

import pikepdf
import pytest

from book import readcache, readers
from conftest import ROOT, make_book, run_book

ARTICLES = sorted((ROOT / "chapters").glob("*.txt"))
UNTITLED = "no headline here, just a long first line that runs on and on without a stop at " \
           "all until it ends\n\nA second paragraph, so there is a body to read.\n"
IMAGE_MD = "# With an image\n\nText before.\n\n![A figure](figure.png)\n\nText after.\n"
TOML = ('[book]\ntitle = "Cached"\nauthors = ["A. Editor"]\n')
FORMATS = "html,epub"


def _book(tmp_path, name="book"):
    root = make_book(tmp_path / name, {
        "01.txt": ARTICLES[0].read_text(encoding="utf-8"),
        "02.txt": UNTITLED,  # warns: its title is derived from the text
        "03.md": IMAGE_MD,   # warns: figure.png does not exist
        "04.txt": ARTICLES[1].read_text(encoding="utf-8"),
    }, toml=TOML)
    return root


def _said(done) -> list[str]:
    """What a build said, without the lines that name times or folders."""
    return [line for line in done.stderr.splitlines()
            if "built in" not in line and "writing" not in line and "wrote" not in line]


def _entries(out):
    folder = out / ".cache" / readcache.FOLDER
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A cold build into `build`, an edit of 04.txt rebuilt there, and a cold build of the
    edited book into `fresh`."""
    tmp = tmp_path_factory.mktemp("readcache")
    root = _book(tmp)
    cold = run_book("build", str(root), "-f", FORMATS)
    assert cold.returncode == 0, cold.stderr
    before = _entries(root / "build")
    path = root / "chapters" / "04.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added later.\n",
                    encoding="utf-8")
    cached = run_book("build", str(root), "-f", FORMATS)
    assert cached.returncode == 0, cached.stderr
    after = _entries(root / "build")
    fresh = run_book("build", str(root), "-o", str(tmp / "fresh"), "-f", FORMATS)
    assert fresh.returncode == 0, fresh.stderr
    return root, tmp / "fresh", before, after, cold, cached, fresh


def test_a_cached_build_makes_the_same_bytes(built):
    root, fresh, *_ = built
    for name in ("book.html", "book.epub"):
        assert (root / "build" / name).read_bytes() == (fresh / name).read_bytes(), name


def test_a_cached_build_says_what_a_cold_build_says(built):
    *_, cached, fresh = built
    said = _said(cached)
    assert said == _said(fresh)
    assert any("02.txt: no headline found" in line for line in said), said
    assert any("03.md" in line and "figure.png" in line for line in said), said
    assert any("04.txt: removed" in line for line in said), said  # an info line, replayed


def test_only_the_edited_article_is_read_again(built):
    _root, _fresh, before, after, *_ = built
    # Each article: its reading, and its typography (one entry each).
    assert len(before) == len(after) == 8, (before, after)
    kept = {name for name in before if after.get(name) == before[name]}
    assert len(kept) == 6, kept
    assert len(set(after) - set(before)) == 2  # the edited article, read and refined
    assert len(set(before) - set(after)) == 2  # its old entries pruned


def test_strict_fails_on_a_cached_build_too(tmp_path):
    root = _book(tmp_path)
    first = run_book("build", str(root), "-f", "html", "--strict")
    (root / "build" / ".book-stamp.json").unlink(missing_ok=True)  # not a no-op: a real build
    assert _entries(root / "build")
    second = run_book("build", str(root), "-f", "html", "--strict")
    for done in (first, second):
        assert done.returncode != 0, done.stderr
        assert "no headline found" in done.stderr


def test_damaged_or_hostile_entries_are_read_again(tmp_path):
    root = _book(tmp_path)
    assert run_book("build", str(root), "-f", FORMATS).returncode == 0
    good = (root / "build" / "book.epub").read_bytes()
    hostile = [b"not json", b'{"v": 1}', json.dumps({"v": 1, "records": [], "chapter": {
        "@": "__class__", "x": 1}}).encode(), json.dumps({"v": 1, "records": [[30, "fake"]],
                                                        "chapter": {"@path": "/etc/passwd"}}).encode()]
    for number, path in enumerate(sorted((root / "build" / ".cache" / readcache.FOLDER)
                                         .glob("*.json"))):
        path.write_bytes(hostile[number % len(hostile)])
    (root / "build" / ".book-stamp.json").unlink()
    done = run_book("build", str(root), "-f", FORMATS)
    assert done.returncode == 0, done.stderr
    assert "fake" not in done.stderr
    assert (root / "build" / "book.epub").read_bytes() == good


def test_a_new_image_makes_the_articles_read_again(tmp_path):
    root = _book(tmp_path)
    done = run_book("build", str(root), "-f", "html")
    assert "figure.png" in done.stderr
    (root / "chapters" / "figure.png").write_bytes(_png())
    done = run_book("build", str(root), "-f", "html")
    assert done.returncode == 0, done.stderr
    assert "figure.png" not in done.stderr
    assert 'src="' in (root / "build" / "book.html").read_text(encoding="utf-8")


def test_model_round_trip():
    for path in ARTICLES:
        chapter = readers.reader_for(path)(path, path.name, ROOT)
        assert readcache.decode(json.loads(json.dumps(readcache.encode(chapter)))) == chapter


def test_an_edit_without_source_date_epoch_rebuilds_one_handout(tmp_path):
    """Without SOURCE_DATE_EPOCH the book's date is its newest file's: editing one article
    moves it, yet the other handouts and the front matter stay in the cache, and the PDF
    still carries the new date."""
    root = make_book(tmp_path, {f"{n:02d}.txt": ARTICLES[n % 2].read_text(encoding="utf-8")
                                for n in range(1, 4)}, toml=TOML)
    old = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC).timestamp()
    for path in [*(root / "chapters").iterdir(), root / "book.toml"]:
        os.utime(path, (old, old))
    assert run_book("build", str(root), "-f", "pdf,handouts", epoch=None).returncode == 0
    handouts = {p.name: p.stat().st_mtime_ns for p in (root / "build/.cache/handouts").iterdir()}
    parts = {p.name: p.stat().st_mtime_ns for p in (root / "build/.cache/parts").iterdir()}
    edited = root / "chapters" / "02.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    new = datetime.datetime(2025, 6, 2, 3, 4, 5, tzinfo=datetime.UTC)
    os.utime(edited, (new.timestamp(), new.timestamp()))
    done = run_book("build", str(root), "-f", "pdf,handouts", epoch=None)
    assert done.returncode == 0, done.stderr
    after = {p.name: p.stat().st_mtime_ns for p in (root / "build/.cache/handouts").iterdir()}
    assert len(set(after) - set(handouts)) == 1, "only the edited article's handout is new"
    parts_after = {p.name for p in (root / "build/.cache/parts").iterdir()}
    assert len([n for n in parts_after - set(parts) if n.endswith(".pdf")]) == 1, \
        "only the edited chapter is laid out again, not the front matter"
    with pikepdf.open(root / "build" / "book.pdf") as pdf:
        assert str(pdf.docinfo.ModDate) == "D:20250602030405Z"
        assert b"2025-06-02T03:04:05Z" in pdf.Root.Metadata.read_bytes()
        assert b"1970-01-01" not in pdf.Root.Metadata.read_bytes()
    with pikepdf.open(next((root / "build" / "handouts").glob("02-*.pdf"))) as handout:
        assert str(handout.docinfo.ModDate) == "D:20250602030405Z"
    with pikepdf.open(next((root / "build" / "handouts").glob("01-*.pdf"))) as handout:
        assert str(handout.docinfo.ModDate) == "D:20240501000000Z"


def _png() -> bytes:
    """A 1×1 PNG."""
    import base64
    return base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAE"
                            "hQGAhKmMIQAAAABJRU5ErkJggg==")


def test_only_the_reader_s_own_records_are_kept(tmp_path):
    """A record another thread logs while an article is read (a server thread of `book
    watch`) is shown, not stored with the article and said again on every build."""
    import logging
    import threading

    from book import limits

    root = make_book(tmp_path, {"01.txt": ARTICLES[0].read_text(encoding="utf-8")})
    cache = readcache.ArticleCache(root, root / "build", limits.Limits(), readers.READERS)
    logger = logging.getLogger("book")
    seen = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record.getMessage())

    saved = logger.handlers[:], logger.level, logger.propagate
    logger.handlers[:], logger.propagate = [Keep()], False
    logger.setLevel(logging.INFO)
    try:
        def reader():
            other = threading.Thread(target=lambda: logger.warning("from another thread"))
            other.start()
            other.join()
            logger.warning("from the reader")
            return readers.reader_for(path)(path, "chapters/01.txt", root)

        path = root / "chapters" / "01.txt"
        cache.read(path, "chapters/01.txt", reader)
        assert seen.count("from another thread") == 1 and "from the reader" in seen
        seen.clear()
        cache.read(path, "chapters/01.txt", reader)  # from the cache: the reader's records only
        assert "from the reader" in seen and "from another thread" not in seen
    finally:
        logger.handlers[:], logger.level, logger.propagate = saved[0], saved[1], saved[2]
