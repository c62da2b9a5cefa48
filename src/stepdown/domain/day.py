"""One day's doses: the plan's slots for the day matched with what was recorded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from stepdown.domain.journal import BreathingSession, Checkin, DoseEntry, Plan
from stepdown.domain.plan import step_on

MISSED_AFTER = timedelta(hours=2)
"""A planned dose still unrecorded this long after its time counts as missed."""

DoseState = Literal["due", "taken", "skipped", "missed", "extra"]


@dataclass(frozen=True)
class DoseRow:
    """A line of a day's doses: a planned slot (with its entry, if any) or an extra dose."""

    state: DoseState
    time: time | None
    """The planned time; for an extra dose, the time it was taken."""
    planned: float | None
    """The plan's amount for the slot; None for an extra dose."""
    entry: DoseEntry | None


@dataclass(frozen=True)
class DaySummary:
    """What a day looked like: its rows, and the planned and taken totals."""

    day: date
    rows: tuple[DoseRow, ...]

    @property
    def planned_total(self) -> float:
        return sum(row.planned or 0.0 for row in self.rows)

    @property
    def taken_total(self) -> float:
        return sum(
            row.entry.amount or 0.0
            for row in self.rows
            if row.entry is not None and row.entry.status == "taken"
        )

    @property
    def due_total(self) -> float:
        """The planned amount of the doses still due: not yet taken, skipped or missed."""
        return sum(row.planned or 0.0 for row in self.rows if row.state == "due")


def day_summary(
    plan: Plan | None, entries: Iterable[DoseEntry], day: date, now: datetime
) -> DaySummary:
    """The planned doses of `day` with their state at `now`, and the extra doses, by time.

    When two entries answer the same slot the latest recorded wins, so correcting
    an entry never shows the slot twice.
    """
    step = step_on(plan, day) if plan is not None else None
    todays = [entry for entry in entries if entry.date == day]
    by_slot = {entry.slot: entry for entry in todays if entry.slot is not None}
    rows: list[DoseRow] = []
    if step is not None:
        for slot, amount in zip(step.times, step.doses, strict=False):
            entry = by_slot.get(slot)
            if entry is not None:
                state: DoseState = entry.status
            elif now >= datetime.combine(day, slot) + MISSED_AFTER:
                state = "missed"
            else:
                state = "due"
            rows.append(DoseRow(state, slot, amount, entry))
    planned_slots = set(step.times) if step is not None else set()
    for entry in todays:
        if entry.slot is None or entry.slot not in planned_slots:
            taken = entry.taken_at.time() if entry.taken_at else entry.slot
            rows.append(DoseRow("extra", taken, None, entry))
    rows.sort(key=lambda row: row.time or time.max)  # stable: planned before extra at a tie
    return DaySummary(day, tuple(rows))


def breathing_minutes_on(sessions: Iterable[BreathingSession], day: date) -> int:
    """Whole minutes breathed on `day` (sessions are dated by their start)."""
    return sum(s.seconds for s in sessions if s.started_at.date() == day) // 60


def checkin_on(checkins: Iterable[Checkin], day: date) -> Checkin | None:
    """The check-in of `day`, if there is one."""
    return next((checkin for checkin in checkins if checkin.date == day), None)
