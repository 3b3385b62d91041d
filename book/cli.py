"""The command line: `book build`, `book check`, `book new` and `book watch` (`book --help`)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from pathlib import Path

from book import __version__, defaults, log, progress, summary
from book.errors import BookError

LOGGER = logging.getLogger("book")


class Terminated(BaseException):
    """SIGTERM arrived: unwinds the build like Ctrl-C, so staging and renderers are cleaned up."""


def _terminate(signum, frame):
    raise Terminated()


FORMATS = ("html", "pdf", "epub", "handouts")
"""pipeline.FORMATS, named here so that reading the command line does not import the pipeline
(and WeasyPrint) before a no-op rebuild stops; tests/test_stamp.py keeps the two equal."""


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    wrong = [f for f in chosen if f not in FORMATS]
    if wrong or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(wrong) or value!r}; choose from {','.join(FORMATS)}")
    return chosen


DESCRIPTION = ("Turn a folder of articles into a typeset PDF, an EPUB, a web edition and print "
               "handouts, offline.")
EPILOGS = {
    None: """\
start a book:
  book new my-book             a book.toml and an example article in each format
  book build my-book           my-book/build/book.pdf, book.epub and book.html
Run `book COMMAND --help` for a command's options and examples.""",
    "build": """\
examples:
  book build                   the book in this folder, into ./build
  book build my-book -f pdf,handouts --paper letter
  book build my-book -o /tmp/out --strict     fail on any warning""",
    "check": """\
examples:
  book check                   the outputs in ./build
  book check my-book --strict  fail on warnings too""",
    "new": """\
example:
  book new my-book && book build my-book""",
    "watch": """\
examples:
  book watch my-book           then open http://127.0.0.1:8000/
  book watch my-book -f html --port 0""",
}


def _command(commands, name: str, help_text: str) -> argparse.ArgumentParser:
    return commands.add_parser(name, help=help_text, description=help_text[0].upper() +
                               help_text[1:] + ".", epilog=EPILOGS[name],
                               formatter_class=argparse.RawDescriptionHelpFormatter)


def versions() -> str:
    """book's version, with those of the libraries that make its outputs (no import of them)."""
    from importlib import metadata

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return (f"book {__version__} (WeasyPrint {version('weasyprint')}, ebooklib "
            f"{version('ebooklib')}, Python {sys.version.split()[0]})")


