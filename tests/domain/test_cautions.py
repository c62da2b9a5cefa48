"""Cautions: plans that stop suddenly, days below plan, a recently changed plan."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from stepdown.domain.cautions import (
    below_plan_streak,
    is_below_plan,
    plan_changed_on,
    provider_contact,
    stops_suddenly,
)
from stepdown.domain.doses import skipped, taken
from stepdown.domain.journal import Contact, Journal, Plan, PlanRecord, Step

START = date(2026, 11, 1)


def plan_of(*totals: float) -> Plan:
    return Plan(
        prescriber="Dr. Ana Rivera",
        steps=tuple(
            Step(START + timedelta(weeks=i), (time(8),) if total else (), (total,) if total else ())
            for i, total in enumerate(totals)
        ),
    )


@pytest.mark.parametrize(
    ("totals", "sudden"),
    [
        ((60, 45, 30, 15, 0), False),  # even cuts
        ((60, 50, 40, 25, 10, 0), False),  # last cut 10 after a largest of 15
        ((60, 50, 40, 25, 0), True),  # last cut 25 > 1.5 x 15
        ((60, 50, 35, 20, 0), False),  # last cut 20 <= 1.5 x 15 (22.5)
        ((60, 0), True),  # straight to zero
        ((0, 0), True),  # starts at zero
        ((60,), False),  # no end yet
        ((60, 45, 30), False),  # no end yet
    ],
)
def test_sudden_stops(totals: tuple[float, ...], sudden: bool) -> None:
    assert stops_suddenly(plan_of(*totals)) is sudden


def test_the_border_of_the_last_cut() -> None:
    assert not stops_suddenly(plan_of(35, 25, 15, 0))  # last cut 15 == 1.5 x 10
    assert stops_suddenly(plan_of(35.5, 25.5, 15.5, 0))  # last cut 15.5 > 1.5 x 10


PLAN = Plan(
    prescriber="Dr. Ana Rivera",
    steps=(Step(START, (time(8), time(20)), (10.0, 10.0)),),
)
DAY = date(2026, 11, 25)


def full_day(day: date) -> list:
    return [
        taken(day, time(8), 10.0, datetime.combine(day, time(8))),
        taken(day, time(20), 10.0, datetime.combine(day, time(20))),
    ]


def test_a_day_with_a_skip_or_a_smaller_dose_is_below_plan() -> None:
    evening = datetime.combine(DAY, time(23))
    assert not is_below_plan(PLAN, full_day(DAY), DAY, evening)
    assert is_below_plan(PLAN, [skipped(DAY, time(8)), *full_day(DAY)[1:]], DAY, evening)
    smaller = taken(DAY, time(8), 5.0, datetime.combine(DAY, time(8)))
    assert is_below_plan(PLAN, [smaller, *full_day(DAY)[1:]], DAY, evening)


def test_doses_still_due_do_not_count_against_the_day() -> None:
    morning = datetime.combine(DAY, time(9))
    assert not is_below_plan(PLAN, full_day(DAY)[:1], DAY, morning)


def test_two_days_below_plan_in_a_row() -> None:
    now = datetime.combine(DAY, time(9))
    yesterday, before = DAY - timedelta(1), DAY - timedelta(2)
    history = [*full_day(before - timedelta(1)), skipped(before, time(8))]
    history += [skipped(yesterday, time(20)), *full_day(yesterday)[:1]]
    journal = Journal(plan=PLAN, doses=tuple(history))
    # Today's morning dose is due, not missed yet: the streak ends yesterday.
    assert below_plan_streak(journal, DAY, now) == 2
    kept_to_plan = Journal(plan=PLAN, doses=tuple(full_day(yesterday)))
    assert below_plan_streak(kept_to_plan, DAY, now) == 0


def test_the_provider_is_named_beside_a_caution() -> None:
    contacts = (Contact("Sam", "family"), Contact("Dr. Ana Rivera", "provider", "+1 555 0100"))
    assert provider_contact(contacts) == contacts[1]
    assert provider_contact(()) is None


def test_a_plan_change_is_shown_for_a_week() -> None:
    record = PlanRecord(datetime(2026, 11, 20, 10, 0), PLAN)
    journal = Journal(plan=PLAN, plan_history=(record,))
    assert plan_changed_on(journal, date(2026, 11, 26)) == date(2026, 11, 20)
    assert plan_changed_on(journal, date(2026, 11, 27)) is None
    assert plan_changed_on(Journal(plan=PLAN), DAY) is None


def test_days_before_the_journal_began_are_not_below_plan() -> None:
    now = datetime.combine(DAY, time(23))
    assert below_plan_streak(Journal(plan=PLAN), DAY, now) == 0
    only_today = Journal(plan=PLAN, doses=(skipped(DAY, time(8)),))
    assert below_plan_streak(only_today, DAY, now) == 1
