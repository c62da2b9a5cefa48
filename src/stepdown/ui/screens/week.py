"""Week: the past 7 days against the plan, the scores' trends, and the provider report.

Every figure comes from the review in domain/week.py; this screen only lays it out.
Below and above plan, red flags, new steps and the selected day are marked with a
symbol as well as a colour; a score not recorded shows as "—", like a day without a
check-in, and so does the plan of a day with no plan step in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Static

from stepdown.domain import format as fmt
from stepdown.domain.checkin import SCALES
from stepdown.domain.day import DoseState
from stepdown.domain.report import words as say
from stepdown.domain.week import DayFigures, Figures, Review, week_ending
from stepdown.ui.context import stepdown
from stepdown.ui.screens.today_lines import STATE_MARK
from stepdown.ui.screens.week_taper import SHORT_SCORE, Cell, MarkedTable, TaperScreen
from stepdown.ui.widgets.frame import AppFooter, AppHeader

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp


LEGEND = (
    f"▼ below plan · ▲ above plan · ▶ new step · {say.NONE} no plan · ⚠ red flag\n"
    "Doses: ✓ taken – skipped ! missed + extra · due"
)

TRENDS = (
    ("dose", "Dose"),
    *((scale.name, scale.label.split()[0]) for scale in SCALES),
    ("breathing", "Breathing"),
)
"""Each sparkline's name and label: the daily dose, each score, the breathing minutes."""

TREND_LABEL_WIDTH = 11

DOSE_STATES: tuple[DoseState, ...] = ("taken", "skipped", "missed", "extra", "due")
"""The dose states counted on a day's row, in the order of their marks."""

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None]) -> str:
    """A bar two cells wide per value, from the lowest of them to the highest; two
    blanks where a value is missing. Heights, not colours, carry the figures."""
    present = [value for value in values if value is not None]
    if not present:
        return ""
    low, high = min(present), max(present)
    top = len(BARS) - 1

    def bar(value: float) -> str:
        level = round((value - low) / (high - low) * top) if high > low else top // 2
        return BARS[level] * 2

    return "".join("  " if value is None else bar(value) for value in values)


