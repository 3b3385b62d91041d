"""The PDF made in parts (render/parts.py, render/assemble.py): the same pages as one
WeasyPrint pass over book.html, one tagged document, and a cache that changes nothing."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile

import pikepdf
import pytest

from conftest import ROOT, make_book, run_book

ARTICLES = sorted((ROOT / "chapters").glob("*.txt"))
SHORT = "A short one\n\nA few words, and a second sentence to make a paragraph of it.\n"
TOML = ('[book]\ntitle = "Parts"\nauthors = ["A. Editor"]\n\n'
        '[[chapters]]\nfile = "01.txt"\ntitle = "The first"\n\n'
        '[[chapters]]\nfile = "02.txt"\n\n[[chapters]]\nfile = "03.txt"\n')


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """A cold build, then an edit of the second chapter rebuilt with the cache, and a cold
    build of the edited book in a fresh folder."""
    tmp = tmp_path_factory.mktemp("parts")
    root = make_book(tmp, {"01.txt": ARTICLES[0].read_text(encoding="utf-8"), "02.txt": SHORT,
                           "03.txt": ARTICLES[1].read_text(encoding="utf-8")}, toml=TOML)
    formats = "html,pdf,epub,handouts"
    done = run_book("build", str(root), "-f", formats)
    assert done.returncode == 0, done.stderr
    cache = root / "build" / ".cache" / "parts"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    cold = {name: (root / "build" / name).read_bytes() for name in ("book.pdf", "book.epub")}
    (root / "chapters" / "02.txt").write_text(SHORT + "\nOne more sentence, written later.\n",
                                              encoding="utf-8")
    done = run_book("build", str(root), "-f", formats)
    assert done.returncode == 0, done.stderr
    after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    fresh = tmp / "fresh"
    done = run_book("build", str(root), "-o", str(fresh), "-f", formats)
    assert done.returncode == 0, done.stderr
    return root, before, after, cold, fresh


def test_a_cached_rebuild_equals_a_cold_build_byte_for_byte(books):
    root, _before, _after, _cold, fresh = books
    for name in ("book.pdf", "book.epub", "book.html", "handouts.pdf"):
        assert (root / "build" / name).read_bytes() == (fresh / name).read_bytes(), name
    for handout in (fresh / "handouts").iterdir():
        assert (root / "build" / "handouts" / handout.name).read_bytes() == handout.read_bytes()


def test_only_the_edited_chapter_is_laid_out_again(books):
    _root, before, after, _cold, _fresh = books
    kept = {name for name in before if name in after and before[name] == after[name]}
    new = set(after) - set(before)
    # The first and third chapters and the front matter (same page numbers) and the Sources
    # are reused untouched; the edited chapter is new (its JSON and PDF).
    assert len([n for n in kept if n.endswith(".pdf")]) == 4, (kept, new)
    assert len([n for n in new if n.endswith(".pdf")]) == 1, new
    assert set(before) - set(after), "the old version of the edited chapter was not pruned"


def test_same_pages_as_one_weasyprint_pass(books, tmp_path):
    """book.pdf looks like `weasyprint build/book.html`, page for page (pixels, by pdfium)."""
    import pypdfium2

    root = books[0]
    single = tmp_path / "single.pdf"
    done = subprocess.run([sys.executable, "-m", "weasyprint", "-q", "--pdf-variant", "pdf/ua-1",
                           "--pdf-tags", str(root / "build" / "book.html"), str(single)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    ours, theirs = pypdfium2.PdfDocument(root / "build" / "book.pdf"), pypdfium2.PdfDocument(single)
    assert len(ours) == len(theirs) >= 15
    for index in range(len(ours)):
        mine = ours[index].render(scale=0.5).to_pil().convert("L")
        other = theirs[index].render(scale=0.5).to_pil().convert("L")
        assert mine.tobytes() == other.tobytes(), f"page {index + 1} differs"


def test_one_tagged_document(books):
    """One structure tree: every page's and link's parent-tree key is in the parent tree,
    once; the Contents' links go to named destinations that exist, none to the part URL."""
    root = books[0]
    with pikepdf.open(root / "build" / "book.pdf") as pdf:
        tree = pdf.Root.StructTreeRoot
        nums = list(tree.ParentTree.Nums)
        keys = [int(k) for k in nums[0::2]]
        assert len(keys) == len(set(keys)) and int(tree.ParentTreeNextKey) == max(keys) + 1
        used = []
        for page in pdf.pages:
            if "/StructParents" in page.obj:
                used.append(int(page.obj.StructParents))
            for annotation in page.obj.get("/Annots", []):
                used.append(int(annotation.StructParent))
                assert "/A" not in annotation or "book.invalid" not in str(
                    annotation.A.get("/URI", ""))
        assert sorted(used) == sorted(set(used)) and set(used) <= set(keys)
        names = {str(n) for n in pdf.Root.Names.Dests.Names[0::2]}
        links = [str(a.Dest) for p in pdf.pages for a in p.obj.get("/Annots", [])
                 if "/Dest" in a]
        assert len(links) >= 4 and set(links) <= names
        document = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
        assert all(kid.P == document for kid in document.K)
        kinds = {str(kid.S) for kid in document.K}
        assert "/Art" in kinds or "/Sect" in kinds