class _Version(argparse.Action):
    """--version, the libraries' versions looked up only when asked (0.1 s: not on every run)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(versions())
        parser.exit()


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="book", description=DESCRIPTION, epilog=EPILOGS[None],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    main_parser.add_argument("--version", action=_Version, nargs=0,
                             help="show the versions of book, WeasyPrint and ebooklib")
    commands = main_parser.add_subparsers(dest="command", required=True, title="commands",
                                          metavar="COMMAND")
    build = _command(commands, "build", "build the book in DIR: PDF, EPUB, web edition, handouts")
    build.add_argument("dir", nargs="?", default=".", type=Path,
                       help="the book folder, with chapters/ and an optional book.toml (default .)")
    build.add_argument("-o", "--out", type=Path, help="output folder (default DIR/build)")
    build.add_argument("-f", "--format", type=_formats, default=("html", "pdf", "epub"),
                       help="comma-separated formats: html,pdf,epub,handouts (default "
                            "html,pdf,epub)")
    build.add_argument("--paper", choices=defaults.PAPERS,
                       help="handouts' paper (default: book.toml's [handouts] paper, else "
                            f"{defaults.PAPER})")
    build.add_argument("--booklet", action="store_true", default=None,
                       help="also impose each handout as a folded booklet")
    build.add_argument("--pdf-variant", choices=defaults.PDF_VARIANTS,
                       help=f"PDF flavour: {defaults.PDF_VARIANT} (default, tagged for screen "
                            f"readers) or {defaults.PDF_VARIANTS[1]} (archiving; tagged too)")
    build.add_argument("-v", "--verbose", action="count", default=0,
                       help="more detail, and tracebacks on errors")
    build.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    build.add_argument("--strict", action="store_true", help="fail when there is any warning")
    build.add_argument("--force", action="store_true",
                       help="build even when nothing changed since the last build")
    check = _command(commands, "check", "check the built outputs of the book in DIR (EPUBCheck 5, "
                     "e-reader rules, PDF checks)")
    check.add_argument("dir", nargs="?", default=".", type=Path, help="the book folder (default .)")
    check.add_argument("-o", "--out", type=Path, help="where the outputs are (default DIR/build)")
    check.add_argument("--strict", action="store_true", help="count warnings as failures")
    new = _command(commands, "new", "start a new book in DIR, with an example article in each "
                   "format")
    new.add_argument("dir", type=Path, help="a new (or empty) folder")
    watch = _command(commands, "watch", "rebuild on every save and serve the web edition")
    watch.add_argument("dir", nargs="?", default=".", type=Path, help="the book folder (default .)")
    watch.add_argument("-o", "--out", type=Path, help="output folder (default DIR/build)")
    watch.add_argument("-f", "--format", type=_formats, default=("html", "pdf", "epub", "handouts"),
                       help="formats to keep up to date (default all: html at once, the others "
                            "after, in the background)")
    watch.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000; "
                       "0 picks a free one)")
    watch.add_argument("--host", default="127.0.0.1", help="address to serve on (default "
                       "127.0.0.1, this machine only)")
    watch.add_argument("-v", "--verbose", action="count", default=0,
                       help="more detail: build steps, requests")
    return main_parser


def _new(target: Path) -> int:
    from book import scaffold

    try:
        written = scaffold.new(target)
    except BookError as exc:
        print(f"book: error: {exc}", file=sys.stderr)
        return exc.exit_code
    for path in written:
        print(f"book: wrote {path}", file=sys.stderr)
    print(f"book: next: add your articles to {target / 'chapters'}, then: book build {target}",
          file=sys.stderr)
    return 0


def _up_to_date(args) -> bool:
    """Nothing changed since the last successful build into the same folder (book/stamp.py):
    say so and stop, before the pipeline (and WeasyPrint) is imported."""
    from book import stamp

    outdir = (args.out or args.dir / "build").resolve()
    try:
        key = stamp.key(args.dir, outdir, args.format, paper=args.paper, booklet=args.booklet,
                        pdf_variant=args.pdf_variant)
    except (OSError, ValueError):
        return False
    if not stamp.fresh(outdir, key) or (args.strict and stamp.warnings(outdir)):
        return False  # --strict after a build with warnings: build again, and fail
    warnings = stamp.warnings(outdir)
    LOGGER.info("nothing changed since the last build; outputs are up to date (%s)%s",
                _shown(outdir), f"; it gave {warnings} warning(s), --force shows them again"
                if warnings else "")
    return True


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 only on success)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # before a build began, or after it ended: nothing to undo
        print("book: interrupted", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    if args.command == "new":
        return _new(args.dir)
    if args.command == "watch":
        from book import watch

        return watch.run(args.dir, args.out, args.format, host=args.host, port=args.port,
                         verbosity=args.verbose)
    if args.command == "check":
        from book import check

        return check.run((args.out or args.dir / "build").resolve(), strict=args.strict)
    log.setup(-1 if args.quiet else args.verbose)
    if not args.force and _up_to_date(args):
        return 0
    started = time.monotonic()
    from book import pipeline

    signal.signal(signal.SIGTERM, _terminate)  # stopped like Ctrl-C: outputs left as they were
    try:
        with progress.showing(total_steps=4):  # gone before any message below
            result = pipeline.build(args.dir, args.out, args.format, paper=args.paper,
                                    booklet=args.booklet, pdf_variant=args.pdf_variant)
    except BookError as exc:
        if args.verbose:
            LOGGER.exception("build failed")
        print(f"book: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # a bug of ours: one line by default, the traceback with -v
        if args.verbose:
            LOGGER.exception("internal error")
        print(f"book: internal error: {type(exc).__name__}: {exc}. Run with -v for details "
              "and report it.", file=sys.stderr)
        return 70
    except (KeyboardInterrupt, Terminated) as exc:
        from book.outputs import MOVED

        how = "interrupted" if isinstance(exc, KeyboardInterrupt) else "stopped (SIGTERM)"
        state = "the new outputs were already all in place" if MOVED else \
            "previous outputs are untouched"
        print(f"book: {how}; {state}", file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 143
    if args.strict and log.COUNTER.count:
        print(f"book: error: {log.COUNTER.count} warning(s) and --strict is set", file=sys.stderr)
        return 5
    if not args.quiet:  # outputs, pages, sizes and time
        print(*summary.lines(result.outputs, time.monotonic() - started), sep="\n", file=sys.stderr)
    LOGGER.debug("built %s", ", ".join(map(str, result.outputs)))
    return 0
