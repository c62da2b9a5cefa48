"""Every dose in the report: the per-dose table and the doses CSV, on a crafted journal.

The plan: 20 + 20 mg at 08:00 and 20:00 from Mon 16 Nov 2026. The first dose entered
is on Mon 23 Nov; "now" is Wed 25 Nov at 15:00.

| day    | 08:00                         | 20:00                        | extra           |
| ------ | ----------------------------- | ---------------------------- | --------------- |
| Mon 23 | 15 at 09:40 ("ran out")       | skipped ("felt sick")        | -               |
| Tue 24 | missed                        | 20 at 00:30 on Wed 25        | 5 at 16:00      |
| Wed 25 | 20 at 08:00                   | due                          | -               |
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

from stepdown.domain.doses import skipped, taken
from stepdown.domain.journal import DoseEntry, Journal, Plan, Settings, Step
from stepdown.domain.report import dose_csv
from stepdown.domain.report.contents import build_report
from stepdown.domain.report.dose_detail import DOSE_LEGEND, dose_table
from stepdown.domain.week import Review

NOW = datetime(2026, 11, 25, 15, 0)
AM, PM = time(8), time(20)
PLAN = Plan(prescriber="Dr. Ana Rivera", steps=(Step(date(2026, 11, 16), (AM, PM), (20.0, 20.0)),))


def d(day: int) -> date:
    return date(2026, 11, day)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute)


JOURNAL = Journal(
    settings=Settings(emergency_number="911"),
    plan=PLAN,
    doses=(
        taken(d(23), AM, 15.0, at(23, 9, 40), "ran out"),
        skipped(d(23), PM, "felt sick"),
        taken(d(24), PM, 20.0, at(25, 0, 30)),
        taken(d(24), None, 5.0, at(24, 16)),
        taken(d(25), AM, 20.0, at(25, 8)),
    ),
)


def rows(journal: Journal = JOURNAL, first: int = 20, last: int = 25) -> list[tuple[str, ...]]:
    return list(dose_table(Review(journal, NOW).period(d(first), d(last)), "mg").rows)


def test_header_names_the_unit() -> None:
    table = dose_table(Review(JOURNAL, NOW).period(d(23), d(25)), "mg")
    assert table.header == (
        "Date",
        "Planned time",
        "Planned (mg)",
        "Status",
        "Time taken",
        "Taken (mg)",
        "Reason or note",
    )


def test_one_row_per_dose_as_recorded() -> None:
    # Days before the first dose entered (20 to 22 Nov) are not recorded: no rows.
    assert rows() == [
        ("Mon 23 Nov", "08:00", "20", "taken", "09:40", "15", "ran out"),
        ("Mon 23 Nov", "20:00", "20", "skipped", "—", "—", "felt sick"),
        ("Tue 24 Nov", "08:00", "20", "missed", "—", "—", "—"),
        ("Tue 24 Nov", "—", "—", "extra", "16:00", "5", "—"),
        ("Tue 24 Nov", "20:00", "20", "taken", "25 Nov 2026 00:30", "20", "—"),
        ("Wed 25 Nov", "08:00", "20", "taken", "08:00", "20", "—"),
        ("Wed 25 Nov", "20:00", "20", "due", "—", "—", "—"),
    ]


def test_a_skip_at_a_time_the_plan_does_not_have_says_so() -> None:
    odd = DoseEntry(d(25), "skipped", slot=time(12), note="plan changed")
    journal = Journal(settings=JOURNAL.settings, plan=PLAN, doses=(*JOURNAL.doses, odd))
    assert ("Wed 25 Nov", "—", "—", "skipped (not planned)", "—", "—", "plan changed") in rows(
        journal
    )


def test_without_a_plan_every_dose_is_extra() -> None:
    journal = Journal(settings=JOURNAL.settings, doses=(taken(d(24), None, 5.0, at(24, 16)),))
    assert rows(journal) == [("Tue 24 Nov", "—", "—", "extra", "16:00", "5", "—")]


def test_no_rows_after_today() -> None:
    later = rows(first=26, last=30)
    assert later == []


def test_the_legend_names_every_status() -> None:
    for state in ("taken", "skipped", "missed", "due", "extra"):
        assert state in DOSE_LEGEND
    assert "2 hours" in DOSE_LEGEND


# The doses CSV


def csv_rows(journal: Journal, first: int = 20, last: int = 25) -> list[dict[str, str]]:
    report = build_report(journal, d(first), d(last), NOW)
    return list(csv.DictReader(io.StringIO(dose_csv.render(report), newline="")))


def test_the_doses_csv_has_the_tables_rows() -> None:
    rows = csv_rows(JOURNAL)
    assert len(rows) == len(dose_table(Review(JOURNAL, NOW).period(d(20), d(25)), "mg").rows)
    late = rows[4]
    assert (late["date"], late["planned_time"], late["taken_at"]) == (
        "2026-11-24",
        "20:00",
        "2026-11-25T00:30",
    )
    assert [row["status"] for row in rows] == [
        "taken",
        "skipped",
        "missed",
        "extra",
        "taken",
        "taken",
        "due",
    ]
    assert {row["step"] for row in rows} == {"1"}


def test_a_skip_at_a_time_the_plan_does_not_have_is_skipped_with_no_plan() -> None:
    odd = DoseEntry(d(25), "skipped", slot=time(12), note="plan changed")
    journal = Journal(settings=JOURNAL.settings, plan=PLAN, doses=(*JOURNAL.doses, odd))
    [row] = [row for row in csv_rows(journal) if row["note"] == "plan changed"]
    assert (row["status"], row["planned_time"], row["planned"], row["taken"]) == (
        "skipped",
        "",
        "",
        "",
    )


def test_doses_before_the_plan_have_no_step() -> None:
    journal = Journal(settings=JOURNAL.settings, doses=(taken(d(24), None, 5.0, at(24, 16)),))
    [row] = csv_rows(journal)
    assert (row["status"], row["planned"], row["step"], row["unit"]) == ("extra", "", "", "mg")
