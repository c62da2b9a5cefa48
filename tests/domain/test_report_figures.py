"""The report's figures over months of doses recorded before the plan, worked out by hand.

The patient kept the journal at a steady 30 + 30 mg (08:00 and 20:00) from Tue 1 Sep
2026, entering nothing on Sat 10 and Sun 11 Oct. The plan began on Mon 16 Nov: 50 mg
(25 + 25) for 14 days, then 40 mg (20 + 20) from Mon 30 Nov. "Now" is Thu 3 Dec 2026
at 15:00: the 08:00 dose is past, the 20:00 one still due. The report asked for runs
from Sun 1 Nov to Wed 9 Dec.

| days          | plan | taken                  | mg   |                         |
| ------------- | ---- | ---------------------- | ---- | ----------------------- |
| 1 - 15 Nov    | none | 30 + 30                | 60   | 15 days, 30 doses, 900  |
| 16 - 29 Nov   | 50   | 25 + 25                | 50   | but for the three below |
| Fri 20 Nov    | 50   | 25 + 25, +10 extra     | 60 ▲ |                         |
| Sat 21 Nov    | 50   | 25, skipped            | 25 ▼ |                         |
| Sun 22 Nov    | 50   | 30 (of 25) + 25        | 55 ▲ |                         |
| Mon 30 Nov    | 40   | 25 + 25 (of 20 + 20)   | 50 ▲ | not stepping down       |
| Tue 1 Dec     | 40   | 20 + 20                | 40   |                         |
| Wed 2 Dec     | 40   | 20, missed             | 20 ▼ |                         |
| Thu 3 Dec     | 40   | 20, 20:00 due          | 20   | today                   |
| 4 - 9 Dec     |      |                        |      | after today: left out   |

Planned: 14 * 50 = 700, then 40 + 40 + 40 + 20 (today's 20:00 still due) = 140: 840.
Taken: 14 * 50 + 10 - 25 + 5 = 690, then 50 + 40 + 20 + 20 = 130: 820 (97.6 %).
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.doses import skipped, taken
from stepdown.domain.journal import Checkin, DoseEntry, Journal, Plan, Settings, Step
from stepdown.domain.report import render, tables
from stepdown.domain.report.contents import Report, build_report
from stepdown.domain.report.csv import COLUMNS, FORMULA_STARTS
from stepdown.domain.week import Review

NOW = datetime(2026, 12, 3, 15, 0)
AM, PM = time(8), time(20)
FIRST, ASKED_LAST = date(2026, 11, 1), date(2026, 12, 9)
PLAN_START = date(2026, 11, 16)

PLAN = Plan(
    prescriber="Dr. Ana Rivera",
    approved_on=date(2026, 11, 10),
    steps=(
        Step(PLAN_START, (AM, PM), (25.0, 25.0)),
        Step(date(2026, 11, 30), (AM, PM), (20.0, 20.0)),
    ),
)


def on(day: date, slot: time, amount: float) -> DoseEntry:
    return taken(day, slot, amount, datetime.combine(day, slot))


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


def nov(day: int) -> date:
    return date(2026, 11, day)


def dec(day: int) -> date:
    return date(2026, 12, day)


STEADY = tuple(
    on(day, slot, 30.0)
    for day in days(date(2026, 9, 1), nov(15))
    if day not in (date(2026, 10, 10), date(2026, 10, 11))
    for slot in (AM, PM)
)
STEP_ONE = tuple(
    on(day, slot, 25.0)
    for day in days(PLAN_START, nov(29))
    if day not in (nov(21), nov(22))
    for slot in (AM, PM)
)
JOURNAL = Journal(
    settings=Settings(emergency_number="911"),
    plan=PLAN,
    doses=(
        *STEADY,
        *STEP_ONE,
        taken(nov(20), None, 10.0, datetime(2026, 11, 20, 14)),
        on(nov(21), AM, 25.0),
        skipped(nov(21), PM, "forgot them at work"),
        on(nov(22), AM, 30.0),
        on(nov(22), PM, 25.0),
        on(nov(30), AM, 25.0),
        on(nov(30), PM, 25.0),
        on(dec(1), AM, 20.0),
        on(dec(1), PM, 20.0),
        on(dec(2), AM, 20.0),
        on(dec(3), AM, 20.0),
    ),
    checkins=tuple(
        Checkin(day, datetime.combine(day, time(21)), 5, 4, 6, 6, notes=note)
        for day, note in (
            (nov(5), '=HYPERLINK("http://x")'),
            (nov(18), "+1 spasms"),
            (nov(25), "-"),
            (dec(2), "@home"),
            (dec(3), "\tfine"),
        )
    ),
)


def summary_of(built: Report) -> dict[str, str]:
    """The summary table's rows by their label."""
    return dict(tables.summary(built.period, "mg").rows)


