"""What every dialog shares: a box in the middle of the terminal over the screen it
belongs to, a title, and then either answer buttons (a Question) or labelled fields
with their problems, a hint and save and close keys (a FormDialog).

The rule that centres dialogs is here, in Dialog's DEFAULT_CSS, and nowhere else. The
look they share with other screens (the box, the title, the field grid) is in the app's
stylesheet (app.tcss), parsed before the first frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Select, Static
from textual.widgets.button import ButtonVariant

from stepdown.ui.widgets.fields import show_problems

T = TypeVar("T")
V = TypeVar("V")

Problems = dict[str, str]
"""What is wrong with a form's fields: each wrong field's problem, by the field's id."""


def nothing() -> None:
    """What to do next when nothing is."""


def close_screen(screen: Screen[Any], result: Any = None) -> None:
    """Dismiss `screen` with `result`, first closing anything still open over it (a
    question the user left unanswered), so that `screen` and nothing else goes."""
    if screen not in screen.app.screen_stack:
        return  # already closed
    if screen.app.screen is not screen:
        screen.pop_until_active()
    screen.dismiss(result)


def parse_field(field: str, text: str, parse: Callable[[str], V], problems: Problems) -> V | None:
    """`parse(text)`, the text of the field `field`; None, with its problem put in
    `problems`, when `parse` says (by ValueError) what is wrong with it.

    The one place a form turns the domain's ValueError into a field's problem.
    """
    try:
        return parse(text)
    except ValueError as error:
        problems[field] = str(error)
        return None


def value_and_problems(read: T | Problems) -> tuple[T | None, Problems]:
    """A form's `read()` as (the value, no problems) or (None, the problems)."""
    if isinstance(read, dict):
        return None, read
    return read, {}


class Dialog(ModalScreen[T]):
    """A ModalScreen drawn as a box (`.dialog`) in the middle of the terminal."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    """


@dataclass(frozen=True)
class Answer(Generic[T]):
    """One of a question's answers: its button and the value it dismisses with."""

    id: str
    label: str
    value: T
    variant: ButtonVariant = "default"


class Question(Dialog[T]):
    """Asks `question` (its title) with a button for each of `answers()`, the first one
    focused; dismisses with the value of the answer chosen.

    A question binds escape to `answer('<id>')` itself, in its own words (the Footer and
    the help screen show them).
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def answers(self) -> Sequence[Answer[T]]:
        """The answers, in the order of their buttons."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            with Horizontal(classes="buttons"):
                for answer in self.answers():
                    yield Button(answer.label, id=answer.id, variant=answer.variant)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id or "")

    def action_answer(self, answer_id: str) -> None:
        self.dismiss(next(answer.value for answer in self.answers() if answer.id == answer_id))


class FormDialog(Dialog[T | None]):
    """A form in a dialog: a title, a grid of labelled fields, a hint; ctrl+s or enter in
    a field saves, escape closes. Dismisses with the value saved, or None.

    It is an editor: every way out that would drop what was typed (escape, and `q`, a
    section key or the palette through the app, which call `before_leaving`) asks first
    whether to save, discard or keep editing.

    A subclass yields its fields (`compose_fields`, with widgets.fields.labelled_field),
    names those that can be wrong (`fields`, in the order a problem is focused) and
    reads them (`read`: the value, or the problem of each wrong field; `parsed` reads one
    field). `keep` saves the value and says whether it was written; the form closes only
    then, so a save made on the way out of the app is done before the app goes on.
    """

    SAVE_KEY: ClassVar[Binding] = Binding("ctrl+s", "save", "Save", priority=True)
    CLOSE_KEY: ClassVar[Binding] = Binding(
        "escape", "close", "Close", tooltip="Close; asks first if you changed something"
    )
    HINT: ClassVar[str] = (
        "enter or ctrl+s saves; escape closes, asking first if you changed something"
    )
    UNSAVED: ClassVar[str] = "This form has changes that are not saved."
    """The question asked on the way out when something changed."""
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Each form declares its save and close keys as its own, in its words (SAVE_KEY
        # and CLOSE_KEY), so the help screen, which lists the keys each class declares,
        # shows every key once.
        cls.BINDINGS = [cls.SAVE_KEY, cls.CLOSE_KEY, *cls.__dict__.get("BINDINGS", ())]
        super().__init_subclass__(**kwargs)

    def __init__(self, title: str, *, keep: Callable[[T], bool]) -> None:
        super().__init__()
        self.title_text = title
        self.keep = keep
        self.first: object = None
        """What was typed as the form opened, to tell whether anything changed."""

    @property
    def fields(self) -> tuple[str, ...]:
        """The ids of the fields that can be wrong, in the order a problem is focused."""
        return self.FIELDS

    def lead(self) -> str:
        """A line under the title saying what the form is for; none by default."""
        return ""

    def compose_fields(self) -> ComposeResult:
        """The labels and fields of the grid."""
        raise NotImplementedError

    def compose_below(self) -> ComposeResult:
        """What goes under the fields: the hint."""
        yield Static(self.HINT, classes="hint", markup=False)

    def read(self) -> T | Problems:
        """The value typed, or the problem of each wrong field."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if lead := self.lead():
                yield Static(lead, classes="lead", markup=False)
            with Grid(classes="fields"):
                yield from self.compose_fields()
            yield from self.compose_below()

    def on_mount(self) -> None:
        # Textual calls each class's on_mount: a subclass's runs too, before this one.
        self.first = self.typed()

    def text(self, field: str) -> str:
        """The text in the field `field`, as it stands."""
        return self.query_one(f"#{field}", Input).value

    def parsed(self, field: str, parse: Callable[[str], V], problems: Problems) -> V | None:
        """`parse` of the text in `field`; None, with its problem in `problems`, when
        `parse` says (by ValueError) what is wrong with it."""
        return parse_field(field, self.text(field), parse, problems)

    def typed(self) -> object:
        """What the fields hold, compared with how the form opened to tell a change."""
        inputs = {field.id: field.value for field in self.query(Input)}
        return inputs | {choice.id: choice.value for choice in self.query(Select)}

    @property
    def changed(self) -> bool:
        """Whether anything differs from what the form opened with."""
        return self.typed() != self.first

    def show(self, read: T | Problems) -> None:
        """Show each wrong field's problem beside it (clearing the others) and focus the
        first wrong one."""
        show_problems(self, self.fields, value_and_problems(read)[1])

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save()

    def save(self, then: Callable[[], object] = nothing) -> None:
        """Save what was typed and close, then run `then`, as ctrl+s does: only once every
        field is right, `confirm` agreed and `keep` wrote it. Otherwise the form stays,
        with what was typed and what is wrong with it."""
        read = self.read()
        self.show(read)
        value, problems = value_and_problems(read)
        if problems or value is None:
            return
        self.confirm(value, lambda: self.finish(value, then))

    def confirm(self, value: T, go: Callable[[], object]) -> None:
        """Call `go` to save `value`; a form that asks about a value first overrides this."""
        go()

    def finish(self, value: T, then: Callable[[], object]) -> None:
        """Keep `value`, and close and run `then` once it was written."""
        if self.keep(value):
            close_screen(self, value)
            then()

    def action_close(self) -> None:
        self.before_leaving(nothing)

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """Close and run `leave` at once when nothing changed; otherwise ask first:
        save (and go only once saved), discard, or keep editing."""
        # Imported here: the leave question is itself a Question from this module.
        from stepdown.ui.dialogs.leave import leave_asking

        leave_asking(
            self,
            self.UNSAVED,
            changed=self.changed,
            save=self.save,
            close=lambda: close_screen(self, None),
            leave=leave,
        )
