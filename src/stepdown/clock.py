"""The clock every screen and rule asks for the date and time.

Passing one in, rather than calling `datetime.now()` where it is needed, lets tests
and snapshots run on a fixed day and lets the demo live "today".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Where the local date and time come from."""

    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    """The computer's local time, to the second."""

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)

    def today(self) -> date:
        return date.today()


@dataclass
class FixedClock:
    """A clock that shows `at` until a test moves it with `advance`."""

    at: datetime

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return self.at.date()

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)
