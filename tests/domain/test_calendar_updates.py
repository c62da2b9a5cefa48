"""A calendar that follows the plan: export, change the plan, export again, and import
both into one calendar as a client does (RFC 5546: by UID, a component replaces
another only when its SEQUENCE is higher; CANCELLED removes the event). What the
calendar then shows from today on must be the current plan's doses, exactly.

Every file is read by two parsers, icalendar and vobject, which must agree on each
event's UID, SEQUENCE, STATUS and start.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from stepdown.domain.journal import Journal, Plan, Settings, Step
from stepdown.domain.plan import replace_plan
from stepdown.domain.report.ics import (
    CalendarRecord,
    DoseCalendar,
    dose_calendar,
    last_day,
    legacy_uid,
    planned_doses,
)

DAY0 = date(2026, 11, 25)
TIMES = (time(6), time(8), time(12, 30), time(20), time(22))
AMOUNTS = (2.5, 5.0, 10.0, 15.0, 20.0)


@dataclass(frozen=True)
class Component:
    """One VEVENT as a calendar keeps it."""

    uid: str
    sequence: int
    status: str
    start: datetime
    summary: str
    description: str


def read(data: bytes) -> list[Component]:
    """The events in `data` as icalendar reads them, checked against what vobject reads."""
    ours = [
        Component(
            str(event["uid"]),
            int(event.get("sequence", 0)),
            str(event.get("status", "CONFIRMED")),
            event.decoded("dtstart"),
            str(event["summary"]),
            str(event.get("description", "")),
        )
        for event in Calendar.from_ical(data).walk("VEVENT")
    ]
    theirs = [
        (
            event.uid.value,
            int(event.sequence.value) if hasattr(event, "sequence") else 0,
            event.status.value if hasattr(event, "status") else "CONFIRMED",
            event.dtstart.value,
        )
        for event in getattr(vobject.readOne(data.decode("utf-8")), "vevent_list", [])
    ]
    assert [(c.uid, c.sequence, c.status, c.start) for c in ours] == theirs
    assert all(c.start.tzinfo is None for c in ours), "times must stay floating"
    return ours


def apply(calendar: dict[str, Component], components: list[Component]) -> None:
    """Import a file's `components` (`read`) into `calendar` as an RFC 5546 client does."""
    for component in components:
        have = calendar.get(component.uid)
        if have is not None and component.sequence <= have.sequence:
            continue  # an update whose SEQUENCE did not rise is ignored
        if component.status == "CANCELLED":
            calendar.pop(component.uid, None)
        else:
            calendar[component.uid] = component


def shown(calendar: dict[str, Component], today: date) -> list[tuple[datetime, str, str]]:
    """What the calendar shows from `today` on: start, summary and description."""
    return sorted(
        (c.start, c.summary, c.description) for c in calendar.values() if c.start.date() >= today
    )


def wanted(journal: Journal, today: date) -> list[tuple[datetime, str, str]]:
    """The current plan's doses from `today` as a fresh calendar shows them, checked
    against the plan's dose times worked out apart."""
    fresh: dict[str, Component] = {}
    apply(fresh, read(export(journal, today, CalendarRecord()).to_ical()))
    expected = shown(fresh, today)
    plan = journal.plan
    doses = planned_doses(plan, today, last_day(plan, today)) if plan is not None else iter(())
    assert [start for start, _, _ in expected] == sorted(
        datetime.combine(dose.day, dose.time) for dose in doses
    )
    return expected


def export(
    journal: Journal, today: date, earlier: CalendarRecord | None, *, cancel_older: bool = False
) -> DoseCalendar:
    return dose_calendar(
        journal, today, datetime.combine(today, time(15)), earlier, cancel_older=cancel_older
    )


def legacy_file(journal: Journal, today: date) -> bytes:
    """The file the Stepdown before records wrote: UIDs with the medication, no SEQUENCE."""
    from icalendar import Event

    calendar = Calendar()
    calendar.add("prodid", "-//Stepdown//Dose reminders//EN")
    calendar.add("version", "2.0")
    plan = journal.plan
    assert plan is not None
    for dose in planned_doses(plan, today, last_day(plan, today)):
        event = Event()
        event.add("uid", legacy_uid(dose.day, dose.time, journal.settings.medication))
        event.add("dtstamp", datetime(2026, 1, 1))
        event.add("dtstart", datetime.combine(dose.day, dose.time))
        event.add("summary", f"Old {dose.amount}")
        calendar.add_component(event)
    return calendar.to_ical()


