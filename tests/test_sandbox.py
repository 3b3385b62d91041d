"""sandbox.Beside: a renderer's helper process (the handouts beside the PDF) gives back its
result, what it said (to be said in its turn, book/turns.py) and its errors as if the renderer
had run it itself."""

from __future__ import annotations

import logging
import os

import pytest

from book import errors, log, sandbox


def _warns_and_returns():
    logging.getLogger("book").warning("a warning in the process beside")
    return {"pages": 7}


def _partial():
    raise errors.PartialRenderError("1 handout(s) failed: chapters/02.txt", source="handouts",
                                    hint="the other handouts were written")


def _bug():
    raise ZeroDivisionError("a bug beside")


def _dies():
    os._exit(3)


def _outcome(call):
    """What the process beside says, and its outcome's result."""
    said, outcome = sandbox.Beside(call).answer()
    return said, outcome()


def test_result_and_warnings_come_back_unsaid():
    before = log.COUNTER.count
    logger = logging.getLogger("book")
    handlers = logger.handlers[:]
    logger.handlers[:] = [log.COUNTER]
    try:
        said, result = _outcome(_warns_and_returns)
    finally:
        logger.handlers[:] = handlers
    assert result == {"pages": 7}
    assert said == [("book", logging.WARNING, "a warning in the process beside")]
    assert log.COUNTER.count == before  # counted where it is said


def test_a_book_error_is_raised_again_with_its_message_source_and_hint():
    with pytest.raises(errors.PartialRenderError) as caught:
        _outcome(_partial)
    assert caught.value.message == "1 handout(s) failed: chapters/02.txt"
    assert str(caught.value.source) == "handouts"
    assert caught.value.hint == "the other handouts were written"


def test_a_bug_or_a_death_is_a_runtime_error():
    with pytest.raises(RuntimeError, match="ZeroDivisionError: a bug beside"):
        _outcome(_bug)
    with pytest.raises(RuntimeError, match=r"died .exit code 3"):
        _outcome(_dies)


def test_stop_ends_a_process_still_running():
    import time

    helper = sandbox.Beside(lambda: time.sleep(60))
    helper.stop()
    assert not helper.process.is_alive()


def test_a_ctrl_c_while_forking_is_raised_once_the_fork_is_done():
    """Raised inside a fork's hooks (logging's), Python would print and drop it: the build
    would go on. Held back, it is raised after, in the build's own code."""
    import signal

    reached = []
    with pytest.raises(KeyboardInterrupt), sandbox.stops_held():
        os.kill(os.getpid(), signal.SIGINT)
        child = sandbox.CONTEXT.Process(target=os._exit, args=(0,))
        child.start()
        child.join(30)
        reached.append(child.exitcode)
    assert reached == [0]
