"""Entering and replacing the plan through the editor, checked in the saved file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from textual.widgets import Input

from stepdown.domain.journal import Journal, Settings
from stepdown.ui.app import StepdownApp
from stepdown.ui.screens.confirm import ConfirmScreen
from stepdown.ui.screens.plan_editor import PlanEditor
from stepdown.ui.screens.step_form import StepForm
from stepdown.ui.screens.today import TodayScreen
from tests.ui.helpers import saved, write_journal


def error_of(screen: Any, name: str) -> str:
    return str(screen.query_one(f"#{name}-error").render())


async def fill(pilot: Any, screen: Any, **values: str) -> None:
    for name, value in values.items():
        screen.query_one(f"#{name}", Input).value = value
    await pilot.pause()


async def test_enter_a_first_plan_with_a_mistake_then_fix_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path, Journal(settings=Settings(emergency_number="911")))
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p")
        editor = app.screen
        assert isinstance(editor, PlanEditor)
        await pilot.press("ctrl+s")
        assert "who gave you this plan" in error_of(editor, "prescriber")
        assert "at least one step" in error_of(editor, "steps")
        await fill(pilot, editor, prescriber="Dr. Ana Rivera [b]", approved="2026-11-18")
        editor.query_one("#step-table").focus()
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, StepForm)
        await fill(pilot, form, start="2026-11-18", times="08:00 20:00", amounts="20")
        await pilot.press("ctrl+s")
        assert "1 amounts for 2 times" in error_of(form, "amounts")
        await fill(pilot, form, amounts="20 20")
        await pilot.press("ctrl+s")
        assert app.screen is editor
        await pilot.press("f")  # copy forward: the times stay, the amounts are typed
        form = app.screen
        assert form.query_one("#amounts", Input).value == ""
        await fill(pilot, form, days="7", amounts="15 20")
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, TodayScreen)
        plan = str(app.screen.query_one("#plan").render()).splitlines()
        assert "Step 2 of 2: 35 mg a day (started at 40 mg)" in plan
    plan = saved(data_path)["plan"]
    assert plan["prescriber"] == "Dr. Ana Rivera [b]"
    assert plan["approved_on"] == date(2026, 11, 18)
    assert plan["steps"] == [
        {"start": date(2026, 11, 18), "times": [time(8), time(20)], "doses": [20.0, 20.0]},
        {"start": date(2026, 11, 25), "times": [time(8), time(20)], "doses": [15.0, 20.0]},
    ]
    assert "plan_history" not in saved(data_path)


async def test_replacing_the_plan_keeps_the_old_one(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    old = saved(data_path)["plan"]
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p")
        editor = app.screen
        await pilot.press("delete")  # the end of the taper
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, TodayScreen)
    data = saved(data_path)
    assert len(data["plan"]["steps"]) == len(old["steps"]) - 1
    assert data["plan_history"] == [{"replaced_at": datetime(2026, 11, 25, 15, 0), **old}]
    assert editor.is_attached is False


async def test_leaving_with_changes_asks_first(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "delete", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep editing
        assert isinstance(app.screen, PlanEditor)
        await pilot.press("escape")
        await pilot.click("#yes")
        assert isinstance(app.screen, TodayScreen)
    assert data_path.read_bytes() == before


async def test_a_plan_that_stops_suddenly_is_cautioned_but_allowed(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path, Journal(settings=Settings(emergency_number="911")))
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p")
        editor = app.screen
        await fill(pilot, editor, prescriber="Dr. Ana Rivera")
        editor.query_one("#step-table").focus()
        for start, times, amounts in (("2026-11-18", "08:00", "60"), ("2026-11-25", "", "")):
            await pilot.press("a")
            await fill(pilot, app.screen, start=start, times=times, amounts=amounts)
            await pilot.press("ctrl+s")
        assert "Stopping suddenly" in str(editor.query_one("#sudden-stop").render())
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, TodayScreen)
        assert "Stopping suddenly" in str(app.screen.query_one("#plan").render())
    assert len(saved(data_path)["plan"]["steps"]) == 2


async def test_enter_on_a_step_opens_it_to_change(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "up", "enter")
        form = app.screen
        assert isinstance(form, StepForm)
        assert form.query_one("#start", Input).value == "2026-12-12"
        await fill(pilot, form, amounts="10 5")
        await pilot.press("ctrl+s", "ctrl+s")
        assert isinstance(app.screen, TodayScreen)
    assert saved(data_path)["plan"]["steps"][-2]["doses"] == [10.0, 5.0]
