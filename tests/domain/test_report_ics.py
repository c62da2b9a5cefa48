"""The dose calendar: written with icalendar, read back with it, as a calendar would."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from icalendar import Calendar

from stepdown.domain.journal import Journal, Step
from stepdown.domain.plan import replace_plan
from stepdown.domain.report.ics import OPEN_ENDED_DAYS, dose_calendar, uid
from tests.domain.test_week import JOURNAL, NOW, PLAN, d

TODAY = NOW.date()


def events(journal: Journal, today: date = TODAY) -> list:
    exported = dose_calendar(journal, today, datetime.combine(today, time(15)))
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


def test_uids_are_unique_and_made_of_date_time_and_medication() -> None:
    found = events(JOURNAL)
    uids = [str(event["uid"]) for event in found]
    assert len(set(uids)) == len(uids)
    assert uids[0] == "20261125T0800-baclofen@stepdown"
    assert (
        uid(d(25), time(8), "Baclofen 10 mg/5 ml") == "20261125T0800-baclofen-10-mg-5-ml@stepdown"
    )


def test_a_plan_change_updates_events_instead_of_adding_new_ones() -> None:
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
    after = {str(event["uid"]): event for event in events(changed)}
    # Every earlier event is either updated in place or cancelled: nothing is left twice.
    assert set(before) <= set(after)
    morning = "20261128T0800-baclofen@stepdown"
    assert str(after[morning]["summary"]) == "Baclofen 10 mg"
    cancelled = sorted(uid for uid, event in after.items() if event.get("status") == "CANCELLED")
    assert cancelled == [f"202611{n:02}T2000-baclofen@stepdown" for n in range(28, 31)] + [
        f"202612{n:02}T2000-baclofen@stepdown" for n in range(1, 5)
    ]
    assert len(confirmed(list(after.values()))) == 20


def test_a_plan_without_an_end_gets_90_days() -> None:
    journal = replace(JOURNAL, plan=replace(PLAN, steps=PLAN.steps[:2]))
    exported = dose_calendar(journal, TODAY, NOW)
    assert exported.open_ended
    assert (exported.first, exported.last) == (TODAY, TODAY + timedelta(OPEN_ENDED_DAYS - 1))
    assert len(exported.doses) == 2 * OPEN_ENDED_DAYS


def test_a_plan_not_started_yet_begins_on_its_first_day() -> None:
    starts = [event.decoded("dtstart") for event in events(JOURNAL, today=d(10))]
    assert starts[0] == datetime(2026, 11, 16, 8, 0)


def test_nothing_to_export_without_a_plan_or_after_it_ends() -> None:
    assert dose_calendar(Journal(), TODAY, NOW).doses == ()
    assert dose_calendar(JOURNAL, date(2026, 12, 5), NOW).doses == ()


def test_the_calendar_is_named_and_versioned() -> None:
    calendar = Calendar.from_ical(dose_calendar(JOURNAL, TODAY, NOW).to_ical())
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == "-//Stepdown//Dose reminders//EN"
