"""A breathing session: how long it runs, how far it has come, and its journal entry.

Saving one is a pure Journal -> Journal function, so the store can replay it on top
of a file another program edited.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from stepdown.domain.journal import BreathingSession, Journal

if TYPE_CHECKING:
    # Annotations only, as in breathing_clock.py.
    from stepdown.domain.breathing import BreathingPattern
    from stepdown.domain.breathing_clock import Timing

MIN_SAVED_SECONDS = 30
"""A session shorter than this is not worth a line in the journal."""


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
