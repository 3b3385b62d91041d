"""Headless Chromium (Debian's `chromium`), driven over the DevTools protocol on a pipe.

`--remote-debugging-pipe` takes JSON messages ending in NUL on file descriptors 3 and 4, so no
client library is needed. The browser is started offline (no background networking, no
component updates) with a profile of its own, and is only ever given the book's own files.
Used by `book check` (judges/epubpages.py) and by the web edition's tests.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe"]


class BrowserError(RuntimeError):
    """Chromium did not start, answer or load as asked."""


def find() -> str | None:
    """The Chromium executable on the PATH, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium and one page in it."""

    def __init__(self, profile: Path, executable: str | None = None):
        executable = executable or find()
        if executable is None:
            raise BrowserError("no chromium on the PATH (Debian: apt-get install chromium)")
        to_chrome, self._to_us = os.pipe(), os.pipe()
        # Far from 3 and 4, so that the shell's redirections cannot overwrite one another.
        read_end, write_end = (fcntl.fcntl(fd, fcntl.F_DUPFD, 20) for fd in (to_chrome[0],
                                                                             self._to_us[1]))
        command = " ".join([executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"])
        self.process = subprocess.Popen(
            ["bash", "-c", f"exec {command} 3<&{read_end} 4>&{write_end}"],
            pass_fds=(read_end, write_end), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for fd in (*to_chrome[:1], self._to_us[1], read_end, write_end):
            os.close(fd)
        self._out, self._in = to_chrome[1], self._to_us[0]
        self._buffer, self._id, self.events = b"", 0, []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        attached = self.call("Target.attachToTarget", targetId=target, flatten=True)
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def call(self, method: str, session: bool = False, timeout: float = 15, **params):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._next(deadline - time.monotonic())
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer["result"]
            self.events.append(answer)

    def _next(self, timeout: float) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], max(timeout, 0))
            if not ready:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def page(self, method: str, **params):
        return self.call(method, session=True, **params)

    def evaluate(self, expression: str):
        result = self.page("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, size: tuple[int, int], dark: bool = False,
             mobile: bool | None = None) -> None:
        """Load `url` in a viewport of `size` (CSS pixels), fonts and layout settled. `mobile`
        (by default: narrower than 600) lays a page without a viewport meta out at 980 pixels
        and shrinks it, as a phone's browser does; a reading system never does."""
        width, height = size
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600 if mobile is None else mobile)
        self.page("Emulation.setEmulatedMedia", features=[
            {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}])
        self.events.clear()
        self.page("Page.navigate", url=url)
        deadline = time.monotonic() + 15
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._next(deadline - time.monotonic()))
        self.evaluate("document.fonts.ready.then(() => true)")
        self.settle()

    def settle(self) -> None:
        """Two animation frames: layout and scrolling done before looking."""
        self.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def screenshot(self) -> bytes:
        """The viewport as a PNG."""
        return base64.b64decode(self.page("Page.captureScreenshot", format="png")["data"])

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.call("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()
        for fd in (self._out, self._in):
            os.close(fd)
