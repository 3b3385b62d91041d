"""Reading whole-page pastes: N pasted pages read as `book build` reads its articles.

The pages are real pastes from a folder (`--pastes DIR`, e.g. ../shared/corpus/pastes), cycled
to N, or else synthetic ones: each sample article inside the furniture of a web page (menus,
sign-in and cookie notices, a share bar, tags, related teasers, a comment thread, a newsletter
box, a footer), the shape of what a browser's Ctrl+A, Ctrl+C gives. Each run is a fresh process
(`python -m bench.pastes BOOK`) that times `articles.read_chapters` alone, with an empty article
cache, so the articles are read side by side, one worker process per core, as in a cold build.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.books import sample_articles
from bench.measure import environment

COUNT = 100
LIMIT = 5.0
"""Issue 17's target: 100 pasted pages read in under this many seconds (on 2 cores)."""

MENU = ("Skip to content", "Sign in", "Subscribe", "Menu", "Home", "News", "World", "Politics",
        "Business", "Technology", "Science", "Health", "Sports", "Culture", "Opinion", "Travel",
        "Food", "Podcasts", "Video", "Newsletters", "Search", "Close")
COOKIES = ("We use cookies to improve your experience on our website. By continuing to browse "
           "the site you agree to our use of cookies.", "Accept", "Manage settings")
SHARE = ("Share", "Facebook", "Twitter", "Email", "Copy link")
TEASERS = ("Five things to know before the long weekend", "The quiet return of the city tram",
           "Why the harvest came early this year", "A new bridge opens to mixed reviews",
           "Inside the library that never closes", "The small shops that outlasted the mall")
COMMENTS = ("I have read this twice now, and it says what I could not put into words.",
            "Thanks for writing this. We went through something similar last year.",
            "Interesting, though I would like to see the research behind the second part.")
FOOTER = ("About us", "Contact", "Careers", "Advertise", "Privacy policy", "Terms of use",
          "Cookie settings", "Accessibility", "Sitemap", "RSS", "Help",
          "© 2025 Example Media. All rights reserved.")


def synthetic_paste(article: str, n: int) -> str:
    """The article inside a web page's furniture, pasted as text; `n` varies the dates."""
    day = 1 + n % 28
    lines = [*MENU, *COOKIES, f"Home › Health › Article {n}", *article.splitlines(), *SHARE,
             "Tags: health, relationships", "Related stories"]
    for i, teaser in enumerate(TEASERS):
        lines += [teaser, f"March {1 + (day + i) % 28}, 2025"]
    lines += [f"{len(COMMENTS)} Comments"]
    for i, comment in enumerate(COMMENTS):
        lines += [f"Reader{i + 1} on March {day}, 2025 at {9 + i}:15 am said:", comment, "Reply"]
    lines += ["Sign up for our newsletter", "Enter your email address", "Subscribe", *FOOTER]
    return "\n\n".join(lines) + "\n"


def make_pastes(project: Path, root: Path, count: int, source: Path | None) -> Path:
    """A book folder at `root` whose chapters/ holds `count` pasted pages: the .txt files of
    `source` (cycled), or synthetic pages made from the sample articles."""
    folder = root / "chapters"
    folder.mkdir(parents=True)
    if source is not None:
        found = sorted(source.glob("*.txt"))
        if not found:
            raise SystemExit(f"bench: no .txt pastes in {source}")
        for i in range(count):
            source = found[i % len(found)]
            shutil.copyfile(source, folder / f"{i + 1:04d}-{source.name}")
    else:
        articles = [p for p in sample_articles(project) if p.suffix == ".txt"]
        for i in range(count):
            text = articles[i % len(articles)].read_text(encoding="utf-8")
            (folder / f"{i + 1:04d}-paste.txt").write_text(synthetic_paste(text, i),
                                                          encoding="utf-8")
    (root / "book.toml").write_text('[book]\ntitle = "Pastes"\n', encoding="utf-8")
    return root


def measure(project: Path, work: Path, count: int, source: Path | None, runs: int) -> list[float]:
    """Seconds to read the pastes, one fresh process per run."""
    root = make_pastes(project, work / "pastes", count, source)
    seconds = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-m", "bench.pastes", str(root)], cwd=project,
                              env=environment(), capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"reading the pastes failed:\n{done.stderr[-2000:]}")
        seconds.append(json.loads(done.stdout.splitlines()[-1])["seconds"])
    return seconds


def summary(seconds: list[float], count: int, source: Path | None) -> tuple[str, str, str, bool]:
    """(target, measured, limit, passed) for the targets table (issue 17's target, scaled to
    `count` pages)."""
    what = f"pastes from {source}" if source is not None else "synthetic pastes"
    median = statistics.median(seconds)
    limit = LIMIT * count / COUNT
    runs = f"median of {len(seconds)} runs" if len(seconds) > 1 else "one run"
    return (f"Read {count} pasted pages ({what}; {runs})",
            f"{median:.2f} s", f"< {limit:g} s", median < limit)


def _read(root: Path) -> float:
    """Read every article of the book at `root` as a cold `book build` does; the seconds taken."""
    from book import config, readcache, readers
    from book.articles import read_chapters

    settings = config.load(root)
    with tempfile.TemporaryDirectory(prefix="bench-read-") as out:
        cache = readcache.ArticleCache(root, Path(out), settings.limits, readers.READERS)
        start = time.perf_counter()
        read_chapters(root, settings, cache)
        return time.perf_counter() - start


if __name__ == "__main__":
    import logging

    logging.disable(logging.WARNING)
    print(json.dumps({"seconds": _read(Path(sys.argv[1]))}))