# Plans and their changes


@st.composite
def steps(draw: st.DrawFn, first: date) -> tuple[Step, ...]:
    """One to three steps from about `first`, maybe with an end step."""
    offsets = sorted(draw(st.lists(st.integers(-6, 20), min_size=1, max_size=3, unique=True)))
    found = []
    for offset in offsets:
        chosen = sorted(draw(st.lists(st.sampled_from(TIMES), min_size=1, max_size=3, unique=True)))
        amounts = draw(
            st.lists(st.sampled_from(AMOUNTS), min_size=len(chosen), max_size=len(chosen))
        )
        found.append(Step(first + timedelta(offset), tuple(chosen), tuple(amounts)))
    # Mostly with an end: an open-ended plan gives 90 days of events, slow to parse twice.
    if draw(st.integers(0, 4)):
        end = draw(st.integers(offsets[-1] + 1, 30))
        found.append(Step(first + timedelta(end)))
    return tuple(found)


def plan_of(found: tuple[Step, ...]) -> Plan:
    return Plan(prescriber="Dr. Ana Rivera", steps=found)


def shorten(plan: Plan, days: int) -> Plan:
    """The plan ending `days` after its last step with doses starts (an earlier end)."""
    body = [step for step in plan.steps if step.times]
    return replace(plan, steps=(*body, Step(body[-1].start + timedelta(days))))


def lengthen(plan: Plan, days: int) -> Plan:
    """The plan without its end step, or with it `days` later."""
    if plan.steps[-1].times:
        return plan
    end = plan.steps[-1]
    return replace(plan, steps=(*plan.steps[:-1], Step(end.start + timedelta(days))))


def drop_time(plan: Plan, index: int) -> Plan:
    """The plan with one dose time of one step left out (a step keeps one time at least)."""
    body = [i for i, step in enumerate(plan.steps) if len(step.times) > 1]
    if not body:
        return plan
    at = body[index % len(body)]
    step = plan.steps[at]
    gone = index % len(step.times)
    times = step.times[:gone] + step.times[gone + 1 :]
    amounts = step.doses[:gone] + step.doses[gone + 1 :]
    return replace(
        plan,
        steps=(*plan.steps[:at], replace(step, times=times, doses=amounts), *plan.steps[at + 1 :]),
    )


def change_amount(plan: Plan, index: int) -> Plan:
    """The plan with one amount of one step changed."""
    at = index % len(plan.steps)
    step = plan.steps[at]
    if not step.times:
        return plan
    doses = list(step.doses)
    slot = index % len(doses)
    doses[slot] = doses[slot] + 1.25
    return replace(
        plan, steps=(*plan.steps[:at], replace(step, doses=tuple(doses)), *plan.steps[at + 1 :])
    )


@st.composite
def changed(draw: st.DrawFn, journal: Journal, first: date, now: datetime) -> Journal:
    """`journal` after one or two changes, each made in the editor (kept in plan_history)
    or by hand in the file (no history)."""
    for _ in range(draw(st.integers(1, 2))):
        plan = journal.plan
        assert plan is not None
        kind = draw(st.sampled_from(("shorten", "lengthen", "drop", "amount", "rename", "new")))
        if kind == "rename":
            journal = journal.with_settings(
                medication=draw(st.sampled_from(("Lioresal", "baclofen 10 mg/5 ml", "Ozobax")))
            )
            continue
        if kind == "shorten":
            new = shorten(plan, draw(st.integers(1, 8)))
        elif kind == "lengthen":
            new = lengthen(plan, draw(st.integers(1, 20)))
        elif kind == "drop":
            new = drop_time(plan, draw(st.integers(0, 20)))
        elif kind == "amount":
            new = change_amount(plan, draw(st.integers(0, 20)))
        else:
            new = plan_of(draw(steps(first)))
        if draw(st.booleans()):
            journal = replace_plan(journal, new, now)
        else:
            journal = replace(journal, plan=new)  # edited by hand: no plan_history
    return journal


