"""Reading the articles side by side (book/articles.py): worker processes read what the cache
does not have, and the build gets the same chapters, the same messages in the same order, and
the same first error as when one process reads them one by one."""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import subprocess
import sys
import time

import pytest

from book import articles, config as config_mod, limits, readcache, readers, workers
from book.errors import InputError
from book.transforms import typography
from conftest import ROOT, make_book

ARTICLES = sorted((ROOT / "chapters").glob("*.txt"))
UNTITLED = "no headline here, just a long first line that runs on and on without a stop at " \
           "all until it ends\n\nA second paragraph, so there is a body to read.\n"
MISSING_IMAGE = "# With an image\n\nText before.\n\n![A figure](figure.png)\n\nText after.\n"


def _book(tmp_path, extra=None):
    files = {"01.txt": ARTICLES[0].read_text(encoding="utf-8"),
             "02.txt": UNTITLED,              # says: its title comes from its text
             "03.md": MISSING_IMAGE,          # warns: figure.png does not exist
             "04.txt": ARTICLES[1].read_text(encoding="utf-8"),
             "05.md": MISSING_IMAGE.replace("figure.png", "other.png")}
    return make_book(tmp_path / "book", {**files, **(extra or {})},
                     toml='[book]\ntitle = "Side by side"\n')


def _read(root, caplog, cache=True, meanwhile=None):
    config = config_mod.load(root)
    store = readcache.ArticleCache(root, root / "build", config.limits, readers.READERS) \
        if cache else None
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="book"):
        chapters = articles.read_chapters(root, config, store, meanwhile=meanwhile)
    return chapters, [(r.levelno, r.getMessage()) for r in caplog.records]


def _plain(chapter):
    """A chapter without what only the cache adds (its key)."""
    return dataclasses.replace(chapter, digest="")


@pytest.fixture
def two_cores(monkeypatch):
    """A pool even on a one-core machine, so that the workers are what is tested."""
    monkeypatch.setattr(workers, "cores", lambda: 2)


def test_workers_read_what_one_process_reads(tmp_path, caplog, two_cores):
    root = _book(tmp_path)
    alone, said_alone = _read(root, caplog, cache=False)
    side, said_side = _read(root, caplog)  # cold cache: every article read by a worker
    cached, said_cached = _read(root, caplog)  # every article from the cache
    assert [_plain(c) for c in side] == [_plain(c) for c in cached] == list(alone)
    assert said_side == said_cached == said_alone
    assert any("figure.png" in message for _, message in said_side)
    assert [m for _, m in said_side if "figure.png" in m or "other.png" in m] == \
        sorted(m for _, m in said_side if "figure.png" in m or "other.png" in m)


def _telling_reader(path, shown, root=None):
    """The text reader, saying which process it runs in (jobs are pickled: a module function)."""
    logging.getLogger("book").warning("%s: read by process %d", shown, os.getpid())
    return TEXT(path, shown, root)


def _broken_reader(path, shown, root=None):
    if path.name == "05.md":
        raise InputError("cannot be read", source=shown, hint="save it again as UTF-8.")
    return MARKDOWN(path, shown, root)


def _dying_reader(path, shown, root=None):
    """The text reader, except that a worker reading 02.txt dies (a reader's crash)."""
    if path.name == "02.txt" and os.getpid() != MAIN:
        os._exit(3)
    return TEXT(path, shown, root)


TEXT, MARKDOWN = readers.READERS[".txt"], readers.READERS[".md"]
MAIN = os.getpid()


def test_articles_are_read_in_worker_processes(tmp_path, caplog, two_cores, monkeypatch):
    monkeypatch.setitem(readers.READERS, ".txt", _telling_reader)
    seen = []
    _, said = _read(_book(tmp_path), caplog, meanwhile=lambda: seen.append(os.getpid()))
    pids = {int(m.rsplit(" ", 1)[1]) for _, m in said if "read by process" in m}
    assert seen == [os.getpid()]  # the renderers are imported here, meanwhile
    assert pids and os.getpid() not in pids
    assert [m.split(":")[0] for _, m in said if "read by process" in m] == \
        ["chapters/01.txt", "chapters/02.txt", "chapters/04.txt"]  # in reading order


