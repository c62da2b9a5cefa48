"""The week's review on crafted data, every aggregate worked out by hand in the comments.

The plan: 40 mg a day (20 + 20 at 08:00 and 20:00) from Mon 16 Nov 2026, then 35 mg
(15 + 20) from Sat 21 Nov, ending on Sat 5 Dec. The first dose entered is on Wed 18
Nov. "Now" is Wed 25 Nov at 15:00: the 08:00 dose is past, the 20:00 one still due.

| day    | plan | taken            | mg   | check-in (sp an sl mo) | breathing |
| ------ | ---- | ---------------- | ---- | ---------------------- | --------- |
| Wed 18 | 40   | 20 + 20          | 40   | -                      | -         |
| Thu 19 | 40   | 20 + 20          | 40   | 4 3 6 7                | 300 s     |
| Fri 20 | 40   | 20, skipped      | 20 ▼ | 5 4 5 6                | -         |
| Sat 21 | 35 ▶ | 15, missed       | 15 ▼ | none                   | -         |
| Sun 22 | 35   | 15 + 20, +5 extra| 40   | 9 6 3 3 (spasticity 9) | 600 + 90 s|
| Mon 23 | 35   | 15 + 20          | 35   | 5 5 5 5 (fever)        | -         |
| Tue 24 | 35   | 10 (of 15) + 20  | 30 ▼ | 4 4 6 6                | -         |
| Wed 25 | 35   | 15, 20:00 due    | 15   | none                   | -         |
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from stepdown.domain.doses import skipped, taken
from stepdown.domain.journal import BreathingSession, Checkin, Journal, Plan, Settings, Step
from stepdown.domain.week import SCORES, Review, summarize, week_ending

NOW = datetime(2026, 11, 25, 15, 0)
AM, PM = time(8), time(20)

PLAN = Plan(
    prescriber="Dr. Ana Rivera",
    approved_on=date(2026, 11, 10),
    note="Cut the morning dose first",
    steps=(
        Step(date(2026, 11, 16), (AM, PM), (20.0, 20.0)),
        Step(date(2026, 11, 21), (AM, PM), (15.0, 20.0)),
        Step(date(2026, 12, 5)),
    ),
)


def d(day: int) -> date:
    return date(2026, 11, day)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute)


def checkin(day: int, sp: int, an: int, sl: int, mo: int, **more: Any) -> Checkin:
    return Checkin(d(day), at(day, 21), sp, an, sl, mo, **more)


def breathing(day: int, hour: int, seconds: int) -> BreathingSession:
    return BreathingSession(at(day, hour), "box", seconds, seconds, completed=True)


JOURNAL = Journal(
    settings=Settings(emergency_number="911"),
    plan=PLAN,
    doses=(
        taken(d(18), AM, 20.0, at(18, 8)),
        taken(d(18), PM, 20.0, at(18, 20)),
        taken(d(19), AM, 20.0, at(19, 8, 5)),
        taken(d(19), PM, 20.0, at(19, 20, 10)),
        taken(d(20), AM, 20.0, at(20, 8)),
        skipped(d(20), PM, "Felt *sick* | went to bed"),
        taken(d(21), AM, 15.0, at(21, 8)),
        taken(d(22), AM, 15.0, at(22, 8)),
        taken(d(22), PM, 20.0, at(22, 20)),
        taken(d(22), None, 5.0, at(22, 16), "spasms in the afternoon"),
        taken(d(23), AM, 15.0, at(23, 8)),
        taken(d(23), PM, 20.0, at(23, 20)),
        taken(d(24), AM, 10.0, at(24, 8, 30), "only had a 10 left"),
        taken(d(24), PM, 20.0, at(24, 20)),
        taken(d(25), AM, 15.0, at(25, 8)),
    ),
    checkins=(
        checkin(19, 4, 3, 6, 7, notes="Stiff legs.\nWalked to the shop anyway."),
        checkin(20, 5, 4, 5, 6, symptoms=("nausea",), notes="# Not a heading | *not bold*"),
        checkin(22, 9, 6, 3, 3, coping=("breathing",), notes="<b>Bad night</b> & spasms"),
        checkin(23, 5, 5, 5, 5, symptoms=("fever",)),
        checkin(24, 4, 4, 6, 6, coping=("walking", "hydration")),
    ),
    breathing=(breathing(19, 9, 300), breathing(22, 10, 600), breathing(22, 22, 90)),
)

WEEK = week_ending(NOW.date())


def test_the_week_is_the_seven_days_ending_today() -> None:
    assert (d(19), d(25)) == WEEK


def test_each_day_planned_and_taken() -> None:
    days = summarize(JOURNAL, *WEEK, NOW).days
    assert [day.planned for day in days] == [40, 40, 35, 35, 35, 35, 35]
    assert [day.taken for day in days] == [40, 20, 15, 40, 35, 30, 15]
    # Fri: a skip; Sat: a missed dose; Tue: 10 taken of 15. Wed's 20:00 is still due.
    assert [day.below_plan for day in days] == [False, True, True, False, False, True, False]
    # Sun: 40 taken of 35 planned, the extra 5 mg included.
    assert [day.above_plan for day in days] == [False, False, False, True, False, False, False]
    assert all(day.has_plan for day in days)


def test_dose_counts_per_day_and_for_the_week() -> None:
    week = summarize(JOURNAL, *WEEK, NOW)
    sat, sun, wed = week.days[2], week.days[3], week.days[6]
    assert (sat.count("taken"), sat.count("missed")) == (1, 1)
    assert (sun.count("taken"), sun.count("extra")) == (2, 1)
    assert (wed.count("taken"), wed.count("due")) == (1, 1)
    # 2 + 1 + 1 + 2 + 2 + 2 + 1 planned doses taken; one skip (Fri), one missed (Sat).
    assert [week.count(state) for state in ("taken", "skipped", "missed", "extra", "due")] == [
        11,
        1,
        1,
        1,
        1,
    ]


def test_adherence_is_taken_over_planned_leaving_out_doses_still_due() -> None:
    week = summarize(JOURNAL, *WEEK, NOW)
    # Planned so far: 40 + 40 + 35 + 35 + 35 + 35 + 15 (Wed's 20:00 is due) = 235.
    # Taken: 40 + 20 + 15 + 40 (extra 5 included) + 35 + 30 + 15 = 195.
    assert week.planned == 235
    assert week.taken == 195
    assert week.adherence == pytest.approx(100 * 195 / 235)  # 82.98 %


def test_averages_over_the_days_with_a_check_in() -> None:
    week = summarize(JOURNAL, *WEEK, NOW)
    assert week.checkins == 5  # none on Sat or Wed
    assert week.average("spasticity") == pytest.approx(27 / 5)  # 4 + 5 + 9 + 5 + 4
    assert week.average("anxiety") == pytest.approx(22 / 5)  # 3 + 4 + 6 + 5 + 4
    assert week.average("sleep") == pytest.approx(5.0)  # 6 + 5 + 3 + 5 + 6
    assert week.average("mood") == pytest.approx(27 / 5)  # 7 + 6 + 3 + 5 + 6


def test_a_day_with_no_check_in_has_no_scores() -> None:
    saturday = Review(JOURNAL, NOW).day(d(21))
    assert saturday.checkin is None
    assert [saturday.score(name) for name in ("spasticity", "mood")] == [None, None]
    assert saturday.red_flags == ()


PARTLY_SCORED = replace(
    JOURNAL,
    checkins=(
        # Thu 19 without sleep; Mon 23 (fever) with no score at all.
        replace(JOURNAL.checkins[0], sleep=None),
        *JOURNAL.checkins[1:3],
        replace(JOURNAL.checkins[3], spasticity=None, anxiety=None, sleep=None, mood=None),
        JOURNAL.checkins[4],
    ),
)
"""The crafted week with two check-ins that left scores out (not recorded)."""


def test_a_score_not_recorded_is_no_figure_and_leaves_the_averages() -> None:
    week = summarize(PARTLY_SCORED, *WEEK, NOW)
    thursday, monday = week.days[0], week.days[4]
    assert [thursday.score(name) for name in SCORES] == [4, 3, None, 7]
    assert [monday.score(name) for name in SCORES] == [None, None, None, None]
    assert week.checkins == 5  # a check-in without scores is still a check-in
    assert week.average("spasticity") == pytest.approx(22 / 4)  # 4 + 5 + 9 + 4
    assert week.average("sleep") == pytest.approx(14 / 3)  # 5 + 3 + 6
    assert monday.red_flags == ("fever",)  # a missing score hides no red flag


def test_scores_all_not_recorded_have_no_average() -> None:
    only = replace(PARTLY_SCORED, checkins=(PARTLY_SCORED.checkins[3],))
    week = summarize(only, *WEEK, NOW)
    assert week.checkins == 1
    assert [week.average(name) for name in SCORES] == [None, None, None, None]


def test_the_taper_view_averages_only_the_scores_recorded() -> None:
    first, second, _ = (row.figures for row in Review(PARTLY_SCORED, NOW).taper())
    assert first.average("sleep") == pytest.approx(5.0)  # 19: not recorded, 20: 5
    assert second.average("spasticity") == pytest.approx(6.5)  # 22: 9, 23: none, 24: 4


def test_red_flag_days_come_from_the_check_in_rules() -> None:
    week = summarize(JOURNAL, *WEEK, NOW)
    assert [day.day for day in week.red_flag_days] == [d(22), d(23)]
    assert week.red_flag_days[0].red_flags == ("spasticity at 9 of 10",)
    assert week.red_flag_days[1].red_flags == ("fever",)


def test_breathing_minutes() -> None:
    week = summarize(JOURNAL, *WEEK, NOW)
    # Thu 300 s = 5 min; Sun 600 + 90 s = 690 s = 11 whole minutes.
    assert [day.breathing_minutes for day in week.days] == [5, 0, 0, 11, 0, 0, 0]
    assert (week.breathing_minutes, week.breathing_days) == (16, 2)


def test_a_step_change_mid_week_is_marked_with_its_new_total() -> None:
    days = summarize(JOURNAL, *WEEK, NOW).days
    starts = [(day.day, day.new_step.daily_total) for day in days if day.new_step]
    assert starts == [(d(21), 35.0)]
    assert [day.step_number for day in days] == [1, 1, 2, 2, 2, 2, 2]


def test_days_before_the_first_dose_entered_are_not_counted_against_the_plan() -> None:
    review = Review(JOURNAL, NOW)
    monday = review.day(d(16))
    assert (monday.planned, monday.recorded, monday.below_plan) == (40, False, False)
    assert monday.count("missed") == 0
    assert review.period(d(16), d(17)).adherence is None


def test_days_after_today_are_not_recorded() -> None:
    tomorrow = Review(JOURNAL, NOW).day(d(26))
    assert (tomorrow.planned, tomorrow.recorded, tomorrow.below_plan) == (35, False, False)


def test_an_empty_week() -> None:
    week = summarize(JOURNAL, d(2), d(8), NOW)  # before the plan and every record
    assert week.is_empty
    assert {(day.has_plan, day.planned) for day in week.days} == {(False, None)}
    assert len(week.days) == 7
    assert (week.planned, week.taken, week.adherence) == (0, 0, None)
    assert week.average("anxiety") is None
    assert (week.checkins, week.breathing_minutes, week.red_flag_days) == (0, 0, ())


def test_a_week_with_only_a_breathing_session_is_not_empty() -> None:
    journal = Journal(breathing=(breathing(3, 9, 120),))
    assert not summarize(journal, d(2), d(8), NOW).is_empty


def test_the_taper_view_has_a_row_per_step_with_its_days_so_far() -> None:
    rows = Review(JOURNAL, NOW).taper()
    assert [(row.number, row.first, row.last) for row in rows] == [
        (1, d(16), d(20)),
        (2, d(21), date(2026, 12, 4)),
        (3, date(2026, 12, 5), None),
    ]
    first, second, last = (row.figures for row in rows)
    # Step 1: 16 and 17 Nov not recorded; 18: 40/40, 19: 40/40, 20: 20/40 -> 100/120.
    assert (first.taken, first.planned) == (100, 120)
    assert first.average("spasticity") == pytest.approx(4.5)  # 19: 4, 20: 5
    assert first.red_flag_days == ()
    # Step 2, up to today: planned 35 * 4 + 15 = 155; taken 15 + 40 + 35 + 30 + 15 = 135.
    assert (second.taken, second.planned) == (135, 155)
    assert second.average("sleep") == pytest.approx(14 / 3)  # 3 + 5 + 6
    assert len(second.red_flag_days) == 2
    # The end step has not begun.
    assert (last.days, last.adherence) == ((), None)


def test_the_taper_view_without_a_plan_is_empty() -> None:
    assert Review(Journal(), NOW).taper() == ()


def test_a_review_reads_each_day_once() -> None:
    review = Review(JOURNAL, NOW)
    assert review.day(d(22)) is review.period(d(22), d(22)).days[0]


def test_a_period_of_one_day_and_a_reversed_one() -> None:
    assert len(summarize(JOURNAL, d(25), d(25), NOW).days) == 1
    assert summarize(JOURNAL, d(25), d(25) - timedelta(days=1), NOW).days == ()