def summary() -> dict[str, str]:
    return summary_of(build_report(JOURNAL, FIRST, ASKED_LAST, NOW))


def test_the_period_is_cut_at_today() -> None:
    built = build_report(JOURNAL, FIRST, ASKED_LAST, NOW)
    assert (built.first, built.last, built.asked_last) == (FIRST, dec(3), ASKED_LAST)
    assert len(built.period.days) == 30 + 3  # 1 - 30 Nov, 1 - 3 Dec
    assert tables.title(built) == "Stepdown report: 1 Nov 2026 to 3 Dec 2026"
    assert (
        "The period asked for ran to 9 Dec 2026; days after today (3 Dec 2026) are left out."
        in tables.intro(built, "1.0")
    )
    # Five check-ins in the 33 days; the 6 days after today are no days without one.
    assert summary()["Check-ins"] == "5 of 33 days"


def test_a_period_that_ends_by_today_says_nothing_of_a_cut() -> None:
    built = build_report(JOURNAL, nov(20), nov(26), NOW)
    assert (built.last, built.asked_last) == (nov(26), nov(26))
    assert "left out" not in tables.intro(built, "1.0")


def test_a_period_wholly_after_today_has_no_days_and_says_why() -> None:
    built = build_report(JOURNAL, dec(7), dec(13), NOW)
    assert built.period.days == ()
    assert tables.title(built) == "Stepdown report: 7 Dec 2026 to 13 Dec 2026 (not yet begun)"
    assert (
        "The period asked for, 7 Dec 2026 to 13 Dec 2026, lies after today (3 Dec 2026): "
        "no day of it can have been recorded yet." in tables.intro(built, "1.0")
    )
    assert summary_of(built)["Adherence"] == "— (no doses recorded in this period)"
    for form in ("md", "csv"):
        assert render(built, form)


def test_adherence_counts_only_the_days_with_a_plan() -> None:
    figures = build_report(JOURNAL, FIRST, ASKED_LAST, NOW).period
    assert (figures.planned, figures.taken, figures.plan_days) == (840, 820, 18)
    assert figures.adherence == pytest.approx(100 * 820 / 840)
    assert summary()["Adherence"] == (
        "97% (820 of 840 mg planned, on the 18 days recorded with a plan)"
    )


def test_doses_before_the_plan_are_counted_apart_and_never_extra() -> None:
    rows = summary()
    # Against the plan: 14 * 2 - 1 (Sat 21's skip) = 27 slots taken in step 1, and
    # 2 + 2 + 1 + 1 = 6 in step 2; Fri 20's 10 mg is the one extra dose.
    assert rows["Doses"] == (
        "On the days with a plan: 33 taken, 1 skipped, 1 missed, 1 extra, 1 due"
    )
    assert rows["Doses with no plan in force"] == (
        "30 doses taken (900 mg) on 15 days; not counted in adherence"
    )


def test_days_below_and_above_plan() -> None:
    rows = summary()
    assert rows["Days below plan"] == "2: Sat 21 Nov, Wed 2 Dec"
    assert rows["Days above plan"] == "3: Fri 20 Nov, Sun 22 Nov, Mon 30 Nov"


def test_a_day_taken_at_more_than_its_plan_is_above_it() -> None:
    """50 mg planned, 60 taken: once 'Days below plan: none, Adherence 102%', unflagged."""
    journal = replace(JOURNAL, doses=(on(nov(18), AM, 30.0), on(nov(18), PM, 30.0)))
    day = Review(journal, NOW).day(nov(18))
    assert (day.planned, day.taken, day.above_plan, day.below_plan) == (50, 60, True, False)
    built = build_report(journal, nov(18), nov(18), NOW)
    assert summary_of(built)["Days above plan"] == "1: Wed 18 Nov"
    assert summary_of(built)["Days below plan"] == "none"
    assert tables.days(built.period, "mg").rows[0][2] == "60 (above plan)"


def test_the_days_table_shows_no_plan_as_a_dash() -> None:
    rows = tables.days(build_report(JOURNAL, nov(14), nov(16), NOW).period, "mg").rows
    assert [row[:4] for row in rows] == [
        ("Sat 14 Nov", "—", "60", "2 taken, no plan"),
        ("Sun 15 Nov", "—", "60", "2 taken, no plan"),
        ("Mon 16 Nov", "50 (step 1 starts)", "50", "2 taken"),
    ]


