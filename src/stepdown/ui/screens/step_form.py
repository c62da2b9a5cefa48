"""A dialog for one plan step: its start, its dose times and the amount at each time."""

from __future__ import annotations

from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from stepdown.domain import format as fmt
from stepdown.domain.journal import Step
from stepdown.domain.parse import parse_amounts, parse_date, parse_days, parse_times
from stepdown.domain.rules import step_problems
from stepdown.ui.widgets.fields import labelled_field, show_problems


class StepForm(ModalScreen[Step | None]):
    """Asks for a step as the provider wrote it; dismisses with it, or None if cancelled.

    Copying a step forward (`copy_of`) asks how many days later it starts and keeps
    its times; the amounts start empty, so every amount is one the user typed.
    """

    CSS_PATH = "shared.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save step", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, step: Step | None = None, *, copy_of: Step | None = None):
        super().__init__()
        self.title_text = title
        self.step = step
        self.copy_of = copy_of

    def compose(self) -> ComposeResult:
        step, copy_of = self.step, self.copy_of
        times = copy_of.times if copy_of else step.times if step else ()
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with Grid(classes="fields"):
                if copy_of is not None:
                    yield from labelled_field("days", "Days later", "7")
                else:
                    yield from labelled_field("start", "Starts on", str(step.start) if step else "")
                typed_times = " ".join(map(fmt.clock_time, times))
                yield from labelled_field("times", "Dose times", typed_times)
                amounts = " ".join(map(fmt.amount, step.doses)) if step else ""
                yield from labelled_field("amounts", "Amount at each", amounts)
            hint = "Times like 08:00 14:00 20:00; one amount for each time, like 15 15 20."
            if copy_of is not None:
                was = " ".join(map(fmt.amount, copy_of.doses)) or "none"
                hint = f"Type the new amounts from your plan (the step copied had {was}). {hint}"
            yield Static(hint, classes="hint", markup=False)
            yield Static("No times and no amounts: the taper ends on this day.", classes="hint")

    def on_mount(self) -> None:
        first = "#amounts" if self.copy_of is not None else "#start"
        self.query_one(first, Input).focus()

    def read(self) -> tuple[Step | None, dict[str, str]]:
        """The step typed, or None and a message for each wrong field."""
        problems: dict[str, str] = {}
        start: date | None = None
        value = self.query_one("#days" if self.copy_of else "#start", Input).value
        try:
            if self.copy_of is not None:
                start = self.copy_of.start + timedelta(days=parse_days(value))
            else:
                start = parse_date(value)
        except ValueError as error:
            problems["days" if self.copy_of else "start"] = str(error)
        times = doses = ()
        try:
            times = parse_times(self.query_one("#times", Input).value)
        except ValueError as error:
            problems["times"] = str(error)
        try:
            doses = parse_amounts(self.query_one("#amounts", Input).value)
        except ValueError as error:
            problems["amounts"] = str(error)
        if problems or start is None:
            return None, problems
        if len(doses) != len(times):
            problems["amounts"] = (
                f"{len(doses)} amounts for {len(times)} times: give one amount for each time."
            )
        step = Step(start, times, doses)
        for problem in step_problems(step, "step"):
            if problem.path.startswith("step.times"):
                problems.setdefault("times", f"{problem.message[0].upper()}{problem.message[1:]}.")
        return (None, problems) if problems else (step, problems)

    @on(Input.Submitted)
    def action_save(self) -> None:
        step, problems = self.read()
        show_problems(self, ("start", "days", "times", "amounts"), problems)
        if step is not None:
            self.dismiss(step)

    def action_cancel(self) -> None:
        self.dismiss(None)
