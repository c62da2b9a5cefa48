"""The phase clock: the phase at any time, pauses, stalls and frames."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stepdown.clock import FixedClock
from stepdown.domain.breathing import PRESET_NAMES, PRESETS, custom_pattern
from stepdown.domain.breathing_clock import FRAME_SECONDS, Timing, moment_at, next_frame_delay
from stepdown.domain.breathing_custom import custom_problems
from stepdown.domain.breathing_session import Session, session_seconds
from stepdown.domain.journal import Pattern, Settings
from tests.domain.breathing_cases import START, preset
from tests.strategies import one_line_names

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
