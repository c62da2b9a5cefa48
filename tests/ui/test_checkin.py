"""The check-in through the keys alone, checked in the file that was saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.widgets import Checkbox, Input, SelectionList, TextArea

from stepdown.clock import FixedClock
from stepdown.domain.journal import Checkin
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.leave import LeavePrompt
from stepdown.ui.screens.breathe import BreatheScreen
from stepdown.ui.screens.checkin import CheckinScreen
from stepdown.ui.screens.help import HelpScreen
from stepdown.ui.screens.help_now import HelpNowScreen
from stepdown.ui.screens.red_flag import RedFlagScreen
from stepdown.ui.screens.support import SupportScreen
from stepdown.ui.screens.today import TodayScreen
from stepdown.ui.screens.week import WeekScreen
from stepdown.ui.widgets.frame import AppFooter
from tests.ui.helpers import JOURNAL, NOW, saved, write_journal

DAY = NOW.date()
SAVED_BEFORE = Checkin(
    DAY,
    datetime(2026, 11, 25, 9, 30),
    spasticity=4,
    anxiety=3,
    sleep=6,
    mood=6,
    symptoms=("sweating",),
    coping=("breathing",),
    notes="Stiff in the morning.",
)


def saved_checkins(path: Path) -> list[dict[str, Any]]:
    return saved(path).get("checkins", [])


def error_of(screen: Any, name: str) -> str:
    return str(screen.query_one(f"#{name}-error").render())


def notes_of(app: StepdownApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def open_checkin(pilot: Any) -> CheckinScreen:
    await pilot.press("c")
    screen = pilot.app.screen
    assert isinstance(screen, CheckinScreen)
    return screen


async def type_scores(pilot: Any, *scores: str) -> None:
    """Type each score into its field, moving on with tab."""
    for score in scores:
        await pilot.press(*score, "tab")


async def test_fill_every_field_with_the_keys_and_save(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        assert "not filled in yet" in str(form.query_one("#checkin-title").render())
        await type_scores(pilot, "4", "3", "6")
        await pilot.press("right", "right", "right", "right", "right", "right", "right", "tab")
        await pilot.press("tab", "tab")  # hallucinations and seizure stay "no"
        await pilot.press("space", "down", "down", "down", "down", "space", "tab")
        await pilot.press("space", "down", "down", "space", "end", "space", "tab")
        assert app.focused is form.query_one(TextArea)
        await pilot.press(*"Stiff in the evening.", "enter", *"Walked [b]10 min[/b].")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, TodayScreen)
        assert "Check-in: done" in str(app.screen.query_one("#day").render())
        assert notes_of(app) == ["Saved for Wednesday 25 November 2026."]
    assert saved_checkins(data_path) == [
        {
            "date": DAY,
            "recorded_at": NOW,
            "spasticity": 4,
            "anxiety": 3,
            "sleep": 6,
            "mood": 6,
            "hallucinations": False,
            "seizure": False,
            "symptoms": ["sweating", "racing-heart"],
            "coping": ["breathing", "walking", "talked-to-someone"],
            "notes": "Stiff in the evening.\nWalked [b]10 min[/b].",
        }
    ]


async def test_a_day_with_a_checkin_opens_it_and_saving_replaces_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path, replace(JOURNAL, checkins=(SAVED_BEFORE,)))
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        assert "saved at 09:30" in str(form.query_one("#checkin-title").render())
        assert [form.query_one(f"#{n}", Input).value for n in ("spasticity", "anxiety")] == [
            "4",
            "3",
        ]
        assert form.query_one("#symptoms", SelectionList).selected == ["sweating"]
        assert form.query_one(TextArea).text == "Stiff in the morning."
        await pilot.press("tab", "right", "right", "right", "right", "ctrl+s")
        assert isinstance(app.screen, TodayScreen)
    assert saved_checkins(data_path) == [
        {
            "date": DAY,
            "recorded_at": NOW,
            "spasticity": 4,
            "anxiety": 7,
            "sleep": 6,
            "mood": 6,
            "hallucinations": False,
            "seizure": False,
            "symptoms": ["sweating"],
            "coping": ["breathing"],
            "notes": "Stiff in the morning.",
        }
    ]


async def test_anxiety_6_or_more_offers_a_breathing_session(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await type_scores(pilot, "2", "6", "5", "5")
        await pilot.press("ctrl+s")
        assert notes_of(app) == [
            "Saved for Wednesday 25 November 2026. Anxiety at 6 of 10: "
            "a guided breathing session may help. Press b."
        ]


async def test_a_wrong_score_is_named_beside_its_field_and_nothing_is_saved(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        await type_scores(pilot, "12", "3", "4.5")  # the dot is not typed: 45
        form.query_one("#mood", Input).value = "six"  # pasted: only digits are typed
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert error_of(form, "spasticity") == "Must be from 0 to 10, not 12."
        assert error_of(form, "anxiety") == ""
        assert error_of(form, "sleep") == "Must be from 0 to 10, not 45."
        assert error_of(form, "mood") == "Type a whole number from 0 to 10."
        assert app.focused is form.query_one("#spasticity")
        await pilot.press("left")  # 12 steps down into the scale: 10
        assert form.query_one("#spasticity", Input).value == "10"
    assert data_path.read_bytes() == before


async def test_blank_scores_are_not_recorded_and_written_as_no_key(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await type_scores(pilot, "", "4")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, TodayScreen)
    [checkin] = saved_checkins(data_path)
    assert checkin["anxiety"] == 4
    assert not {"spasticity", "sleep", "mood"} & checkin.keys()


async def test_keys_that_are_not_digits_reach_the_app_from_a_score(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        assert app.focused is form.query_one("#spasticity")
        await pilot.press("a", "exclamation_mark")
        assert isinstance(app.screen, HelpNowScreen)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert form.query_one("#spasticity", Input).value == ""
        await pilot.press("w")  # nothing typed: the section key goes at once
        assert isinstance(app.screen, WeekScreen)


async def test_escape_with_changes_asks_and_keep_editing_stays(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        await pilot.press("5", "escape")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.press("escape")  # keep editing
        assert app.screen is form
        assert form.query_one("#spasticity", Input).value == "5"
        await pilot.press("escape", "tab", "tab", "enter")  # Keep editing is the third button
        assert app.screen is form
    assert data_path.read_bytes() == before


async def test_discard_leaves_without_saving_and_the_form_opens_empty_again(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await pilot.press("5", "tab", "tab", "tab", "tab", "space")  # ticks hallucinations
        await pilot.press("d")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.press("tab", "enter")  # Discard
        assert isinstance(app.screen, TodayScreen)
        form = await open_checkin(pilot)
        assert form.query_one("#spasticity", Input).value == ""
        assert form.query_one("#hallucinations", Checkbox).value is False
    assert data_path.read_bytes() == before


async def test_save_from_the_prompt_saves_then_goes_where_asked(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await type_scores(pilot, "1", "2", "7", "8")
        await pilot.press("d")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.press("enter")  # Save, the button in focus
        assert isinstance(app.screen, TodayScreen)
    assert [(c["spasticity"], c["mood"]) for c in saved_checkins(data_path)] == [(1, 8)]


async def test_save_from_the_prompt_with_a_wrong_score_stays_on_the_form(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        await pilot.press("5", "tab", "1", "1", "tab", "tab", "tab", "q")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.press("enter")
        assert app.screen is form
        assert error_of(form, "anxiety") == "Must be from 0 to 10, not 11."
    assert saved_checkins(data_path) == []


async def test_quit_with_changes_asks_and_discard_quits(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await pilot.press("5", "tab", "tab", "tab", "tab", "q")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.press("tab", "enter")
        assert not app.is_running
    assert data_path.read_bytes() == before


async def test_without_changes_keys_leave_at_once(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
        await open_checkin(pilot)
        await pilot.press("tab", "tab", "tab", "tab", "q")  # from the hallucinations box
        assert not app.is_running


async def test_letters_typed_in_the_notes_are_text(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        form.query_one(TextArea).focus()
        await pilot.press(*"dizzy, sick; quit?")
        assert app.screen is form
        assert form.query_one(TextArea).text == "dizzy, sick; quit?"


async def test_a_red_flag_saves_then_alerts_until_understood_and_today_shows_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await type_scores(pilot, "5", "9", "3", "2")
        await pilot.press("tab", "space", "ctrl+s")  # a seizure
        alert = app.screen
        assert isinstance(alert, RedFlagScreen)
        assert [(c["seizure"], c["anxiety"]) for c in saved_checkins(data_path)] == [(True, 9)]
        why = str(alert.query_one("#red-flag-why").render())
        assert why == "Your check-in records a seizure and anxiety at 9 of 10."
        assert "911" in str(alert.query_one("#red-flag-card").query_one("#emergency-number").value)
        await pilot.press("escape", "q", "d", "x", "space", "tab", "ctrl+s")
        assert app.screen is alert
        await pilot.press("enter")
        today = app.screen
        assert isinstance(today, TodayScreen)
        banner = str(today.query_one("#red-flag").render())
        assert banner == (
            "⚠ Seek medical attention now. Emergency number: 911. "
            "Your check-in records a seizure and anxiety at 9 of 10."
        )


async def test_a_red_flag_alone_saves_and_alerts_whatever_else_is_blank(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        form.query_one("#seizure", Checkbox).focus()
        await pilot.press("space", "ctrl+s")
        alert = app.screen
        assert isinstance(alert, RedFlagScreen)
        assert str(alert.query_one("#red-flag-why").render()) == (
            "Your check-in records a seizure."
        )
    [checkin] = saved_checkins(data_path)
    assert checkin["seizure"] is True
    assert not {"spasticity", "anxiety", "sleep", "mood"} & checkin.keys()


async def test_a_red_flag_saves_without_a_wrong_score_and_the_alert_names_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        await type_scores(pilot, "10", "", "77")
        form.query_one("#symptoms", SelectionList).select("confusion")
        await pilot.press("ctrl+s")
        alert = app.screen
        assert isinstance(alert, RedFlagScreen)
        assert str(alert.query_one("#red-flag-why").render()) == (
            "Your check-in records confusion and spasticity at 10 of 10."
        )
        left_out = str(alert.query_one("#red-flag-left-out").render())
        assert left_out == "Not saved: Sleep quality (not a score from 0 to 10)."
    [checkin] = saved_checkins(data_path)
    assert (checkin["spasticity"], checkin["symptoms"]) == (10, ["confusion"])
    assert "sleep" not in checkin


async def test_a_red_flag_with_high_anxiety_offers_breathing_and_b_goes_there(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await type_scores(pilot, "2", "9")
        await pilot.press("ctrl+s")
        alert = app.screen
        assert isinstance(alert, RedFlagScreen)
        offer = str(alert.query_one("#red-flag-breathing").render())
        assert offer == "Anxiety at 9 of 10: a guided breathing session may help. Press b."
        footer = " ".join(alert.query_one(AppFooter).line(80).plain.split())
        assert footer == "⏎ I understand s Support: whom to call b Breathe"
        await pilot.press("b")
        assert isinstance(app.screen, BreatheScreen)
    assert [c["anxiety"] for c in saved_checkins(data_path)] == [9]


async def test_the_alerts_s_goes_to_support_and_without_high_anxiety_b_does_nothing(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_checkin(pilot)
        await type_scores(pilot, "9", "2")
        await pilot.press("ctrl+s")
        alert = app.screen
        assert isinstance(alert, RedFlagScreen)
        assert not alert.query("#red-flag-breathing")
        await pilot.press("b")
        assert app.screen is alert
        await pilot.press("s")
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("c")  # the check-in was saved: it opens with what was saved
        form = app.screen
        assert isinstance(form, CheckinScreen)
        assert form.query_one("#spasticity", Input).value == "9"


async def test_an_earlier_day_opened_by_date_is_saved_in_its_place(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path, replace(JOURNAL, checkins=(SAVED_BEFORE,)))
    app = make_app()
    answers: list[bool | None] = []
    async with app.run_test() as pilot:
        monday = date(2026, 11, 23)
        app.push_screen(CheckinScreen(monday), answers.append)
        await pilot.pause()
        form = app.screen
        assert "Monday 23 November 2026 · not filled in yet" in str(
            form.query_one("#checkin-title").render()
        )
        await type_scores(pilot, "2", "2", "8", "8")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, TodayScreen)
        assert answers == [True]
    assert [(c["date"], c["recorded_at"]) for c in saved_checkins(data_path)] == [
        (date(2026, 11, 23), NOW),
        (DAY, datetime(2026, 11, 25, 9, 30)),
    ]


async def test_a_section_chosen_in_the_palette_asks_too(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        await pilot.press("5", "ctrl+p", *"Today", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LeavePrompt)
        await pilot.press("escape")
        assert app.screen is form


async def test_past_midnight_the_form_moves_on_unless_it_holds_changes(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        await type_scores(pilot, "1", "2", "3", "4")
        clock.at = NOW + timedelta(days=1)
        app.check_day()
        await pilot.pause()
        assert "Wednesday 25 November" in str(form.query_one("#checkin-title").render())
        await pilot.press("ctrl+s")  # saved for the day it was filled in
        await open_checkin(pilot)
        assert "Thursday 26 November 2026 · not filled in yet" in str(
            form.query_one("#checkin-title").render()
        )
    assert [(c["date"], c["recorded_at"]) for c in saved_checkins(data_path)] == [
        (DAY, NOW + timedelta(days=1))
    ]


async def test_closing_help_returns_to_the_same_field_with_the_changes_kept(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        form = await open_checkin(pilot)
        await pilot.press("7", "tab", "tab", "tab", "tab", "question_mark", "escape")
        assert app.screen is form
        assert app.focused is form.query_one("#hallucinations")
        assert form.query_one("#spasticity", Input).value == "7"
        await pilot.press("escape", "escape")  # the prompt, then keep editing
        assert app.focused is form.query_one("#hallucinations")
