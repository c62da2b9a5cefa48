"""The breathing patterns, the phase clock, session lengths and the journal changes."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stepdown.clock import FixedClock
from stepdown.domain.breathing import (
    PRESET_NAMES,
    PRESETS,
    BreathingPattern,
    custom_pattern,
    pattern_named,
    patterns,
    remember_choice,
    remembered_length,
)
from stepdown.domain.breathing_clock import FRAME_SECONDS, Timing, moment_at, next_frame_delay
from stepdown.domain.breathing_custom import (
    add_pattern,
    custom_problems,
    edit_pattern,
    parse_seconds,
    remove_pattern,
)
from stepdown.domain.breathing_session import (
    Session,
    record_session,
    session_seconds,
    worth_saving,
)
from stepdown.domain.breathing_words import anxiety_change, clock_text, duration_words
from stepdown.domain.journal import BreathingSession, Journal, Pattern, Settings
from tests.strategies import one_line_names

START = datetime(2026, 11, 25, 9, 0)
SLOW = Pattern("slow evening", inhale=4.0, hold_in=2.0, exhale=8.0, hold_out=0.0)


def preset(name: str) -> BreathingPattern:
    return next(each for each in PRESETS if each.name == name)


# The patterns


def test_every_preset_says_what_it_is_for_in_one_short_line() -> None:
    assert [each.name for each in PRESETS] == ["box", "4-7-8", "coherent", "4-6", "sigh"]
    for each in PRESETS:
        assert each.purpose and "\n" not in each.purpose and len(each.purpose) <= 45


@pytest.mark.parametrize(
    ("name", "phases", "cycle"),
    [
        ("box", [("Breathe in", 4), ("Hold", 4), ("Breathe out", 4), ("Hold", 4)], 16),
        ("4-7-8", [("Breathe in", 4), ("Hold", 7), ("Breathe out", 8)], 19),
        ("coherent", [("Breathe in", 5.5), ("Breathe out", 5.5)], 11),
        ("4-6", [("Breathe in", 4), ("Breathe out", 6)], 10),
        ("sigh", [("Breathe in", 3), ("In again", 1), ("Breathe out", 6)], 10),
    ],
)
def test_the_phases_of_a_cycle_add_up_to_its_length(
    name: str, phases: list[tuple[str, float]], cycle: float
) -> None:
    pattern = preset(name)
    assert [(phase.words, phase.seconds) for phase in pattern.phases] == phases
    assert pattern.cycle_seconds == cycle == sum(seconds for _, seconds in phases)


@pytest.mark.parametrize(
    ("name", "elapsed", "words", "left", "cycle"),
    [
        ("box", 0.0, "Breathe in", 4.0, 1),
        ("box", 3.99, "Breathe in", 0.01, 1),
        ("box", 4.0, "Hold", 4.0, 1),
        ("box", 9.5, "Breathe out", 2.5, 1),
        ("box", 15.0, "Hold", 1.0, 1),
        ("box", 16.0, "Breathe in", 4.0, 2),
        ("box", 600.0, "Breathe out", 4.0, 38),
        ("4-7-8", 5.0, "Hold", 6.0, 1),
        ("4-7-8", 11.0, "Breathe out", 8.0, 1),
        ("4-7-8", 18.9, "Breathe out", 0.1, 1),
        ("4-7-8", 19.0, "Breathe in", 4.0, 2),
        ("coherent", 5.5, "Breathe out", 5.5, 1),
        ("coherent", 10.75, "Breathe out", 0.25, 1),
        ("4-6", 4.0, "Breathe out", 6.0, 1),
        ("4-6", 23.0, "Breathe in", 1.0, 3),
        ("sigh", 3.0, "In again", 1.0, 1),
        ("sigh", 4.0, "Breathe out", 6.0, 1),
        ("sigh", 599.0, "Breathe out", 1.0, 60),
    ],
)
def test_the_phase_and_seconds_left_at_any_time(
    name: str, elapsed: float, words: str, left: float, cycle: int
) -> None:
    moment = moment_at(preset(name), elapsed)
    assert moment.phase.words == words
    assert moment.left == pytest.approx(left)
    assert moment.cycle == cycle


def test_the_countdown_shows_whole_seconds_counting_down() -> None:
    box = preset("box")
    countdown = [moment_at(box, t).countdown for t in (0.0, 0.5, 1.0, 2.2, 3.01, 3.99)]
    assert countdown == [4, 4, 3, 2, 1, 1]


def test_the_phase_and_its_countdown_in_plain_words() -> None:
    box = PRESETS[0]
    words = [moment_at(box, t).words for t in (0.0, 3.5, 4.0, 9.0, 15.99)]
    assert words == ["Breathe in · 4", "Breathe in · 1", "Hold · 4", "Breathe out · 3", "Hold · 1"]


def test_the_shape_grows_through_the_in_breath_and_shrinks_through_the_out_breath() -> None:
    box = preset("box")
    fullness = [moment_at(box, t).fullness for t in (0, 2, 4, 6, 8, 10, 12, 14)]
    assert fullness == [0.0, 0.5, 1.0, 1.0, 1.0, 0.5, 0.0, 0.0]
    sigh = preset("sigh")
    assert [moment_at(sigh, t).fullness for t in (0, 3, 3.5, 4, 7)] == [0, 0.75, 0.875, 1, 0.5]


def test_a_bell_once_as_each_in_breath_starts_and_twice_as_each_out_breath_starts() -> None:
    for each in PRESETS:
        bells = [phase.bells for phase in each.phases]
        assert bells[0] == 1
        for phase in each.phases:
            assert phase.bells == {"out": 2, "hold": 0}.get(phase.kind, phase.bells)
    # The sigh's second, short breath in continues the first: no bell of its own.
    assert [phase.bells for phase in preset("sigh").phases] == [1, 0, 2]


def test_a_custom_pattern_leaves_out_holds_of_zero_seconds() -> None:
    pattern = custom_pattern(SLOW)
    assert [(phase.words, phase.seconds) for phase in pattern.phases] == [
        ("Breathe in", 4.0),
        ("Hold", 2.0),
        ("Breathe out", 8.0),
    ]
    assert (pattern.title, pattern.timing, pattern.custom) == ("slow evening", "4-2-8-0", True)


def test_patterns_on_offer_are_the_presets_then_the_users_own() -> None:
    settings = Settings(patterns=(SLOW,))
    assert [each.name for each in patterns(settings)][-2:] == ["sigh", "slow evening"]
    assert pattern_named(settings, "slow evening").custom
    assert pattern_named(settings, "gone") == PRESETS[0]


def test_the_remembered_length_is_one_on_offer() -> None:
    assert remembered_length(Settings(breathing_minutes=0)) == 0
    assert remembered_length(Settings(breathing_minutes=10)) == 10
    assert remembered_length(Settings(breathing_minutes=7)) == 5


# Custom pattern rules

half_seconds = st.integers(0, 40).map(lambda halves: halves / 2)
breath_seconds = st.integers(2, 40).map(lambda halves: halves / 2)
valid_patterns = st.builds(
    Pattern,
    name=one_line_names.filter(lambda text: text.strip() not in PRESET_NAMES),
    inhale=breath_seconds,
    hold_in=half_seconds,
    exhale=breath_seconds,
    hold_out=half_seconds,
)


@given(valid_patterns, st.floats(0, 10_000))
def test_any_valid_custom_pattern_gives_a_phase_at_any_time(pattern: Pattern, t: float) -> None:
    assert list(custom_problems(Settings(), pattern)) == []
    breathing = custom_pattern(pattern)
    moment = moment_at(breathing, t)
    assert 0 < moment.left <= moment.phase.seconds
    assert 0.0 <= moment.fullness <= 1.0
    # The same moment one whole breath later is the same phase, one breath on.
    later = moment_at(breathing, t + breathing.cycle_seconds)
    assert (later.index, later.cycle) == (moment.index, moment.cycle + 1)
    assert later.left == pytest.approx(moment.left, abs=1e-6)


@given(valid_patterns)
def test_each_phase_of_a_custom_pattern_starts_where_the_one_before_ends(pattern: Pattern) -> None:
    breathing = custom_pattern(pattern)
    start = 0.0
    for index, phase in enumerate(breathing.phases):
        moment = moment_at(breathing, start)
        assert (moment.index, moment.left) == (index, phase.seconds)
        start += phase.seconds
    assert start == breathing.cycle_seconds
    assert moment_at(breathing, start).cycle == 2


@given(
    st.sampled_from(["inhale", "hold_in", "exhale", "hold_out"]),
    st.one_of(
        st.floats(-100, 100).filter(lambda value: (value * 2) % 1 != 0),
        st.sampled_from([-1.0, -0.5, 20.5, 25.0, math.inf, math.nan]),
    ),
)
def test_phases_off_the_half_second_steps_or_outside_0_to_20_are_refused(
    field: str, value: float
) -> None:
    pattern = Pattern("mine", 4.0, 0.0, 6.0, 0.0)
    wrong = Pattern(**{**pattern.__dict__, field: value})
    assert [problem.path for problem in custom_problems(Settings(), wrong)] == [f"pattern.{field}"]


@pytest.mark.parametrize("field", ["inhale", "exhale"])
def test_in_and_out_take_at_least_a_second(field: str) -> None:
    short = Pattern(**{**Pattern("mine", 4.0, 0.0, 6.0, 0.0).__dict__, field: 0.5})
    (problem,) = custom_problems(Settings(), short)
    assert problem.path == f"pattern.{field}"
    assert "must be 1 to 20 seconds" in problem.message


def test_a_custom_name_must_be_new_and_not_a_presets() -> None:
    settings = Settings(patterns=(SLOW,))
    named = {name: Pattern(name, 4.0, 0.0, 6.0, 0.0) for name in ("box", "slow evening", " ")}
    assert [p.message for p in custom_problems(settings, named["box"])] == [
        "'box' is a preset's name; choose another"
    ]
    assert [p.message for p in custom_problems(settings, named["slow evening"])] == [
        "you already have a pattern called 'slow evening'"
    ]
    assert list(custom_problems(settings, named["slow evening"], replacing="slow evening")) == []
    assert [p.path for p in custom_problems(settings, named[" "])] == ["pattern.name"]


# Timing: pauses, stalls, and frames


def test_a_pause_moves_nothing_but_the_pause() -> None:
    box = preset("box")
    timing = Timing(started=100.0)
    assert timing.elapsed(102.5) == 2.5
    paused = timing.pause(102.5)
    assert paused.elapsed(160.0) == 2.5  # the clock runs on; the breath does not
    assert paused.pause(170.0) == paused  # a second pause changes nothing
    resumed = paused.resume(200.0)
    assert resumed.elapsed(200.0) == 2.5
    assert resumed.elapsed(203.0) == 5.5
    assert moment_at(box, resumed.elapsed(203.0)).phase.words == "Hold"
    assert resumed.resume(210.0) == resumed
    again = resumed.pause(205.0).resume(215.0)
    assert again.elapsed(216.0) == 216.0 - 100.0 - 97.5 - 10.0


def test_a_stalled_loop_catches_up_instead_of_stretching_the_breath() -> None:
    box = preset("box")
    session = Session(box, session_seconds(box, 1), START, Timing(started=50.0))
    # Frames every 50 ms for a second, then nothing for 7.3 s (the loop stalled): the
    # next frame shows the out-breath 0.3 s in, not the hold that came after the last frame.
    frames = [50.0 + FRAME_SECONDS * n for n in range(21)] + [58.3]
    shown = [moment_at(box, session.elapsed(now)) for now in frames]
    assert shown[-2].phase.words == "Breathe in"
    assert shown[-1].phase.words == "Breathe out" and shown[-1].left == pytest.approx(3.7)
    # The session still ends 64 s after it started, however late the frames ran.
    assert not session.done(50.0 + 63.99)
    assert session.done(50.0 + 64.0)


def test_frames_fall_on_every_phase_boundary_and_come_20_a_second_at_most() -> None:
    """Ten simulated minutes of frames, each woken up to 4 ms late: every phase is on
    screen within 50 ms of its ideal start (here within the wake-up delay), and no
    second of the session has more than 20 frames."""
    rng = random.Random(5)
    pattern = preset("coherent")
    timing = Timing(started=1000.0)
    now, frames, latest_shown = 1000.0, [], {}
    while now < 1000.0 + 600:
        elapsed = timing.elapsed(now)
        moment = moment_at(pattern, elapsed)
        latest_shown.setdefault((moment.cycle, moment.index), moment.phase.seconds - moment.left)
        frames.append(now)
        now += next_frame_delay(elapsed) + rng.uniform(0, 0.004)
    late = max(latest_shown.values())
    assert late < 0.05 and late < 0.006
    assert len(latest_shown) == 2 * math.ceil(600 / 11)
    per_second = Counter(int(frame - 1000.0) for frame in frames)
    assert max(per_second.values()) == 20


def test_a_frame_woken_early_asks_for_the_next_at_once() -> None:
    assert next_frame_delay(0.0) == pytest.approx(0.051)
    assert next_frame_delay(0.051) == pytest.approx(0.05)
    assert next_frame_delay(3.9995) == pytest.approx(0.0015)


def test_the_fixed_clock_moves_its_monotonic_seconds_with_advance() -> None:
    clock = FixedClock(START, seconds=10.0)
    clock.advance(minutes=1, seconds=2.5)
    assert clock.monotonic() == 72.5
    assert clock.now() == datetime(2026, 11, 25, 9, 1, 2, 500000)


# Sessions


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


# Changes to the journal


def test_recording_a_session_again_replaces_it() -> None:
    first = BreathingSession(START, "box", 304, 304, True, 6)
    journal = record_session(Journal(), first)
    with_after = BreathingSession(START, "box", 304, 304, True, 6, 2)
    journal = record_session(journal, with_after)
    other = BreathingSession(START.replace(hour=21), "box", 64, 64, True)
    journal = record_session(journal, other)
    assert journal.breathing == (with_after, other)


def test_the_last_choice_is_remembered_in_the_settings() -> None:
    journal = remember_choice(Journal(), "sigh", 0)
    assert (journal.settings.breathing_pattern, journal.settings.breathing_minutes) == ("sigh", 0)


def test_add_edit_and_remove_a_custom_pattern() -> None:
    journal = add_pattern(Journal(), SLOW)
    calm = Pattern("calm", 4.0, 0.0, 6.0, 0.0)
    journal = add_pattern(journal, calm)
    assert journal.settings.patterns == (SLOW, calm)

    journal = remember_choice(journal, "slow evening", 10)
    renamed = Pattern("slower evening", 5.0, 2.0, 9.0, 0.0)
    journal = edit_pattern(journal, "slow evening", renamed)
    assert journal.settings.patterns == (renamed, calm)
    assert journal.settings.breathing_pattern == "slower evening"

    journal = remove_pattern(journal, "slower evening")
    assert journal.settings.patterns == (calm,)
    assert journal.settings.breathing_pattern == "box"
    assert remove_pattern(journal, "gone") == journal


def test_editing_keeps_keys_this_version_does_not_know() -> None:
    kept = Pattern("mine", 4.0, 0.0, 6.0, 0.0, extra={"xcolour": "blue"})
    journal = add_pattern(Journal(), kept)
    journal = edit_pattern(journal, "mine", Pattern("mine", 4.0, 1.0, 6.0, 0.0))
    assert journal.settings.patterns[0].extra == {"xcolour": "blue"}


def test_editing_a_pattern_another_program_removed_adds_it() -> None:
    journal = edit_pattern(Journal(), "gone", SLOW)
    assert journal.settings.patterns == (SLOW,)


# Words and numbers


@pytest.mark.parametrize(("text", "seconds"), [("4", 4.0), (" 5.5 ", 5.5), ("5,5", 5.5)])
def test_seconds_typed(text: str, seconds: float) -> None:
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "four", "nan", "inf", "4s"])
def test_seconds_mistyped(text: str) -> None:
    with pytest.raises(ValueError, match=r"Type seconds, like 4 or 5\.5\."):
        parse_seconds(text)


def test_times_in_words() -> None:
    assert [clock_text(s) for s in (304.0, 59.2, 0.4, 0.0)] == ["5:04", "1:00", "0:01", "0:00"]
    assert [duration_words(s) for s in (304, 300, 45, 0)] == ["5 min 4 s", "5 min", "45 s", "0 s"]


def test_anxiety_change_in_words() -> None:
    assert anxiety_change(6, 3) == "6 → 3 (3 lower)"
    assert anxiety_change(3, 5) == "3 → 5 (2 higher)"
    assert anxiety_change(4, 4) == "4 → 4 (the same)"
    assert anxiety_change(None, 4) is None
    assert anxiety_change(4, None) is None
