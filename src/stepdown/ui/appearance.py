"""The journal's settings for how the app looks: its theme, shown and saved when the
user picks another, and reduced motion."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp

DEFAULT_THEME = "stepdown-calm"


def saved_theme(app: StepdownApp) -> str:
    """The journal's theme, or Stepdown's default when it is gone."""
    # The recent part holds the settings: the whole journal is not needed to start.
    wanted = app.store.recent.settings.theme
    return wanted if wanted in app.available_themes else DEFAULT_THEME


def show_saved_theme(app: StepdownApp) -> None:
    """Show the journal's theme; save nothing."""
    app.saves_theme = False
    app.theme = saved_theme(app)
    app.saves_theme = True


def save_theme(app: StepdownApp, name: str) -> None:
    """Save theme `name`, shown because the user chose it from the palette or the
    settings (not while the saved one is being shown)."""
    if app.saves_theme and app.journal_ready and name != app.journal.settings.theme:
        app.record(lambda journal: journal.with_settings(theme=name))


def show_motion(app: StepdownApp) -> None:
    """Turn Textual's animations off when the user asked for reduced motion."""
    reduced = app.store.recent.settings.reduced_motion
    app.animation_level = "none" if reduced else app.motion
