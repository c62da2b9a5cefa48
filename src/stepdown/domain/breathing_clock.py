"""The phase clock of a breathing session: where a breath stands at any moment.

The clock is a pure function of the seconds breathed (monotonic time since the
start, minus pauses), never a count of timer ticks: a late or stalled timer shows
the right phase as soon as it runs, and nothing drifts however long a session lasts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Annotations only: nothing of breathing.py is needed at run time, so breathing.py
    # may import this module without a circle.
    from stepdown.domain.breathing import BreathingPattern, Phase

FRAME_SECONDS = 0.05
"""The screen's frame period: 20 frames a second at most."""

_FRAME_LATE = 0.001
"""Frames are asked for this much after their moment, since timers may wake a little early."""


@dataclass(frozen=True)
class Moment:
    """Where a breath stands at some time: the phase, its seconds left, how full."""

    cycle: int
    """The breath's number, from 1."""
    index: int
    """The phase's place in the pattern, from 0."""
    phase: Phase
    left: float
    """Seconds left in the phase."""
    fullness: float

    @property
    def countdown(self) -> int:
        """The whole seconds left, as shown: 4, 3, 2, 1."""
        return math.ceil(self.left)

    @property
    def words(self) -> str:
        """The phase and its countdown as plain words, like "Breathe in · 3".

        The screen shows these as ordinary text beside the large letters, so a screen
        reader, a braille display or copy-paste gets words, not box-drawing characters.
        """
        return f"{self.phase.words} · {self.countdown}"


def moment_at(pattern: BreathingPattern, elapsed: float) -> Moment:
    """The phase `elapsed` seconds into a session of `pattern` (pauses not counted)."""
    cycles, into = divmod(max(elapsed, 0.0), pattern.cycle_seconds)
    last = len(pattern.phases) - 1
    index = 0
    # The last phase takes whatever is left, so no rounding can fall past the breath.
    while index < last and into >= pattern.phases[index].seconds:
        into -= pattern.phases[index].seconds
        index += 1
    phase = pattern.phases[index]
    share = min(into / phase.seconds, 1.0)
    fullness = phase.start + (phase.end - phase.start) * share
    return Moment(int(cycles) + 1, index, phase, max(phase.seconds - into, 0.0), fullness)


def next_frame_delay(elapsed: float) -> float:
    """Seconds from `elapsed` until the next frame is due.

    Frames fall on a grid of FRAME_SECONDS counted from the session's start, and
    every phase is a whole number of half seconds, so each phase boundary falls on
    a frame: the screen shows it within a timer's wake-up jitter, not a frame late.
    """
    step = math.floor(elapsed / FRAME_SECONDS) + 1
    return step * FRAME_SECONDS - elapsed + _FRAME_LATE


@dataclass(frozen=True)
class Timing:
    """When a session started and how long it was paused, on the monotonic clock."""

    started: float
    paused_for: float = 0.0
    """Seconds of the pauses that have ended."""
    paused_at: float | None = None
    """When the pause in progress began; None while running."""

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def elapsed(self, now: float) -> float:
        """Seconds breathed by `now`: the time since the start, less every pause."""
        until = self.paused_at if self.paused_at is not None else now
        return max(0.0, until - self.started - self.paused_for)

    def pause(self, now: float) -> Timing:
        return self if self.paused else replace(self, paused_at=now)

    def resume(self, now: float) -> Timing:
        if self.paused_at is None:
            return self
        return Timing(self.started, self.paused_for + max(0.0, now - self.paused_at))
