"""book/turns.py: the renderers' messages come format by format, whatever order the renderers
end in: real processes, a renderer in the sandbox and others beside it, made to end in one
order and then in another."""

from __future__ import annotations

import logging

import pytest

from book import errors, sandbox, turns, workers

LOGGER = logging.getLogger("book")


@pytest.fixture
def said():
    """What the "book" logger says in this process (the sandbox's parent)."""
    saved = (LOGGER.handlers[:], LOGGER.level, LOGGER.propagate)
    shown = []
    keep = logging.Handler()
    keep.emit = lambda record: shown.append(record.getMessage())
    LOGGER.handlers[:], LOGGER.propagate = [keep], False
    LOGGER.setLevel(logging.INFO)
    yield shown
    LOGGER.handlers[:], LOGGER.level, LOGGER.propagate = saved


def _renderer(plan: dict):
    """The sandbox's task: each format of `plan` (name: (beside, call)) rendered here or
    beside, in turns, as pipeline.render does."""
    def task(report):
        sides = {name: sandbox.Beside(call) for name, (beside, call) in plan.items() if beside}
        try:
            with turns.Turns(list(plan), sides) as turn:
                turn.render({name: call for name, (beside, call) in plan.items() if not beside})
        finally:
            for side in sides.values():
                side.stop()
        return turn.partial and turn.partial.message
    return task


def _speaker(name: str, spoke=None, after=None, then=None, fails: type | None = None):
    """A renderer that says "NAME begins", sets the event `spoke`, waits for the event
    `after`, says "NAME ends", sets the event `then`, and returns (or raises `fails`)."""
    def render():
        LOGGER.info("%s begins", name)
        if spoke is not None:
            spoke.set()
        if after is not None:
            assert after.wait(60), "the scenario went wrong"
        LOGGER.info("%s ends", name)
        if then is not None:
            then.set()
        if fails is not None:
            raise fails(f"{name} failed", source=name)
        return name
    return render


def _events(count: int):
    return [workers.CONTEXT.Event() for _ in range(count)]


def _run(plan) -> object:
    return sandbox.run(_renderer(plan), seconds=120, memory_mb=4096)


ORDER = ["html begins", "html ends", "pdf begins", "pdf ends", "epub begins", "epub ends"]


def test_the_first_format_beside_ends_last(said):
    """The PDF (here) speaks while the HTML (beside, first) is still running; the EPUB
    (beside, last) ends first of all."""
    pdf_spoke, html_ended = _events(2)
    _run({"html": (True, _speaker("html", after=pdf_spoke, then=html_ended)),
          "pdf": (False, _speaker("pdf", spoke=pdf_spoke, after=html_ended)),
          "epub": (True, _speaker("epub"))})
    assert said == ORDER


def test_the_formats_end_in_their_own_order(said):
    html_ended, pdf_ended = _events(2)
    LOGGER.info("before")
    _run({"html": (True, _speaker("html", then=html_ended)),
          "pdf": (False, _speaker("pdf", after=html_ended, then=pdf_ended)),
          "epub": (True, _speaker("epub", after=pdf_ended))})
    assert said == ["before", *ORDER]


def test_a_failure_is_raised_in_its_turn_and_ends_the_turns(said):
    """The HTML fails while the PDF still runs; the PDF fails too, later: the HTML's error is
    the one raised, after what the HTML said, and nothing after it is said."""
    pdf_spoke, html_ended = _events(2)
    with pytest.raises(errors.RenderError, match="html failed"):
        _run({"html": (True, _speaker("html", after=pdf_spoke, then=html_ended,
                                      fails=errors.RenderError)),
              "pdf": (False, _speaker("pdf", spoke=pdf_spoke, after=html_ended,
                                      fails=errors.RenderError)),
              "epub": (True, _speaker("epub"))})
    assert said == ["html begins", "html ends"]


def test_a_partial_failure_lets_the_others_have_their_turn(said):
    done = _run({"html": (True, _speaker("html")),
                 "handouts": (True, _speaker("handouts", fails=errors.PartialRenderError)),
                 "pdf": (False, _speaker("pdf"))})
    assert done == "handouts failed"
    assert said == ["html begins", "html ends", "handouts begins", "handouts ends",
                    "pdf begins", "pdf ends"]