def test_folios_follow_on_across_parts(books):
    """Every numbered page carries its own number, whichever part it was laid out in."""
    from pypdf import PdfReader

    reader = PdfReader(books[0] / "build" / "book.pdf")
    first = reader.get_destination_page_number(reader.outline[0])  # the front matter has none
    numbered = 0
    for number, page in enumerate(reader.pages[first:], first + 1):
        words = page.extract_text().split()
        if words and words[-1].isdigit():
            assert int(words[-1]) == number, (number, words[-3:])
            numbered += 1
    assert numbered >= (len(reader.pages) - first) // 2


def test_fresh_output_folder_is_a_cold_build(books, tmp_path):
    """The cache lives in the output folder: another folder starts empty."""
    root, *_ = books
    target = tmp_path / "elsewhere"
    shutil.rmtree(target, ignore_errors=True)
    done = run_book("build", str(root), "-o", str(target), "-f", "pdf")
    assert done.returncode == 0, done.stderr
    assert len(list((target / ".cache" / "parts").glob("*.pdf"))) == 5  # front, 3, back


def test_an_epub_alone_only_measures_the_parts(books, tmp_path):
    """The EPUB needs the print edition's page numbers, not its PDF: an EPUB-only build lays
    the parts out to measure them and writes no PDF; a PDF built there afterwards uses those
    counts and equals a cold build byte for byte, and so does the EPUB."""
    root, *_, fresh = books
    target = tmp_path / "epub-first"
    done = run_book("build", str(root), "-o", str(target), "-f", "epub")
    assert done.returncode == 0, done.stderr
    cache = target / ".cache" / "parts"
    assert not list(cache.glob("*.pdf")) and len(list(cache.glob("*.json"))) == 5
    assert (target / "book.epub").read_bytes() == (fresh / "book.epub").read_bytes()
    done = run_book("build", str(root), "-o", str(target), "-f", "pdf")
    assert done.returncode == 0, done.stderr
    assert (target / "book.pdf").read_bytes() == (fresh / "book.pdf").read_bytes()


