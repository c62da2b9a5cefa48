"""The plan's dose times as an iCalendar file, so a phone or desktop calendar reminds the patient.

One event per planned dose from a day to the end of the plan, each with its amount and
a display alarm at its time. Times are floating (the wall clock wherever the patient
is, as in the data file): 08:00 stays 08:00 when travelling and across DST.

A calendar keeps what it imported, so each export must also undo what earlier ones put
there and the plan no longer has. An event's UID is its date and planned time only
(`uid`), never the medication, so a rename updates events instead of doubling them.
What each export sent is kept (`CalendarRecord`, stored by store/calendar_record.py):
the next export sends every event of that record from its day on again, cancelled when
the plan no longer has it, whatever changed the plan (the editor, a hand edit, a
rename). SEQUENCE rises on each changed or cancelled event, as RFC 5545 and 5546 ask
(clients ignore an update whose SEQUENCE did not rise), and stays for an unchanged one.
Events before today are left alone. With no record (a first export, a record lost or
damaged) the earlier plans' doses are cancelled from today on, and SEQUENCE starts
from the clock, above anything a lost record could have sent; the UIDs Stepdown 0.1.0
used (`legacy_uid`, with the medication in them) are cancelled only when asked
(`cancel_older`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from stepdown.domain import format as fmt
from stepdown.domain.journal import Journal, Plan
from stepdown.domain.plan import end_date, step_index_on
from stepdown.domain.rules import clean_text
from stepdown.domain.week import days_from

if TYPE_CHECKING:
    from icalendar import Calendar

OPEN_ENDED_DAYS = 90
"""How far ahead events go when the plan has no end step yet."""
EVENT_MINUTES = 5
PRODID = "-//Stepdown//Dose reminders//EN"
MAX_SEQUENCE = 2**31 - 1
"""SEQUENCE is an INTEGER, a signed 32-bit value in RFC 5545."""
_SEQUENCE_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
CANCELLED_SUMMARY = "Dose no longer in the plan"


@dataclass(frozen=True)
class Dose:
    """A planned dose on a day: its time, amount, and the step it belongs to."""

    day: date
    time: time
    amount: float
    step_number: int


@dataclass(frozen=True)
class SentEvent:
    """What an export sent for one UID."""

    start: datetime
    """Its DTSTART, floating (no time zone)."""
    sequence: int
    fingerprint: str
    """A digest of what the event says (time, summary, description, alarm, status),
    DTSTAMP and SEQUENCE aside: a different one means the event changed."""
    cancelled: bool


@dataclass(frozen=True)
class CalendarRecord:
    """What the exports so far put in the patient's calendar, by UID, from the last
    export's day on; the next export cancels what the plan no longer has against it."""

    events: Mapping[str, SentEvent] = field(default_factory=dict)


@dataclass(frozen=True)
class DoseCalendar:
    """The calendar, the span it covers and what changed, for the caller to say what it wrote."""

    calendar: Calendar
    doses: tuple[Dose, ...]
    first: date
    last: date
    open_ended: bool
    """True when the plan has no end step, so events stop OPEN_ENDED_DAYS ahead."""
    record: CalendarRecord
    """What this file sends: save it (store/calendar_record.py) once the file is written."""
    first_recorded: bool
    """True when there was no record of an earlier export to compare with."""
    added: int = 0
    changed: int = 0
    cancelled: int = 0
    """Events this export cancels that the last one had (cancellations sent again not counted)."""

    def to_ical(self) -> bytes:
        data: bytes = self.calendar.to_ical()
        return data

    @property
    def is_empty(self) -> bool:
        """True when the file would hold no event at all, confirmed or cancelled."""
        return not self.record.events


@dataclass(frozen=True)
class _Content:
    """What an event says, before its SEQUENCE is known."""

    start: datetime
    summary: str
    description: str = ""
    alarm: str | None = None
    """The alarm's text; None for a cancelled event."""

    @property
    def fingerprint(self) -> str:
        status = "CANCELLED" if self.alarm is None else "CONFIRMED"
        parts = (self.start.isoformat(), self.summary, self.description, self.alarm or "", status)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def planned_doses(plan: Plan, first: date, last: date) -> Iterator[Dose]:
    """Every dose the plan has from `first` to `last`, in order."""
    for day in days_from(first, last):
        index = step_index_on(plan, day)
        if index is None:
            continue
        step = plan.steps[index]
        for slot, amount in zip(step.times, step.doses, strict=False):
            yield Dose(day, slot, amount, index + 1)


