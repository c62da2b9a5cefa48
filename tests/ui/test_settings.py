"""Settings: opened with `,` or from the palette; each one saved at once and checked,
with the problem beside its field; checked in the file that was saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, Select, Static

from stepdown.domain.rules import grace_problem
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.leave import LeavePrompt
from stepdown.ui.screens.breathe import BreatheScreen
from stepdown.ui.screens.help import HelpScreen
from stepdown.ui.screens.invalid_file import InvalidFileScreen
from stepdown.ui.screens.settings import SettingsScreen
from stepdown.ui.screens.settings_fields import GRACE_CHOICES
from stepdown.ui.screens.today import TodayScreen
from tests.ui.helpers import JOURNAL, saved, write_journal
from tests.ui.test_themes import choose_in_palette


def saved_settings(path: Path) -> dict[str, Any]:
    return saved(path)["settings"]


def error_beside(app: StepdownApp, name: str) -> str:
    error = app.screen.query_one(f"#{name}-error", Static)
    return str(error.render()) if error.has_class("-shown") else ""


async def type_into(pilot: Pilot[None], name: str, text: str) -> None:
    """Replace what field `name` holds with `text`, typed, then press enter."""
    field = pilot.app.screen.query_one(f"#{name}", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text, "enter")


async def open_settings(pilot: Pilot[None]) -> None:
    await pilot.press("comma")
    assert isinstance(pilot.app.screen, SettingsScreen)


async def test_comma_shows_the_saved_settings_and_escape_goes_back(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        screen = app.screen
        assert screen.query_one("#medication", Input).value == "baclofen"
        assert screen.query_one("#unit", Input).value == "mg"
        assert screen.query_one("#emergency_number", Input).value == "911"
        assert screen.query_one("#bell", Checkbox).value is False
        assert screen.query_one("#breathing_pattern", Select).value == "box"
        assert screen.query_one("#breathing_minutes", Select).value == 5
        assert screen.query_one("#theme", Select).value == "stepdown-calm"
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_settings_go_back_to_the_section_they_were_opened_from(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("b")
        await choose_in_palette(pilot, "settings")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, BreatheScreen)


async def test_the_help_screen_lists_the_settings_key(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {key: words for key, words, _ in app.screen.rows}
        assert keys[","] == "Settings: medication, emergency number, breathing, theme, reminders"


async def test_typed_settings_are_saved_on_enter(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        await type_into(pilot, "medication", " Lioresal ")
        await type_into(pilot, "unit", "ml")
        await type_into(pilot, "emergency_number", "112")
        assert app.screen.query_one("#medication", Input).value == "Lioresal"
        assert str(app.screen.query_one("#settings-saved", Static).render()) == (
            "Saved: emergency number."
        )
    settings = saved_settings(data_path)
    assert (settings["medication"], settings["unit"], settings["emergency_number"]) == (
        "Lioresal",
        "ml",
        "112",
    )


async def test_a_typed_setting_is_saved_when_the_field_is_left(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        app.screen.query_one("#unit", Input).focus()
        await pilot.press("backspace", "backspace", *"mcg", "tab")
        await pilot.pause()
        assert saved_settings(data_path)["unit"] == "mcg"


async def test_an_empty_emergency_number_is_refused_with_a_message(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        await type_into(pilot, "emergency_number", "")
        assert error_beside(app, "emergency_number") == "Enter a phone number."
        await type_into(pilot, "emergency_number", "nine one one")
        assert error_beside(app, "emergency_number") == "Use digits, spaces and + - ( ) only."
        assert saved_settings(data_path)["emergency_number"] == "911"
        await type_into(pilot, "emergency_number", "999")
        assert error_beside(app, "emergency_number") == ""
    assert saved_settings(data_path)["emergency_number"] == "999"


async def test_an_empty_medication_or_a_long_unit_is_refused(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        await type_into(pilot, "medication", "")
        await type_into(pilot, "unit", "milligrams each")
        assert error_beside(app, "medication") == "Name the medication."
        assert error_beside(app, "unit") == "Keep it to 12 characters, like mg or ml."
    settings = saved_settings(data_path)
    assert (settings["medication"], settings["unit"]) == ("baclofen", "mg")


async def test_leaving_with_a_wrong_field_asks_and_discard_keeps_the_saved_value(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        await type_into(pilot, "emergency_number", "")
        await pilot.press("escape")
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "Emergency number not saved: Enter a phone number."
        await pilot.press("escape")  # keep editing
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.focused is app.screen.query_one("#emergency_number", Input)
        await pilot.press("escape")
        await pilot.click("#discard")
        assert isinstance(app.screen, TodayScreen)
        await open_settings(pilot)
        assert app.screen.query_one("#emergency_number", Input).value == "911"
    assert saved_settings(data_path)["emergency_number"] == "911"


async def test_leaving_with_a_typed_setting_not_saved_asks_and_save_saves_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        field = app.screen.query_one("#medication", Input)
        field.focus()
        await pilot.press("end", *" XL", "d")  # typed into the field; then d is text too
        assert field.value == "baclofen XLd"
        await pilot.press("backspace", "escape")
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "Medication not saved yet: baclofen XL"
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert saved_settings(data_path)["medication"] == "baclofen XL"


async def test_leaving_with_a_typed_setting_and_discard_writes_nothing(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        field = app.screen.query_one("#unit", Input)
        field.focus()
        await pilot.press("backspace", "backspace", *"ml", "escape")
        await pilot.click("#keep")
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.focused is field
        assert field.value == "ml"
        await pilot.press("escape")
        await pilot.click("#discard")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await open_settings(pilot)
        assert app.screen.query_one("#unit", Input).value == "mg"
    assert data_path.read_bytes() == before


async def test_the_palette_with_a_typed_setting_not_saved_asks_first(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        app.screen.query_one("#emergency_number", Input).focus()
        await pilot.press("end", "backspace", "2")
        await choose_in_palette(pilot, "week")
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "Emergency number not saved yet: 912"
        await pilot.click("#keep")
        assert isinstance(app.screen, SettingsScreen)
        assert data_path.read_bytes() == before
        await choose_in_palette(pilot, "week")
        await pilot.click("#save")
        await pilot.pause()
        assert app.current_mode == "week"
    assert saved_settings(data_path)["emergency_number"] == "912"


async def test_a_click_on_the_section_bar_with_a_typed_setting_not_saved_asks_first(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        app.screen.query_one("#medication", Input).focus()
        await pilot.press("end", *" XL")
        await pilot.click("AppHeader", offset=(3, 0))  # the first tab: Today
        await pilot.pause()
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "Medication not saved yet: baclofen XL"
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert saved_settings(data_path)["medication"] == "baclofen XL"


async def test_q_and_a_section_key_leave_the_settings_when_everything_is_saved(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        app.screen.query_one("#bell", Checkbox).focus()  # not a text field: keys reach the app
        await pilot.press("w")
        assert app.current_mode == "week"
        await open_settings(pilot)
        app.screen.query_one("#bell", Checkbox).focus()
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
    assert data_path.read_bytes() == before


async def test_bell_and_reduced_motion_are_saved_when_ticked(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        bell = app.screen.query_one("#bell", Checkbox)
        assert str(bell.render()).startswith("▐ ▌")  # empty, whatever the colours
        await pilot.click("#bell")
        assert str(bell.render()).startswith("▐X▌")
        app.screen.query_one("#reduced_motion", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert saved_settings(data_path)["bell"] is True
        assert saved_settings(data_path)["reduced_motion"] is True
        assert app.animation_level == "none"
        await pilot.press("space")
        await pilot.pause()
        assert saved_settings(data_path)["reduced_motion"] is False
        assert app.animation_level != "none"


async def choose(pilot: Pilot[None], name: str, *keys: str) -> None:
    """Open the choice `name` with enter, move with `keys`, and take it with enter."""
    pilot.app.screen.query_one(f"#{name}", Select).focus()
    await pilot.press("enter", *keys, "enter")
    await pilot.pause()


async def test_breathing_pattern_and_length_are_saved_when_chosen(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        await choose(pilot, "breathing_pattern", "down")
        await choose(pilot, "breathing_minutes", "down", "down", "down")
        assert app.screen.query_one("#breathing_minutes", Select).value == 0
    settings = saved_settings(data_path)
    assert (settings["breathing_pattern"], settings["breathing_minutes"]) == ("4-7-8", 0)


async def test_a_theme_chosen_in_settings_shows_at_once_and_is_saved(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        await choose(pilot, "theme", "down")  # Stepdown's own come first
        assert app.theme == "stepdown-contrast"
        assert app.screen.styles.background.hex == "#000000"
        assert saved_settings(data_path)["theme"] == "stepdown-contrast"
        assert str(app.screen.query_one("#settings-saved", Static).render()) == "Saved: theme."


async def test_a_theme_picked_in_the_palette_shows_in_the_settings(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        await choose_in_palette(pilot, "theme", "stepdown-daylight")
        assert app.screen.query_one("#theme", Select).value == "stepdown-daylight"
    assert saved_settings(data_path)["theme"] == "stepdown-daylight"


async def test_settings_changed_elsewhere_show_when_they_are_opened_again(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        await pilot.press("escape")
        app.record(lambda journal: journal.with_settings(breathing_minutes=10, unit="ml"))
        await open_settings(pilot)
        assert app.screen.query_one("#breathing_minutes", Select).value == 10
        assert app.screen.query_one("#unit", Input).value == "ml"


async def test_a_hand_written_setting_on_two_lines_is_an_error_named_with_its_key(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    """A medication is one line (a calendar's title is made of it): a file with two is
    shown as a file with errors, naming the key, and is not changed."""
    write_journal(
        data_path, replace(JOURNAL, settings=replace(JOURNAL.settings, medication="bac\nlofen"))
    )
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InvalidFileScreen)
        assert any("settings.medication" in str(error) for error in app.store.errors)
    assert data_path.read_bytes() == before


async def test_a_choice_marks_the_option_chosen_without_colour(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        minutes = app.screen.query_one("#breathing_minutes", Select)
        listed = minutes.query_one(OptionList)
        lines = [str(listed.get_option_at_index(i).prompt) for i in range(4)]
        assert lines == ["○ 1 min", "○ 3 min", "● 5 min", "○ 10 min"]
        minutes.focus()
        await pilot.press("enter", "down", "enter")  # 10 min chosen
        lines = [str(listed.get_option_at_index(i).prompt) for i in range(4)]
        assert lines[2:] == ["○ 5 min", "● 10 min"]
        # What the closed choice shows, by its type's name: Textual does not export it.
        shown = minutes.query_one("SelectCurrent").query_one(Static)
        assert str(shown.render()).strip() == "● 10 min"
    assert saved_settings(data_path)["breathing_minutes"] == 10


async def test_the_reports_folder_is_typed_checked_saved_and_emptied_back_to_the_default(
    make_app: Callable[[], StepdownApp],
    data_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "documents"))
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        field = app.screen.query_one("#reports_folder", Input)
        assert field.value == ""
        assert field.placeholder == str(tmp_path / "documents" / "Stepdown")

        await type_into(pilot, "reports_folder", "Reports")
        assert error_beside(app, "reports_folder").startswith("Must be a full path")
        assert "reports_folder" not in saved_settings(data_path)

        await type_into(pilot, "reports_folder", "~/Reports")
        assert error_beside(app, "reports_folder") == ""
        assert saved_settings(data_path)["reports_folder"] == "~/Reports"

        await type_into(pilot, "reports_folder", "")
        assert "reports_folder" not in saved_settings(data_path)
        assert app.journal.settings.reports_folder is None


async def test_the_second_reminder_is_saved_when_chosen(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        grace = app.screen.query_one("#reminder_grace_minutes", Select)
        assert grace.value == 30
        await choose(pilot, "reminder_grace_minutes", "down", "down")  # 30, 45, 60
        assert saved_settings(data_path)["reminder_grace_minutes"] == 60
        assert str(app.screen.query_one("#settings-saved", Static).render()) == (
            "Saved: second reminder."
        )
        await choose(pilot, "reminder_grace_minutes", "home")
        shown = grace.query_one("SelectCurrent").query_one(Static)
        assert str(shown.render()).strip() == "● none, one reminder only"
    assert saved_settings(data_path)["reminder_grace_minutes"] == 0


async def test_a_hand_written_grace_period_is_offered_as_chosen(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    """A file's 20 minutes is none of the periods on offer: it is shown chosen, in its
    place among them, and nothing is saved by showing it."""
    settings = replace(JOURNAL.settings, reminder_grace_minutes=20)
    write_journal(data_path, replace(JOURNAL, settings=settings))
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_settings(pilot)
        grace = app.screen.query_one("#reminder_grace_minutes", Select)
        listed = grace.query_one(OptionList)
        lines = [str(listed.get_option_at_index(i).prompt) for i in range(2, 5)]
        assert lines == [
            "○ 15 min later if not recorded",
            "● 20 min later if not recorded",
            "○ 30 min later if not recorded",
        ]
        assert grace.value == 20
    assert data_path.read_bytes() == before


async def test_the_push_url_is_saved_on_enter_or_when_left_and_emptied_to_none(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "push_url", " ntfy://ana-doses ")
        assert saved_settings(data_path)["push_url"] == "ntfy://ana-doses"
        assert app.screen.query_one("#push_url", Input).value == "ntfy://ana-doses"
        assert str(app.screen.query_one("#settings-saved", Static).render()) == ("Saved: push URL.")
        await pilot.press("end", *"-2", "tab")
        await pilot.pause()
        assert saved_settings(data_path)["push_url"] == "ntfy://ana-doses-2"
        assert app.screen.focused is app.screen.query_one("#push_details", Checkbox)
        await type_into(pilot, "push_url", "")
        assert error_beside(app, "push_url") == ""
    assert saved_settings(data_path).get("push_url", "") == ""
    assert app.journal.settings.push_url == ""


async def test_a_push_url_that_is_not_one_shows_its_problem_and_saves_nothing(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "push_url", "ana-secret-topic")
        problem = error_beside(app, "push_url")
        assert problem == ("Must be a URL such as ntfy://your-topic, of at most 2,000 characters.")
        assert app.screen.focused is app.screen.query_one("#push_url", Input)
        assert data_path.read_bytes() == before
        await pilot.press("escape")  # the question names the problem, never the URL
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == f"Push URL not saved: {problem}"
        await pilot.click("#discard")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert data_path.read_bytes() == before


async def test_push_details_are_saved_when_ticked(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        details = app.screen.query_one("#push_details", Checkbox)
        assert str(details.render()).startswith("▐ ▌")
        details.focus()
        await pilot.press("space")
        await pilot.pause()
        assert saved_settings(data_path)["push_details"] is True
        assert str(app.screen.query_one("#settings-saved", Static).render()) == (
            "Saved: push details."
        )
        await pilot.press("space")
        await pilot.pause()
    assert saved_settings(data_path).get("push_details", False) is False


async def test_leaving_with_a_push_url_not_saved_asks_without_repeating_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    """A push URL may hold a token: the question says it is not saved, not what it is."""
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        app.screen.query_one("#push_url", Input).focus()
        await pilot.press(*"ntfy://tk_secret@ana")
        await pilot.press("escape")
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "Push URL not saved yet."
        await pilot.click("#keep")
        assert data_path.read_bytes() == before
        app.screen.query_one("#unit", Input).value = "ml"
        await pilot.press("escape")
        assert app.screen.question == "Not saved yet: unit, push URL."
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    settings = saved_settings(data_path)
    assert (settings["unit"], settings["push_url"]) == ("ml", "ntfy://tk_secret@ana")


def test_every_second_reminder_on_offer_is_one_the_file_accepts() -> None:
    assert [minutes for minutes in GRACE_CHOICES if grace_problem(minutes)] == []
