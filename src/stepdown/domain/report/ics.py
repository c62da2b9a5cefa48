"""The plan's dose times as an iCalendar file, so a phone or desktop calendar reminds the patient.

One event per planned dose from a day to the end of the plan, each with its amount and
a display alarm at its time. Times are floating (local wherever the patient is), as in
the data file. Each event's UID is made of its date, time and medication only, so after
a plan change a calendar that imports the file again updates its events instead of
adding a second set; a dose time that an earlier plan had and the current one does not
is sent as a cancelled event, so the calendar drops it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from stepdown.domain import format as fmt
from stepdown.domain.journal import Journal, Plan
from stepdown.domain.plan import end_date, step_index_on
from stepdown.domain.rules import clean_text
from stepdown.domain.week import days_from

if TYPE_CHECKING:
    from icalendar import Calendar, Event

OPEN_ENDED_DAYS = 90
"""How far ahead events go when the plan has no end step yet."""
EVENT_MINUTES = 5
PRODID = "-//Stepdown//Dose reminders//EN"


@dataclass(frozen=True)
class Dose:
    """A planned dose on a day: its time, amount, and the step it belongs to."""

    day: date
    time: time
    amount: float
    step_number: int


@dataclass(frozen=True)
class DoseCalendar:
    """The calendar, with the span it covers, for the command to say what it wrote."""

    calendar: Calendar
    doses: tuple[Dose, ...]
    first: date
    last: date
    open_ended: bool
    """True when the plan has no end step, so events stop OPEN_ENDED_DAYS ahead."""

    def to_ical(self) -> bytes:
        return self.calendar.to_ical()


def planned_doses(plan: Plan, first: date, last: date) -> Iterator[Dose]:
    """Every dose the plan has from `first` to `last`, in order."""
    for day in days_from(first, last):
        index = step_index_on(plan, day)
        if index is None:
            continue
        step = plan.steps[index]
        for slot, amount in zip(step.times, step.doses, strict=False):
            yield Dose(day, slot, amount, index + 1)


def uid(day: date, slot: time, medication: str) -> str:
    """The event's identity: the same date, time and medication give the same UID."""
    name = re.sub(r"[^a-z0-9]+", "-", medication.lower()).strip("-") or "dose"
    return f"{day:%Y%m%d}T{slot:%H%M}-{name}@stepdown"


def dose_calendar(journal: Journal, today: date, now: datetime) -> DoseCalendar:
    """The plan's doses from `today` to the day before the plan ends (or 90 days on)."""
    plan = journal.plan
    medication = clean_text(journal.settings.medication)
    unit = clean_text(journal.settings.unit)
    end = end_date(plan) if plan is not None else None
    last = end - timedelta(days=1) if end is not None else today + timedelta(OPEN_ENDED_DAYS - 1)
    doses = tuple(planned_doses(plan, today, last)) if plan is not None else ()
    stamp = now.astimezone(UTC)
    # icalendar takes ~50 ms to import; only this command needs it, not the app's start.
    from icalendar import Alarm, Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{medication.capitalize()} doses (Stepdown)")
    source = f" from {clean_text(plan.prescriber)}" if plan is not None else ""
    count = len(plan.steps) if plan is not None else 0
    for dose in doses:
        what = f"{fmt.amount(dose.amount)} {unit} of {medication}"
        event = _event(uid(dose.day, dose.time, medication), dose, stamp)
        event.add("summary", f"{medication.capitalize()} {fmt.amount(dose.amount)} {unit}")
        event.add(
            "description",
            f"{what} at {fmt.clock_time(dose.time)}: step {dose.step_number} of {count} of "
            f"the plan{source}. Follow your provider's plan; never change a dose without them.",
        )
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(0))
        alarm.add("description", f"Time for {what}")
        event.add_component(alarm)
        calendar.add_component(event)
    kept = {(dose.day, dose.time) for dose in doses}
    for gone in _dropped(journal, today, last, kept):
        event = _event(uid(gone.day, gone.time, medication), gone, stamp)
        event.add("summary", f"{medication.capitalize()} (no longer in the plan)")
        event.add("status", "CANCELLED")
        calendar.add_component(event)
    return DoseCalendar(calendar, doses, today, last, open_ended=end is None)


def _event(identity: str, dose: Dose, stamp: datetime) -> Event:
    from icalendar import Event

    start = datetime.combine(dose.day, dose.time)
    event = Event()
    event.add("uid", identity)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=EVENT_MINUTES))
    event.add("transp", "TRANSPARENT")
    return event


def _dropped(
    journal: Journal, first: date, last: date, kept: set[tuple[date, time]]
) -> Iterator[Dose]:
    """Doses earlier plans had in the span at times the current plan has none."""
    seen: set[tuple[date, time]] = set()
    for record in journal.plan_history:
        for dose in planned_doses(record.plan, first, last):
            key = (dose.day, dose.time)
            if key not in kept and key not in seen:
                seen.add(key)
                yield dose