def uid(day: date, slot: time) -> str:
    """The event's identity: its date and planned time, so a renamed medication or a
    changed amount updates the same event. Seconds, which only a hand-edited file has,
    are in it when there are some: 08:00 and 08:00:30 are two doses."""
    clock = f"{slot:%H%M}"
    if slot.second or slot.microsecond:
        clock += f"{slot:%S}" + (f"{slot.microsecond:06d}" if slot.microsecond else "")
    return f"{day:%Y%m%d}T{clock}@stepdown"


def legacy_uid(day: date, slot: time, medication: str) -> str:
    """The UID Stepdown used before it kept a record: date, time and medication."""
    name = re.sub(r"[^a-z0-9]+", "-", medication.lower()).strip("-") or "dose"
    return f"{day:%Y%m%d}T{slot:%H%M}-{name}@stepdown"


def last_day(plan: Plan | None, today: date) -> date:
    """The last day events go to: the day before the plan ends, or OPEN_ENDED_DAYS on."""
    end = end_date(plan) if plan is not None else None
    return end - timedelta(days=1) if end is not None else today + timedelta(OPEN_ENDED_DAYS - 1)


def dose_calendar(
    journal: Journal,
    today: date,
    now: datetime,
    earlier: CalendarRecord | None = None,
    *,
    cancel_older: bool = False,
) -> DoseCalendar:
    """The plan's doses from `today` to the day before the plan ends (or 90 days on), and
    the cancellation of every event of `earlier` (the record of the last export; None
    when there is none) from `today` on that the plan no longer has.

    `cancel_older` also cancels, from `today` on, the events Stepdown 0.1.0 exported
    under its own UIDs (`legacy_uid`). Only when asked: a calendar that never had them
    would show each dose beside a cancelled twin (khal does), which reads as if the
    dose were called off."""
    plan = journal.plan
    medication = clean_text(journal.settings.medication)
    unit = clean_text(journal.settings.unit)
    last = last_day(plan, today)
    doses = tuple(planned_doses(plan, today, last)) if plan is not None else ()
    source = f" from {clean_text(plan.prescriber)}" if plan is not None else ""
    count = len(plan.steps) if plan is not None else 0
    wanted: dict[str, _Content] = {}
    for dose in doses:
        start = datetime.combine(dose.day, dose.time)
        what = f"{fmt.amount(dose.amount)} {unit} of {medication}"
        wanted[uid(dose.day, dose.time)] = _Content(
            start,
            f"{fmt.sentence_start(medication)} {fmt.amount(dose.amount)} {unit}",
            f"{what} at {fmt.clock_time(dose.time)}: step {dose.step_number} of {count} of "
            f"the plan{source}. Follow your provider's plan; never change a dose without them.",
            f"Time for {what}",
        )
    if earlier is None:
        gone = _unrecorded(journal, today, medication if cancel_older else None)
    else:
        gone = {
            key: sent.start for key, sent in earlier.events.items() if sent.start.date() >= today
        }
    for key in wanted:
        gone.pop(key, None)
    contents = {**wanted}
    for key, start in sorted(gone.items(), key=lambda item: (item[1], item[0])):
        contents[key] = _Content(start, CANCELLED_SUMMARY)
    sent, added, changed, cancelled = _sequenced(contents, earlier, now)
    calendar = _calendar(medication, wanted, sent, now)
    return DoseCalendar(
        calendar,
        doses,
        today,
        last,
        open_ended=plan is None or end_date(plan) is None,
        record=CalendarRecord(sent),
        first_recorded=earlier is None,
        added=added,
        changed=changed,
        cancelled=cancelled,
    )


