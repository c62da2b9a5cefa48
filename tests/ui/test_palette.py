"""The command palette: Stepdown's commands in their order, before Textual's own; with no
journal open (the welcome) only help now and help of Stepdown's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stepdown.ui.app import StepdownApp
from tests.ui.helpers import write_journal

OURS = [
    "Today",
    "Breathe",
    "Check-in",
    "Support",
    "Week",
    "Help now",
    "Export report",
    "Export calendar",
    "Settings",
    "Help",
]


def titles(app: StepdownApp) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_the_palette_lists_the_sections_help_now_the_exports_settings_and_help(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        listed = titles(app)
        assert listed[: len(OURS)] == OURS
        assert "Theme" in listed[len(OURS) :]  # Textual's own come after
        # A section's command goes to it, asking any screen with changes first.
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Week")
        command.callback()
        await pilot.pause()
        assert app.current_mode == "week"


async def test_before_a_journal_the_palette_offers_help_now_and_help_only(
    make_app: Callable[[], StepdownApp],
) -> None:
    app = make_app()  # no file yet: the welcome
    async with app.run_test():
        ours = [title for title in titles(app) if title in OURS]
        assert ours == ["Help now", "Help"]
