"""Help now is one key away from everywhere: every screen and dialog, whatever has focus.

The walk opens each screen and dialog with the keys a patient would press, then puts
focus on each focusable widget in turn (and on none) and presses the help-now key
that never types (ctrl+g). Help now must open over it at once, and closing it must
leave the screen as it was. On the section screens `!` must do the same wherever it
would not be typed as text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

from stepdown.ui.app import HELP_NOW_KEY, StepdownApp
from stepdown.ui.screens.help_now import HelpNowScreen
from stepdown.ui.widgets.score import ScoreInput
from tests.ui.helpers import write_journal

Keys = Sequence[str]

WALK: dict[str, tuple[Keys, str]] = {
    "today": ((), "TodayScreen"),
    "today, the extra-dose form": (("plus",), "DoseForm"),
    "today, the skip form": (("x",), "DoseForm"),
    "today, the edit form": (("e",), "DoseForm"),
    "today, the edit form's leave question": (("e", "1", "escape"), "LeavePrompt"),
    "today, marking a dose hours early": (("end", "enter"), "ConfirmScreen"),
    "the plan editor": (("p",), "PlanEditor"),
    "the plan editor, a new step": (("p", "a"), "StepForm"),
    "the plan editor, its leave question": (("p", "shift+tab", "x", "escape"), "LeavePrompt"),
    "the plan editor, removing a step": (("p", "delete"), "ConfirmScreen"),
    "breathe": (("b",), "BreatheScreen"),
    "breathe, the anxiety question": (("b", "enter"), "AnxietyPrompt"),
    "breathe, a session": (("b", "enter", "escape"), "BreatheScreen"),
    "breathe, a new pattern": (("b", "a"), "PatternForm"),
    "breathe, a new pattern's leave question": (("b", "a", "x", "escape"), "LeavePrompt"),
    "check-in": (("c",), "CheckinScreen"),
    "check-in, its leave question": (("c", "5", "escape"), "LeavePrompt"),
    "check-in, the red-flag alert": (("c", "9", "ctrl+s"), "RedFlagScreen"),
    "support": (("s",), "SupportScreen"),
    "support, a new contact": (("s", "a"), "ContactForm"),
    "support, the emergency number": (("s", "n"), "NumberForm"),
    "week": (("w",), "WeekScreen"),
    "week, a day": (("w", "enter"), "WeekDayScreen"),
    "week, the taper view": (("w", "v"), "TaperScreen"),
    "week, the report written": (("w", "r"), "ExportedScreen"),
    "settings": (("comma",), "SettingsScreen"),
    "help": (("question_mark",), "HelpScreen"),
}
"""Each screen or dialog, and the keys that open it from Today."""


def focus_targets(screen: Screen) -> list[Widget | None]:
    """Every widget of `screen` that can take focus, and no focus at all."""
    return [*screen.focus_chain, None]


def types_text(widget: Widget | None) -> bool:
    """True when `widget` would take `!` as a character typed."""
    return isinstance(widget, Input | TextArea) and not isinstance(widget, ScoreInput)


async def open_and_check(
    app: StepdownApp, pilot: object, keys: Keys, *, also_bang: bool
) -> list[str]:
    """Open the screen with `keys`, then try help now from each focus; the failures."""
    for key in keys:
        await pilot.press(key)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    failures = []
    for widget in focus_targets(screen):
        presses = [HELP_NOW_KEY]
        if also_bang and not types_text(widget) and not screen.is_modal:
            presses.append("exclamation_mark")
        for key in presses:
            screen.set_focus(widget)
            await pilot.pause()  # type: ignore[attr-defined]
            await pilot.press(key)  # type: ignore[attr-defined]
            where = f"{type(screen).__name__}, {key} with focus on {widget!r}"
            if not isinstance(app.screen, HelpNowScreen):
                failures.append(where)
                continue
            await pilot.press("escape")  # type: ignore[attr-defined]
            if app.screen is not screen:
                failures.append(f"{where}: closing help now did not go back")
    return failures


@pytest.mark.parametrize(("keys", "opens"), WALK.values(), ids=WALK.keys())
async def test_help_now_opens_from_every_focus(
    make_app: Callable[[], StepdownApp], data_path: Path, keys: Keys, opens: str
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        failures = await open_and_check(app, pilot, keys, also_bang=True)
        assert type(app.screen).__name__ == opens
        assert failures == []


async def test_help_now_opens_from_the_welcome(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    app = make_app()  # no file yet: the welcome form
    async with app.run_test(size=(80, 24)) as pilot:
        assert await open_and_check(app, pilot, (), also_bang=False) == []


async def test_help_now_opens_from_the_invalid_file_screen(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    data_path.parent.mkdir(parents=True)
    data_path.write_text("schema = 1\n[settings\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await open_and_check(app, pilot, (), also_bang=True) == []
