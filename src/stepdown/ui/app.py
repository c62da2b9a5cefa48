"""The Stepdown app: its sections (modes), global keys, themes and the journal it serves."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from stepdown.clock import Clock
from stepdown.domain.format import long_date
from stepdown.domain.journal import Journal
from stepdown.store.journal_store import JournalStore
from stepdown.ui.screens.help import HelpScreen
from stepdown.ui.screens.invalid_file import InvalidFileScreen
from stepdown.ui.screens.today import TodayScreen
from stepdown.ui.screens.welcome import WelcomeScreen
from stepdown.ui.themes import bundled_themes

DEFAULT_THEME = "stepdown-calm"
DAY_CHECK_SECONDS = 20
"""How often the app looks whether midnight has passed, so an open screen moves on."""

SECTIONS = {"today": ("Today", "Today's doses from your plan")}
"""Each section's mode name, with its palette title and help text."""


class StepdownApp(App[None]):
    """A daily companion for tapering off baclofen on the provider's plan."""

    CSS_PATH = "app.tcss"
    TITLE = "Stepdown"
    MODES = {"today": TodayScreen}
    BINDINGS = [
        Binding("d", "section('today')", "Today", tooltip="Today's doses from your plan"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="This list of keys"),
        Binding("q", "quit", "Quit", tooltip="Quit Stepdown (everything is already saved)"),
    ]

    today: reactive[date] = reactive(date.min, init=False)
    """The clock's date; screens watch it to move on at midnight."""

    def __init__(self, store: JournalStore, clock: Clock, *, demo: bool = False) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.demo = demo

    @property
    def journal(self) -> Journal:
        return self.store.journal

    def on_mount(self) -> None:
        for theme in bundled_themes():
            self.register_theme(theme)
        wanted = self.journal.settings.theme
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self.today = self.clock.today()
        self.set_interval(DAY_CHECK_SECONDS, self.check_day)
        self.open_journal()

    def watch_today(self, today: date) -> None:
        demo = " (demo data)" if self.demo else ""
        self.sub_title = long_date(today) + demo

    def check_day(self) -> None:
        """Move to the new day when midnight has passed."""
        self.today = self.clock.today()

    def open_journal(self) -> None:
        """Show what the journal's state calls for: its errors, the welcome, or Today."""
        if self.store.status == "invalid":
            self.push_screen(InvalidFileScreen(self.store.path, self.store.errors))
        elif self.store.status == "missing":
            self.push_screen(WelcomeScreen(self.store.path), self.welcomed)
        else:
            self.switch_mode("today")
            if self.store.read_only_reason:
                self.notify(self.store.read_only_reason, title="Read-only", timeout=12)

    def welcomed(self, started: bool | None) -> None:
        if started:
            self.switch_mode("today")

    def reload(self) -> None:
        """Read the file again (after the user fixed it) and show what it calls for."""
        self.store.close()
        self.store = JournalStore.open(self.store.path, self.clock)
        self.pop_screen()
        self.open_journal()

    def record(self, change: Callable[[Journal], Journal]) -> bool:
        """Apply `change` to the journal and save it at once; say so if it could not be saved."""
        outcome = self.store.update(change)
        if not outcome.saved and outcome.message:
            self.notify(outcome.message, title="Not saved", severity="error", timeout=15)
        return outcome.saved

    @property
    def journal_ready(self) -> bool:
        """True once the journal loaded (or was created) and a section can be shown."""
        return self.store.status in ("ready", "read_only")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "section":
            # The key of the section in view is left out of the Footer: it would do nothing.
            return self.journal_ready and parameters[0] != self.current_mode
        return True

    def action_section(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.journal_ready:
            for mode, (title, help_text) in SECTIONS.items():
                yield SystemCommand(title, help_text, lambda mode=mode: self.switch_mode(mode))
        yield SystemCommand("Help", "Every key of the screen in view", self.action_help)
        yield from super().get_system_commands(screen)
