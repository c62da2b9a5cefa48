"""A breathing session: its length, its entry in the journal, and saving it."""

from __future__ import annotations

import pytest

from stepdown.domain.breathing import custom_pattern
from stepdown.domain.breathing_clock import Timing
from stepdown.domain.breathing_session import Session, record_session, session_seconds, worth_saving
from stepdown.domain.journal import BreathingSession, Journal, Pattern
from tests.domain.breathing_cases import START, preset


@pytest.mark.parametrize(
    ("name", "minutes", "seconds"),
    [
        ("box", 5, 304),
        ("box", 1, 64),
        ("4-7-8", 1, 57),
        ("coherent", 10, 605),
        ("sigh", 20, 1200),
        ("box", 0, 0),
    ],
)
def test_a_session_runs_the_whole_breaths_nearest_its_length(
    name: str, minutes: int, seconds: float
) -> None:
    assert session_seconds(preset(name), minutes) == seconds


def test_a_session_is_at_least_one_breath() -> None:
    slow = custom_pattern(Pattern("long", 20.0, 20.0, 20.0, 20.0))
    assert session_seconds(slow, 1) == 80


def test_a_completed_session_records_its_length_and_the_anxiety_given() -> None:
    box = preset("box")
    session = Session(box, 64.0, START, Timing(started=0.0), anxiety_before=6)
    assert session.left(20.0) == 44.0
    entry = session.record(90.0, anxiety_after=3)  # the last frame came late: capped
    assert entry == BreathingSession(START, "box", 64, 64, True, 6, 3)


def test_a_session_ended_early_records_what_ran_without_pauses() -> None:
    box = preset("box")
    timing = Timing(started=0.0).pause(20.0).resume(50.0)
    entry = Session(box, 304.0, START, timing).record(62.4)
    assert (entry.planned_seconds, entry.seconds, entry.completed) == (304, 32, False)
    assert (entry.anxiety_before, entry.anxiety_after) == (None, None)


def test_a_session_until_stopped_is_complete_whenever_it_stops() -> None:
    session = Session(preset("4-6"), 0.0, START, Timing(started=0.0))
    assert session.left(100.0) is None
    assert not session.done(10_000.0)
    entry = session.record(125.6)
    assert (entry.planned_seconds, entry.seconds, entry.completed) == (0, 126, True)


def test_only_sessions_of_30_seconds_or_more_are_worth_saving() -> None:
    session = Session(preset("box"), 304.0, START, Timing(started=0.0))
    assert not worth_saving(session.record(29.4))
    assert worth_saving(session.record(30.0))


def test_recording_a_session_again_replaces_it() -> None:
    first = BreathingSession(START, "box", 304, 304, True, 6)
    journal = record_session(Journal(), first)
    with_after = BreathingSession(START, "box", 304, 304, True, 6, 2)
    journal = record_session(journal, with_after)
    other = BreathingSession(START.replace(hour=21), "box", 64, 64, True)
    journal = record_session(journal, other)
    assert journal.breathing == (with_after, other)
