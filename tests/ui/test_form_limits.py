"""Forms refuse what the file would refuse: dates outside 1900..2200, amounts over
10,000; and a bidi control typed into a field is not saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from stepdown.domain.journal import Journal, Settings
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.dose_form import DoseForm
from stepdown.ui.dialogs.step_form import StepForm
from stepdown.ui.screens.plan_editor import PlanEditor
from tests.ui.helpers import write_journal


def error_of(screen: object, name: str) -> str:
    return str(screen.query_one(f"#{name}-error").render())  # type: ignore[attr-defined]


async def test_a_step_on_year_1_is_refused_beside_its_field_and_nothing_saved(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path, Journal(settings=Settings(emergency_number="911")))
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("p")
        editor = app.screen
        assert isinstance(editor, PlanEditor)
        editor.query_one("#step-table").focus()
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, StepForm)
        form.query_one("#start", Input).value = "0001-01-01"
        form.query_one("#times", Input).value = "08:00"
        form.query_one("#amounts", Input).value = "20"
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "between 1900-01-01 and 2200-12-31" in error_of(form, "start")
        await pilot.press("escape")
    assert data_path.read_bytes() == before


async def test_an_extra_dose_of_1e308_is_refused_and_nothing_saved(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("plus")
        form = app.screen
        assert isinstance(form, DoseForm)
        form.query_one("#amount", Input).value = "1e308"
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "10,000 or less" in error_of(form, "amount")
        await pilot.press("escape")
    assert data_path.read_bytes() == before


async def test_a_bidi_control_typed_in_a_dose_note_is_not_saved(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("plus")
        form = app.screen
        assert isinstance(form, DoseForm)
        form.query_one("#amount", Input).value = "5"
        form.query_one("#note", Input).value = "spasms \u202edesab"
        await pilot.press("ctrl+s")
        assert app.screen is not form
    assert "\u202e" not in data_path.read_text(encoding="utf-8")
    assert 'note = "spasms desab"' in data_path.read_text(encoding="utf-8")
