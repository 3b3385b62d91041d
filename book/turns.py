"""The renderers' messages in the order of the formats, whatever order the renderers end in.

pipeline.render runs a renderer here (the PDF's) while others run beside it in processes of
their own (sandbox.Beside). Each format has its turn, in the order of the formats asked for:
its messages (its progress lines, warnings and errors) are said in full before those of the
next. A renderer running here says its records at once when every format before it has had
its turn, and holds them until then; one beside says what it collected once it is done and its
turn has come. The first failure, in the same order, ends the turns: it is raised once the
formats before it are said, and the formats after it say nothing. Nothing waits for a
renderer to say its messages: they are only held (book/relay.py).
"""

from __future__ import annotations

from collections.abc import Callable

from book import relay
from book.errors import PartialRenderError
from book.sandbox import Beside


class Turns:
    """Turns of `formats`, of which `sides` run beside this process; use it as a context
    (this process's records go through it meanwhile)."""

    def __init__(self, formats, sides: dict[str, Beside]):
        self.waiting = list(formats)
        """The formats whose turn is still to come, in order."""
        self.sides = sides
        self.here: str | None = None
        """The format being rendered here, if any."""
        self.held: list[relay.Message] = []
        self.failure: Exception | None = None
        self.partial: PartialRenderError | None = None
        self.said: Callable[[relay.Message], None] | None = None

    def __enter__(self):
        self.said = relay.route(self.take)
        return self

    def __exit__(self, *exc):
        relay.route(self.said)
        return False

    def render(self, here: dict[str, Callable[[], object]],
               report: Callable[[str], None] = lambda name: None) -> None:
        """Render the formats of `here` in this process, one after the other (`here[name]()`),
        while those beside run; then wait for those. Each format in its turn; `report(name)`
        names the format rendered or waited for. Raises the first failure."""
        for name in [name for name in self.waiting if name in here]:
            report(name)
            self._run(name, here[name])
        for name in [name for name in self.waiting if name in self.sides]:
            report(name)
            self._turn(name)
            self._raise()

    def take(self, message: relay.Message) -> None:
        """A record of this process: said now if its turn has come, else held."""
        if self.here is None:
            self.said(message)
            return
        while self.waiting[0] != self.here and self.sides[self.waiting[0]].done():
            self._turn(self.waiting[0])  # a renderer before this one ended meanwhile
        self.held.append(message)
        if self.waiting[0] == self.here and self.failure is None:
            for held in self.held:
                self.said(held)
            self.held.clear()

    def _run(self, name: str, step: Callable[[], object]) -> None:
        """Render `name` here; then, once the renderers beside before it have had their turn
        (waiting for them), its own."""
        self.here, failure = name, None
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - raised in its turn
            failure = exc
        finally:
            self.here = None
        while self.waiting[0] != name:
            self._turn(self.waiting[0])
        for message in self.held if self.failure is None else ():
            self.said(message)
        self.held.clear()
        self.waiting.remove(name)
        if failure is not None:
            self._failed(failure)
        self._raise()

    def _turn(self, name: str) -> None:
        """The turn of `name`, beside this process: what it said, and how it ended."""
        said, outcome = self.sides[name].answer()
        self.waiting.remove(name)
        if self.failure is not None:
            return
        for message in said:
            self.said(message)
        try:
            outcome()
        except Exception as exc:  # noqa: BLE001 - raised in its turn
            self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, PartialRenderError):  # what did work is still moved into place
            self.partial = self.partial or exc
        elif self.failure is None:
            self.failure = exc

    def _raise(self) -> None:
        if self.failure is not None:
            raise self.failure
