"""A breathing session on screen: the phase in words, the shape, the countdown, the time.

The phase and its countdown are always on screen as plain text ("Breathe in · 3"),
so a screen reader, a braille display or copy-paste gets words. The large letters,
the shape and the large digits draw the same thing again for the eye; with reduced
motion they are left out and the plain words stand alone, bold and spaced.

It draws what it is given and repaints only what changed; the screen decides what
to show from the clock.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Digits, Static

from stepdown.domain.breathing_clock import Moment
from stepdown.domain.breathing_words import clock_text
from stepdown.ui.widgets.big_words import BigWords
from stepdown.ui.widgets.breath_shape import BreathShape

PAUSED_WORDS = "Paused"
PAUSED = "Paused · space goes on, escape ends the session"


class Countdown(Digits):
    """The phase's seconds left in large digits: decoration, the plain words say it too.

    Textual has no way to hide a widget from assistive technology; what it allows is
    leaving the digits out of text selection, so a copy holds the words alone.
    """

    ALLOW_SELECT = False


class SessionView(Vertical):
    """The session in view; with reduced motion (the `-reduced-motion` class) only the
    plain words, the title and the time left show."""

    DEFAULT_CSS = """
    SessionView { align: center middle; height: 1fr; }
    SessionView #session-title { width: 1fr; text-align: center; margin: 1 0; }
    SessionView #phase-words { width: 1fr; text-align: center; margin-bottom: 1; }
    SessionView Countdown { width: auto; }
    SessionView #progress { width: 1fr; text-align: center; margin-top: 1; }
    SessionView.-reduced-motion BigWords,
    SessionView.-reduced-motion BreathShape,
    SessionView.-reduced-motion #countdown { display: none; }
    SessionView.-reduced-motion #phase-words { margin: 1 0; padding: 1 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.progress = ""
        self.words = ""
        self.reduced_motion = False

    def compose(self) -> ComposeResult:
        yield Static("", id="session-title", markup=False)
        yield BigWords()
        yield Static("", id="phase-words", markup=False)
        yield BreathShape()
        with Center(id="countdown"):
            yield Countdown("")
        yield Static("", id="progress", markup=False)

    def begin(self, title: str, *, reduced_motion: bool) -> None:
        """Get ready for a session called `title` (a user's pattern name: shown literally).

        With `reduced_motion` the large letters, the shape and the large digits are
        left out, and the plain words are drawn as the thing to look at.
        """
        self.query_one("#session-title", Static).update(title)
        self.reduced_motion = reduced_motion
        self.set_class(reduced_motion, "-reduced-motion")

    def show(self, moment: Moment, left: float | None, elapsed: float) -> None:
        """Draw `moment`; `left` is the session's seconds left (None: until stopped)."""
        self.tell(moment.words)
        if not self.reduced_motion:
            # Hidden widgets are not kept up to date; `begin` shows them again.
            self.query_one(BigWords).show(moment.phase.words)
            countdown = self.query_one(Countdown)
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
        self.query_one(BigWords).show(PAUSED_WORDS)
        self.tell(PAUSED_WORDS)
        self.say(PAUSED)

    def tell(self, words: str) -> None:
        """The phase in plain words; redrawn only when they change."""
        if words != self.words:
            self.words = words
            self.query_one("#phase-words", Static).update(words)

    def say(self, text: str) -> None:
        """The line under the session: the breath and the time."""
        if text != self.progress:
            self.progress = text
            self.query_one("#progress", Static).update(text)
