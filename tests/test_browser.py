"""The web edition in a real browser: Debian's headless Chromium loads build/book.html of a small
book, offline. No console errors, nothing fetched but the book's own files, a screenshot at phone
and desktop widths that is not blank, the contents present, and its links followed.

Chromium is driven through the DevTools protocol over a pipe, by book/judges/chromium.py.
"""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from book.judges import chromium
from book.judges.epubpages import looks_drawn
from conftest import make_book, run_book

CHROMIUM = chromium.find()
PHONE, DESKTOP = (390, 844), (1280, 900)

if CHROMIUM is None:
    if os.environ.get("BOOK_REQUIRE_READERS"):
        pytest.fail("Chromium is required (BOOK_REQUIRE_READERS is set): apt-get install chromium",
                    pytrace=False)
    pytest.skip("no chromium on this machine (Debian: apt-get install chromium)",
                allow_module_level=True)


def article(title: str, words: str) -> str:
    paragraph = f"{words} " * 12
    return (f"---\ntitle: {title}\nauthor: Ada Lovelace\ndate: 2025-07-14\n---\n\n"
            f"{paragraph.strip()}\n\n## A Section Heading\n\n"
            f"{paragraph.strip()} And the last words of this chapter.\n")


class Browser(chromium.Browser):
    """The book's Chromium driver (book/judges/chromium.py), with what these tests do on a page."""

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element."""
        box = self.evaluate(f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
                            ".getBoundingClientRect(); return [r.x + r.width / 2, "
                            "r.y + Math.min(r.height / 2, 8)]; })()")
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            self.page("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
        time.sleep(0.2)
        self.settle()

    def scroll_to(self, selector: str) -> None:
        self.evaluate(f"document.querySelector({json.dumps(selector)}).scrollIntoView("
                      "{block: 'center'})")
        self.settle()

    def screenshot(self, path: Path) -> Image.Image:
        data = super().screenshot()
        path.write_bytes(data)
        return Image.open(io.BytesIO(data)).convert("RGB")

    def problems(self) -> list[str]:
        """Console errors and warnings, exceptions, failed loads, and any request for something
        that is not one of the book's files."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning",
                                                                           "assert"):
                found.append(f"console.{params['type']}: {params['args']}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails']}")
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                found.append(f"log: {params['entry']['text']} {params['entry'].get('url', '')}")
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(("file://", "data:", "about:")):
                    found.append(f"request: {url}")
            elif method == "Network.loadingFailed":
                found.append(f"failed: {params.get('errorText')} {params.get('type')}")
        return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    titles = ["Rituals of Return", "Small Weekly Check-ins", "Listening Without Fixing"]
    root = make_book(tmp, {f"{n:02}-{t.split()[0].lower()}.md": article(t, f"Words of {t}.")
                           for n, t in enumerate(titles, 1)},
                     toml='[book]\ntitle = "A Browser Book"\nauthors = ["A. Editor"]\n')
    done = run_book("build", str(root), "-f", "html")
    assert done.returncode == 0, done.stderr
    return root / "build" / "book.html", titles


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = Browser(tmp_path_factory.mktemp("profile"))
    yield driver
    driver.close()


def chapter_ids(browser: Browser) -> list[str]:
    return browser.evaluate("[...document.querySelectorAll('article.chapter')].map(a => a.id)")


