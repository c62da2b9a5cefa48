"""A dialog for one plan step: its start, its dose times and the amount at each time.

A line under the fields says, as the user types, what the step typed means ("From 10
Dec 2026: 08:00 10 mg, 20:00 15 mg · 25 mg a day") or what is wrong with it; it only
repeats what was typed, it never proposes an amount.

It is an editor (see FormDialog): every way out that would drop what was typed asks
first whether to save, discard or keep editing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from stepdown.domain import format as fmt
from stepdown.domain.journal import Step
from stepdown.domain.parse import parse_amounts, parse_date, parse_days, parse_times
from stepdown.domain.rules import step_problems
from stepdown.ui.dialogs.base import FormDialog, Problems, value_and_problems
from stepdown.ui.widgets.fields import labelled_field

LABELS = {
    "start": "Starts on",
    "days": "Days later",
    "times": "Dose times",
    "amounts": "Amount at each",
}
"""Each field's label, by its id; also the order of fields, for the first problem."""


def step_words(step: Step, unit: str) -> str:
    """What a step means, in words: "From 10 Dec 2026: 08:00 10 mg, 20:00 15 mg ·
    25 mg a day", or that the taper ends that day."""
    start = f"From {fmt.short_date(step.start)}"
    if not step.times:
        return f"{start}: no doses, the end of the taper"
    doses = fmt.dose_times(step.times, step.doses, unit)
    return f"{start}: {doses} · {fmt.amount(step.daily_total)} {unit} a day"


def capitalised(message: str) -> str:
    """A rule's message ("repeats 08:00") as a sentence ("Repeats 08:00.")."""
    return f"{message[:1].upper()}{message[1:]}."


