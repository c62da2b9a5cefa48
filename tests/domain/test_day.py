"""One day's doses: planned slots matched with entries, missed after two hours, extras."""

from __future__ import annotations

from datetime import date, datetime, time

from stepdown.domain.day import breathing_minutes_on, checkin_on, day_summary
from stepdown.domain.journal import BreathingSession, Checkin, DoseEntry, Plan, Step

DAY = date(2026, 11, 25)
PLAN = Plan(
    prescriber="Dr. Ana Rivera",
    steps=(Step(date(2026, 11, 18), (time(8), time(14), time(20)), (15.0, 15.0, 20.0)),),
)


def taken(slot: time | None, at: datetime, amount: float, note: str = "") -> DoseEntry:
    return DoseEntry(DAY, "taken", slot=slot, taken_at=at, amount=amount, note=note)


def test_each_planned_dose_is_due_until_recorded() -> None:
    summary = day_summary(PLAN, (), DAY, datetime(2026, 11, 25, 7, 0))
    assert [row.state for row in summary.rows] == ["due", "due", "due"]
    assert (summary.planned_total, summary.taken_total) == (50.0, 0.0)


def test_a_dose_unrecorded_two_hours_after_its_time_is_missed() -> None:
    before = day_summary(PLAN, (), DAY, datetime(2026, 11, 25, 9, 59))
    after = day_summary(PLAN, (), DAY, datetime(2026, 11, 25, 10, 0))
    assert before.rows[0].state == "due"
    assert after.rows[0].state == "missed"


def test_taken_skipped_and_extra_doses() -> None:
    entries = (
        taken(time(8), datetime(2026, 11, 25, 8, 5), 15.0),
        DoseEntry(DAY, "skipped", slot=time(14), note="felt drowsy"),
        taken(None, datetime(2026, 11, 25, 16, 30), 5.0, "spasms"),
        DoseEntry(date(2026, 11, 24), "taken", slot=time(8), amount=20.0),  # another day
    )
    summary = day_summary(PLAN, entries, DAY, datetime(2026, 11, 25, 17, 0))
    assert [row.state for row in summary.rows] == ["taken", "skipped", "extra", "due"]
    assert summary.rows[2].time == time(16, 30)
    assert summary.taken_total == 20.0
    assert summary.planned_total == 50.0


def test_no_plan_means_no_planned_rows() -> None:
    summary = day_summary(None, (), DAY, datetime(2026, 11, 25, 12, 0))
    assert summary.rows == ()


def test_breathing_minutes_and_the_check_in_of_a_day() -> None:
    sessions = (
        BreathingSession(datetime(2026, 11, 25, 9, 0), "box", 300, 300, True),
        BreathingSession(datetime(2026, 11, 25, 22, 0), "4-7-8", 300, 150, False),
        BreathingSession(datetime(2026, 11, 24, 9, 0), "box", 300, 300, True),
    )
    assert breathing_minutes_on(sessions, DAY) == 7
    checkin = Checkin(DAY, datetime(2026, 11, 25, 21, 0), 4, 3, 6, 6)
    assert checkin_on((checkin,), DAY) == checkin
    assert checkin_on((checkin,), date(2026, 11, 24)) is None