def test_desktop_sidebar_and_contents_link(built, browser, tmp_path):
    html, titles = built
    browser.open(html.as_uri(), DESKTOP)
    assert browser.problems() == []
    ids = chapter_ids(browser)
    sidebar = browser.evaluate("""(() => {
        const nav = document.querySelector('nav.web-nav'), box = nav.getBoundingClientRect();
        return {display: getComputedStyle(nav).display, left: box.left, width: box.width,
                links: [...nav.querySelectorAll('a')].map(a => [a.getAttribute('href'), a.textContent])};
    })()""")
    assert sidebar["display"] == "block" and sidebar["left"] == 0 and sidebar["width"] > 150
    assert [href for href, _ in sidebar["links"]][2:] == [f"#{i}" for i in ids] + ["#sources"]
    assert [text for _, text in sidebar["links"]][2:5] == titles
    # The text keeps its measure, beside the sidebar, not under it.
    text_left = browser.evaluate("document.querySelector('.chapter p').getBoundingClientRect().left")
    assert text_left > sidebar["width"]
    image = browser.screenshot(tmp_path / "desktop.png")
    colours, drawn = looks_drawn(image)
    assert colours > 200 and drawn > 0.05, (colours, drawn)

    browser.click(f"nav.web-nav a[href='#{ids[1]}']")  # follow a contents link
    assert browser.evaluate("location.hash") == f"#{ids[1]}"
    top = browser.evaluate(f"document.getElementById('{ids[1]}').getBoundingClientRect().top")
    assert 0 <= top < 40, top
    image = browser.screenshot(tmp_path / "desktop-chapter.png")
    assert looks_drawn(image)[1] > 0.02

    # The end of a chapter links to the next one.
    browser.scroll_to(f"#{ids[1]} .chapter-nav")
    browser.click(f"#{ids[1]} .chapter-nav a[rel=next]")
    assert browser.evaluate("location.hash") == f"#{ids[2]}"
    assert browser.problems() == []


def test_phone_menu_opens_and_closes_and_dark_mode(built, browser, tmp_path):
    html, titles = built
    browser.open(html.as_uri(), PHONE, dark=True)
    assert browser.problems() == []
    ids = chapter_ids(browser)
    width = browser.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE[0], "the page is wider than the phone"
    assert browser.evaluate("getComputedStyle(document.querySelector('nav.web-nav')).display") == "none"
    image = browser.screenshot(tmp_path / "phone-dark.png")
    colours, drawn = looks_drawn(image)
    assert colours > 100 and drawn > 0.03, (colours, drawn)

    browser.scroll_to(f"#{ids[0]} p")  # the bar stays at the top, dark like the page
    bar = browser.evaluate("""(() => { const bar = document.querySelector('.web-bar');
        return [bar.getBoundingClientRect().top, getComputedStyle(bar).backgroundColor,
                getComputedStyle(document.documentElement).backgroundColor]; })()""")
    assert bar[0] == 0 and bar[1] == bar[2] and bar[2] != "rgb(253, 252, 248)", bar
    image = browser.screenshot(tmp_path / "phone-dark-reading.png")
    assert sum(image.getpixel((x, 400))[0] for x in range(0, PHONE[0], 10)) / 39 < 80  # dark

    browser.click(".web-bar-menu")
    menu = browser.evaluate("""(() => { const nav = document.querySelector('nav.web-nav');
        const box = nav.getBoundingClientRect();
        return [getComputedStyle(nav).display, box.width, box.height,
                [...nav.querySelectorAll('li a')].map(a => a.textContent)]; })()""")
    assert menu[0] == "block" and menu[1] == PHONE[0] and menu[2] == PHONE[1], menu
    assert menu[3] == [*titles, "Sources"]
    browser.screenshot(tmp_path / "phone-menu.png")

    browser.click(f"nav.web-nav a[href='#{ids[2]}']")  # the menu closes on the chapter
    assert browser.evaluate("getComputedStyle(document.querySelector('nav.web-nav')).display") == "none"
    top = browser.evaluate(f"document.getElementById('{ids[2]}').getBoundingClientRect().top")
    bar_bottom = browser.evaluate("document.querySelector('.web-bar').getBoundingClientRect().bottom")
    assert bar_bottom <= top < bar_bottom + 40, (top, bar_bottom)  # below the bar, not under it
    browser.screenshot(tmp_path / "phone-chapter.png")

    browser.click(".web-bar-menu")
    before = browser.evaluate("scrollY")
    browser.click(".web-nav-close")  # closes without moving the page
    assert browser.evaluate("getComputedStyle(document.querySelector('nav.web-nav')).display") == "none"
    assert browser.evaluate("scrollY") == before
    assert browser.problems() == []
