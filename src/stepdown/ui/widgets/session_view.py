"""A breathing session on screen: the phase in large words, the shape, the countdown, the time.

It draws what it is given and repaints only what changed; the screen decides what
to show from the clock.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Digits, Static

from stepdown.domain.breathing import Moment, clock_text
from stepdown.ui.widgets.big_words import BigWords
from stepdown.ui.widgets.breath_shape import BreathShape

PAUSED = "Paused · space goes on, escape ends the session"


class SessionView(Vertical):
    """The session in view; `reduced_motion` leaves out the moving shape."""

    DEFAULT_CSS = """
    SessionView { align: center middle; height: 1fr; }
    SessionView #session-title { width: 1fr; text-align: center; margin: 1 0; }
    SessionView BigWords { margin-bottom: 1; }
    SessionView Digits { width: auto; }
    SessionView #progress { width: 1fr; text-align: center; margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.progress = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="session-title", markup=False)
        yield BigWords()
        yield BreathShape()
        with Center():
            yield Digits("")
        yield Static("", id="progress", markup=False)

    def begin(self, title: str, *, reduced_motion: bool) -> None:
        """Get ready for a session called `title` (a user's pattern name: shown literally)."""
        self.query_one("#session-title", Static).update(title)
        self.query_one(BreathShape).display = not reduced_motion

    def show(self, moment: Moment, left: float | None, elapsed: float) -> None:
        """Draw `moment`; `left` is the session's seconds left (None: until stopped)."""
        self.query_one(BigWords).show(moment.phase.words)
        countdown = self.query_one(Digits)
        if countdown.value != str(moment.countdown):
            countdown.update(str(moment.countdown))
        self.query_one(BreathShape).show(moment.fullness)
        if left is not None:
            time = f"{clock_text(left)} left"
        else:
            time = f"{clock_text(int(elapsed))} so far"
        self.say(f"Breath {moment.cycle} · {time}")

    def pause(self) -> None:
        """Show that the session is paused; the countdown and shape stay as they were."""
        self.query_one(BigWords).show("Paused")
        self.say(PAUSED)

    def say(self, text: str) -> None:
        if text != self.progress:
            self.progress = text
            self.query_one("#progress", Static).update(text)