def _sequenced(
    contents: Mapping[str, _Content], earlier: CalendarRecord | None, now: datetime
) -> tuple[dict[str, SentEvent], int, int, int]:
    """What is sent for each UID, and how many events are added, changed and cancelled
    since `earlier`: SEQUENCE kept for an unchanged event, one more for a changed one."""
    known = earlier.events if earlier is not None else {}
    # A UID the record does not have may still be in the calendar from an export whose
    # record was lost: a SEQUENCE from the clock rises above what that export sent.
    fresh = _clock_sequence(now)
    sent: dict[str, SentEvent] = {}
    added = changed = cancelled = 0
    for key, content in contents.items():
        before = known.get(key)
        fingerprint = content.fingerprint
        gone = content.alarm is None
        if before is None:
            sequence = fresh
            added += not gone
        elif before.fingerprint == fingerprint:
            sequence = before.sequence
        else:
            sequence = min(before.sequence + 1, MAX_SEQUENCE)
            if gone:
                cancelled += not before.cancelled
            elif before.cancelled:
                added += 1
            else:
                changed += 1
        sent[key] = SentEvent(content.start, sequence, fingerprint, gone)
    return sent, added, changed, cancelled


def _clock_sequence(now: datetime) -> int:
    """A SEQUENCE that rises with the clock: minutes since 2026 (0 before)."""
    aware = now if now.tzinfo is not None else now.astimezone()
    minutes = int((aware - _SEQUENCE_EPOCH).total_seconds() // 60)
    return max(0, min(minutes, MAX_SEQUENCE))


def _unrecorded(journal: Journal, today: date, medication: str | None) -> dict[str, datetime]:
    """With no record, what earlier exports may have put in the calendar from `today` on:
    the doses of the earlier plans (plan_history), and, given the `medication` of those
    exports, every dose of any plan under the UID Stepdown 0.1.0 used."""
    plans = [record.plan for record in journal.plan_history]
    found: dict[str, datetime] = {}
    for index, plan in enumerate([*plans, journal.plan]):
        if plan is None:
            continue
        for dose in planned_doses(plan, today, last_day(plan, today)):
            start = datetime.combine(dose.day, dose.time)
            if index < len(plans):
                found[uid(dose.day, dose.time)] = start
            if medication is not None:
                found[legacy_uid(dose.day, dose.time, medication)] = start
    return found


def _calendar(
    medication: str,
    wanted: Mapping[str, _Content],
    sent: Mapping[str, SentEvent],
    now: datetime,
) -> Calendar:
    # icalendar takes ~50 ms to import; only an export needs it, not the app's start.
    from icalendar import Alarm, Calendar, Event

    stamp = now.astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{fmt.sentence_start(medication)} doses (Stepdown)")
    for key, event_sent in sent.items():
        event = Event()
        event.add("uid", key)
        event.add("dtstamp", stamp)
        event.add("sequence", event_sent.sequence)
        event.add("dtstart", event_sent.start)
        event.add("dtend", event_sent.start + timedelta(minutes=EVENT_MINUTES))
        event.add("transp", "TRANSPARENT")
        if event_sent.cancelled:
            event.add("summary", CANCELLED_SUMMARY)
            event.add("status", "CANCELLED")
        else:
            content = wanted[key]
            event.add("summary", content.summary)
            event.add("description", content.description)
            event.add("status", "CONFIRMED")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(0))
            alarm.add("description", content.alarm)
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar


def summary(exported: DoseCalendar, *, remembered: bool = True) -> str:
    """What the export holds, for the command and the app's dialog: "312 doses, 3 Dec
    2026 to 1 Feb 2027; 14 cancelled, 6 changed since the last export". `remembered`
    is False when its record is not kept (the demo's), so nothing promises it is."""
    doses = len(exported.doses)
    text = f"{doses} {'dose' if doses == 1 else 'doses'}"
    if exported.doses:
        text += f", {fmt.short_date(exported.first)} to {fmt.short_date(exported.last)}"
    if not remembered:
        return f"{text}."
    if exported.first_recorded:
        return (
            f"{text}. Stepdown keeps a note of what this file holds, so that after a plan "
            "change the next export updates these events and cancels the ones the plan "
            "no longer has."
        )
    changes = [
        f"{count} {what}"
        for count, what in (
            (exported.cancelled, "cancelled"),
            (exported.changed, "changed"),
            (exported.added, "new"),
        )
        if count
    ]
    if not changes:
        return f"{text}; nothing changed since the last export."
    return f"{text}; {', '.join(changes)} since the last export."
