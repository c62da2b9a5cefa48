"""Week: the past 7 days against the plan, the scores' trends, and the provider report.

Every figure comes from the review in domain/week.py; this screen only lays it out.
Below plan, red flags and new steps are marked with a symbol as well as a colour.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Sparkline, Static

from stepdown.domain import format as fmt
from stepdown.domain.checkin import SCALES
from stepdown.domain.report import file_name, render
from stepdown.domain.report import words as say
from stepdown.domain.report.contents import build_report
from stepdown.domain.week import DayFigures, Figures, Review, week_ending
from stepdown.store.files import atomic_write
from stepdown.ui.context import stepdown
from stepdown.ui.screens.week_day import WeekDayScreen
from stepdown.ui.screens.week_taper import SHORT_SCORE, TaperScreen
from stepdown.ui.widgets.frame import AppFooter, AppHeader

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp

DOSE_MARKS = (("taken", "✓"), ("skipped", "–"), ("missed", "!"), ("extra", "+"), ("due", "·"))
"""The symbol of each dose state, as Today shows it, before its count."""

LEGEND = "▼ below plan · ▶ new step · ⚠ red flag · ✓ taken – skipped ! missed · due"

TRENDS = (
    ("dose", "Dose"),
    *((scale.name, scale.label.split()[0]) for scale in SCALES),
    ("breathing", "Breathing"),
)
"""Each sparkline's name and label: the daily dose, each score, the breathing minutes."""

REPORTS_FOLDER = "reports"
"""Where "Export report" writes, beside the data file."""


