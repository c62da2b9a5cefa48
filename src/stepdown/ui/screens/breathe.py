"""Breathe: choose a pattern and a length, then follow a guided session that keeps true time.

This module is the screen: its parts, its keys, choosing, and the user's own
patterns. The session itself runs in breathe_session.py (SessionScreen), which
draws it from the clock and saves it when it ends.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ContentSwitcher, OptionList

from stepdown.domain.breathing import BreathingPattern, patterns, remembered_length
from stepdown.domain.breathing_custom import add_pattern, edit_pattern, remove_pattern
from stepdown.domain.journal import BreathingSession, Pattern
from stepdown.ui.context import stepdown
from stepdown.ui.dialogs.breathe_anxiety import AnxietyPrompt
from stepdown.ui.dialogs.breathe_pattern_form import PatternForm
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.screens.breathe_session import SessionScreen, State
from stepdown.ui.widgets.frame import AppFooter, AppHeader
from stepdown.ui.widgets.pattern_chooser import PatternChooser
from stepdown.ui.widgets.session_summary import SessionSummary
from stepdown.ui.widgets.session_view import SessionView

KEYS_WHEN: dict[str, tuple[State, ...]] = {
    "move": ("choose",),
    "pick": ("choose",),
    "length": ("choose",),
    "start": ("choose",),
    "add_pattern": ("choose",),
    "edit_pattern": ("choose",),
    "remove_pattern": ("choose",),
    "pause": ("running",),
    "resume": ("paused",),
    "stop": ("running", "paused"),
    "done": ("summary",),
}
"""The states in which each of the screen's keys does something (and shows)."""


