"""The taper view: one row per plan step, so the effect of each cut shows side by side.

Each step's dates and daily total, the average of each score while it was in force
(over the days that recorded it), its adherence and how many of its days had a red
flag; all from domain/week.py. MarkedTable, the row-cursor table of the week's screens
that marks the selected row without colour, is here too.
"""

from __future__ import annotations

from datetime import date
from typing import Self

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey, RowKey

from stepdown.domain import format as fmt
from stepdown.domain.report import words as say
from stepdown.domain.report.tables import plan_source
from stepdown.domain.rules import clean_text
from stepdown.domain.week import Review, TaperRow
from stepdown.ui.context import stepdown
from stepdown.ui.widgets.frame import AppFooter, AppHeader

SHORT_SCORE = {"spasticity": "Spas", "anxiety": "Anx", "sleep": "Sleep", "mood": "Mood"}
"""Column headings for the scores, short enough for 80 columns (the week's table too)."""

LEGEND = (
    "Scores: averages over the days that recorded them. Kept: taken over planned on the "
    "days recorded, up to today. ⚠ days: days with a red flag."
)

NO_PLAN = "No plan yet: the taper view shows each step of your provider's plan once it is entered."


CURSOR_MARK = "› "
"""Starts the selected row of a MarkedTable; the other rows start with as many blanks."""

Cell = str | Text


def _marked(cell: Cell, selected: bool) -> Cell:
    mark = CURSOR_MARK if selected else " " * len(CURSOR_MARK)
    return mark + cell if isinstance(cell, str) else Text.assemble(mark, cell)


class MarkedTable(DataTable[Cell]):
    """A table with a row cursor (and zebra stripes) whose selected row starts with
    CURSOR_MARK, so the selection shows without colour (NO_COLOR, a monochrome terminal).

    The mark goes in front of each row's first cell (and blanks in front of the first
    column's heading), which costs two cells of width, where a column of its own would
    cost three: the week's table has no more to spare at 80 columns.
    """

    def __init__(self, *, id: str | None = None) -> None:
        self._firsts: dict[RowKey, Cell] = {}
        """Each row's first cell as given, without its mark."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def add_column(
        self,
        label: str | Text,
        *,
        width: int | None = None,
        key: str | None = None,
        default: Cell | None = None,
    ) -> ColumnKey:
        if not self.columns:
            label = _marked(label, False)
        return super().add_column(label, width=width, key=key, default=default)

    def add_row(
        self,
        *cells: Cell,
        height: int | None = 1,
        key: str | None = None,
        label: str | Text | None = None,
    ) -> RowKey:
        first, *rest = cells
        selected = self.row_count == self.cursor_row
        row_key = super().add_row(
            _marked(first, selected), *rest, height=height, key=key, label=label
        )
        self._firsts[row_key] = first
        return row_key

    def clear(self, columns: bool = False) -> Self:
        self._firsts.clear()
        return super().clear(columns)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if old.row == new.row:
            return  # add_row sets the cursor again where it is, before its row is known
        # The mark moves with the cursor; after clear() there is no row to mark.
        for row in (old.row, new.row):
            if row < self.row_count:
                row_key, column_key = self.coordinate_to_cell_key(Coordinate(row, 0))
                self.update_cell(
                    row_key, column_key, _marked(self._firsts[row_key], row == new.row)
                )


class TaperScreen(Screen[None]):
    """Every step of the plan with the figures of its days so far."""

    DEFAULT_CSS = """
    #taper-view { padding: 0 1; }
    #taper-source { text-style: bold; color: $primary; }
    #taper-steps { height: auto; max-height: 1fr; }
    #taper-table { height: auto; max-height: 100%; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the week"),
        Binding("v", "back", "Week", show=False, tooltip="Back to the week"),
    ]

    AUTO_FOCUS = "#taper-table"

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="taper-view"):
            yield Static("", id="taper-source", markup=False)
            with Vertical(id="taper-steps", classes="panel"):
                yield MarkedTable(id="taper-table")
            yield Static(LEGEND, id="taper-legend", classes="hint", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#taper-steps").border_title = "Taper: each step and how it went"
        app = stepdown(self)
        unit = clean_text(app.journal.settings.unit)
        table = self.query_one(MarkedTable)
        table.add_column("Step")
        table.add_column("Dates")
        for label in (f"{unit}/day", *SHORT_SCORE.values(), "Kept", "⚠ days"):
            table.add_column(Text(label, justify="right"))
        plan = app.journal.plan
        if plan is None or not plan.steps:
            self.query_one("#taper-source", Static).update(NO_PLAN)
            self.query_one("#taper-steps").display = False
            return
        self.query_one("#taper-source", Static).update(clean_text(plan_source(plan)))
        current = None
        for row in Review(app.journal, app.clock.now()).taper():
            table.add_row(*self.cells(row), key=str(row.number))
            if row.first <= app.today:
                current = row
        if current is not None:
            table.move_cursor(row=current.number - 1)

    def cells(self, row: TaperRow) -> list[Cell]:
        figures = row.figures
        begun = bool(figures.days)
        flagged = len(figures.red_flag_days)
        theme = self.app.current_theme
        flags = (
            Text(f"⚠ {flagged}", style=theme.error or "")
            if flagged
            else Text("0" if begun else say.NONE)
        )
        figures_text = [
            fmt.amount(row.step.daily_total),
            *(say.average(figures.average(name)) for name in SHORT_SCORE),
            say.percent(figures.adherence),
        ]
        return [
            str(row.number),
            dates(row, stepdown(self).today.year),
            *(Text(text, justify="right") for text in figures_text),
            Text.assemble(flags, justify="right"),
        ]

    def action_back(self) -> None:
        self.dismiss()


def dates(row: TaperRow, year: int) -> str:
    """A step's dates short enough for the table, like "30 Dec" dash "5 Jan 2027".

    A date carries its year when it is not in `year` (the current one); the first
    date of a step leaves it to the last when both share it.
    """

    def short(day: date, with_year: bool) -> str:
        return f"{day.day} {day:%b}" + (f" {day.year}" if with_year else "")

    if row.last is None:
        return f"from {short(row.first, row.first.year != year)}"
    first_year = row.first.year not in (year, row.last.year)
    return f"{short(row.first, first_year)}–{short(row.last, row.last.year != year)}"
