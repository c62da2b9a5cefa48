"""The breathing patterns on offer (the presets and the user's own) and the session lengths.

What the Breathe section offers to choose from, and the choice remembered for next
time. The phase clock is in breathing_clock.py, a session and its journal entry in
breathing_session.py, the rules and changes of the user's own patterns in
breathing_custom.py, a session's times in words in breathing_words.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from stepdown.domain.journal import Journal, Pattern, Settings

PhaseKind = Literal["in", "hold", "out"]

LENGTHS = (1, 3, 5, 10, 20, 0)
"""The session lengths on offer, in minutes; 0 runs until stopped."""

DEFAULT_LENGTH = 5


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


def remember_choice(journal: Journal, pattern: str, minutes: int) -> Journal:
    """`journal` with the pattern and length chosen last kept in its settings."""
    return journal.with_settings(breathing_pattern=pattern, breathing_minutes=minutes)


def length_words(minutes: int) -> str:
    """A session length as offered: "5 min", or "until stopped" for 0."""
    return f"{minutes} min" if minutes else "until stopped"