class BreatheScreen(SessionScreen):
    """The Breathe section: the pattern chooser, the guided session and its summary."""

    DEFAULT_CSS = """
    #breathe { padding: 0 1; }
    #choose { height: auto; }
    /* The chosen pattern's purpose goes in the bottom border of a list too narrow for it. */
    #patterns {
        height: auto;
        max-height: 12;
        background: transparent;
        border-subtitle-align: left;
        border-subtitle-color: $text;
        border-subtitle-style: italic;
    }
    #session-title { color: $text-muted; }
    SessionView BigWords { color: $primary; text-style: bold; }
    /* The phase in plain words, under the large letters: what a screen reader or a copy
       gets; with reduced motion, the thing the eye lands on. */
    SessionView #phase-words { text-style: bold; }
    SessionView.-reduced-motion #phase-words { color: $primary; background: $primary 15%; }
    /* A short terminal: no blank lines between the parts of a session, so all of it shows. */
    BreatheScreen.-short SessionView #session-title { margin: 0; }
    BreatheScreen.-short SessionView #phase-words { margin-bottom: 0; }
    BreatheScreen.-short SessionView.-reduced-motion #phase-words { margin: 1 0; }
    BreatheScreen.-short SessionView #progress { margin-top: 0; }
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Pattern", key_display="↑↓", tooltip="Choose another pattern"),
        Binding("down", "move(1)", show=False),
        Binding(
            "1",
            "pick(0)",
            "Pattern",
            key_display="1-9",
            show=False,
            tooltip="Choose the pattern with that number",
        ),
        *(Binding(str(number), f"pick({number - 1})", show=False) for number in range(2, 10)),
        Binding(
            "left",
            "length(-1)",
            "Length",
            key_display="←→",
            tooltip="A shorter or longer session (left, right)",
        ),
        Binding("right", "length(1)", show=False),
        Binding("enter", "start", "Start", tooltip="Start a session with this pattern and length"),
        Binding("a", "add_pattern", "New", tooltip="Make a pattern of your own"),
        Binding("e", "edit_pattern", "Edit", tooltip="Change the selected pattern of your own"),
        Binding(
            "delete", "remove_pattern", "Remove", tooltip="Remove the selected pattern of your own"
        ),
        Binding("space", "pause", "Pause", tooltip="Pause the session; the clock stops too"),
        Binding("space", "resume", "Resume", tooltip="Go on from where you paused"),
        Binding("escape", "stop", "End", tooltip="End the session now (saved if 30 s or more)"),
        Binding("enter", "done", "Done", tooltip="Back to the patterns"),
        Binding("escape", "done", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with ContentSwitcher(initial="choose", id="breathe"):
            yield PatternChooser(id="choose")
            yield SessionView(id="session")
            yield SessionSummary(id="summary", classes="panel")
        yield AppFooter()

    @property
    def chooser(self) -> PatternChooser:
        return self.query_one(PatternChooser)

    def on_mount(self) -> None:
        settings = stepdown(self).journal.settings
        self.show_patterns(settings.breathing_pattern, remembered_length(settings))

    def on_screen_resume(self) -> None:
        if self.state == "choose":
            self.show_patterns(self.chooser.selected.name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        states = KEYS_WHEN.get(action)
        if states is None:
            return True
        if self.state not in states:
            return False
        if action in ("edit_pattern", "remove_pattern"):
            return self.chooser.selected.custom
        return True

    def set_state(self, state: State) -> None:
        self.state = state
        view = "choose" if state == "choose" else "summary" if state == "summary" else "session"
        self.query_one(ContentSwitcher).current = view
        self.refresh_bindings()

    # Choosing

    def show_patterns(self, select: str, minutes: int | None = None) -> None:
        """List the patterns on offer with `select` highlighted; keep the length unless given."""
        offered = patterns(stepdown(self).journal.settings)
        self.chooser.show(offered, select, self.chooser.minutes if minutes is None else minutes)
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected)
    def clicked(self) -> None:
        if self.state == "choose":
            self.action_start()

    def action_move(self, step: int) -> None:
        self.chooser.move(step)

    def action_pick(self, index: int) -> None:
        self.chooser.pick(index)

    def action_length(self, step: int) -> None:
        self.chooser.step_length(step)

    # The user's own patterns

    def action_add_pattern(self) -> None:
        app = stepdown(self)

        def keep(pattern: Pattern) -> bool:
            return app.record(lambda journal: add_pattern(journal, pattern))

        form = PatternForm("New pattern", app.journal.settings, keep=keep)
        self.app.push_screen(form, self.pattern_saved)

    def action_edit_pattern(self) -> None:
        app = stepdown(self)
        settings = app.journal.settings
        name = self.chooser.selected.name
        old = next((each for each in settings.patterns if each.name == name), None)
        if old is None:
            return

        def keep(pattern: Pattern) -> bool:
            return app.record(lambda journal: edit_pattern(journal, name, pattern))

        self.app.push_screen(
            PatternForm("Edit pattern", settings, old, keep=keep), self.pattern_saved
        )

    def pattern_saved(self, pattern: Pattern | None) -> None:
        """After the pattern form: the list again, with the pattern saved (if any) selected."""
        if pattern is not None:
            self.show_patterns(pattern.name)

    def action_remove_pattern(self) -> None:
        name = self.chooser.selected.name

        def answered(remove: bool | None) -> None:
            if remove:
                stepdown(self).record(lambda journal: remove_pattern(journal, name))
                self.show_patterns("")

        question = f"Remove your pattern “{name}”? Sessions you breathed with it stay saved."
        self.app.push_screen(ConfirmScreen(question, yes="Remove", no="Keep it"), answered)

    # The session

    def action_start(self) -> None:
        pattern, minutes = self.chooser.selected, self.chooser.minutes
        self.app.push_screen(
            AnxietyPrompt("Before you start"), lambda before: self.begin(pattern, minutes, before)
        )

    def show_summary(
        self, pattern: BreathingPattern, entry: BreathingSession, heading: str
    ) -> None:
        self.query_one(SessionSummary).show(pattern, entry, heading)
        self.set_state("summary")

    def action_done(self) -> None:
        self.set_state("choose")
        self.show_patterns(self.chooser.selected.name)
