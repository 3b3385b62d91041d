"""`book watch [DIR]`: the author's loop. Rebuild on every change, serve the HTML edition on
127.0.0.1, and let the page reload itself.

- Watches `chapters/` (articles and images), `book.toml`, the book's own `styles/` if it has one
  and the tool's stylesheets, by polling modification times every 0.3 s (no dependency, works on
  every file system, editors' atomic saves included).
- On a change: book.html at once, in this process (under a second for most books); then the slow
  formats (PDF, EPUB, handouts) in a child `book build` into a private folder, moved into place
  when it is done. A newer change ends a slow build still running: its outputs would be stale.
  A change to screen-only stylesheets rebuilds book.html only.
- Errors (a bad book.toml, an unreadable article) go to the terminal and to the page, as a banner
  over the last good build; the watch keeps running.
- Ctrl-C or SIGTERM: the server is closed, a running child build is ended, exit code 0.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from book import caches, log, outputs, serve
from book.errors import BookError

LOGGER = logging.getLogger("book")
POLL = 0.3
"""Seconds between two looks at the watched files."""
SETTLE = 0.1
"""A change is acted on once the files have stayed the same this long (editors save in steps)."""
SLOW_DELAY = 0.8
"""The slow formats start after this quiet time, so that a burst of saves starts one build."""
PRIVATE = ".book-watch"
"""The slow build's own output folder, inside the output folder (hidden, never served)."""
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")
HTML_STAGE = "book.html"
"""The name the page and the terminal give the HTML build's errors."""


def run(root: Path, outdir: Path | None, formats: tuple[str, ...], host: str = "127.0.0.1",
        port: int = 8000, verbosity: int = 0) -> int:
    """Watch, build and serve until Ctrl-C or SIGTERM; returns the exit code."""
    from book import pipeline
    from book.render import html

    root = root.resolve()
    outdir = (outdir or root / "build").resolve()
    if not root.is_dir():
        _say(f"error: {root}: is not a folder. Hint: Give the book's folder.")
        return 3
    log.setup(verbosity - 1)  # warnings by default: the watch prints one line per build itself
    screen_only = {name for name, media in html.STYLESHEETS if media == "screen"}
    watched = Watched(root, outdir, [root / "styles", pipeline.STYLES])
    state = serve.State()
    outdir.mkdir(parents=True, exist_ok=True)
    try:
        server = serve.start(outdir, state, host, port, verbose=verbosity > 0)
    except OSError as exc:
        _say(f"error: cannot serve on {host}:{port}: {exc.strerror or exc}. "
             "Hint: Choose another port with --port (0 picks a free one).")
        return 1
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: _stop(stop)) for sig in
                (signal.SIGINT, signal.SIGTERM)}
    slow = SlowBuild(root, outdir, [f for f in formats if f != "html"], verbosity)
    _say(f"serving {serve.url(server)} - watching {_shown(root)}; Ctrl-C stops")
    code = 0
    try:
        build_html(root, outdir, state)
        slow_due = time.monotonic() + SLOW_DELAY if HTML_STAGE not in state.errors else None
        while not stop.is_set():
            changed = watched.changes()
            if changed:
                _say("changed: " + ", ".join(sorted(_shown(p, root) for p in changed)[:5])
                     + (f" and {len(changed) - 5} more" if len(changed) > 5 else ""))
                if not all(p.name in screen_only and p.parent in watched.folders[1:]
                           for p in changed):
                    slow.cancel()
                    slow_due = time.monotonic() + SLOW_DELAY
                build_html(root, outdir, state)
                if HTML_STAGE in state.errors:
                    slow_due = None
            if slow_due is not None and time.monotonic() >= slow_due and slow.formats:
                slow.start()
                slow_due = None
            slow.collect(state)
            stop.wait(POLL)
    except KeyboardInterrupt:  # a second Ctrl-C, in the middle of a build
        code = 130
    finally:
        slow.cancel()
        shutil.rmtree(slow.private, ignore_errors=True)
        server.shutdown()
        server.server_close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _say("stopped")
    return code


def _stop(stop: threading.Event) -> None:
    """The first Ctrl-C or SIGTERM stops the loop; a second Ctrl-C interrupts at once."""
    if stop.is_set():
        raise KeyboardInterrupt
    stop.set()


def build_html(root: Path, outdir: Path, state: serve.State) -> None:
    """book.html, in this process; its error (or success) goes to the terminal and the page."""
    from book import pipeline

    caches.clear_all()  # what the files held may have changed
    started = time.monotonic()
    with state.building:
        _build_html(pipeline, root, outdir, state, started)


def _build_html(pipeline, root: Path, outdir: Path, state: serve.State, started: float) -> None:
    try:
        pipeline.build(root, outdir, ("html",))
    except BookError as exc:
        _say(f"error: {exc}")
        state.changed(HTML_STAGE, str(exc))
        return
    except Exception as exc:  # a bug of ours: keep watching, say so
        LOGGER.debug("internal error", exc_info=True)
        message = f"internal error: {type(exc).__name__}: {exc}. Run with -v for details."
        _say(message)
        state.changed(HTML_STAGE, message)
        return
    _say(f"built book.html in {time.monotonic() - started:.1f} s")
    state.changed(HTML_STAGE, None)


