"""The clock every screen and rule asks for the date and time.

Passing one in, rather than calling `datetime.now()` where it is needed, lets tests
and snapshots run on a fixed day and lets the demo live "today". Its `monotonic()`
times intervals (a breathing session's phases), which the wall clock must not: it
can jump when the computer's time is set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Where the local date and time come from."""

    def now(self) -> datetime: ...

    def today(self) -> date: ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary start that only ever move forward, for intervals."""
        ...


class SystemClock:
    """The computer's local time, to the second."""

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)

    def today(self) -> date:
        return date.today()

    def monotonic(self) -> float:
        return time.monotonic()


@dataclass
class FixedClock:
    """A clock that shows `at` until a test moves it with `advance`.

    `seconds` is what `monotonic()` returns; `advance` moves it with `at`.
    """

    at: datetime
    seconds: float = 0.0

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return self.at.date()

    def monotonic(self) -> float:
        return self.seconds

    def advance(self, **delta: float) -> None:
        step = timedelta(**delta)
        self.at += step
        self.seconds += step.total_seconds()
