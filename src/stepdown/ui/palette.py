"""Stepdown's commands in the command palette (ctrl+p), before Textual's own.

Imported when the palette first opens, not before the first frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from stepdown.ui.sections import SECTIONS, SETTINGS

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp

EXPORT_REPORT_HELP = (
    "The provider report of the week in view, as an HTML file in Documents/Stepdown "
    "or the folder chosen in Settings"
)
EXPORT_CALENDAR_HELP = "The plan's doses from today on, with alarms, as a calendar file to import"


def system_commands(app: StepdownApp) -> Iterator[SystemCommand]:
    """The sections, help now, the exports, the settings and help; only help now and
    help while no journal is open (the welcome, a file with errors)."""
    if app.journal_ready:
        for section in SECTIONS:
            yield SystemCommand(
                section.title,
                section.about,
                lambda mode=section.mode: app.action_section(mode),
            )
    yield SystemCommand(
        "Help now", "The emergency number, whom to call, the red flags", app.action_help_now
    )
    if app.journal_ready:
        yield SystemCommand("Export report", EXPORT_REPORT_HELP, app.action_export_report)
        yield SystemCommand("Export calendar", EXPORT_CALENDAR_HELP, app.action_export_calendar)
        yield SystemCommand(SETTINGS.title, SETTINGS.about, app.action_settings)
    yield SystemCommand("Help", "Every key of the screen in view", app.action_help)