class WeekScreen(Screen[None]):
    """Seven days at a time, ending today at first: a row a day, trends, and the week's totals."""

    CSS_PATH = "week.tcss"
    BINDINGS = [
        Binding(
            "left_square_bracket",
            "move(1)",
            "Earlier",
            key_display="[",
            tooltip="The 7 days before the ones on screen",
        ),
        Binding(
            "right_square_bracket",
            "move(-1)",
            "Later",
            key_display="]",
            tooltip="The 7 days after the ones on screen, up to today",
        ),
        Binding("t", "this_week", "This week", tooltip="Back to the 7 days ending today"),
        # A priority key, so enter opens the day rather than the table's own selection.
        Binding(
            "enter",
            "open_day",
            "Day",
            priority=True,
            tooltip="The selected day in full: every dose, the whole check-in, breathing",
        ),
        Binding(
            "v",
            "taper",
            "Taper",
            tooltip="The taper view: each plan step with its average scores and adherence",
        ),
        Binding(
            "r",
            "export",
            "Report",
            tooltip="Write these 7 days' provider report as an HTML file in the data folder",
        ),
    ]

    AUTO_FOCUS = "#week-table"

    weeks_back: reactive[int] = reactive(0, init=False)
    """How many weeks before the 7 days ending today the screen shows."""

    days: tuple[DayFigures, ...] = ()

    @property
    def period(self) -> tuple[date, date]:
        """The first and last day on screen."""
        today = stepdown(self).today
        return week_ending(today - timedelta(weeks=self.weeks_back))

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="week"):
            yield Static("", id="week-title", markup=False)
            with Vertical(id="week-days", classes="panel"):
                yield DataTable(id="week-table", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="week-bottom"):
                with Vertical(id="trends", classes="panel"):
                    for name, label in TRENDS:
                        with Horizontal(classes="trend"):
                            yield Static(label, classes="trend-label")
                            yield Sparkline([], id=f"spark-{name}")
                            yield Static("", id=f"trend-{name}", classes="trend-figure")
                with Vertical(id="totals", classes="panel"):
                    yield Static("", id="week-totals", markup=False)
            yield Static(LEGEND, id="week-legend", classes="hint", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#week-days").border_title = "Days"
        self.query_one("#trends").border_title = "Trends"
        self.query_one("#totals").border_title = "Totals"
        self.app.theme_changed_signal.subscribe(self, self.redraw_for_theme)
        table = self.query_one(DataTable)
        table.add_columns("Day", "Plan", "Taken", "Doses", *SHORT_SCORE.values(), "Flag", "Breathe")
        self.watch(self.app, "today", lambda _: self.show_week(), init=False)
        self.show_week()

    def on_screen_resume(self) -> None:
        self.show_week()

    def redraw_for_theme(self, _theme: object) -> None:
        """Redraw, since the rows carry the theme's colours."""
        self.show_week()

    def watch_weeks_back(self) -> None:
        self.show_week()

    def show_week(self) -> None:
        """Draw the 7 days of `period` from the journal as it is now."""
        app = stepdown(self)
        first, last = self.period
        figures = Review(app.journal, app.clock.now()).period(first, last)
        self.days = figures.days
        unit = app.journal.settings.unit
        self.show_title(first, last)
        self.show_days(figures)
        self.show_trends(figures, unit)
        self.show_totals(figures, unit)
        self.refresh_bindings()

    def show_title(self, first: date, last: date) -> None:
        if self.weeks_back == 0:
            when = "the 7 days ending today"
        else:
            when = f"{self.weeks_back} week{'s' if self.weeks_back > 1 else ''} back"
        span = f"{first:%a} {first.day} {first:%b} to {last:%a} {last.day} {last:%b %Y}"
        self.query_one("#week-title", Static).update(f"{span} · {when}")

    def show_days(self, figures: Figures) -> None:
        """A row a day; the cursor stays on the same weekday, starting on the last day."""
        table = self.query_one(DataTable)
        cursor = table.cursor_row if table.row_count else len(figures.days) - 1
        table.clear()
        for day in figures.days:
            table.add_row(*self.day_cells(day))
        table.move_cursor(row=min(max(cursor, 0), len(figures.days) - 1))

    def day_cells(self, day: DayFigures) -> list[str | Text]:
        """One day's row: the symbols carry each mark, the colours repeat it."""
        theme = self.app.current_theme
        plan = fmt.amount(day.planned)
        planned = Text(f"▶{plan}", style=theme.accent or "") if day.new_step else Text(plan)
        if not day.recorded:
            taken: Text = Text(say.NONE)
        elif day.below_plan:
            taken = Text(f"{fmt.amount(day.taken)} ▼", style=theme.warning or "")
        else:
            taken = Text(fmt.amount(day.taken))
        marks = " ".join(f"{mark}{n}" for state, mark in DOSE_MARKS if (n := day.count(state)))
        flag = Text("⚠", style=theme.error or "") if day.red_flags else Text("")
        return [
            f"{day.day:%a} {day.day.day}",
            planned,
            taken,
            marks or ("" if day.recorded else "not logged"),
            *(say.score(day.score(name)) for name in SHORT_SCORE),
            flag,
            f"{day.breathing_minutes} min" if day.breathing_minutes else "",
        ]

    def show_trends(self, figures: Figures, unit: str) -> None:
        # A day with doses still due (today) would read as a fall in the trend.
        taken = [day.taken for day in figures.days if day.recorded and not day.count("due")]
        low_high = f"{fmt.amount(min(taken))}–{fmt.amount(max(taken))}" if taken else ""
        self.trend("dose", taken, f"{low_high} {unit}" if taken else "not recorded")
        for scale in SCALES:
            scores = [s for day in figures.days if (s := day.score(scale.name)) is not None]
            average = figures.average(scale.name)
            figure = f"avg {say.average(average)}" if scores else "no check-ins"
            self.trend(scale.name, scores, figure)
        minutes = [day.breathing_minutes for day in figures.days]
        self.trend("breathing", minutes if any(minutes) else [], f"{sum(minutes)} min")

    def trend(self, name: str, data: list[float] | list[int], figure: str) -> None:
        """A sparkline with its figure beside it; without data, the figure alone."""
        spark = self.query_one(f"#spark-{name}", Sparkline)
        spark.data = [float(value) for value in data]
        spark.display = bool(data)
        self.query_one(f"#trend-{name}", Static).update(figure)

    def show_totals(self, figures: Figures, unit: str) -> None:
        if figures.is_empty:
            text = (
                f"Nothing recorded on these {len(figures.days)} days. Record doses on Today "
                "(d), a check-in with c, breathing with b."
            )
        else:
            below = len(figures.below_plan_days)
            flagged = len(figures.red_flag_days)
            extra = figures.count("extra")
            adherence = (
                f"Adherence {say.percent(figures.adherence)}: {fmt.amount(figures.taken)} "
                f"of {fmt.amount(figures.planned)} {unit}"
                if figures.adherence is not None
                else "Adherence: — (no doses logged)"
            )
            lines = [
                adherence,
                " · ".join(
                    f"{figures.count(state)} {state}" for state in ("taken", "skipped", "missed")
                )
                + (f" · {extra} extra" if extra else ""),
                f"Below plan: {below} day{'' if below == 1 else 's'}",
                f"Check-ins: {figures.checkins} of {len(figures.days)} days",
                f"Red-flag days: {flagged}" + (" ⚠" if flagged else ""),
                f"Breathing: {figures.breathing_minutes} min",
            ]
            text = "\n".join(lines)
        self.query_one("#week-totals", Static).update(text)

    # Keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (action == "move" and parameters == (-1,)) or action == "this_week":
            # Nothing lies after today: "later" and "this week" only lead back to it.
            return self.weeks_back > 0
        return True

    def action_move(self, weeks: int) -> None:
        self.weeks_back = max(0, self.weeks_back + weeks)

    def action_this_week(self) -> None:
        self.weeks_back = 0

    @on(DataTable.RowSelected)
    def action_open_day(self) -> None:
        row = self.query_one(DataTable).cursor_row
        if 0 <= row < len(self.days):
            self.app.push_screen(WeekDayScreen(self.days[row].day))

    def action_taper(self) -> None:
        self.app.push_screen(TaperScreen())

    def action_export(self) -> None:
        export_report(stepdown(self), *self.period)


def period_in_view(app: StepdownApp) -> tuple[date, date]:
    """The days the week screen shows, if it is open; else the 7 days ending today."""
    week = next((screen for screen in app.screen_stack if isinstance(screen, WeekScreen)), None)
    return week.period if week is not None else week_ending(app.today)


def export_report(app: StepdownApp, first: date, last: date) -> Path | None:
    """Write the HTML report of `first` to `last` into the data folder's reports folder.

    The report of the same days made earlier is replaced: it is the same report, newer.
    Says where it went, or why it could not be written.
    """
    report = build_report(app.journal, first, last, app.clock.now())
    path = app.store.path.parent / REPORTS_FOLDER / file_name(first, last, "html")
    try:
        atomic_write(path, render(report, "html").encode("utf-8"))
    except OSError as error:
        reason = f"{path}: {error.strerror or error}"
        app.notify(reason, title="Report not written", severity="error", markup=False)
        return None
    demo = "\nThis is the demo: the folder is deleted when you quit." if app.demo else ""
    app.notify(f"{path}{demo}", title="Report written", timeout=15, markup=False)
    return path