class StepForm(FormDialog[Step]):
    """Asks for a step as the provider wrote it; dismisses with it once `keep` took it,
    or None when closed without it.

    Copying a step forward (`copy_of`) asks how many days later it starts and keeps
    its times; the amounts start empty, so every amount is one the user typed.
    `other_starts` are the start dates of the plan's other steps: a step may not start
    on one of them. `unit` is the unit the amounts are in. `keep` puts the step in the
    plan being edited; the form hands the step over through it before it closes, so a
    step saved on the way out of the app is in the plan before the editor is asked.
    """

    DEFAULT_CSS = """
    /* The line saying what the step typed means, or what is wrong with it. */
    StepForm #step-summary {
        margin-top: 1;
        color: $text;
    }
    StepForm #step-summary.-problem {
        color: $text-warning;
    }
    """
    SAVE_KEY = Binding("ctrl+s", "save", "Save step", priority=True)
    UNSAVED = "This step has changes not yet put in the plan."

    def __init__(
        self,
        title: str,
        step: Step | None = None,
        *,
        copy_of: Step | None = None,
        unit: str,
        other_starts: Collection[date] = (),
        keep: Callable[[Step], object],
    ) -> None:
        def kept(step: Step) -> bool:
            keep(step)
            return True  # the plan being edited takes any step; it is saved with the plan

        super().__init__(title, keep=kept)
        self.step = step
        self.copy_of = copy_of
        self.unit = unit
        self.other_starts = frozenset(other_starts)
        self.shown: set[str] = set()
        """The fields whose problem is shown beside them."""

    @property
    def start_field(self) -> str:
        """The id of the field that says when the step starts."""
        return "days" if self.copy_of is not None else "start"

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.start_field, "times", "amounts")

    def compose_fields(self) -> ComposeResult:
        step, copy_of = self.step, self.copy_of
        times = copy_of.times if copy_of else step.times if step else ()
        if copy_of is not None:
            yield from labelled_field("days", LABELS["days"], "7")
        else:
            start = str(step.start) if step else ""
            yield from labelled_field("start", LABELS["start"], start)
        typed_times = " ".join(map(fmt.clock_time, times))
        yield from labelled_field("times", LABELS["times"], typed_times)
        amounts = " ".join(map(fmt.amount, step.doses)) if step else ""
        yield from labelled_field("amounts", LABELS["amounts"], amounts)

    def compose_below(self) -> ComposeResult:
        yield Static("", id="step-summary", markup=False)
        hint = "Times like 08:00 14:00 20:00; one amount for each time, like 15 15 20."
        if self.copy_of is not None:
            was = " ".join(map(fmt.amount, self.copy_of.doses)) or "none"
            hint = f"Type the new amounts from your plan (the step copied had {was}). {hint}"
        yield Static(hint, classes="hint", markup=False)
        yield Static("No times and no amounts: the taper ends on this day.", classes="hint")

    def on_mount(self) -> None:
        self.show_summary(self.read())
        first = "#amounts" if self.copy_of is not None else "#start"
        self.query_one(first, Input).focus()

    def typed(self) -> dict[str, str]:
        """Each field's text as it stands."""
        return {name: self.text(name) for name in self.fields}

    def typed_start(self, value: str) -> date:
        """The start date typed (or the copied step's start and the days typed).

        Raises:
            ValueError: with the words to show beside the field, when it is not a date.
        """
        if self.copy_of is None:
            return parse_date(value)
        try:
            return self.copy_of.start + timedelta(days=parse_days(value))
        except OverflowError:
            raise ValueError("Type fewer days.") from None

    def read(self) -> Step | Problems:
        problems: Problems = {}
        start = self.parsed(self.start_field, self.typed_start, problems)
        if start is not None and start in self.other_starts:
            problems[self.start_field] = f"Another step already starts on {fmt.short_date(start)}."
        times = self.parsed("times", parse_times, problems)
        doses = self.parsed("amounts", parse_amounts, problems)
        if times is None or doses is None or start is None:
            return problems
        if len(doses) != len(times):
            problems["amounts"] = (
                f"{len(doses)} amounts for {len(times)} times: give one amount for each time."
            )
        step = Step(start, times, doses)
        for problem in step_problems(step, "step"):
            if problem.path == "step.start":
                # A start copied forward by many days can pass the last date allowed.
                problems.setdefault(self.start_field, f"The date {problem.message}.")
            elif problem.path.startswith("step.times"):
                problems.setdefault("times", capitalised(problem.message))
            elif problem.path.startswith("step.doses["):
                problems.setdefault("amounts", capitalised(problem.message))
        return problems or step

    def show_summary(self, read: Step | Problems) -> None:
        """The line under the fields: what the step means, or its first problem (only
        pointed to when it is shown beside its field already)."""
        step, problems = value_and_problems(read)
        summary = self.query_one("#step-summary", Static)
        wrong = [name for name in self.fields if name in problems]
        unsaid = [name for name in wrong if name not in self.shown]
        if step is not None:
            words = step_words(step, self.unit)
        elif not any(value.strip() for value in self.typed().values()):
            words = "Type when the step starts, its dose times and the amount at each."
        elif unsaid:
            words = f"{LABELS[unsaid[0]]}: {problems[unsaid[0]]}"
        else:
            words = f"Not a step yet: see “{LABELS[wrong[0]]}” above."
        summary.update(words)
        summary.set_class(step is None, "-problem")

    def mark(self, problems: Problems) -> None:
        """Show each field's problem beside it, or clear it, leaving the focus alone."""
        for name in self.fields:
            problem = problems.get(name)
            error = self.query_one(f"#{name}-error", Static)
            error.update(problem or "")
            error.set_class(problem is not None, "-shown")
            self.query_one(f"#{name}", Input).set_class(problem is not None, "-invalid")
        self.shown = set(problems)

    @on(Input.Changed)
    def typing(self) -> None:
        read = self.read()
        problems = value_and_problems(read)[1]
        # While typing, a problem shown (after a save) stays only while it is there, and
        # a start taken by another step is said at once; half-typed values are not
        # called wrong beside their field until the user saves.
        live = {name: message for name, message in problems.items() if name in self.shown}
        start = self.parsed(self.start_field, self.typed_start, {})
        if start is not None and start in self.other_starts:
            live[self.start_field] = problems[self.start_field]
        self.mark(live)
        self.show_summary(read)

    def show(self, read: Step | Problems) -> None:
        super().show(read)
        self.shown = set(value_and_problems(read)[1])
        self.show_summary(read)