def test_a_journal_without_any_plan() -> None:
    journal = replace(JOURNAL, plan=None)
    rows = summary_of(build_report(journal, nov(1), nov(7), NOW))
    assert rows["Adherence"] == "— (no plan was in force on the days recorded)"
    assert rows["Doses with no plan in force"] == (
        "14 doses taken (420 mg) on 7 days; not counted in adherence"
    )
    assert rows["Days below plan"] == rows["Days above plan"] == "none"


# CSV, read back as a spreadsheet would


def read_back() -> dict[str, dict[str, str]]:
    text = render(build_report(JOURNAL, FIRST, ASKED_LAST, NOW), "csv")
    header, *lines = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(header) == COLUMNS
    return {line[0]: dict(zip(header, line, strict=True)) for line in lines}


def test_csv_adds_above_plan_at_the_end() -> None:
    assert COLUMNS[-1] == "above_plan"
    assert COLUMNS[:-1][-2:] == ("breathing_minutes", "notes")  # the columns before it keep


def test_csv_leaves_planned_empty_on_a_day_with_no_plan() -> None:
    rows = read_back()
    before = rows["2026-11-05"]
    assert (before["recorded"], before["planned"], before["taken"]) == ("yes", "", "60")
    assert (before["below_plan"], before["above_plan"], before["step"]) == ("", "", "")
    assert [before[f"doses_{s}"] for s in ("taken", "skipped", "missed", "due", "extra")] == [
        "2",
        "",
        "",
        "",
        "",
    ]
    fri, sat, mon = rows["2026-11-20"], rows["2026-11-21"], rows["2026-11-30"]
    assert (fri["planned"], fri["taken"], fri["above_plan"], fri["doses_extra"]) == (
        "50",
        "60",
        "yes",
        "1",
    )
    assert (sat["below_plan"], sat["above_plan"]) == ("yes", "no")
    assert (mon["planned"], mon["taken"], mon["above_plan"]) == ("40", "50", "yes")
    assert max(rows) == "2026-12-03"  # cut at today
    assert len(rows) == 33


def test_csv_no_cell_starts_a_formula() -> None:
    rows = read_back()
    cells = [cell for row in rows.values() for cell in row.values()]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert rows["2026-11-05"]["notes"] == '\'=HYPERLINK("http://x")'
    assert rows["2026-12-03"]["notes"] == "'\tfine"


# Whatever was taken before the plan, the figures measured against it do not move.

before_plan = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=75),  # days before the plan's first step
        st.sampled_from([AM, PM, time(13)]),
        st.sampled_from([5.0, 12.5, 30.0, 60.0]),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(before_plan)
def test_no_dose_before_the_plan_moves_adherence_or_the_plan_days(
    doses: list[tuple[int, time, float]],
) -> None:
    # The first dose entered stays 1 Sep, so the same days are recorded either way.
    plain = replace(JOURNAL, doses=tuple(e for e in JOURNAL.doses if e.date >= PLAN_START))
    plain = replace(plain, doses=(on(date(2026, 9, 1), AM, 30.0), *plain.doses))
    extra = tuple(on(PLAN_START - timedelta(n), slot, amount) for n, slot, amount in doses)
    more = replace(plain, doses=(*plain.doses, *extra))
    a, b = (build_report(j, date(2026, 9, 1), ASKED_LAST, NOW).period for j in (plain, more))
    assert (a.planned, a.taken, a.adherence) == (b.planned, b.taken, b.adherence)
    for state in ("taken", "skipped", "missed", "due", "extra"):
        assert a.count(state) == b.count(state)
    assert [d.day for d in a.below_plan_days] == [d.day for d in b.below_plan_days]
    assert [d.day for d in a.above_plan_days] == [d.day for d in b.above_plan_days]
    assert b.without_plan.doses == a.without_plan.doses + len(extra)
    assert b.without_plan.taken == pytest.approx(a.without_plan.taken + sum(x for *_, x in doses))


def test_days_with_no_plan_and_no_dose_are_counted_as_such() -> None:
    # October: 31 days recorded, nothing entered on the 10th and 11th: 29 * 2 doses of 30.
    rows = summary_of(build_report(JOURNAL, date(2026, 10, 1), date(2026, 10, 31), NOW))
    assert rows["Doses with no plan in force"] == (
        "58 doses taken (1740 mg) on 29 of 31 days; not counted in adherence"
    )
    assert rows["Adherence"] == "— (no plan was in force on the days recorded)"


def test_the_intro_keeps_the_medication_as_typed() -> None:
    journal = Journal(settings=Settings(medication="MS Contin"), plan=PLAN)
    report = build_report(journal, NOW.date(), NOW.date(), NOW)
    assert tables.intro(report, "1.0").startswith("MS Contin taper;")
