"""Guided breathing: the patterns, the phase clock, session lengths, and their changes.

The phase clock is a pure function of the seconds breathed (monotonic time since the
start, minus pauses), never a count of timer ticks: a late or stalled timer shows
the right phase as soon as it runs, and nothing drifts however long a session lasts.
The changes at the end are pure Journal -> Journal functions, so the store can
replay them on top of a file another program edited.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from stepdown.domain.journal import BreathingSession, Journal, Pattern, Settings
from stepdown.domain.rules import Problem, pattern_problems

PhaseKind = Literal["in", "hold", "out"]

LENGTHS = (1, 3, 5, 10, 20, 0)
"""The session lengths on offer, in minutes; 0 runs until stopped."""

DEFAULT_LENGTH = 5

MIN_SAVED_SECONDS = 30
"""A session shorter than this is not worth a line in the journal."""

FRAME_SECONDS = 0.05
"""The screen's frame period: 20 frames a second at most."""

_FRAME_LATE = 0.001
"""Frames are asked for this much after their moment, since timers may wake a little early."""


@dataclass(frozen=True)
class Phase:
    """One part of a breath: its words on screen, its length, and how full the lungs are.

    `fullness` runs from `start` to `end` through the phase (0 empty .. 1 full); the
    screen's shape follows it. `bells` is how often the terminal bell rings as the
    phase begins, when the user turned cues on.
    """

    kind: PhaseKind
    seconds: float
    words: str
    start: float
    end: float
    bells: int = 0


@dataclass(frozen=True)
class BreathingPattern:
    """A pattern as the screen offers it: a preset or one of the user's own.

    `name` is what the journal saves (settings.breathing_pattern, breathing.pattern).
    """

    name: str
    title: str
    timing: str
    purpose: str
    phases: tuple[Phase, ...]
    custom: bool = False

    @property
    def cycle_seconds(self) -> float:
        """The length of one whole breath."""
        return sum(phase.seconds for phase in self.phases)


def _in(seconds: float) -> Phase:
    return Phase("in", seconds, "Breathe in", 0.0, 1.0, bells=1)


def _out(seconds: float) -> Phase:
    return Phase("out", seconds, "Breathe out", 1.0, 0.0, bells=2)


def _hold(seconds: float, fullness: float) -> Phase:
    return Phase("hold", seconds, "Hold", fullness, fullness)


def _four_phases(
    inhale: float, hold_in: float, exhale: float, hold_out: float
) -> tuple[Phase, ...]:
    """In, hold, out, hold; a hold of 0 seconds is left out."""
    phases = (_in(inhale), _hold(hold_in, 1.0), _out(exhale), _hold(hold_out, 0.0))
    return tuple(phase for phase in phases if phase.seconds > 0)


def _timing(*seconds: float) -> str:
    return "-".join(f"{value:g}" for value in seconds)


PRESETS: tuple[BreathingPattern, ...] = (
    BreathingPattern(
        "box",
        "Box breathing",
        _timing(4, 4, 4, 4),
        "Steadies you: even counts all round",
        _four_phases(4, 4, 4, 4),
    ),
    BreathingPattern(
        "4-7-8",
        "4-7-8 breathing",
        _timing(4, 7, 8),
        "Winds you down, say before sleep",
        _four_phases(4, 7, 8, 0),
    ),
    BreathingPattern(
        "coherent",
        "Coherent breathing",
        _timing(5.5, 5.5),
        "Slow and even, about 5 breaths a minute",
        _four_phases(5.5, 0, 5.5, 0),
    ),
    BreathingPattern(
        "4-6",
        "Longer out-breath",
        _timing(4, 6),
        "A longer out-breath, to calm down",
        _four_phases(4, 0, 6, 0),
    ),
    BreathingPattern(
        "sigh",
        "Physiological sigh",
        "3+1-6",
        "Two breaths in, one long out: quick relief",
        (
            Phase("in", 3, "Breathe in", 0.0, 0.75, bells=1),
            Phase("in", 1, "In again", 0.75, 1.0),
            _out(6),
        ),
    ),
)
"""The patterns every user has, each with one line on what it is for."""

PRESET_NAMES = frozenset(preset.name for preset in PRESETS)


def custom_pattern(pattern: Pattern) -> BreathingPattern:
    """The user's own pattern as the screen offers it."""
    seconds = (pattern.inhale, pattern.hold_in, pattern.exhale, pattern.hold_out)
    return BreathingPattern(
        pattern.name,
        pattern.name,
        _timing(*seconds),
        "Your own pattern",
        _four_phases(*seconds),
        custom=True,
    )


def patterns(settings: Settings) -> tuple[BreathingPattern, ...]:
    """Every pattern on offer: the presets, then the user's own in the order kept."""
    return PRESETS + tuple(custom_pattern(pattern) for pattern in settings.patterns)


def pattern_named(settings: Settings, name: str) -> BreathingPattern:
    """The pattern called `name`, or the first preset when there is none by that name."""
    return next((each for each in patterns(settings) if each.name == name), PRESETS[0])


def remembered_length(settings: Settings) -> int:
    """The length chosen last, in minutes, or the default when the file holds another."""
    return settings.breathing_minutes if settings.breathing_minutes in LENGTHS else DEFAULT_LENGTH


# The phase clock


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


# Sessions


def session_seconds(pattern: BreathingPattern, minutes: int) -> float:
    """How long a session of `minutes` runs: the whole breaths nearest to it, at least one.

    A session ends at the end of an out-breath, never part-way through one. 0 (until
    stopped) stays 0.
    """
    if minutes <= 0:
        return 0.0
    breaths = max(1, round(minutes * 60 / pattern.cycle_seconds))
    return breaths * pattern.cycle_seconds


