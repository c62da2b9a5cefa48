"""The week section through its keys, on the crafted week of tests/domain/test_week.py.

"Now" is Wed 25 Nov 2026 at 15:00, as in tests/ui/helpers.py. The figures asserted
here are worked out by hand in tests/domain/test_week.py's table.
"""

from __future__ import annotations

import io
import tomllib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from stepdown.domain.doses import taken
from stepdown.domain.journal import Journal, Plan, Step
from stepdown.ui.app import StepdownApp
from stepdown.ui.screens.checkin import CheckinScreen
from stepdown.ui.screens.week import WeekScreen
from stepdown.ui.screens.week_day import WeekDayScreen
from stepdown.ui.screens.week_taper import TaperScreen
from tests.domain.test_week import JOURNAL, PARTLY_SCORED
from tests.ui.helpers import write_journal

App = Callable[[], StepdownApp]


def text_of(screen: Any, selector: str) -> str:
    """What the Static at `selector` shows, as plain text (a rich table laid out at 76)."""
    content = screen.query_one(selector, Static).content
    if isinstance(content, str | Text):
        return str(content)
    console = Console(width=76, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


def rows_of(screen: Any, table: str) -> list[list[str]]:
    """Each row's cells as text, without the selection's mark (see marks_of)."""
    grid = screen.query_one(table, DataTable)
    rows = [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]
    return [[first[2:], *rest] for first, *rest in rows]


def marks_of(screen: Any, table: str) -> str:
    """The first character of each row: "›" on the selected one, a blank on the others."""  # noqa: RUF002
    grid = screen.query_one(table, DataTable)
    return "".join(str(grid.get_row_at(i)[0])[0] for i in range(grid.row_count))


async def open_week(pilot: Any) -> WeekScreen:
    await pilot.press("w")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WeekScreen)
    return screen


async def test_w_shows_the_seven_days_ending_today(make_app: App, data_path: Path) -> None:
    write_journal(data_path, JOURNAL)
    async with make_app().run_test() as pilot:
        week = await open_week(pilot)
        assert "Thu 19 Nov to Wed 25 Nov 2026 · the 7 days ending today" in text_of(
            week, "#week-title"
        )
        rows = rows_of(week, "#week-table")
        assert [row[0] for row in rows] == [
            f"{day} {n}"
            for day, n in zip(
                ("Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"), range(19, 26), strict=True
            )
        ]
        # Plan, taken (▼ below plan), doses, scores, red flag, breathing.
        assert rows[0] == ["Thu 19", "40", "40", "✓2", "4", "3", "6", "7", "", "5 min"]
        assert rows[1][:4] == ["Fri 20", "40", "20 ▼", "✓1 –1"]
        assert rows[2][:4] == ["Sat 21", "▶35", "15 ▼", "✓1 !1"]
        assert rows[2][4:8] == ["—", "—", "—", "—"]  # no check-in
        assert rows[3][2:] == ["40 ▲", "✓2 +1", "9", "6", "3", "3", "⚠", "11 min"]
        assert rows[6][:4] == ["Wed 25", "35", "15", "✓1 ·1"]
        assert week.query_one(DataTable).cursor_row == 6  # today


async def test_the_weeks_totals_and_trends(make_app: App, data_path: Path) -> None:
    write_journal(data_path, JOURNAL)
    async with make_app().run_test() as pilot:
        week = await open_week(pilot)
        totals = text_of(week, "#week-totals")
        assert "Adherence 82%: 195 of 235 mg" in totals
        assert "11 taken · 1 skipped · 1 missed · 1 extra" in totals
        assert "Below plan: 3 days" in totals
        assert "Above plan: 1 day" in totals  # Sun: 40 of 35 mg
        assert "Check-ins: 5 of 7 days" in totals
        assert "Red-flag days: 2 ⚠" in totals
        # The breathing minutes are in the trends, beside the totals.
        assert text_of(week, "#trends").splitlines()[-1].endswith("16 min")
        # The dose trend leaves out today, whose 20:00 dose is still due.
        trends = text_of(week, "#trends").splitlines()
        # A bar a day from the week's lowest to its highest, none on a day without a figure:
        # doses 40 20 15 40 35 30 and none today; spasticity 4 5 (none) 9 5 4 (none).
        assert trends[0] == "Dose       ██▂▂▁▁██▇▇▅▅   15–40 mg"
        assert trends[1] == "Spasticity ▁▁▂▂  ██▂▂▁▁   avg 5.4"


