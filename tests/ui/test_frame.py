"""The app's frame through Pilot: first-run welcome, invalid file, help, the day moving on."""

from __future__ import annotations

import errno
import tomllib
from collections.abc import Callable
from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet
from textual.widgets import Static

from stepdown.clock import FixedClock
from stepdown.store import files
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.screens.help import HelpScreen
from stepdown.ui.screens.invalid_file import InvalidFileScreen
from stepdown.ui.screens.today import TodayScreen
from stepdown.ui.screens.welcome import WelcomeScreen
from stepdown.ui.widgets.dose_list import DoseList
from stepdown.ui.widgets.frame import AppFooter, AppHeader
from tests.ui.helpers import JOURNAL, NOW, write_journal


async def test_welcome_writes_nothing_until_the_user_starts(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("1", "1", "2")
        assert not data_path.exists()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    saved = tomllib.loads(data_path.read_text(encoding="utf-8"))
    assert saved["schema"] == 1
    assert saved["settings"]["emergency_number"] == "112"
    assert saved["settings"]["medication"] == "baclofen"
    assert saved["settings"]["unit"] == "mg"


async def test_welcome_refuses_to_start_without_an_emergency_number(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        error = app.screen.query_one("#emergency-error", Static)
        assert "Enter a phone number" in str(error.render())
        await pilot.press("n", "o", "n", "e", "ctrl+s")
        await pilot.pause()
        assert "digits" in str(error.render())
        assert isinstance(app.screen, WelcomeScreen)
    assert not data_path.exists()


async def test_sections_are_closed_until_the_welcome_is_done(
    make_app: Callable[[], StepdownApp],
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        bar = str(app.screen.query_one(AppHeader).render())
        assert "Help now" in bar and "Today" not in bar and "Week" not in bar
        app.screen.set_focus(None)
        await pilot.press("d")
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#emergency").focus()
        await pilot.press("1", "1", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        bar = "".join(segment.text for segment in app.screen.query_one(AppHeader).render_line(0))
        assert "d Today" in bar and "w Week" in bar


async def test_an_invalid_file_is_shown_with_its_errors_and_left_alone(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    data_path.parent.mkdir(parents=True)
    data_path.write_bytes(b"schema = 1\n[[doses]]\ndate = 2026-11-25\nstatus = 'lost'\n")
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        assert isinstance(app.screen, InvalidFileScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(".file-error"))
        assert "doses[0].status" in shown
        assert "line 4" in shown
        await pilot.press("d")
        assert isinstance(app.screen, InvalidFileScreen)
    assert data_path.read_bytes() == before


async def test_after_fixing_the_file_r_opens_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    data_path.parent.mkdir(parents=True)
    data_path.write_text("schema = 1\nplan = 'oops'\n", encoding="utf-8")
    app = make_app()
    async with app.run_test() as pilot:
        assert isinstance(app.screen, InvalidFileScreen)
        write_journal(data_path)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_help_lists_the_keys_of_the_screen_in_view(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {key: (what, where) for key, what, where in app.screen.rows}
        assert described["d"] == ("Today's doses from your plan", "everywhere")
        assert described["⏎"] == ("Mark the selected dose taken now", "this screen")
        assert described["space"] == ("The same as enter", "this screen")
        assert "↑" not in described  # Textual's own scrolling keys are not listed
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_today_moves_to_the_new_day_by_itself(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        assert "taken" in app.screen.query_one(DoseList).lines[0].plain
        assert app.sub_title.startswith("Wednesday 25 November 2026")
        clock.advance(hours=10)
        app.check_day()
        await pilot.pause()
        assert app.sub_title.startswith("Thursday 26 November 2026")
        assert "due" in app.screen.query_one(DoseList).lines[0].plain


async def test_quitting_with_an_unsaved_change_asks_first(
    make_app: Callable[[], StepdownApp], data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:

        def disk_full(*args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(files.os, "replace", disk_full)
        await pilot.press("down", "enter")  # the 14:00 dose: kept in memory, not saved
        assert app.store.unsaved
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # stay
        assert app.is_running
        monkeypatch.undo()  # the disk has room again: quitting saves, then exits
        await pilot.press("q")
        await pilot.pause()
    assert not app.store.unsaved
    doses = tomllib.loads(data_path.read_text(encoding="utf-8"))["doses"]
    assert any(dose.get("slot") == time(14) and dose["date"] == NOW.date() for dose in doses)


async def test_a_click_on_the_bar_or_the_footer_does_what_its_key_does(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        bar = str(app.screen.query_one(AppHeader).render())
        await pilot.click(AppHeader, offset=(bar.index("w Week") + 2, 0))
        assert app.current_mode == "week"
        footer = str(app.screen.query_one(AppFooter).render())
        await pilot.click(AppFooter, offset=(footer.index("? Help") + 2, 0))
        assert isinstance(app.screen, HelpScreen)


async def test_opening_sections_parses_no_stylesheet_again(
    make_app: Callable[[], StepdownApp], data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual re-parses the whole stylesheet, uncached, for a theme set after mount, for
    each first switch to a mode and for each new screen's CSS file (tens of ms each);
    Stepdown avoids all three. A Textual upgrade that brings them back fails here."""
    reparses: list[str] = []
    real = Stylesheet.reparse

    def reparse(self: Stylesheet) -> None:
        reparses.append("reparse")
        real(self)

    monkeypatch.setattr(Stylesheet, "reparse", reparse)
    write_journal(
        data_path, replace(JOURNAL, settings=replace(JOURNAL.settings, theme="stepdown-daylight"))
    )
    app = make_app()
    async with app.run_test() as pilot:
        for key in ("w", "b", "s", "c", "escape", "d"):
            await pilot.press(key)
        await pilot.pause()
        assert app.theme == "stepdown-daylight"
        assert app.current_mode == "today"
    assert reparses == []