class Watched:
    """The files a book is made from, and their (mtime, size) at the last look."""

    def __init__(self, root: Path, outdir: Path, style_dirs: list[Path]):
        self.root, self.outdir = root, outdir
        self.folders = [root / "chapters", *dict.fromkeys(d.resolve() for d in style_dirs)]
        self.files = [root / "book.toml"]
        self.seen = self.look()

    def look(self) -> dict[Path, tuple[int, int]]:
        found = {}
        for path in self.files + [p for folder in self.folders for p in _walk(folder, self.outdir)]:
            try:
                info = path.stat()
            except OSError:
                continue
            found[path] = (info.st_mtime_ns, info.st_size)
        return found

    def changes(self) -> set[Path]:
        """The files added, removed or modified since the last call (once they have settled)."""
        now = self.look()
        if now == self.seen:
            return set()
        while True:  # wait until a save in several steps is complete
            time.sleep(SETTLE)
            again = self.look()
            if again == now:
                break
            now = again
        changed = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        return changed


def _walk(folder: Path, outdir: Path):
    """Every file under `folder`, except hidden ones, editors' temporary files and the outputs."""
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        dirs[:] = [d for d in dirs if not d.startswith(".") and here / d != outdir]
        for name in files:
            if not name.startswith((".", "#")) and not name.endswith(IGNORED_SUFFIXES):
                yield here / name


class SlowBuild:
    """PDF, EPUB and handouts: a child `book build` into a private folder, moved into place when
    it succeeds. A child process, so that a newer change can end it at once."""

    def __init__(self, root: Path, outdir: Path, formats: list[str], verbosity: int):
        self.root, self.outdir, self.formats, self.verbosity = root, outdir, formats, verbosity
        self.private = outdir / PRIVATE
        self.child: subprocess.Popen | None = None
        self.reader: threading.Thread | None = None
        self.lines: list[str] = []
        self.started = 0.0

    def start(self) -> None:
        self.cancel()
        shutil.rmtree(self.private, ignore_errors=True)
        self.private.mkdir(parents=True)
        command = [sys.executable, "-m", "book", "build", str(self.root), "-o", str(self.private),
                   "-f", ",".join(self.formats), *(["-v"] * self.verbosity or ["-q"])]
        # Its own session: the terminal's Ctrl-C reaches only the watch, which ends the child.
        self.child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.lines = []
        self.reader = threading.Thread(target=self._relay, args=(self.child.stderr,), daemon=True)
        self.reader.start()
        self.started = time.monotonic()
        _say(f"building {', '.join(self.formats)} in the background")

    def _relay(self, stream) -> None:
        """The child's messages go to the terminal as they come, and are kept for the page."""
        for line in stream:
            sys.stderr.write(line)
            self.lines.append(line.rstrip("\n"))

    def cancel(self) -> None:
        """End a running child build (its whole process group) and wait for it."""
        child, self.child = self.child, None
        if child is None:
            return
        if child.poll() is None:
            _signal_group(child.pid, signal.SIGTERM)
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                _signal_group(child.pid, signal.SIGKILL)
                child.wait()
            _say(f"stopped the {', '.join(self.formats)} build (a newer change, or the end)")
        if self.reader:
            self.reader.join(timeout=5)
        child.stderr.close()

    def collect(self, state: serve.State) -> None:
        """When the child is done: move its outputs into the output folder, report."""
        if self.child is None or self.child.poll() is None:
            return
        child, self.child = self.child, None
        self.reader.join(timeout=5)
        child.stderr.close()
        with state.building:
            moved = self._move_outputs()
        seconds = time.monotonic() - self.started
        stage = ", ".join(self.formats)
        if child.returncode == 0:
            _say(f"built {', '.join(moved)} in {seconds:.1f} s")
            if stage in state.errors:
                state.changed(stage, None)
            return
        errors = [line.removeprefix("book: error: ") for line in self.lines if "error" in line]
        message = " ".join(errors[-3:]) or f"the build stopped with exit code {child.returncode}"
        state.changed(stage, message)

    def _move_outputs(self) -> list[str]:
        """Every output of the child (not its copy of book.html and styles/) replaces its
        namesake; a folder (handouts/) replaces its namesake whole."""
        moved = []
        for path in sorted(self.private.iterdir()) if self.private.is_dir() else ():
            if path.name.startswith(".") or path.name in ("styles", "images", serve.PAGE_NAME):
                continue
            outputs.replace_into(path, self.outdir / path.name, "watch")
            moved.append(path.name)
        return moved


def _signal_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _shown(path: Path, base: Path | None = None) -> str:
    base = base or Path.cwd()
    return str(path.relative_to(base)) if path.is_relative_to(base) else str(path)


def _say(message: str) -> None:
    print(f"book: {message}", file=sys.stderr, flush=True)