async def test_brackets_move_a_week_and_t_comes_back(make_app: App, data_path: Path) -> None:
    write_journal(data_path, JOURNAL)
    async with make_app().run_test() as pilot:
        week = await open_week(pilot)
        await pilot.press("right_square_bracket")  # nothing lies after today
        assert week.weeks_back == 0
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "Thu 5 Nov to Wed 11 Nov 2026 · 2 weeks back" in text_of(week, "#week-title")
        assert "Nothing recorded on these 7 days" in text_of(week, "#week-totals")
        await pilot.press("right_square_bracket")
        assert "Thu 12 Nov to Wed 18 Nov 2026 · 1 week back" in text_of(week, "#week-title")
        # Before the first dose entered (18 Nov), days are not counted against the plan.
        assert rows_of(week, "#week-table")[4][:4] == ["Mon 16", "▶40", "—", "not logged"]
        assert rows_of(week, "#week-table")[6][:4] == ["Wed 18", "40", "40", "✓2"]
        await pilot.press("t")
        assert week.weeks_back == 0
        assert "the 7 days ending today" in text_of(week, "#week-title")


async def test_enter_opens_the_day_in_full(make_app: App, data_path: Path) -> None:
    write_journal(data_path, JOURNAL)
    async with make_app().run_test() as pilot:
        await open_week(pilot)
        await pilot.press("up", "up", "up", "enter")  # Sun 22
        day = pilot.app.screen
        assert isinstance(day, WeekDayScreen)
        assert "Sunday 22 November 2026 · plan step 2: 35 mg a day" in text_of(day, "#day-title")
        doses = text_of(day, "#day-dose-rows")
        assert "✓ taken at 08:00, 15 mg" in doses
        assert "+ extra at 16:00, 5 mg" in doses and "spasms in the afternoon" in doses
        assert "Taken 40 of 35 mg planned" in text_of(day, "#day-dose-total")
        assert "⚠ Red flags: spasticity at 9 of 10." in text_of(day, "#day-flags")
        checkin = text_of(day, "#day-checkin-body")
        assert "Spasticity 9 · Anxiety 6 · Sleep quality 3 · Mood 3" in checkin
        assert "What helped: deep breathing" in checkin
        assert "Notes: <b>Bad night</b> & spasms" in checkin  # literal, not markup
        sessions = text_of(day, "#day-sessions")
        assert "10:00  10 min of 10 min, completed" in sessions
        assert "22:00  1 min 30 s of 1 min 30 s, completed" in sessions
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, WeekScreen)


async def test_c_on_a_day_fills_in_its_check_in(make_app: App, data_path: Path) -> None:
    write_journal(data_path, JOURNAL)
    async with make_app().run_test() as pilot:
        await open_week(pilot)
        await pilot.press("up", "up", "up", "up", "enter")  # Sat 21: no check-in
        day = pilot.app.screen
        assert "No check-in for this day. Press c to fill it in." in text_of(
            day, "#day-checkin-body"
        )
        await pilot.press("c")
        form = pilot.app.screen
        assert isinstance(form, CheckinScreen)
        assert form.shown_day.isoformat() == "2026-11-21"
        for name, value in (("spasticity", "6"), ("anxiety", "4"), ("sleep", "5"), ("mood", "6")):
            form.query_one(f"#{name}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is day
        assert "Spasticity 6 · Anxiety 4 · Sleep quality 5 · Mood 6" in text_of(
            day, "#day-checkin-body"
        )
        await pilot.press("escape")
        assert rows_of(pilot.app.screen, "#week-table")[2][4:8] == ["6", "4", "5", "6"]
    saved = tomllib.loads(data_path.read_text(encoding="utf-8"))["checkins"]
    assert [str(entry["date"]) for entry in saved] == [
        "2026-11-19",
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
        "2026-11-23",
        "2026-11-24",
    ]


async def test_v_shows_the_taper_view(make_app: App, data_path: Path) -> None:
    write_journal(data_path, JOURNAL)
    async with make_app().run_test() as pilot:
        await open_week(pilot)
        await pilot.press("v")
        taper = pilot.app.screen
        assert isinstance(taper, TaperScreen)
        assert text_of(taper, "#taper-source") == "From Dr. Ana Rivera, approved on 10 Nov 2026."
        rows = rows_of(taper, "#taper-table")
        assert rows == [
            ["1", "16 Nov–20 Nov", "40", "4.5", "3.5", "5.5", "6.5", "83%", "0"],
            ["2", "21 Nov–4 Dec", "35", "6.0", "5.0", "4.7", "4.7", "87%", "⚠ 2"],
            ["3", "from 5 Dec", "0", "—", "—", "—", "—", "—", "—"],
        ]
        assert taper.query_one(DataTable).cursor_row == 1  # the step in force
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, WeekScreen)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the app writes reports: Stepdown/ in the user's documents folder, in tmp."""
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "documents"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "documents" / "Stepdown"