class WeekScreen(Screen[None]):
    """Seven days at a time, ending today at first: a row a day, trends, and the week's totals."""

    DEFAULT_CSS = """
    /* The days table, trends and totals below it; on a short terminal the panels below
       the table scroll into view. */
    #week { padding: 0 1; overflow-y: auto; }
    #week-title { text-style: bold; color: $primary; }
    #week-table, #week-bottom { height: auto; }
    /* A trend's name, its bars (two cells a day) and its figure: 11 + 14 + 13. Side by
       side, the two panels share a height: room for the totals' lines. */
    #trends { width: 42; min-height: 9; }
    #totals { width: 1fr; min-height: 9; }
    /* Under 80 columns the totals go below the trends, each as wide as the screen. */
    WeekScreen.-narrow #week #week-bottom { layout: vertical; }
    WeekScreen.-narrow #week #trends, WeekScreen.-narrow #week #totals {
        width: 1fr;
        min-height: 0;
    }
    """
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
            tooltip="Write these 7 days' provider report as an HTML file in Documents/Stepdown "
            "(or the folder set in Settings)",
        ),
        Binding(
            "i",
            "app.export_calendar",
            "Calendar",
            tooltip="Write the plan's doses from today as a calendar file (.ics) for a phone",
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
                yield MarkedTable(id="week-table")
            with Horizontal(id="week-bottom"):
                yield Static(id="trends", classes="panel")
                with Vertical(id="totals", classes="panel"):
                    yield Static("", id="week-totals", markup=False)
            yield Static(LEGEND, id="week-legend", classes="hint", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#week-days").border_title = "Days"
        self.query_one("#trends").border_title = "Trends"
        self.query_one("#totals").border_title = "Totals"
        self.app.theme_changed_signal.subscribe(self, self.redraw_for_theme)
        table = self.query_one(MarkedTable)
        table.add_columns("Day", "Plan", "Taken", "Doses", *SHORT_SCORE.values(), "Flag", "Breathe")
        self.watch(self.app, "today", lambda _: self.show_week(), init=False)

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
        table = self.query_one(MarkedTable)
        cursor = table.cursor_row if table.row_count else len(figures.days) - 1
        table.clear()
        for day in figures.days:
            table.add_row(*self.day_cells(day))
        table.move_cursor(row=min(max(cursor, 0), len(figures.days) - 1))

    def day_cells(self, day: DayFigures) -> list[Cell]:
        """One day's row: the symbols carry each mark, the colours repeat it."""
        theme = self.app.current_theme
        plan = say.NONE if day.planned is None else fmt.amount(day.planned)
        planned = Text(f"▶{plan}", style=theme.accent or "") if day.new_step else Text(plan)
        if not day.recorded:
            taken: Text = Text(say.NONE)
        elif day.below_plan:
            taken = Text(f"{fmt.amount(day.taken)} ▼", style=theme.warning or "")
        elif day.above_plan:
            taken = Text(f"{fmt.amount(day.taken)} ▲", style=theme.warning or "")
        else:
            taken = Text(fmt.amount(day.taken))
        if day.recorded and not day.has_plan:
            # Nothing to keep to or miss: only what was taken.
            counts: Iterable[tuple[str, int]] = ((STATE_MARK["taken"], day.taken_without_plan),)
        else:
            counts = ((STATE_MARK[state], day.count(state)) for state in DOSE_STATES)
        marks = " ".join(f"{mark}{n}" for mark, n in counts if n)
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
        """A line per trend: its name, a bar a day (none on a day without a figure), and
        the week's figure."""
        # A day with doses still due (today) would read as a fall in the trend.
        doses = [
            day.taken if day.recorded and not day.count("due") else None for day in figures.days
        ]
        taken = [dose for dose in doses if dose is not None]
        low, high = (fmt.amount(min(taken)), fmt.amount(max(taken))) if taken else ("", "")
        low_high = low if low == high else f"{low}–{high}"
        trends: dict[str, tuple[Sequence[float | None], str]] = {
            "dose": (doses, f"{low_high} {unit}" if taken else "not recorded")
        }
        for scale in SCALES:
            scores = [day.score(scale.name) for day in figures.days]
            average = figures.average(scale.name)
            if average is not None:
                figure = f"avg {say.average(average)}"
            else:
                figure = "not recorded" if figures.checkins else "no check-ins"
            trends[scale.name] = (scores, figure)
        minutes = [day.breathing_minutes for day in figures.days]
        trends["breathing"] = (minutes if any(minutes) else [], f"{sum(minutes)} min")
        lines = [
            Content.assemble(
                (label.ljust(TREND_LABEL_WIDTH), "$foreground-muted"),
                (sparkline(trends[name][0]).ljust(2 * len(figures.days)), "$primary"),
                f" {trends[name][1]}",
            )
            for name, label in TRENDS
        ]
        self.query_one("#trends", Static).update(Content("\n").join(lines))

    def show_totals(self, figures: Figures, unit: str) -> None:
        if figures.is_empty:
            text = (
                f"Nothing recorded on these {len(figures.days)} days. Record doses on Today "
                "(d), a check-in with c, breathing with b."
            )
        else:
            flagged = len(figures.red_flag_days)
            extra = figures.count("extra")
            apart = figures.without_plan
            doses = say.plural(apart.doses, "dose")
            if figures.adherence is not None:
                adherence = (
                    f"Adherence {say.percent(figures.adherence)}: {fmt.amount(figures.taken)} "
                    f"of {fmt.amount(figures.planned)} {unit}"
                )
            elif apart.days and not figures.plan_days:
                adherence = f"Adherence: {say.NONE} (no plan in force)"
            else:
                adherence = f"Adherence: {say.NONE} (no doses logged)"
            lines = [
                adherence,
                " · ".join(
                    f"{figures.count(state)} {state}" for state in ("taken", "skipped", "missed")
                )
                + (f" · {extra} extra" if extra else ""),
                *([f"No plan: {doses}, {fmt.amount(apart.taken)} {unit}"] if apart.days else []),
                f"Below plan: {say.plural(len(figures.below_plan_days), 'day')}",
                f"Above plan: {say.plural(len(figures.above_plan_days), 'day')}",
                f"Check-ins: {figures.checkins} of {len(figures.days)} days",
                f"Red-flag days: {flagged}" + (" ⚠" if flagged else ""),
                # Breathing's minutes are in the trends beside these lines.
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
        row = self.query_one(MarkedTable).cursor_row
        if 0 <= row < len(self.days):
            # Imported on the first use: it brings the check-in's form with it.
            from stepdown.ui.screens.week_day import WeekDayScreen

            self.app.push_screen(WeekDayScreen(self.days[row].day))

    def action_taper(self) -> None:
        self.app.push_screen(TaperScreen())

    def action_export(self) -> None:
        from stepdown.ui.report_export import export_report  # the report's modules, on demand

        export_report(stepdown(self), *self.period)


def period_in_view(app: StepdownApp) -> tuple[date, date]:
    """The days the week screen shows, if it is open; else the 7 days ending today."""
    week = next((screen for screen in app.screen_stack if isinstance(screen, WeekScreen)), None)
    return week.period if week is not None else week_ending(app.today)