@dataclass(frozen=True)
class Session:
    """A session on its way: what is breathed, for how long, and its timing."""

    pattern: BreathingPattern
    length: float
    """Seconds it runs (see session_seconds); 0 until stopped."""
    started_at: datetime
    timing: Timing
    anxiety_before: int | None = None

    def elapsed(self, now: float) -> float:
        """Seconds breathed by `now`, never past the session's length."""
        elapsed = self.timing.elapsed(now)
        return min(elapsed, self.length) if self.length else elapsed

    def done(self, now: float) -> bool:
        """Whether a session of set length has run its course by `now`."""
        return bool(self.length) and self.timing.elapsed(now) >= self.length

    def left(self, now: float) -> float | None:
        """Seconds left by `now`; None for a session that runs until stopped."""
        return self.length - self.elapsed(now) if self.length else None

    def record(self, now: float, anxiety_after: int | None = None) -> BreathingSession:
        """The journal's entry for the session as it stands at `now`.

        A session that runs until stopped is complete whenever it stops.
        """
        elapsed = self.elapsed(now)
        return BreathingSession(
            started_at=self.started_at,
            pattern=self.pattern.name,
            planned_seconds=round(self.length),
            seconds=round(elapsed),
            completed=not self.length or elapsed >= self.length,
            anxiety_before=self.anxiety_before,
            anxiety_after=anxiety_after,
        )


def worth_saving(session: BreathingSession) -> bool:
    """Whether a session ran long enough to be kept."""
    return session.seconds >= MIN_SAVED_SECONDS


# Changes to the journal


def record_session(journal: Journal, session: BreathingSession) -> Journal:
    """`journal` with `session` saved; an entry that started at the same moment is replaced.

    So saving a session again (with the anxiety after it, say) never makes two.
    """
    kept = tuple(
        old
        for old in journal.breathing
        if (old.started_at, old.pattern) != (session.started_at, session.pattern)
    )
    return replace(journal, breathing=(*kept, session))


def remember_choice(journal: Journal, pattern: str, minutes: int) -> Journal:
    """`journal` with the pattern and length chosen last kept in its settings."""
    return journal.with_settings(breathing_pattern=pattern, breathing_minutes=minutes)


def custom_problems(
    settings: Settings, pattern: Pattern, replacing: str | None = None
) -> Iterator[Problem]:
    """Why `pattern` cannot be kept among the user's own: the value rules, then its name.

    Paths are `pattern.<field>`. `replacing` names the pattern being edited, whose
    name it may keep.
    """
    yield from pattern_problems(pattern, "pattern")
    name = pattern.name.strip()
    if name in PRESET_NAMES:
        yield Problem("pattern.name", f"{name!r} is a preset's name; choose another")
    elif name != replacing and any(each.name == name for each in settings.patterns):
        yield Problem("pattern.name", f"you already have a pattern called {name!r}")


def add_pattern(journal: Journal, pattern: Pattern) -> Journal:
    """`journal` with `pattern` kept after the user's other patterns."""
    kept = tuple(old for old in journal.settings.patterns if old.name != pattern.name)
    return journal.with_settings(patterns=(*kept, pattern))


def edit_pattern(journal: Journal, name: str, pattern: Pattern) -> Journal:
    """`journal` with the pattern called `name` changed to `pattern`, in its place.

    A rename carries the remembered choice with it. When `name` is gone (another
    program removed it), `pattern` is added.
    """
    settings = journal.settings
    if not any(old.name == name for old in settings.patterns):
        return add_pattern(journal, pattern)
    changed = tuple(
        replace(pattern, extra=old.extra) if old.name == name else old for old in settings.patterns
    )
    chosen = pattern.name if settings.breathing_pattern == name else settings.breathing_pattern
    return journal.with_settings(patterns=changed, breathing_pattern=chosen)


def remove_pattern(journal: Journal, name: str) -> Journal:
    """`journal` without the user's pattern called `name`; the remembered choice falls back."""
    settings = journal.settings
    kept = tuple(old for old in settings.patterns if old.name != name)
    chosen = PRESETS[0].name if settings.breathing_pattern == name else settings.breathing_pattern
    return journal.with_settings(patterns=kept, breathing_pattern=chosen)


# Words and numbers


def parse_seconds(text: str) -> float:
    """A phase length typed as seconds: 4, 5.5 or 5,5."""
    try:
        seconds = float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError("Type seconds, like 4 or 5.5.") from None
    if not math.isfinite(seconds):
        raise ValueError("Type seconds, like 4 or 5.5.")
    return seconds


def length_words(minutes: int) -> str:
    """A session length as offered: "5 min", or "until stopped" for 0."""
    return f"{minutes} min" if minutes else "until stopped"


def clock_text(seconds: float) -> str:
    """Whole seconds as minutes and seconds, like "4:05" (rounded up while counting down)."""
    minutes, rest = divmod(math.ceil(seconds), 60)
    return f"{minutes}:{rest:02d}"


def duration_words(seconds: int) -> str:
    """Like "5 min 4 s", "5 min" or "45 s"."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def anxiety_change(before: int | None, after: int | None) -> str | None:
    """Anxiety before and after in words, like "6 → 3 (3 lower)"; None when not both given."""
    if before is None or after is None:
        return None
    difference = after - before
    if difference == 0:
        change = "the same"
    else:
        change = f"{abs(difference)} {'lower' if difference < 0 else 'higher'}"
    return f"{before} → {after} ({change})"
