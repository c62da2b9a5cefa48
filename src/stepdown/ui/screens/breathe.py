"""Breathe: choose a pattern and a length, then follow a guided session that keeps true time.

The screen draws what the domain's phase clock says at the clock's monotonic time;
it never counts its own frames. A session that ran 30 seconds or more is saved when
it ends, however it ends: completed, ended early, left for another section, or at
quit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, OptionList

from stepdown.domain.breathing import (
    MIN_SAVED_SECONDS,
    BreathingPattern,
    Session,
    Timing,
    add_pattern,
    duration_words,
    edit_pattern,
    length_words,
    moment_at,
    next_frame_delay,
    patterns,
    record_session,
    remember_choice,
    remembered_length,
    remove_pattern,
    session_seconds,
    worth_saving,
)
from stepdown.domain.journal import BreathingSession, Pattern
from stepdown.store.journal_store import Change
from stepdown.ui.context import stepdown
from stepdown.ui.dialogs.breathe_anxiety import AnxietyPrompt
from stepdown.ui.dialogs.breathe_pattern_form import PatternForm
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.widgets.frame import AppFooter, AppHeader
from stepdown.ui.widgets.pattern_chooser import PatternChooser
from stepdown.ui.widgets.session_summary import SessionSummary
from stepdown.ui.widgets.session_view import SessionView

State = Literal["choose", "running", "paused", "summary"]

BELL_GAP = 0.3
"""Seconds between two bells, so a terminal rings twice rather than once."""

SAVED = "Saved in your journal."
TOO_SHORT = f"Not saved: sessions under {MIN_SAVED_SECONDS} seconds are not kept."
NOT_SAVED = "Not saved: the journal could not be written (see the notice)."

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


class BreatheScreen(Screen[None]):
    """The Breathe section: the pattern chooser, the guided session and its summary."""

    CSS_PATH = ["shared.tcss", "breathe.tcss"]

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

    state: State = "choose"
    session: Session | None = None
    """The session in progress, paused or not."""
    frame_timer: Timer | None = None
    shown: tuple[int, int] | None = None
    """The breath and phase on screen, to ring the bell when they change."""

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

    @property
    def view(self) -> SessionView:
        return self.query_one(SessionView)

    def on_mount(self) -> None:
        settings = stepdown(self).journal.settings
        self.show_patterns(settings.breathing_pattern, remembered_length(settings))

    def on_screen_resume(self) -> None:
        if self.state == "choose":
            self.show_patterns(self.chooser.selected.name)

    def on_screen_suspend(self) -> None:
        # A help or palette screen over this one leaves the session running; another
        # section (this screen no longer in the stack in view) ends it.
        if self not in self.app.screen_stack:
            self.interrupt()

    def on_unmount(self) -> None:
        self.interrupt(quitting=True)

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """The app asks before switching section or quitting: save what ran, then go."""
        self.interrupt()
        leave()

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

    def begin(self, pattern: BreathingPattern, minutes: int, anxiety: int | None) -> None:
        """Start breathing `pattern` for `minutes` now; remember the choice for next time."""
        app = stepdown(self)
        settings = app.journal.settings
        if (settings.breathing_pattern, settings.breathing_minutes) != (pattern.name, minutes):
            app.record(lambda journal: remember_choice(journal, pattern.name, minutes))
        self.session = Session(
            pattern,
            session_seconds(pattern, minutes),
            app.clock.now(),
            Timing(app.clock.monotonic()),
            anxiety_before=anxiety,
        )
        self.shown = None
        title = f"{pattern.title} · {pattern.timing} · {length_words(minutes)}"
        self.view.begin(title, reduced_motion=settings.reduced_motion)
        self.set_state("running")
        self.frame()

    def frame(self) -> None:
        """Draw the session as it stands on the clock, and ask for the next frame."""
        self.stop_frames()
        session = self.session
        if session is None or session.timing.paused:
            return
        now = stepdown(self).clock.monotonic()
        if session.done(now):
            self.finish()
            return
        elapsed = session.elapsed(now)
        moment = moment_at(session.pattern, elapsed)
        self.view.show(moment, session.left(now), elapsed)
        if self.shown != (moment.cycle, moment.index):
            self.shown = (moment.cycle, moment.index)
            self.ring(moment.phase.bells)
        self.frame_timer = self.set_timer(next_frame_delay(elapsed), self.frame)

    def stop_frames(self) -> None:
        if self.frame_timer is not None:
            self.frame_timer.stop()
            self.frame_timer = None

    def ring(self, times: int) -> None:
        """The terminal bell `times` times, when the user turned cues on."""
        if not times or not stepdown(self).journal.settings.bell:
            return
        self.app.bell()
        for ring in range(1, times):
            self.set_timer(BELL_GAP * ring, self.app.bell)

    def action_pause(self) -> None:
        if self.session is not None:
            now = stepdown(self).clock.monotonic()
            self.session = replace(self.session, timing=self.session.timing.pause(now))
            self.stop_frames()
            self.view.pause()
            self.set_state("paused")

    def action_resume(self) -> None:
        if self.session is not None:
            now = stepdown(self).clock.monotonic()
            self.session = replace(self.session, timing=self.session.timing.resume(now))
            self.set_state("running")
            self.frame()

    def action_stop(self) -> None:
        self.finish()

    def end_session(self) -> tuple[BreathingPattern, BreathingSession] | None:
        """Stop the session in progress: its pattern and its entry (not saved yet), if any."""
        session, self.session = self.session, None
        self.stop_frames()
        if session is None:
            return None
        return session.pattern, session.record(stepdown(self).clock.monotonic())

    def finish(self) -> None:
        """End the session: save it at once if long enough, ask about anxiety, then sum up."""
        ended = self.end_session()
        if ended is None:
            return
        pattern, entry = ended
        if not worth_saving(entry):
            self.show_summary(pattern, entry, TOO_SHORT)
            return
        saved = stepdown(self).record(lambda journal: record_session(journal, entry))

        def after(anxiety: int | None) -> None:
            final = replace(entry, anxiety_after=anxiety)
            if saved and anxiety is not None:
                stepdown(self).record(lambda journal: record_session(journal, final))
            self.show_summary(pattern, final, SAVED if saved else NOT_SAVED)

        self.app.push_screen(AnxietyPrompt("Session over"), after)

    def interrupt(self, *, quitting: bool = False) -> None:
        """Save what ran of a session cut short by leaving the section or quitting."""
        ended = self.end_session()
        if ended is None:
            return
        entry = ended[1]
        if worth_saving(entry):
            saved = stepdown(self).record(lambda journal: record_session(journal, entry))
            if saved and not quitting:
                self.notify(f"Breathing session saved: {duration_words(entry.seconds)}.")
        if not quitting:
            self.set_state("choose")

    def change_at_exit(self) -> Change | None:
        """The app must exit at once (the terminal is gone): end the session in progress
        and give the change that saves what ran of it, if worth saving. Touches nothing
        on screen, as this may run outside the app's loop; a frame still due draws none."""
        session, self.session = self.session, None
        if session is None:
            return None
        entry = session.record(stepdown(self).clock.monotonic())
        return (lambda journal: record_session(journal, entry)) if worth_saving(entry) else None

    def show_summary(
        self, pattern: BreathingPattern, entry: BreathingSession, heading: str
    ) -> None:
        self.query_one(SessionSummary).show(pattern, entry, heading)
        self.set_state("summary")

    def action_done(self) -> None:
        self.set_state("choose")
        self.show_patterns(self.chooser.selected.name)
