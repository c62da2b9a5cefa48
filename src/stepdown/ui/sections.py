"""The app's sections: each a mode with its key, its words, and the screen it opens.

Only Today's screen is imported at start-up; each other section's module is imported
the first time it is opened, which keeps the first frame quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from textual.binding import Binding
from textual.screen import Screen

from stepdown.ui import textual_private


@dataclass(frozen=True)
class Section:
    """A top-level section: a Textual mode with its own screen stack."""

    mode: str
    key: str
    title: str
    about: str
    """What it is for, in the palette and the help screen."""
    screen: str
    """Where its screen class is: "module:Class"."""

    def open(self) -> Screen[Any]:
        """A new screen for the section, importing its module on first use."""
        module, name = self.screen.split(":")
        screen: Screen[Any] = getattr(import_module(module), name)()
        textual_private.mark_styled(screen)
        return screen

    @property
    def binding(self) -> Binding:
        """Its global key; shown in the section bar, not in the Footer."""
        return Binding(
            self.key, f"section('{self.mode}')", self.title, show=False, tooltip=self.about
        )


SCREENS = "stepdown.ui.screens"

SECTIONS = (
    Section("today", "d", "Today", "Today's doses from your plan", f"{SCREENS}.today:TodayScreen"),
    Section(
        "breathe", "b", "Breathe", "A guided breathing session", f"{SCREENS}.breathe:BreatheScreen"
    ),
    Section(
        "checkin", "c", "Check-in", "Today's symptom check-in", f"{SCREENS}.checkin:CheckinScreen"
    ),
    Section(
        "support",
        "s",
        "Support",
        "Contacts, the emergency number",
        f"{SCREENS}.support:SupportScreen",
    ),
    Section(
        "week", "w", "Week", "The past days, trends, the taper view", f"{SCREENS}.week:WeekScreen"
    ),
)  # fmt: skip
"""In the order of the section bar."""

SETTINGS = Section(
    "settings",
    ",",
    "Settings",
    "Medication, emergency number, breathing, theme, reminders",
    f"{SCREENS}.settings:SettingsScreen",
)
"""The settings are a mode too, opened with `,`, but not a section of the bar."""