def _png(colour: tuple[int, int, int], size=(200, 320)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def test_an_image_or_cover_saved_again_under_its_name_is_not_taken_from_the_cache(tmp_path):
    """The front matter shows the cover, and a handout its images, under names their contents
    do not change: saved again with other pixels, they are laid out again, and the cached
    build equals a cold one."""
    root = make_book(tmp_path, {"01.md": "# A picture\n\nSome words.\n\n![A dot](dot.png)\n",
                                "dot.png": _png((0, 0, 200))},
                     toml='[book]\ntitle = "Pictures"\ncover = "cover.png"\n')
    (root / "cover.png").write_bytes(_png((200, 0, 0)))
    done = run_book("build", str(root), "-f", "pdf,handouts")
    assert done.returncode == 0, done.stderr
    before = (root / "build" / "book.pdf").read_bytes()
    (root / "cover.png").write_bytes(_png((0, 200, 0)))
    (root / "chapters" / "dot.png").write_bytes(_png((200, 200, 0)))
    done = run_book("build", str(root), "-f", "pdf,handouts")
    assert done.returncode == 0, done.stderr
    cold = tmp_path / "cold"
    done = run_book("build", str(root), "-o", str(cold), "-f", "pdf,handouts")
    assert done.returncode == 0, done.stderr
    assert (root / "build" / "book.pdf").read_bytes() != before
    for name in ("book.pdf", "handouts.pdf", "handouts/01-a-picture.pdf"):
        assert (root / "build" / name).read_bytes() == (cold / name).read_bytes(), name


def test_the_body_is_joined_while_later_parts_are_laid_out(tmp_path, monkeypatch):
    """Each part joins the book as soon as it and those before it are written: after an edit
    of the last chapter, the parts before it are joined while it is still being laid out."""
    from book import pipeline, workers
    from book.render import assemble

    monkeypatch.setattr(workers, "cores", lambda: 2)
    texts = {"01.txt": ARTICLES[0].read_text(encoding="utf-8"), "02.txt": SHORT,
             "03.txt": ARTICLES[1].read_text(encoding="utf-8")}
    root = make_book(tmp_path, texts, toml=TOML)
    pipeline.build(root, formats=("pdf",))
    cache = root / "build" / ".cache" / "parts"
    before = {p.name for p in cache.glob("*.pdf")}
    lines = texts["03.txt"].split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))  # body text, surely
    lines[longest] += " A sentence more."
    (root / "chapters" / "03.txt").write_text("\n".join(lines), encoding="utf-8")
    log = tmp_path / "joined.log"
    add = assemble.Assembly.add

    def telling(self, part):  # runs in the renderer's process: it tells by a file
        new = sorted({p.name for p in cache.glob("*.pdf")} - before)
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{part.name} {len(new)}\n")
        add(self, part)

    monkeypatch.setattr(assemble.Assembly, "add", telling)
    pipeline.build(root, formats=("pdf",))
    joined = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert [name for name, _ in joined][-1] == "back" and len(joined) == 4
    # The first two chapters came from the cache and joined before the third's PDF existed.
    assert [new for _, new in joined[:2]] == ["0", "0"], joined
    assert joined[2][1] == "1", joined


def test_the_epub_is_written_beside_the_pdf_with_its_page_numbers(tmp_path, monkeypatch):
    """With the PDF and the EPUB asked for, the EPUB is written in a process of its own, from
    the print pages the PDF's renderer hands over (the parts are laid out once), while the PDF
    is put together; the HTML is written beside them too."""
    from book import pipeline
    from book.render import epub, html, parts

    log = tmp_path / "who.log"

    def telling(what, function):
        def wrapper(*args, **kwargs):
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"{what} {os.getpid()} {'pages' in kwargs}\n")
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(epub, "write_epub", telling("epub", epub.write_epub))
    monkeypatch.setattr(html, "write_html", telling("html", html.write_html))
    monkeypatch.setattr(parts, "render", telling("parts", parts.render))
    root = make_book(tmp_path, {"01.txt": ARTICLES[0].read_text(encoding="utf-8"),
                                "02.txt": SHORT}, toml=None)
    pipeline.build(root, formats=("html", "pdf", "epub"))
    said = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    pids = {what: pid for what, pid, _ in said}
    assert sorted(what for what, *_ in said) == ["epub", "html", "parts"], said
    assert len(set(pids.values())) == 3, said  # three processes
    assert ["epub", pids["epub"], "True"] in said
    with zipfile.ZipFile(root / "build" / "book.epub") as book:
        nav = book.read("EPUB/nav.xhtml").decode("utf-8")
    assert 'epub:type="page-list"' in nav


def test_a_handover_without_a_sender_gives_none():
    """The EPUB beside the PDF works its page numbers out itself if the PDF's renderer ended
    without handing them over."""
    from book import sandbox

    sent, unsent = sandbox.Handover(), sandbox.Handover()
    got = sandbox.CONTEXT.SimpleQueue()
    child = sandbox.CONTEXT.Process(target=lambda: got.put((sent(), unsent())))
    child.start()
    sent.send([(3, "ch01.p1", 0)])
    sent.sender.close()
    unsent.sender.close()  # the sender's end, closed unsent
    child.join(10)
    assert got.get() == ([(3, "ch01.p1", 0)], None)
