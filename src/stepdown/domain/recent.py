"""The recent part of a journal: every record Today's view depends on, and no more.

A journal of years holds tens of thousands of records; Today shows one day. So that
the first screen of a large journal is drawn before the rest is read, the store
builds the recent part first (store/rows.py builds the same from the cache's rows).
`today_view(recent_part(journal, recent_since(today)), today, now)` equals
`today_view(journal, today, now)`; tests/domain/test_recent.py proves it for any
journal and day.

Each list of records is cut to start at its first record that touches a day on or
after `since`: every later record is kept in its order, even an older one recorded
out of order, so "the entry recorded last" is the same in both. The first dose ever
recorded is kept too: days before it never count as below plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TypeVar

from stepdown.domain.journal import BreathingSession, Checkin, DoseEntry, Journal

LOOK_BACK = timedelta(days=7)
"""How far before today the recent part reaches. Today's rules look back two days
(two days below plan in a row); the rest is margin, for a day that changes while the
app is open."""

Record = TypeVar("Record")


def recent_since(today: date) -> date:
    """The first day whose records the recent part keeps."""
    return today - LOOK_BACK


def dose_touches(entry: DoseEntry, since: date) -> bool:
    """Whether the dose is dated or was taken on or after `since`."""
    return entry.date >= since or (entry.taken_at is not None and entry.taken_at.date() >= since)


def checkin_touches(checkin: Checkin, since: date) -> bool:
    """Whether the check-in is dated or was saved on or after `since` (a check-in saved
    today for an earlier day raises today's red flags)."""
    return checkin.date >= since or checkin.recorded_at.date() >= since


def session_touches(session: BreathingSession, since: date) -> bool:
    """Whether the breathing session started on or after `since`."""
    return session.started_at.date() >= since


def recent_start(
    records: Sequence[Record], touches: Callable[[Record, date], bool], since: date
) -> int:
    """The index of the first record that touches `since` or later; len(records) if none."""
    return next((i for i, record in enumerate(records) if touches(record, since)), len(records))


def first_dose(doses: Sequence[DoseEntry]) -> int | None:
    """The index of the earliest-dated dose (the first such, at a tie), or None."""
    if not doses:
        return None
    return min(range(len(doses)), key=lambda i: doses[i].date)


def recent_part(journal: Journal, since: date) -> Journal:
    """`journal` with only the records touching `since` or later, and the first dose."""
    doses_start = recent_start(journal.doses, dose_touches, since)
    doses = journal.doses[doses_start:]
    first = first_dose(journal.doses)
    if first is not None and first < doses_start:
        doses = (journal.doses[first], *doses)
    return replace(
        journal,
        doses=doses,
        checkins=journal.checkins[recent_start(journal.checkins, checkin_touches, since) :],
        breathing=journal.breathing[recent_start(journal.breathing, session_touches, since) :],
    )
