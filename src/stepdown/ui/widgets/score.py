"""A 0..10 score field: a typed number, or left/right to step, with both ends in words."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from stepdown.domain.checkin import Scale, parse_score, step_score
from stepdown.ui.dialogs.base import parse_field
from stepdown.ui.widgets.fields import TextInput

STEPS = 11
"""Marks on the scale: one for each score 0..10."""


class ScoreInput(TextInput):
    """An Input for a score where left and right step the number instead of the cursor.

    Only digits are typed into it. Every other key goes on to the screen and the app,
    so `!` opens help now, `?` the keys, `q` quits (asking first) and a section's key
    goes to its section, with the cursor in a score as anywhere else.
    """

    BINDINGS = [
        Binding("left", "step(-1)", "Less", key_display="←", tooltip="One less on this scale"),
        Binding("right", "step(1)", "More", key_display="→", tooltip="One more on this scale"),
    ]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # Textual leaves the app's keys a field would type out of the Footer and the
        # bindings: a score keeps only the digits for itself.
        return character is not None and character.isascii() and character.isdigit()

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and not self.check_consume_key(event.key, event.character):
            # Not typed (Input's own handler is skipped); the key bubbles on to the app.
            event.prevent_default()

    def action_step(self, by: int) -> None:
        self.value = str(step_score(self.value, by))
        self.cursor_position = len(self.value)


class ScoreScale(Static):
    """The scale beside a score: both ends in words, and the score marked between them."""

    def __init__(self, scale: Scale, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="score-scale")
        self.scale = scale

    def show(self, text: str) -> None:
        """Mark the score typed as `text`; an empty or wrong score marks nothing."""
        # What is wrong with it is the form's to say, beside the field, when it is saved.
        value = parse_field(self.scale.name, text, parse_score, problems={})
        if value is None:
            track = Content.styled("·" * STEPS, "$text-muted")
        else:
            track = Content.assemble(
                ("━" * value, "$accent"),
                ("●", "bold $accent"),
                ("─" * (STEPS - 1 - value), "$text-muted"),
            )
        low, high = self.scale.low, self.scale.high
        self.update(Content.assemble(f"{low:>5} 0 ", track, f" 10 {high}"))


class ScoreField(Horizontal):
    """A score's Input (`#<name>`) and its scale; the scale follows what is typed."""

    DEFAULT_CSS = """
    ScoreField { height: 1; width: auto; }
    ScoreField ScoreInput { width: 4; margin-right: 1; }
    ScoreField .score-scale { width: auto; }
    """

    def __init__(self, scale: Scale, value: str = "") -> None:
        super().__init__()
        self.scale = scale
        self.value = value

    def compose(self) -> ComposeResult:
        yield ScoreInput(self.value, id=self.scale.name, compact=True)
        yield ScoreScale(self.scale, id=f"{self.scale.name}-scale")

    def on_mount(self) -> None:
        self.query_one(ScoreScale).show(self.value)

    @on(Input.Changed)
    def follow(self, event: Input.Changed) -> None:
        self.query_one(ScoreScale).show(event.value)


def score_field(scale: Scale, value: str = "") -> ComposeResult:
    """A label, then the score field above its error line `#<name>-error`, for a `.fields` grid."""
    yield Label(scale.label, classes="field-label")
    with Vertical(classes="field"):
        yield ScoreField(scale, value)
        yield Static("", id=f"{scale.name}-error", classes="field-error", markup=False)
