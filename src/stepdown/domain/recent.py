"""The recent part of a journal: every record Today's view depends on, and no more.

A journal of years holds tens of thousands of records; Today shows one day. So that
the first screen of a large journal is drawn before the rest is read, the store
builds the recent part first (store/rows.py builds the same from the cache's rows).
`today_view(recent_part(journal, recent_since(today)), today, now)` equals
`today_view(journal, today, now)`; tests/domain/test_recent.py proves it for any
journal and day.

The store hands the part out as a `RecentPart`, not a Journal: a change takes and
returns a whole Journal, so the type checker refuses to build one on the part, whose
older records a save would otherwise drop.

Each list of records is cut to start at its first record that touches a day on or
after `since`: every later record is kept in its order, even an older one recorded
out of order, so "the entry recorded last" is the same in both. The first dose ever
recorded is kept too: days before it never count as below plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import NamedTuple, TypeVar

from stepdown.domain.journal import (
    BreathingSession,
    Checkin,
    Contact,
    DoseEntry,
    Journal,
    Plan,
    PlanRecord,
    Settings,
)

LOOK_BACK = timedelta(days=7)
"""How far before today the recent part reaches. Today's rules look back two days
(two days below plan in a row); the rest is margin, for a day that changes while the
app is open."""

Record = TypeVar("Record")


class RecentPart(NamedTuple):
    """A journal's records that Today shows (see the module's docstring), to read only.

    It reads like a journal (`settings`, `plan`, `doses`, ...) but is not one: where a
    change or a save wants a Journal, mypy refuses it, so nothing is saved from the
    part by mistake. It may be the whole journal (once the store has read it all). A
    NamedTuple: a dataclass would cost the first frame a millisecond to define.
    """

    records: Journal
    """The part as a Journal, for the domain's functions that read one (today_view).
    Never the start of a change: the older records are not in it."""

    @property
    def schema(self) -> int:
        """The journal's schema."""
        return self.records.schema

    @property
    def settings(self) -> Settings:
        """The journal's settings, whole."""
        return self.records.settings

    @property
    def plan(self) -> Plan | None:
        """The plan in force, whole."""
        return self.records.plan

    @property
    def contacts(self) -> tuple[Contact, ...]:
        """Every contact."""
        return self.records.contacts

    @property
    def plan_history(self) -> tuple[PlanRecord, ...]:
        """Every earlier plan."""
        return self.records.plan_history

    @property
    def doses(self) -> tuple[DoseEntry, ...]:
        """The doses touching the past week and the first dose ever recorded, or more."""
        return self.records.doses

    @property
    def checkins(self) -> tuple[Checkin, ...]:
        """The check-ins dated or saved in the past week, or more."""
        return self.records.checkins

    @property
    def breathing(self) -> tuple[BreathingSession, ...]:
        """The breathing sessions of the past week, or more."""
        return self.records.breathing


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
