"""book/relay.py: what a worker logs comes back with its result and is said where its job's
turn comes (reading order), never in the order the workers end in."""

from __future__ import annotations

import logging
import threading

import pytest

from book import relay, workers

LOGGER = logging.getLogger("book")
EVENTS: dict = {}
"""The jobs' events, inherited by the forked workers (an Event cannot be pickled)."""


@pytest.fixture
def said():
    """The messages the "book" logger shows here (and the root logger's, named)."""
    root = logging.getLogger()
    saved = [(logger, logger.handlers[:], logger.level, logger.propagate)
             for logger in (LOGGER, root)]
    shown = []
    keep = logging.Handler()
    keep.emit = lambda record: shown.append(f"{record.name}: {record.getMessage()}")
    LOGGER.handlers[:], root.handlers[:] = [keep], [keep]
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
    yield shown
    for logger, handlers, level, propagate in saved:
        logger.handlers[:], logger.level, logger.propagate = handlers, level, propagate


def _job(number: int) -> int:
    """Says two things; the first job ends only once the second has ended, or the other way
    round (EVENTS["first"])."""
    LOGGER.info("job %d begins", number)
    waits = number == 0 if EVENTS["first"] == 1 else number == 1
    if waits:
        assert EVENTS[1 - number].wait(60)
    logging.getLogger("fontTools.ttLib").warning("a library's note in job %d", number)
    LOGGER.info("job %d ends", number)
    EVENTS[number].set()
    if number == EVENTS.get("fails"):
        raise ValueError(f"job {number} failed")
    return number * 10


@pytest.mark.parametrize("first", [0, 1])
def test_jobs_say_their_messages_in_order_whichever_ends_first(said, first):
    EVENTS.clear()
    EVENTS.update({0: workers.CONTEXT.Event(), 1: workers.CONTEXT.Event(), "first": first})
    with workers.pool(2) as pool:
        jobs = [pool.submit(relay.collected, _job, number) for number in (0, 1)]
        assert [relay.result(job) for job in jobs] == [0, 10]
    assert said == [line for n in (0, 1) for line in (
        f"book: job {n} begins", f"fontTools.ttLib: a library's note in job {n}",
        f"book: job {n} ends")]


def test_a_failed_job_says_what_it_said_then_raises(said):
    EVENTS.clear()
    EVENTS.update({0: workers.CONTEXT.Event(), 1: workers.CONTEXT.Event(), "first": 1,
                   "fails": 1})
    with workers.pool(2) as pool:
        jobs = [pool.submit(relay.collected, _job, number) for number in (0, 1)]
        assert relay.result(jobs[0]) == 0
        with pytest.raises(ValueError, match="job 1 failed"):
            relay.result(jobs[1])
    assert said[-3:] == ["book: job 1 begins", "fontTools.ttLib: a library's note in job 1",
                         "book: job 1 ends"]


def test_another_thread_s_records_are_shown_as_they_come(said):
    def other():
        LOGGER.info("from another thread")

    with relay.collecting() as messages:
        LOGGER.info("from this thread")
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        LOGGER.debug("below the logger's level")
    assert messages == [("book", logging.INFO, "from this thread")]
    assert said == ["book: from another thread"]
    relay.say(messages)
    assert said == ["book: from another thread", "book: from this thread"]
