"""The demo journal: valid on any day, saved and loaded unchanged, and a believable story."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest

from stepdown.domain.demo import demo_journal
from stepdown.domain.plan import step_on
from stepdown.domain.rules import journal_problems
from stepdown.store.codec import decode, encode

DAYS = [date(2026, 11, 25), date(2024, 2, 29), date(2025, 1, 1), date(2026, 12, 31)]
TODAY = DAYS[0]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_demo_breaks_no_rule(today: date) -> None:
    assert list(journal_problems(demo_journal(today))) == []


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_demo_survives_a_save_and_load(today: date) -> None:
    journal = demo_journal(today)
    assert decode(encode(journal).encode("utf-8")) == journal


def test_demo_is_the_same_every_time_for_a_day() -> None:
    assert demo_journal(TODAY) == demo_journal(TODAY)


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_today_is_part_way_through_the_plan(today: date) -> None:
    plan = demo_journal(today).plan
    assert plan is not None
    assert plan.prescriber == "Dr. Ana Rivera"
    assert plan.approved_on == plan.steps[0].start == today - timedelta(weeks=3)
    assert plan.steps[0].daily_total == 60
    assert plan.steps[0].start < today < plan.steps[-1].start
    current = step_on(plan, today)
    assert current is not None
    assert 0 < current.daily_total < plan.steps[0].daily_total


def test_the_taper_comes_down_gently_and_ends_without_a_big_last_cut() -> None:
    plan = demo_journal(TODAY).plan
    assert plan is not None
    totals = [step.daily_total for step in plan.steps]
    cuts = [before - after for before, after in pairwise(totals)]
    assert all(cut > 0 for cut in cuts), totals
    assert cuts[-1] <= min(cuts[:-1])
    assert plan.steps[-1].times == ()
    gaps = {(b.start - a.start).days for a, b in pairwise(plan.steps)}
    assert gaps == {7}


def test_two_weeks_of_doses_and_only_the_morning_dose_today() -> None:
    journal = demo_journal(TODAY)
    days = sorted({dose.date for dose in journal.doses})
    assert days[0] == TODAY - timedelta(days=14)
    assert days[-1] == TODAY
    assert [dose.slot.hour for dose in journal.doses if dose.date == TODAY] == [8]
    skipped = [dose for dose in journal.doses if dose.status == "skipped"]
    assert 2 <= len(skipped) <= 4
    assert all(dose.note and dose.amount is None for dose in skipped)


def test_doses_taken_match_the_plan_a_few_minutes_off() -> None:
    journal = demo_journal(TODAY)
    assert journal.plan is not None
    for dose in journal.doses:
        if dose.status != "taken":
            continue
        step = step_on(journal.plan, dose.date)
        assert step is not None and dose.slot in step.times
        assert dose.amount == step.doses[step.times.index(dose.slot)]
        assert dose.taken_at is not None and dose.taken_at.date() == dose.date
        planned = dose.taken_at.replace(hour=dose.slot.hour, minute=dose.slot.minute)
        assert abs(dose.taken_at - planned) <= timedelta(minutes=45)


def test_spasticity_rises_after_a_cut_then_settles() -> None:
    journal = demo_journal(TODAY)
    spasticity = {c.date: c.spasticity for c in journal.checkins}
    cut = TODAY - timedelta(days=7)
    before = spasticity[cut - timedelta(days=1)]
    peak = max(spasticity[cut + timedelta(days=n)] for n in range(3))
    assert peak > before
    assert spasticity[TODAY - timedelta(days=1)] < peak


def test_check_ins_are_past_one_a_day_and_raise_no_red_flag() -> None:
    checkins = demo_journal(TODAY).checkins
    assert len(checkins) >= 10
    dates = [c.date for c in checkins]
    assert len(set(dates)) == len(dates)
    assert all(TODAY - timedelta(days=14) <= day < TODAY for day in dates)
    for checkin in checkins:
        assert not (checkin.seizure or checkin.hallucinations)
        assert checkin.spasticity < 9 and checkin.anxiety < 9
        assert not {"fever", "confusion"} & set(checkin.symptoms)
    assert any(c.notes for c in checkins) and any(c.symptoms for c in checkins)


def test_a_check_in_or_two_leave_a_score_blank() -> None:
    checkins = demo_journal(TODAY).checkins
    scores = [(c.spasticity, c.anxiety, c.sleep, c.mood) for c in checkins]
    partial = [row for row in scores if None in row]
    assert 1 <= len(partial) <= 2
    assert all(row.count(None) == 1 for row in partial)


def test_some_breathing_sessions_in_the_last_two_weeks() -> None:
    sessions = demo_journal(TODAY).breathing
    assert len(sessions) >= 5
    assert all(TODAY - timedelta(days=14) <= s.started_at.date() < TODAY for s in sessions)
    assert all(s.completed == (s.seconds >= s.planned_seconds) for s in sessions)


def test_five_contacts_with_the_family_member_for_emergencies() -> None:
    contacts = demo_journal(TODAY).contacts
    assert sorted(c.role for c in contacts) == sorted(
        ["provider", "pharmacist", "therapist", "family", "crisis-line"]
    )
    assert [c.role for c in contacts if c.emergency] == ["family"]
    assert all(c.phone for c in contacts)


def test_settings_name_baclofen_and_an_emergency_number() -> None:
    settings = demo_journal(TODAY).settings
    assert (settings.medication, settings.unit, settings.emergency_number) == (
        "baclofen",
        "mg",
        "911",
    )


@pytest.mark.parametrize(
    ("now", "taken_today"),
    [(time(7, 0), []), (time(8, 11), []), (time(8, 12), [time(8, 12)]), (time(15), [time(8, 12)])],
    ids=str,
)
def test_no_dose_of_today_is_taken_later_than_now(now: time, taken_today: list[time]) -> None:
    """Opened at 07:00, the demo does not show the morning dose taken at 08:12 already."""
    journal = demo_journal(TODAY, datetime.combine(TODAY, now))
    today = [dose for dose in journal.doses if dose.date == TODAY]
    assert [dose.taken_at.time() for dose in today if dose.taken_at] == taken_today
    earlier = [dose for dose in journal.doses if dose.date != TODAY]
    assert earlier == [dose for dose in demo_journal(TODAY).doses if dose.date != TODAY]