@settings(max_examples=40, deadline=None)
@given(data=st.data(), later=st.integers(0, 4))
def test_export_change_export_leaves_the_current_plan_exactly(
    data: st.DataObject, later: int
) -> None:
    before = Journal(settings=Settings(medication="baclofen"), plan=plan_of(data.draw(steps(DAY0))))
    calendar: dict[str, Component] = {}
    first = export(before, DAY0, None)
    apply(calendar, read(first.to_ical()))
    assert shown(calendar, DAY0) == wanted(before, DAY0)
    today = DAY0 + timedelta(later)
    after = data.draw(changed(before, today, datetime.combine(today, time(9))))
    second = export(after, today, first.record)
    sent = read(second.to_ical())
    assert all(component.start.date() >= today for component in sent)  # the past left alone
    apply(calendar, sent)
    expected = wanted(after, today)
    assert shown(calendar, today) == expected
    # Importing only the last file into a calendar that had the first is what counts;
    # a calendar that never had the first one gets the same from the last alone.
    alone: dict[str, Component] = {}
    apply(alone, sent)
    assert shown(alone, today) == expected


@settings(max_examples=25, deadline=None)
@given(data=st.data(), later=st.integers(0, 4))
def test_the_first_export_after_the_upgrade_cancels_the_old_uids(
    data: st.DataObject, later: int
) -> None:
    before = Journal(plan=plan_of(data.draw(steps(DAY0))))
    calendar: dict[str, Component] = {}
    apply(calendar, read(legacy_file(before, DAY0)))
    today = DAY0 + timedelta(later)
    after = before
    if data.draw(st.booleans()):  # a plan changed in the editor before the upgrade
        after = replace_plan(
            before, plan_of(data.draw(steps(today))), datetime.combine(today, time(9))
        )
    exported = export(after, today, None, cancel_older=True)
    apply(calendar, read(exported.to_ical()))
    assert shown(calendar, today) == wanted(after, today)


def test_a_lost_record_still_updates_what_the_editor_changed() -> None:
    """The record lost (a new computer, the state folder cleared) after two exports:
    the next one, with nothing to compare with, still reaches every changed event
    (its SEQUENCE, from the clock, is above any the lost record sent) and cancels the
    doses of the plans in plan_history."""
    plan = plan_of((Step(DAY0, (time(8), time(20)), (20.0, 20.0)), Step(DAY0 + timedelta(10))))
    journal = Journal(plan=plan)
    calendar: dict[str, Component] = {}
    first = export(journal, DAY0, None)
    apply(calendar, read(first.to_ical()))
    lower = plan_of((Step(DAY0, (time(8), time(20)), (15.0, 20.0)), Step(DAY0 + timedelta(10))))
    journal = replace_plan(journal, lower, datetime.combine(DAY0, time(16)))
    apply(calendar, read(export(journal, DAY0, first.record).to_ical()))
    today = DAY0 + timedelta(1)
    shorter = plan_of((Step(DAY0, (time(8), time(20)), (10.0, 20.0)), Step(DAY0 + timedelta(6))))
    journal = replace_plan(journal, shorter, datetime.combine(today, time(9)))
    apply(calendar, read(export(journal, today, None).to_ical()))
    assert shown(calendar, today) == wanted(journal, today)


def test_a_first_export_cancels_nothing_a_calendar_never_had() -> None:
    """With no record and no earlier plan, nothing is sent cancelled: a calendar that
    never had Stepdown's events (khal keeps cancelled ones in view) would otherwise show
    every dose beside a cancelled twin, as if it were called off. The UIDs of Stepdown
    0.1.0 are cancelled only when asked."""
    journal = Journal(plan=plan_of((Step(DAY0, (time(8), time(20)), (20.0, 20.0)),)))
    plain = read(export(journal, DAY0, None).to_ical())
    assert plain and all(component.status != "CANCELLED" for component in plain)
    asked = read(export(journal, DAY0, None, cancel_older=True).to_ical())
    cancelled = [component for component in asked if component.status == "CANCELLED"]
    assert len(cancelled) == len(plain)
    assert {component.uid for component in cancelled} == {
        legacy_uid(component.start.date(), component.start.time(), "baclofen")
        for component in plain
    }