async def test_r_writes_the_report_of_the_week_on_screen(
    make_app: App, data_path: Path, documents: Path
) -> None:
    write_journal(data_path, JOURNAL)
    app = make_app()
    async with app.run_test() as pilot:
        await open_week(pilot)
        await pilot.press("left_square_bracket", "r")
        await pilot.pause()
        written = documents / "stepdown-report-2026-11-12-to-2026-11-18.html"
        assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert str(written) in str(app.screen.query_one("#exported-path", Static).render())


async def test_the_palettes_export_uses_the_past_week_elsewhere(
    make_app: App, data_path: Path, documents: Path
) -> None:
    write_journal(data_path, JOURNAL)
    app = make_app()
    async with app.run_test() as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Week" in titles and "Export report" in titles
        app.action_export_report()
        await pilot.pause()
    written = documents / "stepdown-report-2026-11-19-to-2026-11-25.html"
    assert "Stepdown report: 19 Nov 2026 to 25 Nov 2026" in written.read_text(encoding="utf-8")


async def test_an_empty_journal_has_an_empty_week(make_app: App, data_path: Path) -> None:
    write_journal(data_path, Journal())
    async with make_app().run_test() as pilot:
        week = await open_week(pilot)
        assert "Nothing recorded on these 7 days" in text_of(week, "#week-totals")
        assert text_of(week, "#trends").splitlines()[0] == "Dose" + " " * 22 + "not recorded"
        await pilot.press("v")
        assert "No plan yet" in text_of(pilot.app.screen, "#taper-source")


async def test_the_selected_day_and_step_are_marked_without_colour(
    make_app: App, data_path: Path
) -> None:
    write_journal(data_path, JOURNAL)
    async with make_app().run_test() as pilot:
        week = await open_week(pilot)
        assert marks_of(week, "#week-table") == "      ›"  # today, the last row
        await pilot.press("up", "up")
        assert marks_of(week, "#week-table") == "    ›  "
        await pilot.press("left_square_bracket")  # another week: the same weekday
        assert marks_of(week, "#week-table") == "    ›  "
        await pilot.press("t", "v")
        taper = pilot.app.screen
        assert marks_of(taper, "#taper-table") == " › "  # the step in force
        await pilot.press("down")
        assert marks_of(taper, "#taper-table") == "  ›"


async def test_a_score_not_recorded_shows_as_a_dash(make_app: App, data_path: Path) -> None:
    write_journal(data_path, PARTLY_SCORED)  # Thu 19 without sleep; Mon 23 with no score
    async with make_app().run_test() as pilot:
        week = await open_week(pilot)
        rows = rows_of(week, "#week-table")
        assert rows[0][4:8] == ["4", "3", "—", "7"]
        assert rows[4][4:9] == ["—", "—", "—", "—", "⚠"]  # fever is still a red flag
        trends = text_of(week, "#trends").splitlines()
        assert trends[1] == "Spasticity ▁▁▂▂  ██  ▁▁   avg 5.5"  # 4 5 - 9 - 4 -
        assert trends[3].endswith("avg 4.7")  # sleep: 5 3 6
        await pilot.press("up", "up", "enter")  # Mon 23
        checkin = text_of(pilot.app.screen, "#day-checkin-body")
        assert "Spasticity — · Anxiety — · Sleep quality — · Mood —" in checkin


