"""Entering and replacing the plan through the editor, checked in the saved file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input

from stepdown.domain.journal import Journal, Settings
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.dialogs.leave import LeavePrompt
from stepdown.ui.dialogs.step_form import StepForm
from stepdown.ui.screens.plan_editor import PlanEditor
from stepdown.ui.screens.today import TodayScreen
from tests.ui.helpers import JOURNAL, saved, write_journal
from tests.ui.test_themes import choose_in_palette


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
        await pilot.click("#yes")
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
        await pilot.press("p", "delete")
        await pilot.click("#yes")
        await pilot.press("escape")
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "The plan has changes that are not saved."
        await pilot.press("escape")  # keep editing
        assert isinstance(app.screen, PlanEditor)
        await pilot.press("escape")
        await pilot.click("#discard")
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


# Every way out of the plan editor (and of a step form over it) asks before it drops
# changes: escape, q, a section key, the palette's section commands.


def steps_shown(editor: PlanEditor) -> list[tuple[str, ...]]:
    """The step table's rows as text, top to bottom."""
    table = editor.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def remove_selected_step(pilot: Any) -> None:
    await pilot.press("delete")
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.click("#yes")


async def test_q_with_unsaved_steps_asks_and_keep_editing_or_discard_write_nothing(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p")
        editor = app.screen
        await remove_selected_step(pilot)
        await pilot.press("q")
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "The plan has changes that are not saved."
        await pilot.click("#keep")
        assert app.screen is editor
        assert len(steps_shown(editor)) == 5  # the change is still there to save
        assert app.is_running
        await pilot.press("q")
        await pilot.click("#discard")
        await pilot.pause()
        assert app.return_code == 0  # quit, as asked
    assert data_path.read_bytes() == before


async def test_q_then_save_saves_the_plan_then_quits(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p")
        await remove_selected_step(pilot)
        await pilot.press("q")
        await pilot.click("#save")
        await pilot.pause()
        assert app.return_code == 0
    data = saved(data_path)
    assert len(data["plan"]["steps"]) == 5
    assert len(data["plan_history"]) == 1


async def test_save_on_the_way_out_with_a_wrong_field_stays_and_says_why(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p")
        editor = app.screen
        editor.query_one("#prescriber", Input).value = ""
        await pilot.press("q")
        await pilot.click("#save")
        await pilot.pause()
        assert app.screen is editor
        assert app.is_running
        assert error_of(editor, "prescriber") == "Enter who gave you this plan."
        assert editor.focused is editor.query_one("#prescriber", Input)
    assert data_path.read_bytes() == before


async def test_a_section_key_with_changes_asks_and_discard_closes_the_editor(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    """Before, `w` left the editor open with its edits behind Today."""
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p")
        editor = app.screen
        await remove_selected_step(pilot)
        await pilot.press("w")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.press("escape")  # keep editing
        assert app.screen is editor
        assert app.current_mode == "today"
        await pilot.press("w")
        await pilot.click("#discard")
        await pilot.pause()
        assert app.current_mode == "week"
        await pilot.press("d")
        assert isinstance(app.screen, TodayScreen)  # the editor is closed, not hidden
        assert not editor.is_attached
    assert data_path.read_bytes() == before


async def test_the_palettes_section_command_with_changes_asks_first(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p")
        editor = app.screen
        await remove_selected_step(pilot)
        await choose_in_palette(pilot, "week")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.click("#keep")
        assert app.screen is editor
        assert data_path.read_bytes() == before
        await choose_in_palette(pilot, "week")
        await pilot.click("#save")
        await pilot.pause()
        assert app.current_mode == "week"
    assert len(saved(data_path)["plan"]["steps"]) == 5


async def test_without_changes_every_way_out_goes_at_once(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "w")
        assert app.current_mode == "week"
        await pilot.press("d")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("p", "a")  # a step form, nothing typed, over the editor
        assert isinstance(app.screen, StepForm)
        await pilot.press("escape", "q")
        await pilot.pause()
        assert app.return_code == 0
    assert data_path.read_bytes() == before


async def test_leave_then_asks_the_step_form_first_then_the_editor(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    """A step typed, then the app asked to go (as `q` or a section key would): the step
    form asks; saving puts the step in the plan, and the editor then asks in turn."""
    write_journal(data_path)
    app = make_app()
    gone: list[bool] = []
    async with app.run_test() as pilot:
        await pilot.press("p", "a")
        form = app.screen
        await fill(pilot, form, start="2027-01-10", times="", amounts="")
        app.leave_then(lambda: gone.append(True))
        await pilot.pause()
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "This step has changes not yet put in the plan."
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "The plan has changes that are not saved."
        assert not gone
        await pilot.click("#save")
        await pilot.pause()
        assert gone == [True]
        assert not form.is_attached
        assert isinstance(app.screen, TodayScreen)
    assert saved(data_path)["plan"]["steps"][-1] == {
        "start": date(2027, 1, 10),
        "times": [],
        "doses": [],
    }


async def test_the_palette_over_a_step_form_discarding_it_writes_nothing(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "up", "e")
        await fill(pilot, app.screen, amounts="10 5")
        # The form's fields take q as text: the palette is the way out from there.
        await choose_in_palette(pilot, "week")
        assert app.screen.question == "This step has changes not yet put in the plan."
        await pilot.click("#keep")
        assert isinstance(app.screen, StepForm)
        await choose_in_palette(pilot, "week")
        await pilot.click("#discard")
        await pilot.pause()
        assert app.current_mode == "week"  # the editor had no change of its own: it let go
        await pilot.press("d")
        assert isinstance(app.screen, TodayScreen)
    assert data_path.read_bytes() == before


async def test_escape_in_a_step_form_with_a_wrong_field_and_save_stays(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "a")
        form = app.screen
        await fill(pilot, form, start="2027-01-10", times="08:00", amounts="")
        await pilot.press("escape")
        await pilot.click("#save")
        await pilot.pause()
        assert app.screen is form
        assert "0 amounts for 1 times" in error_of(form, "amounts")


# A removed step is confirmed, naming it.


async def test_removing_a_step_asks_naming_it_and_keep_keeps_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "up", "delete")
        editor = app.screen_stack[-2]
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Remove the step of 12 Dec 2026: 08:00 10 mg, 20:00 10 mg?"
        await pilot.press("escape")
        assert app.screen is editor
        assert len(steps_shown(editor)) == 6
        assert not editor.changed
        await pilot.press("delete")
        await pilot.click("#yes")
        assert [row[0] for row in steps_shown(editor)] == [
            "4 Nov 2026",
            "11 Nov 2026",
            "18 Nov 2026",
            "28 Nov 2026",
            "30 Dec 2026",
        ]
        await pilot.press("down", "delete")  # the end of the taper
        assert app.screen.question == "Remove the step of 30 Dec 2026: the end of the taper?"


# A start date another step has is caught in the step form, as it is typed.


async def test_a_new_step_on_a_date_another_step_has_is_caught_as_typed(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "a")
        form = app.screen
        await pilot.press(*"2026-12-12")  # typed, not yet saved
        assert error_of(form, "start") == "Another step already starts on 12 Dec 2026."
        await fill(pilot, form, times="08:00", amounts="5")
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert form.focused is form.query_one("#start", Input)
        await pilot.press("backspace", "3")
        assert error_of(form, "start") == ""
        await pilot.press("ctrl+s")
        editor = app.screen
        assert isinstance(editor, PlanEditor)
        assert ("13 Dec 2026", "08:00 5 mg", "5 mg") in steps_shown(editor)


async def test_a_step_changed_keeps_its_own_date_but_not_a_neighbours(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "up", "e")
        form = app.screen
        await fill(pilot, form, amounts="10 5")
        assert error_of(form, "start") == ""
        await fill(pilot, form, start="2026-11-28")
        assert error_of(form, "start") == "Another step already starts on 28 Nov 2026."


async def test_a_step_copied_forward_onto_another_steps_date_is_caught(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "up", "up", "f")  # the step of 28 Nov, 14 days on is 12 Dec
        form = app.screen
        await fill(pilot, form, days="14", amounts="5 5 5")
        assert error_of(form, "days") == "Another step already starts on 12 Dec 2026."
        await pilot.press("ctrl+s")
        assert app.screen is form
        await fill(pilot, form, days="7")
        assert error_of(form, "days") == ""


async def test_the_steps_error_clears_as_soon_as_the_duplicate_is_removed(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    """A plan written by hand with two steps on one date: the error shown on save goes
    when one of them is removed, before the next save."""
    steps = JOURNAL.plan.steps
    twice = replace(JOURNAL.plan, steps=(*steps[:4], replace(steps[4], start=steps[3].start)))
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        # Such a file is refused when read, so the editor is given the plan directly.
        editor = PlanEditor(twice)
        await app.push_screen(editor)
        await pilot.press("ctrl+s")
        assert error_of(editor, "steps") == (
            "Step 5: 2026-11-28 is not after the step before (2026-11-28)."
        )
        editor.query_one(DataTable).focus()
        await remove_selected_step(pilot)
        assert error_of(editor, "steps") == ""
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, TodayScreen)


async def test_the_first_plans_steps_error_clears_when_a_step_is_added(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path, Journal(settings=Settings(emergency_number="911")))
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "ctrl+s")
        editor = app.screen
        assert "at least one step" in error_of(editor, "steps")
        editor.query_one(DataTable).focus()
        await pilot.press("a")
        await fill(pilot, app.screen, start="2026-11-18", times="08:00", amounts="20")
        await pilot.press("ctrl+s")
        assert error_of(editor, "steps") == ""


# Doses as time and amount pairs, and the step form's line saying what it means.


async def test_the_step_table_shows_each_dose_as_its_time_and_amount(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p")
        rows = steps_shown(app.screen)
        assert rows[1] == ("11 Nov 2026", "08:00 15 mg, 14:00 20 mg, 20:00 20 mg", "55 mg")
        assert rows[4] == ("12 Dec 2026", "08:00 10 mg, 20:00 10 mg", "20 mg")
        assert rows[5] == ("30 Dec 2026", "end of taper", "0")


async def test_the_step_form_says_what_the_typed_step_means_as_it_is_typed(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "a")
        form = app.screen
        summary = form.query_one("#step-summary")
        assert str(summary.render()) == (
            "Type when the step starts, its dose times and the amount at each."
        )
        await pilot.press(*"2026-12-10", "tab", *"08:00 20:00", "tab", *"10")
        assert str(summary.render()) == (
            "Amount at each: 1 amounts for 2 times: give one amount for each time."
        )
        assert summary.has_class("-problem")
        assert error_of(form, "amounts") == ""  # said beside the field only on save
        await pilot.press("space", "1", "5")
        assert str(summary.render()) == "From 10 Dec 2026: 08:00 10 mg, 20:00 15 mg · 25 mg a day"
        assert not summary.has_class("-problem")
        await fill(pilot, form, times="", amounts="")
        assert str(summary.render()) == "From 10 Dec 2026: no doses, the end of the taper"


async def test_a_problem_shown_on_save_clears_as_soon_as_it_is_fixed(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p", "a")
        form = app.screen
        await fill(pilot, form, start="2027-01-10", times="08:00 20:00", amounts="5")
        await pilot.press("ctrl+s")
        assert "1 amounts for 2 times" in error_of(form, "amounts")
        assert form.focused is form.query_one("#amounts", Input)
        await pilot.press("end", "space", "5")
        assert error_of(form, "amounts") == ""


async def test_at_60_columns_the_doses_break_between_pairs_and_the_day_total_stays_in_view(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        editor = app.screen
        rows = steps_shown(editor)
        assert rows[0] == ("4 Nov 2026", "08:00 20 mg, 14:00 20 mg,\n20:00 20 mg", "60 mg")
        assert rows[4] == ("12 Dec 2026", "08:00 10 mg, 20:00 10 mg", "20 mg")
        table = editor.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert steps_shown(editor)[0][1] == "08:00 20 mg, 14:00 20 mg, 20:00 20 mg"
