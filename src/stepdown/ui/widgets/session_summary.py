"""The end of a breathing session: saved or not, the time breathed, anxiety before and after."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from stepdown.domain.breathing import BreathingPattern
from stepdown.domain.breathing_words import anxiety_change, duration_words
from stepdown.domain.journal import BreathingSession


def summary_lines(pattern: BreathingPattern, entry: BreathingSession) -> list[str]:
    """The summary of `entry`, a line for each thing it tells."""
    breathed = duration_words(entry.seconds)
    if not entry.planned_seconds:
        how = breathed
    elif entry.completed:
        how = f"{breathed}, the whole session"
    else:
        how = f"{breathed} of {duration_words(entry.planned_seconds)}, ended early"
    lines = [f"Pattern        {pattern.title} · {pattern.timing}", f"Time breathed  {how}"]
    change = anxiety_change(entry.anxiety_before, entry.anxiety_after)
    if change is not None:
        lines.append(f"Anxiety        {change}")
    elif entry.anxiety_before is not None:
        lines.append(f"Anxiety        {entry.anxiety_before} before")
    return lines


class SessionSummary(Vertical):
    """A panel summing up the session that just ended."""

    def compose(self) -> ComposeResult:
        yield Static("", id="summary-saved", classes="title", markup=False)
        yield Static("", id="summary-lines", markup=False)
        yield Static("enter: back to the patterns", classes="hint")

    def on_mount(self) -> None:
        self.border_title = "Session"

    def show(self, pattern: BreathingPattern, entry: BreathingSession, heading: str) -> None:
        """Sum up `entry` under `heading` (whether and why it was saved or not)."""
        self.query_one("#summary-saved", Static).update(heading)
        self.query_one("#summary-lines", Static).update("\n".join(summary_lines(pattern, entry)))