async def test_a_week_whose_check_ins_left_a_score_out_says_not_recorded(
    make_app: App, data_path: Path
) -> None:
    no_mood = tuple(replace(checkin, mood=None) for checkin in JOURNAL.checkins)
    write_journal(data_path, replace(JOURNAL, checkins=no_mood))
    async with make_app().run_test() as pilot:
        week = await open_week(pilot)
        mood = text_of(week, "#trends").splitlines()[4]
        assert mood == "Mood" + " " * 22 + "not recorded"
        await pilot.press("v")
        assert [row[6] for row in rows_of(pilot.app.screen, "#taper-table")] == ["—"] * 3


# A week that begins before the plan: steady 30 + 30 mg from Thu 19 to Sun 22, then the
# plan's first step, 50 mg (25 + 25), from Mon 23. Tue 24: 30 + 30 taken, 60 of 50.
STEADY, STEP = (time(8), time(20)), Step(date(2026, 11, 23), (time(8), time(20)), (25.0, 25.0))
BEFORE_THE_PLAN = Journal(
    settings=JOURNAL.settings,
    plan=Plan(prescriber="Dr. Ana Rivera", approved_on=date(2026, 11, 20), steps=(STEP,)),
    doses=(
        *(
            taken(date(2026, 11, day), slot, 30.0, datetime.combine(date(2026, 11, day), slot))
            for day in (19, 20, 21, 22)
            for slot in STEADY
        ),
        *(
            taken(date(2026, 11, 23), slot, 25.0, datetime.combine(date(2026, 11, 23), slot))
            for slot in STEADY
        ),
        *(
            taken(date(2026, 11, 24), slot, 30.0, datetime.combine(date(2026, 11, 24), slot))
            for slot in STEADY
        ),
        taken(date(2026, 11, 25), time(8), 25.0, datetime(2026, 11, 25, 8)),
    ),
)


async def test_a_day_before_the_plan_shows_no_plan_and_a_day_above_it_a_rising_mark(
    make_app: App, data_path: Path
) -> None:
    write_journal(data_path, BEFORE_THE_PLAN)
    async with make_app().run_test() as pilot:
        week = await open_week(pilot)
        rows = rows_of(week, "#week-table")
        # Thu to Sun: no plan in force, "—", not 0; the doses taken, not "extra".
        assert [row[1:4] for row in rows[:4]] == [["—", "60", "✓2"]] * 4
        assert rows[4][1:4] == ["▶50", "50", "✓2"]
        assert rows[5][1:4] == ["50", "60 ▲", "✓2"]  # above plan, by a symbol
        assert rows[6][1:4] == ["50", "25", "✓1 ·1"]
        totals = text_of(week, "#week-totals")
        # Mon 50 + Tue 60 + Wed 25 of 50 + 50 + 25 (Wed's 20:00 still due): 135 of 125.
        assert "Adherence 108%: 135 of 125 mg" in totals
        assert "5 taken · 0 skipped · 0 missed" in totals
        assert "extra" not in totals
        assert "No plan: 8 doses, 240 mg" in totals
        assert "Below plan: 0 days" in totals
        assert "Above plan: 1 day" in totals
        assert "▲ above plan" in text_of(week, "#week-legend")
        await pilot.press("up", "enter")  # Tue 24
        assert "Taken 60 of 50 mg planned · ▲ above plan" in text_of(
            pilot.app.screen, "#day-dose-total"
        )
        await pilot.press("escape", "up", "up", "up", "enter")  # Sat 21
        day = pilot.app.screen
        assert "plan step" not in text_of(day, "#day-title")
        assert "Taken 60 mg; no plan was in force on this day." in text_of(day, "#day-dose-total")
        doses = text_of(day, "#day-dose-rows")
        assert "✓ taken at 08:00, 30 mg" in doses and "extra" not in doses


async def test_i_asks_the_app_for_the_calendar(make_app: App, data_path: Path) -> None:
    write_journal(data_path, JOURNAL)
    async with make_app().run_test() as pilot:
        week = await open_week(pilot)
        binding = next(b for b in week.BINDINGS if isinstance(b, Binding) and b.key == "i")
        assert (binding.action, binding.description) == ("app.export_calendar", "Calendar")