def test_a_worker_that_dies_leaves_its_articles_to_this_process(tmp_path, caplog, two_cores,
                                                                monkeypatch):
    root = _book(tmp_path)
    alone, said_alone = _read(root, caplog, cache=False)
    monkeypatch.setitem(readers.READERS, ".txt", _dying_reader)
    side, said_side = _read(root, caplog)
    assert said_side == said_alone, (said_side, said_alone)
    assert [_plain(c) for c in side] == list(alone)


def test_the_first_error_in_reading_order_is_raised(tmp_path, caplog, two_cores, monkeypatch):
    """A broken article in the middle: it is named, after the messages of the articles before
    it, and nothing is said of the articles after it."""
    monkeypatch.setitem(readers.READERS, ".md", _broken_reader)
    with pytest.raises(InputError) as raised:
        _read(_book(tmp_path, {"06.txt": ARTICLES[1].read_text(encoding="utf-8")}), caplog)
    assert raised.value.source == "chapters/05.md" and raised.value.hint
    said = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("chapters/03.md:5: image 'figure.png'") for m in said), said
    assert any(m.startswith("chapters/04.txt: removed") for m in said), said
    assert not any("06.txt" in m for m in said)  # read by a worker, maybe, but not said


def test_an_article_over_the_limits_is_named_after_those_before_it(tmp_path, caplog, two_cores,
                                                                  monkeypatch):
    root = _book(tmp_path, {"06.txt": "word " * 40_000})
    config = dataclasses.replace(config_mod.load(root), limits=limits.Limits(article_mb=0.1))
    monkeypatch.setattr(config_mod, "load", lambda _root: config)
    with pytest.raises(InputError) as raised:
        _read(root, caplog)
    assert raised.value.source == "chapters/06.txt" and "MB" in raised.value.message
    assert any("other.png" in r.getMessage() for r in caplog.records)  # 05.md was read first


def test_the_pipeline_imports_weasyprint_while_reading():
    """WeasyPrint is imported while the articles are read (pipeline.load), not before: the
    command line starts without it, and an HTML-only build never imports it."""
    code = ("import sys, book.pipeline as p\n"
            "before = 'weasyprint' in sys.modules\n"
            "p.load(('html',)); html = 'weasyprint' in sys.modules\n"
            "p.load(('pdf',)); print(before, html, 'weasyprint' in sys.modules, "
            "'pikepdf' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.split() == ["False", "False", "True", "True"]


def _refined_where(chapter, language):
    """A refine that tells which process ran it (in a field the cache keeps)."""
    return dataclasses.replace(typography._chapter(chapter, language), kicker=str(os.getpid()))


def test_typography_is_worked_out_side_by_side(tmp_path, caplog, two_cores):
    """The typography of articles the cache does not have is worked out in worker processes,
    with the same result as here, and kept: the next build takes it from the cache."""
    root = _book(tmp_path, {"06.txt": 'Plain quotes\n\nShe said "yes" -- and left...\n'})
    store = readcache.ArticleCache(root, root / "build", limits.Limits(), readers.READERS)
    chapters = articles.read_chapters(root, config_mod.load(root), store)
    jobs = [(chapter, "en") for chapter in chapters]
    side = store.refined_all(jobs, typography._chapter)
    assert side == [typography._chapter(chapter, "en") for chapter in chapters]
    assert side != list(chapters)  # the typography did change something
    where = store.refined_all([(c, "fr") for c in chapters], _refined_where)
    assert {c.kicker for c in where} - {str(os.getpid())} and str(os.getpid()) not in \
        {c.kicker for c in where}
    assert store.refined_all([(c, "fr") for c in chapters], typography._chapter) == where


def test_ctrl_c_while_reading_stops_quietly(tmp_path):
    """Ctrl-C reaches the whole foreground group, the reading workers too: the build says it
    was interrupted, in one line, and leaves no process and no output behind."""
    text = ARTICLES[1].read_text(encoding="utf-8")  # a scraped article: cleaning takes a while
    root = make_book(tmp_path / "many", {f"{n:03d}.txt": text for n in range(80)})
    build = subprocess.Popen([sys.executable, "-m", "book", "build", str(root), "-f", "html"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    time.sleep(0.8)  # reading, or about to: the renderers are imported meanwhile
    os.killpg(build.pid, signal.SIGINT)
    _, said = build.communicate(timeout=120)
    assert build.returncode == 130, said
    assert "Traceback" not in said and said.rstrip().splitlines()[-1].startswith(
        "book: interrupted"), said
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(build.pid, 0)  # no process of the group is left
    assert not (root / "build" / "book.html").exists()
