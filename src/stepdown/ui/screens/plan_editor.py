"""The plan editor: the provider's taper plan entered exactly as written, step by step.

It is an editor: every way out that would drop its changes (escape, and `q`, a section
key, the palette or a click on the section bar through the app) asks first whether to
save, discard or keep editing. Removing a step asks first too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from stepdown.domain import format as fmt
from stepdown.domain.cautions import SUDDEN_STOP, stops_suddenly
from stepdown.domain.journal import Plan, Step
from stepdown.domain.parse import parse_date
from stepdown.domain.plan import replace_plan
from stepdown.domain.rules import clean_text, plan_problems
from stepdown.ui.context import stepdown
from stepdown.ui.dialogs.base import Problems, close_screen, parse_field
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.dialogs.leave import leave_asking, saved_then
from stepdown.ui.dialogs.step_form import StepForm
from stepdown.ui.widgets.banner import Banner
from stepdown.ui.widgets.fields import labelled_field, show_problems
from stepdown.ui.widgets.frame import AppFooter, AppHeader

HEADER_FIELDS = ("prescriber", "approved", "note")
COLUMNS = ("Starts", "Doses", "A day")
UNSAVED = "The plan has changes that are not saved."


def fitted(pairs: list[str], width: int) -> list[str]:
    """`pairs` joined by ", " in lines of at most `width` cells, broken between pairs
    (never inside one); one line when `width` is not known yet (0 or less)."""
    lines = [pairs[0]]
    for pair in pairs[1:]:
        if width > 0 and len(lines[-1]) + len(pair) + 2 > width:
            lines[-1] += ","
            lines.append(pair)
        else:
            lines[-1] += f", {pair}"
    return lines


class PlanEditor(Screen[None]):
    """Edits a copy of the plan; ctrl+s saves it, replacing the old one (kept in history)."""

    DEFAULT_CSS = """
    /* The prescriber's fields (their grid's columns in app.tcss) above the steps. */
    #step-table { height: auto; max-height: 12; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the plan"),
        Binding("a", "add_step", "Add", tooltip="Add a step to the plan"),
        Binding("e", "edit_step", "Edit", tooltip="Change the selected step"),
        Binding(
            "f",
            "copy_forward",
            "Copy forward",
            tooltip="Copy the selected step some days later; you type its new amounts",
        ),
        Binding(
            "delete", "remove_step", "Remove", tooltip="Remove the selected step, after asking"
        ),
        Binding(
            "escape",
            "leave",
            "Back",
            show=False,  # kept out of the Footer so the editor's own keys fit 60 columns
            tooltip="Back to Today (asks if anything changed)",
        ),
    ]

    def __init__(self, plan: Plan | None) -> None:
        super().__init__()
        self.original = plan
        self.steps: list[Step] = list(plan.steps) if plan else []
        self.filled: tuple[str, ...] = ()
        """What the header fields held once filled from the plan (see `typed`)."""

    def compose(self) -> ComposeResult:
        plan = self.original
        approved = str(plan.approved_on) if plan and plan.approved_on else ""
        yield AppHeader()
        yield Banner(id="sudden-stop", classes="warning")
        with VerticalScroll(id="plan-editor", classes="form"):
            with Grid(classes="fields"):
                yield from labelled_field(
                    "prescriber", "Prescriber", plan.prescriber if plan else "", "who gave the plan"
                )
                yield from labelled_field("approved", "Approved on", approved, "like 2026-11-18")
                yield from labelled_field("note", "Note", plan.note if plan else "")
            with Vertical(id="steps", classes="panel"):
                yield DataTable(id="step-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="steps-error", classes="field-error", markup=False)
            yield Static(
                "Enter each step as your provider wrote it; Stepdown computes no amounts.",
                classes="hint",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.filled = self.typed
        self.query_one("#steps").border_title = "Steps"
        # The usual change is to extend the plan, so start at its last step.
        self.show_steps(select=len(self.steps) - 1 if self.steps else None)
        self.query_one("#prescriber" if self.original is None else "#step-table").focus()

    @property
    def unit(self) -> str:
        return stepdown(self).journal.settings.unit

    def on_resize(self) -> None:
        # The doses are broken into lines to fit the table's new width.
        self.show_steps(select=self.selected)

    def show_steps(self, select: int | None = None) -> None:
        """Draw the steps, each dose as its time and amount (on more than one line when
        they do not fit); a problem with the steps shown since the last save is cleared
        as soon as it is gone."""
        table = self.query_one(DataTable)
        rows = []
        for step in self.steps:
            if step.times:
                pairs = [
                    fmt.dose_times((at,), (dose,), self.unit)
                    for at, dose in zip(step.times, step.doses, strict=False)
                ]
                total = f"{fmt.amount(step.daily_total)} {self.unit}"
            else:
                pairs, total = ["end of taper"], "0"
            rows.append((fmt.short_date(step.start), pairs, total))
        # What is left for the doses once the other columns and each cell's padding
        # (one cell either side) are drawn; unknown (0) before the first layout.
        others = sum(max([len(COLUMNS[i]), *(len(row[i]) for row in rows)]) for i in (0, 2))
        room = table.scrollable_content_region.width - others - 2 * len(COLUMNS)
        # The columns too: a column keeps the width of its widest cell ever, even once
        # the doses are broken into lines.
        table.clear(columns=True)
        table.add_columns(*COLUMNS)
        for start, pairs, total in rows:
            lines = fitted(pairs, room)
            # Text, not str: a DataTable reads a str as markup, and the unit is the user's.
            table.add_row(start, Text("\n".join(lines)), Text(total), height=len(lines))
        if select is not None and self.steps:
            table.move_cursor(row=select)
        caution = SUDDEN_STOP if stops_suddenly(self.draft_steps_plan()) else None
        self.query_one("#sudden-stop", Banner).say(caution)
        error = self.query_one("#steps-error", Static)
        if error.has_class("-shown"):
            problem = self.steps_problem()
            error.update(problem or "")
            error.set_class(problem is not None, "-shown")

    def steps_problem(self) -> str | None:
        """What is wrong with the steps as they stand (the first thing), or None."""
        if not self.steps:
            return "Add at least one step (a to add)."
        for problem in plan_problems(self.draft_steps_plan()):
            if problem.path.startswith("plan.steps["):
                number = int(problem.path.split("[")[1].split("]")[0]) + 1
                return f"Step {number}: {problem.message}."
        return None

    def starts_but(self, index: int | None = None) -> list[date]:
        """The steps' start dates, but for the step at `index`."""
        return [step.start for i, step in enumerate(self.steps) if i != index]

    def draft_steps_plan(self) -> Plan:
        return Plan(prescriber="", steps=tuple(self.steps))

    @property
    def selected(self) -> int | None:
        row = self.query_one(DataTable).cursor_row
        return row if self.steps and 0 <= row < len(self.steps) else None

    def put_step(self, step: Step, replacing: int | None = None) -> None:
        """Add or replace a step, keeping the steps in date order."""
        if replacing is not None:
            del self.steps[replacing]
        self.steps.append(step)
        self.steps.sort(key=lambda each: each.start)
        self.show_steps(select=self.steps.index(step))

    # Each step form hands its step over through `keep`, not through its dismissal: a
    # step saved on the way out of the app must be in the list before the editor is
    # asked whether it has changes.

    def action_add_step(self) -> None:
        form = StepForm(
            "New step", unit=self.unit, other_starts=self.starts_but(), keep=self.put_step
        )
        self.app.push_screen(form)

    @on(DataTable.RowSelected)
    def action_edit_step(self) -> None:
        index = self.selected
        if index is None:
            self.action_add_step()
            return
        old = self.steps[index]

        def keep(step: Step) -> None:
            kept = replace(old, start=step.start, times=step.times, doses=step.doses)
            self.put_step(kept, replacing=index)

        form = StepForm(
            "Change step", old, unit=self.unit, other_starts=self.starts_but(index), keep=keep
        )
        self.app.push_screen(form)

    def action_copy_forward(self) -> None:
        index = self.selected
        if index is None:
            self.notify("Add a first step, then copy it forward.", severity="warning")
            return
        source = self.steps[index]
        title = f"Copy the step of {fmt.short_date(source.start)} forward"
        form = StepForm(
            title,
            copy_of=source,
            unit=self.unit,
            other_starts=self.starts_but(),
            keep=self.put_step,
        )
        self.app.push_screen(form)

    def action_remove_step(self) -> None:
        index = self.selected
        if index is None:
            return
        step = self.steps[index]

        def remove(yes: bool | None) -> None:
            if yes:
                del self.steps[index]
                self.show_steps(select=max(0, index - 1))

        if step.times:
            doses = fmt.dose_times(step.times, step.doses, self.unit)
        else:
            doses = "the end of the taper"
        question = f"Remove the step of {fmt.short_date(step.start)}: {doses}?"
        self.app.push_screen(ConfirmScreen(question, yes="Remove", no="Keep"), remove)

    def read(self) -> tuple[Plan | None, Problems]:
        """The plan typed, or None and a message for each wrong field."""
        problems: Problems = {}
        values = {
            name: clean_text(self.query_one(f"#{name}", Input).value).strip()
            for name in HEADER_FIELDS
        }
        approved = (
            parse_field("approved", values["approved"], parse_date, problems)
            if values["approved"]
            else None
        )
        if (steps_problem := self.steps_problem()) is not None:
            problems["steps"] = steps_problem
        base = self.original or Plan(prescriber="")
        plan = replace(
            base,
            prescriber=values["prescriber"],
            approved_on=approved,
            note=values["note"],
            steps=tuple(self.steps),
        )
        for problem in plan_problems(plan):
            if problem.path == "plan.prescriber":
                problems["prescriber"] = "Enter who gave you this plan."
        return (None, problems) if problems else (plan, problems)

    @property
    def typed(self) -> tuple[str, ...]:
        """What the prescriber, date and note fields hold, without outer spaces."""
        return tuple(self.query_one(f"#{name}", Input).value.strip() for name in HEADER_FIELDS)

    @property
    def changed(self) -> bool:
        """True when anything differs from the plan the editor opened with."""
        steps = self.original.steps if self.original else ()
        # Compared with what the fields were filled with, not with the plan: a field shows
        # a note written on several lines (by hand, in the file) on one.
        return self.typed != self.filled or tuple(self.steps) != steps

    def action_save(self) -> None:
        self.save()

    def save(self) -> bool:
        """Save the plan typed and close, as ctrl+s does; False (and the editor stays,
        showing what is wrong) when it is not right or could not be written."""
        plan, problems = self.read()
        show_problems(self, (*HEADER_FIELDS, "steps"), problems)
        if plan is None:
            return False
        now = stepdown(self).clock.now()
        if not stepdown(self).record(lambda journal: replace_plan(journal, plan, now)):
            return False
        self.notify("Plan saved.")
        close_screen(self)
        return True

    def action_leave(self) -> None:
        self.before_leaving(lambda: None)

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """Close and run `leave` at once when nothing changed; otherwise ask first:
        save (and go only if the plan was saved), discard, or keep editing."""
        leave_asking(
            self,
            UNSAVED,
            changed=self.changed,
            save=saved_then(self.save),
            close=lambda: close_screen(self),
            leave=leave,
        )
