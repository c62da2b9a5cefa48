"""The Stepdown app: its sections (modes), global keys, themes and the journal it serves.

The App wires together jobs that each live in a module of their own: opening the
journal (opening.py), showing what another writer saved (file_watch.py), saving and
retrying (saving.py), the theme and reduced motion (appearance.py), leaving a section
or the app (leaving.py), the palette's commands (palette.py), and a lost terminal or a
stop signal (hangup.py).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from stepdown.clock import Clock
from stepdown.domain.format import long_date
from stepdown.domain.journal import Journal
from stepdown.store.journal_store import JournalStore
from stepdown.ui import appearance, file_watch, leaving, opening, saving, textual_private
from stepdown.ui.file_watch import WATCH_SECONDS
from stepdown.ui.hangup import TerminalWatch, watch_terminal
from stepdown.ui.saving import RETRY_SECONDS
from stepdown.ui.sections import SECTIONS, SETTINGS
from stepdown.ui.themes import register_themes

HELP_NOW_KEY = "ctrl+g"
"""Help now's second key, besides `!`: a control key reaches the app through tmux and
every common terminal, and no text field takes it as text."""
DAY_CHECK_SECONDS = 20
"""How often the app looks whether midnight has passed, so an open screen moves on."""


class StepdownApp(App[None]):
    """A daily companion for tapering off baclofen on the provider's plan."""

    CSS_PATH = "app.tcss"
    TITLE = "Stepdown"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    """Classes on the screen in view: the styles make room below 80 columns or 24 lines."""
    MODES = {section.mode: section.open for section in (*SECTIONS, SETTINGS)}
    DEFAULT_MODE = "today"
    """Today is the first screen drawn, not a blank one switched away from at once: the
    welcome and the invalid-file screens go on top of it when the journal calls for them."""
    BINDINGS = [
        *(section.binding for section in SECTIONS),
        Binding(
            "exclamation_mark",
            "help_now",
            "Help now",
            key_display="!",
            show=False,
            tooltip="Help now: the emergency number, whom to call, the red flags",
        ),
        Binding(
            HELP_NOW_KEY,
            "help_now",
            "Help now",
            # A priority key that types nothing: it opens help now from a text field, a
            # dialog or a half-filled form, where `!` is a character like any other.
            priority=True,
            tooltip="Help now from anywhere, even while typing in a field",
        ),
        Binding(
            "comma",
            "settings",
            "Settings",
            key_display=",",
            show=False,
            tooltip=f"Settings: {SETTINGS.about.lower()}",
        ),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="This list of keys"),
        Binding("q", "quit", "Quit", tooltip="Quit Stepdown (a form with changes asks first)"),
    ]

    today: reactive[date] = reactive(date.min, init=False)
    """The clock's date; screens watch it to move on at midnight."""

    unsaved: reactive[bool] = reactive(False, init=False)
    """True while the journal holds changes a failed save could not write; retried every
    RETRY_SECONDS, and marked on Today."""

    retry_timer: Timer
    """Tries a failed save again every RETRY_SECONDS; paused while nothing is unsaved."""

    asking_write_back = False
    """Set while the question whether to write the journal over a broken file is shown."""

    saves_theme = False
    """Whether a change of theme is the user's, to be saved; not while the saved one is shown."""

    mode_before_settings = "today"
    """The section the settings go back to."""

    terminal_watch: TerminalWatch | None = None
    """Set while the app runs in a real terminal: SIGHUP, SIGTERM and a lost terminal."""

    exiting = False
    """Set once the app saved what it holds to exit without asking (see save_for_exit);
    the timers' saves stop then."""

    def __init__(self, store: JournalStore, clock: Clock, *, demo: bool = False) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.demo = demo
        self.exiting_lock = threading.Lock()
        """Held while saving for an exit, which the terminal watch may do from its thread."""
        self.motion = self.animation_level
        """Textual's animations when the user has not asked for reduced motion."""
        self.set_reactive(StepdownApp.today, clock.today())
        self.watch_today(self.today)
        self.skipped_theme_files = register_themes(self, os.environ)
        textual_private.show_theme_early(self, appearance.saved_theme(self))

    @property
    def journal(self) -> Journal:
        return self.store.journal

    @property
    def journal_ready(self) -> bool:
        """True once the journal loaded (or was created) and a section can be shown."""
        return self.store.status in ("ready", "read_only")

    def on_mount(self) -> None:
        self.set_interval(DAY_CHECK_SECONDS, self.check_day)
        self.retry_timer = self.set_interval(RETRY_SECONDS, self.retry_save, pause=True)
        self.set_interval(WATCH_SECONDS, self.look_at_file)
        if not self.is_headless:
            self.terminal_watch = watch_terminal(self.leave_now, self.save_for_exit)
        opening.open_journal(self)
        if self.skipped_theme_files:
            self.notify(
                "\n".join(map(str, self.skipped_theme_files)),
                title="Theme file skipped",
                severity="warning",
                timeout=20,
                markup=False,
            )

    def on_unmount(self) -> None:
        if self.terminal_watch is not None:
            self.terminal_watch.stop()

    # The day: screens watch `today` to move on at midnight.

    def watch_today(self, today: date) -> None:
        demo = " (demo data)" if self.demo else ""
        self.sub_title = long_date(today) + demo

    def check_day(self) -> None:
        """Move to the new day when midnight has passed."""
        self.today = self.clock.today()

    # The journal: opening it, saving to it, and how it says the app should look.

    def reload(self) -> None:
        """Read the file again (after the user fixed it) and show what it calls for."""
        opening.reload(self)

    def look_at_file(self) -> None:
        """Show what another writer saved to the journal since the last look."""
        file_watch.look_at_file(self)

    def record(self, change: Callable[[Journal], Journal]) -> bool:
        """Apply `change` to the journal and save it at once (see saving.record)."""
        return saving.record(self, change)

    def retry_save(self) -> None:
        """Try again to save the changes a failed save holds."""
        saving.retry_save(self)

    def watch_unsaved(self, unsaved: bool) -> None:
        if unsaved:
            self.retry_timer.resume()
        else:
            self.retry_timer.pause()

    def watch_theme(self, name: str) -> None:
        """Save a theme chosen from the palette or the settings."""
        appearance.save_theme(self, name)

    def show_motion(self) -> None:
        """Turn Textual's animations off when the user asked for reduced motion."""
        appearance.show_motion(self)

    # Leaving a section or the app (leaving.py).

    def leave_then(self, go: Callable[[], object]) -> None:
        """Run `go` once every screen of the section lets the user leave it."""
        leaving.leave_then(self, go)

    def leave_now(self, reason: int) -> None:
        """Save what the app holds and exit, asking nothing (see leaving.leave_now)."""
        leaving.leave_now(self, reason)

    def save_for_exit(self) -> bool:
        """Save everything that can be and close the journal; safe from any thread."""
        return leaving.save_for_exit(self)

    # The keys and the palette.

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "section":
            # The key of the section in view is left out of the Footer: it would do nothing.
            return self.journal_ready and parameters[0] != self.current_mode
        if action == "settings":
            return self.journal_ready
        return True

    def action_section(self, mode: str) -> None:
        self.leave_then(lambda: self.switch_mode(mode))

    async def action_quit(self) -> None:
        self.leave_then(lambda: leaving.exit_when_saved(self))

    def action_help_now(self) -> None:
        """Open help now over whatever is in view (it needs only the journal in memory)."""
        from stepdown.ui.screens.help_now import HelpNowScreen

        if not isinstance(self.screen, HelpNowScreen):
            self.push_screen(HelpNowScreen(self.journal))

    def action_export_report(self) -> None:
        """Write the report of the days on the week screen (or the past 7) to the reports
        folder, and show where."""
        from stepdown.ui.report_export import export_report  # imported on demand
        from stepdown.ui.screens.week import period_in_view

        export_report(self, *period_in_view(self))

    def action_export_calendar(self) -> None:
        """Write the plan's doses from today on as a calendar file to the reports folder,
        and show where."""
        from stepdown.ui.report_export import export_calendar  # imported on demand

        export_calendar(self)

    def action_help(self) -> None:
        from stepdown.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_settings(self) -> None:
        if self.current_mode == "settings":
            return
        came_from = self.current_mode

        def go() -> None:
            self.mode_before_settings = came_from
            self.switch_mode("settings")

        self.leave_then(go)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from stepdown.ui.palette import system_commands  # when the palette first opens

        yield from system_commands(self)
        yield from super().get_system_commands(screen)
