"""A guided breathing session running on a screen: its frames, bells, pause and end.

The session is drawn as the domain's phase clock says at the clock's monotonic time;
the screen never counts its own frames. A session that ran 30 seconds or more is
saved when it ends, however it ends: completed, ended early, left for another
section, or at quit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from textual.screen import Screen
from textual.timer import Timer

from stepdown.domain.breathing import BreathingPattern, length_words, remember_choice
from stepdown.domain.breathing_clock import Timing, moment_at, next_frame_delay
from stepdown.domain.breathing_session import (
    MIN_SAVED_SECONDS,
    Session,
    record_session,
    session_seconds,
    worth_saving,
)
from stepdown.domain.breathing_words import duration_words
from stepdown.domain.journal import BreathingSession
from stepdown.store.journal_store import Change
from stepdown.ui.context import stepdown
from stepdown.ui.dialogs.breathe_anxiety import AnxietyPrompt
from stepdown.ui.widgets.session_view import SessionView

State = Literal["choose", "running", "paused", "summary"]

BELL_GAP = 0.3
"""Seconds between two bells, so a terminal rings twice rather than once."""

SAVED = "Saved in your journal."
TOO_SHORT = f"Not saved: sessions under {MIN_SAVED_SECONDS} seconds are not kept."
NOT_SAVED = "Not saved: the journal could not be written (see the notice)."


class SessionScreen(Screen[None]):
    """A screen that runs a guided session in its SessionView and saves it at its end.

    The screen built on it composes the SessionView, binds the keys to `action_pause`,
    `action_resume` and `action_stop`, and shows each state in `set_state` and the
    summary in `show_summary`.
    """

    state: State = "choose"
    session: Session | None = None
    """The session in progress, paused or not."""
    frame_timer: Timer | None = None
    shown: tuple[int, int] | None = None
    """The breath and phase on screen, to ring the bell when they change."""

    @property
    def view(self) -> SessionView:
        return self.query_one(SessionView)

    def set_state(self, state: State) -> None:
        """Show what `state` shows and the keys it takes."""
        raise NotImplementedError

    def show_summary(
        self, pattern: BreathingPattern, entry: BreathingSession, heading: str
    ) -> None:
        """Sum up the session that ended, under `heading` (whether it was saved)."""
        raise NotImplementedError

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
