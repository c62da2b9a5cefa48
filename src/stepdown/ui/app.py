"""The Stepdown app: its sections (modes), global keys, themes and the journal it serves."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from datetime import date

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from stepdown.clock import Clock
from stepdown.domain.format import long_date
from stepdown.domain.journal import Journal
from stepdown.store.journal_store import JournalStore
from stepdown.ui import textual_private
from stepdown.ui.dialogs.leave import AsksBeforeLeaving
from stepdown.ui.hangup import (
    SavesAtExit,
    TerminalWatch,
    end_process_later,
    exit_status,
    watch_terminal,
)
from stepdown.ui.saving import (
    RETRY_SECONDS,
    SAVED_AT_LAST,
    TAKE_OVER_SECONDS,
    TAKEN_OVER,
    ask_to_write_back,
    tell,
)
from stepdown.ui.sections import SECTIONS, SETTINGS
from stepdown.ui.textual_private import QuickScreenCSS
from stepdown.ui.themes import register_themes

DEFAULT_THEME = "stepdown-calm"
HELP_NOW_KEY = "ctrl+g"
"""Help now's second key, besides `!`: a control key reaches the app through tmux and
every common terminal, and no text field takes it as text."""
DAY_CHECK_SECONDS = 20
"""How often the app looks whether midnight has passed, so an open screen moves on."""


class StepdownApp(QuickScreenCSS[None]):
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
    take_over_timer: Timer
    """Looks every TAKE_OVER_SECONDS whether the other Stepdown closed; paused unless
    the journal is read-only because of it."""

    asking_write_back = False
    """Set while the question whether to write the journal over a broken file is shown."""

    saves_theme = False
    """Whether a change of theme is the user's, to be saved; not while the saved one is shown."""

    mode_before_settings = "today"
    """The section the settings go back to."""

    terminal_watch: TerminalWatch | None = None
    """Set while the app runs in a real terminal: SIGHUP, SIGTERM and a lost terminal."""

    leaving = False
    """Set once the app saved what it holds to exit without asking (see save_for_exit)."""

    def __init__(self, store: JournalStore, clock: Clock, *, demo: bool = False) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.demo = demo
        self.leaving_lock = threading.Lock()
        self.motion = self.animation_level
        """Textual's animations when the user has not asked for reduced motion."""
        self.set_reactive(StepdownApp.today, clock.today())
        self.watch_today(self.today)
        self.skipped_theme_files = register_themes(self, os.environ)
        textual_private.show_theme_early(self, self.saved_theme())

    @property
    def journal(self) -> Journal:
        return self.store.journal

    def on_mount(self) -> None:
        self.set_interval(DAY_CHECK_SECONDS, self.check_day)
        self.retry_timer = self.set_interval(RETRY_SECONDS, self.retry_save, pause=True)
        self.take_over_timer = self.set_interval(TAKE_OVER_SECONDS, self.take_over, pause=True)
        if not self.is_headless:
            self.terminal_watch = watch_terminal(self.leave_now, self.save_for_exit)
        self.open_journal()
        if self.skipped_theme_files:
            self.notify(
                "\n".join(map(str, self.skipped_theme_files)),
                title="Theme file skipped",
                severity="warning",
                timeout=20,
                markup=False,
            )

    def saved_theme(self) -> str:
        """The journal's theme, or Stepdown's default when it is gone."""
        # The recent part holds the settings: the whole journal is not needed to start.
        wanted = self.store.recent.settings.theme
        return wanted if wanted in self.available_themes else DEFAULT_THEME

    def show_saved_theme(self) -> None:
        """Show the journal's theme; save nothing."""
        self.saves_theme = False
        self.theme = self.saved_theme()
        self.saves_theme = True

    def watch_theme(self, name: str) -> None:
        """Save a theme chosen from the palette or the settings."""
        if self.saves_theme and self.journal_ready and name != self.journal.settings.theme:
            self.record(lambda journal: journal.with_settings(theme=name))

    def show_motion(self) -> None:
        """Turn Textual's animations off when the user asked for reduced motion."""
        reduced = self.store.recent.settings.reduced_motion
        self.animation_level = "none" if reduced else self.motion

    def watch_today(self, today: date) -> None:
        demo = " (demo data)" if self.demo else ""
        self.sub_title = long_date(today) + demo

    def check_day(self) -> None:
        """Move to the new day when midnight has passed."""
        self.today = self.clock.today()

    def open_journal(self) -> None:
        """Show what the journal's state calls for: its errors, the welcome, or Today."""
        self.show_saved_theme()
        self.show_motion()
        # Screens other than Today are imported when first shown: the first frame waits
        # for every module imported before it.
        if self.store.status == "invalid":
            from stepdown.ui.screens.invalid_file import InvalidFileScreen

            self.push_screen(InvalidFileScreen(self.store.path, self.store.errors))
        elif self.store.status == "missing":
            from stepdown.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.store.path), self.welcomed)
        else:
            self.switch_mode("today")
            # After the first frame, in a thread: the rest of the journal is read, and
            # the first save then writes only its change.
            self.call_after_refresh(self.prepare_save_later)
            if self.store.locked_out:
                self.take_over_timer.resume()
            if self.store.read_only_reason:
                self.notify(
                    self.store.read_only_reason, title="Read-only", timeout=12, markup=False
                )

    def prepare_save_later(self) -> None:
        """Read the rest of the journal in a thread, so the first save writes only its change."""
        self.run_worker(self.store.prepare_save, thread=True, group="store")

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
        """Apply `change` to the journal and save it at once; say what else happened (an
        edit merged, a failure), and offer to write the journal back over a broken file."""
        outcome = self.store.update(change)
        self.unsaved = self.store.unsaved
        tell(self, outcome)
        if outcome.can_write_back:
            ask_to_write_back(self)
        if self.store.locked_out:  # another Stepdown took the file meanwhile
            self.take_over_timer.resume()
        return outcome.saved

    def watch_unsaved(self, unsaved: bool) -> None:
        if unsaved:
            self.retry_timer.resume()
        else:
            self.retry_timer.pause()

    def retry_save(self) -> None:
        """Try again to save the changes a failed save holds; say so once it works."""
        if not self.store.unsaved or self.leaving:
            self.unsaved = self.store.unsaved
            return
        outcome = self.store.retry()
        self.unsaved = self.store.unsaved
        if outcome.saved:
            self.notify(outcome.notice or SAVED_AT_LAST, title="Saved", timeout=10, markup=False)
        elif outcome.can_write_back:
            ask_to_write_back(self)

    def take_over(self) -> None:
        """When the other Stepdown that kept this window read-only has closed, take the
        file: show it as it is now, and say this window can save."""
        if not self.store.locked_out or self.leaving:
            self.take_over_timer.pause()
            return
        if not self.store.take_over():
            return
        self.take_over_timer.pause()
        if self.store.status == "invalid":
            self.open_journal()  # the other Stepdown left the file with errors: say so
            return
        if self.store.unsaved:  # changes made here meanwhile, replayed on the file
            self.retry_save()
        self.show_saved_theme()
        self.show_motion()
        # Each section draws from the journal when it comes into view; the one in view
        # is redrawn now, without the read-only banner.
        self.screen.post_message(events.ScreenResume())
        self.prepare_save_later()
        self.notify(TAKEN_OVER, title="Writable", timeout=10)

    @property
    def journal_ready(self) -> bool:
        """True once the journal loaded (or was created) and a section can be shown."""
        return self.store.status in ("ready", "read_only")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "section":
            # The key of the section in view is left out of the Footer: it would do nothing.
            return self.journal_ready and parameters[0] != self.current_mode
        if action == "settings":
            return self.journal_ready
        return True

    def leave_then(self, go: Callable[[], object]) -> None:
        """Run `go` once every screen of the section lets the user leave it.

        Each screen that may hold unsaved changes (a dialog over the plan editor over
        Today, say) is asked in turn, the top one first; each closes itself or asks, and
        `go` runs only when the last one has let the user go.
        """
        # Help, help now or a question over the screens is closed first: going elsewhere
        # answers it, and a screen that closes itself must be the one on top.
        while self.screen.is_modal and not isinstance(self.screen, AsksBeforeLeaving):
            self.pop_screen()
        askers = [
            screen
            for screen in reversed(self.screen_stack)
            if isinstance(screen, AsksBeforeLeaving)
        ]

        def ask(index: int) -> None:
            if index == len(askers):
                go()
            else:
                askers[index].before_leaving(lambda: ask(index + 1))

        ask(0)

    def action_section(self, mode: str) -> None:
        self.leave_then(lambda: self.switch_mode(mode))

    async def action_quit(self) -> None:
        self.leave_then(self.exit_when_saved)

    def exit_when_saved(self) -> None:
        """Quit, but never drop changes a failed save still holds without asking."""
        saved = not self.store.unsaved or self.store.retry().saved
        self.unsaved = self.store.unsaved
        if saved:
            self.exit()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        question = (
            f"Some changes could not be saved to {self.store.path}. Quit anyway and lose them?"
        )
        from stepdown.ui.dialogs.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen(question, yes="Quit and lose them", no="Stay"), answered)

    def on_unmount(self) -> None:
        if self.terminal_watch is not None:
            self.terminal_watch.stop()

    def leave_now(self, reason: int) -> None:
        """Save what the app holds and exit, asking nothing: the terminal is gone, or the
        process was told to stop (`reason`: SIGHUP, SIGTERM, or hangup.TERMINAL_LOST)."""
        if not self.save_for_exit():
            return
        status = exit_status(reason)
        self.exit(return_code=status)
        if not self.is_headless:
            end_process_later(status)

    def save_for_exit(self) -> bool:
        """Save a session under way and the changes a failed save still holds, then close
        the journal; False when that was done already. Safe from any thread: the terminal
        watch calls it when the app's loop no longer answers."""
        with self.leaving_lock:
            if self.leaving:
                return False
            self.leaving = True
            for mode in self.MODES:
                try:
                    stack = self.get_screen_stack(mode)
                except KeyError:  # a section never opened holds nothing
                    continue
                for screen in stack:
                    if isinstance(screen, SavesAtExit):
                        change = screen.change_at_exit()
                        if change is not None:
                            self.store.update(change)
            if self.store.unsaved:
                self.store.retry()
            # The lock goes now, not after Textual's shutdown: with the terminal gone,
            # that may never end, and the next Stepdown must find the file free.
            self.store.close()
            return True

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

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.journal_ready:
            for section in SECTIONS:
                yield SystemCommand(
                    section.title,
                    section.about,
                    lambda mode=section.mode: self.action_section(mode),
                )
        yield SystemCommand(
            "Help now", "The emergency number, whom to call, the red flags", self.action_help_now
        )
        if self.journal_ready:
            yield SystemCommand(
                "Export report",
                "The provider report of the week in view, as an HTML file in Documents/Stepdown "
                "or the folder chosen in Settings",
                self.action_export_report,
            )
            yield SystemCommand(
                "Export calendar",
                "The plan's doses from today on, with alarms, as a calendar file to import",
                self.action_export_calendar,
            )
            yield SystemCommand(SETTINGS.title, SETTINGS.about, self.action_settings)
        yield SystemCommand("Help", "Every key of the screen in view", self.action_help)
        yield from super().get_system_commands(screen)
