"""The dose calendar: written with icalendar, read back with it and with vobject, as a
calendar would. How it follows plan changes: test_calendar_updates.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from icalendar import Calendar

from stepdown.domain.journal import Journal, Step
from stepdown.domain.plan import replace_plan
from stepdown.domain.report.ics import (
    OPEN_ENDED_DAYS,
    CalendarRecord,
    dose_calendar,
    legacy_uid,
    uid,
)
from tests.domain.test_calendar_updates import read
from tests.domain.test_week import JOURNAL, NOW, PLAN, d

TODAY = NOW.date()


def events(journal: Journal, today: date = TODAY, earlier: CalendarRecord | None = None) -> list:
    """The events of an export after one that sent nothing (`earlier`), read back."""
    exported = dose_calendar(
        journal, today, datetime.combine(today, time(15)), earlier or CalendarRecord()
    )
    read(exported.to_ical())  # vobject reads it too, and agrees
    calendar = Calendar.from_ical(exported.to_ical())
    return list(calendar.walk("VEVENT"))


def confirmed(found: list) -> list:
    return [event for event in found if event.get("status") != "CANCELLED"]


def test_one_event_per_dose_from_today_to_the_end_of_the_plan() -> None:
    found = events(JOURNAL)
    # 25 Nov to 4 Dec (the plan ends on 5 Dec): 10 days of 2 doses.
    assert len(found) == 20
    starts = [event.decoded("dtstart") for event in found]
    assert starts[0] == datetime(2026, 11, 25, 8, 0)
    assert starts[-1] == datetime(2026, 12, 4, 20, 0)
    assert starts == sorted(starts)
    assert str(found[0]["summary"]) == "Baclofen 15 mg"
    assert str(found[1]["summary"]) == "Baclofen 20 mg"
    assert "Dr. Ana Rivera" in str(found[0]["description"])


def test_every_event_has_a_display_alarm_at_its_time() -> None:
    for event in events(JOURNAL):
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm.decoded("trigger") == timedelta(0)
        assert "of baclofen" in str(alarm["description"])


def test_uids_are_unique_and_made_of_date_and_time_only() -> None:
    found = events(JOURNAL)
    uids = [str(event["uid"]) for event in found]
    assert len(set(uids)) == len(uids)
    assert uids[0] == "20261125T0800@stepdown"
    assert uid(d(25), time(8)) == "20261125T0800@stepdown"
    renamed = events(JOURNAL.with_settings(medication="Lioresal"))
    assert [str(event["uid"]) for event in renamed] == uids
    # The UIDs Stepdown used before it kept a record, cancelled at the upgrade.
    assert (
        legacy_uid(d(25), time(8), "Baclofen 10 mg/5 ml")
        == "20261125T0800-baclofen-10-mg-5-ml@stepdown"
    )


def test_a_plan_change_updates_events_instead_of_adding_new_ones() -> None:
    first = dose_calendar(JOURNAL, TODAY, NOW, CalendarRecord())
    before = {str(event["uid"]): event for event in events(JOURNAL)}
    # From 28 Nov the evening dose moves to 21:00 and the morning one drops to 10 mg.
    new_plan = replace(
        PLAN,
        steps=(
            *PLAN.steps[:2],
            Step(d(28), (time(8), time(21)), (10.0, 20.0)),
            PLAN.steps[2],
        ),
    )
    changed = replace_plan(JOURNAL, new_plan, NOW)
    after = {str(event["uid"]): event for event in events(changed, earlier=first.record)}
    # Every earlier event is either updated in place or cancelled: nothing is left twice.
    assert set(before) <= set(after)
    morning = "20261128T0800@stepdown"
    assert str(after[morning]["summary"]) == "Baclofen 10 mg"
    assert after[morning]["sequence"] == before[morning]["sequence"] + 1
    # The plan has four steps now: every description says so, every event is updated.
    assert all(after[key]["sequence"] == before[key]["sequence"] + 1 for key in before)
    cancelled = sorted(uid for uid, event in after.items() if event.get("status") == "CANCELLED")
    assert cancelled == [f"202611{n:02}T2000@stepdown" for n in range(28, 31)] + [
        f"202612{n:02}T2000@stepdown" for n in range(1, 5)
    ]
    assert all(after[gone]["sequence"] == before[gone]["sequence"] + 1 for gone in cancelled)
    assert len(confirmed(list(after.values()))) == 20


def test_a_plan_without_an_end_gets_90_days() -> None:
    journal = replace(JOURNAL, plan=replace(PLAN, steps=PLAN.steps[:2]))
    exported = dose_calendar(journal, TODAY, NOW, CalendarRecord())
    assert exported.open_ended
    assert (exported.first, exported.last) == (TODAY, TODAY + timedelta(OPEN_ENDED_DAYS - 1))
    assert len(exported.doses) == 2 * OPEN_ENDED_DAYS


def test_a_plan_not_started_yet_begins_on_its_first_day() -> None:
    starts = [event.decoded("dtstart") for event in events(JOURNAL, today=d(10))]
    assert starts[0] == datetime(2026, 11, 16, 8, 0)


def test_nothing_to_export_without_a_plan_or_after_it_ends() -> None:
    assert dose_calendar(Journal(), TODAY, NOW).is_empty
    assert dose_calendar(JOURNAL, date(2026, 12, 5), NOW).is_empty


def test_the_calendar_is_named_and_versioned() -> None:
    calendar = Calendar.from_ical(dose_calendar(JOURNAL, TODAY, NOW).to_ical())
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == "-//Stepdown//Dose reminders//EN"


def test_an_unchanged_event_keeps_its_sequence_and_a_changed_one_rises() -> None:
    first = dose_calendar(JOURNAL, TODAY, NOW, CalendarRecord())
    again = dose_calendar(JOURNAL, TODAY + timedelta(1), NOW + timedelta(1), first.record)
    assert (again.added, again.changed, again.cancelled) == (0, 0, 0)
    tomorrow = {key: sent for key, sent in first.record.events.items() if sent.start.date() > TODAY}
    assert again.record.events == tomorrow  # today's are left alone, and forgotten
    renamed = dose_calendar(JOURNAL.with_settings(medication="Lioresal"), TODAY, NOW, first.record)
    assert renamed.changed == 20
    assert {key: sent.sequence for key, sent in renamed.record.events.items()} == {
        key: sent.sequence + 1 for key, sent in first.record.events.items()
    }


def test_times_with_seconds_from_a_hand_edited_file_are_two_doses() -> None:
    step = Step(d(20), (time(8), time(8, 0, 30)), (5.0, 2.5))
    journal = replace(JOURNAL, plan=replace(PLAN, steps=(step, PLAN.steps[2])))
    found = events(journal, today=d(30))
    assert [str(event["uid"]) for event in found][:2] == [
        "20261130T0800@stepdown",
        "20261130T080030@stepdown",
    ]
    assert len(found) == 2 * 5
