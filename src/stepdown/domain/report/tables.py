"""The report's tables and lists as plain words, so Markdown and HTML show the same thing.

Every cell comes from the review's figures (week.py) through words.py; each writer
only lays them out and escapes them in its own way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stepdown.domain import format as fmt
from stepdown.domain.checkin import SCALES
from stepdown.domain.journal import Plan
from stepdown.domain.report import words
from stepdown.domain.report.contents import Report
from stepdown.domain.week import DayFigures, Figures, TaperRow


@dataclass(frozen=True)
class Table:
    """A header and rows of text; the columns numbered in `right` hold figures."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: frozenset[int] = frozenset()


def title(report: Report) -> str:
    """Like "Stepdown report: 19 Nov 2026 to 25 Nov 2026", the period as cut at today."""
    if report.last < report.first:
        # Wholly after today: the dates asked for, since no day was reported.
        asked = f"{fmt.short_date(report.first)} to {fmt.short_date(report.asked_last)}"
        return f"Stepdown report: {asked} (not yet begun)"
    return f"Stepdown report: {fmt.short_date(report.first)} to {fmt.short_date(report.last)}"


def period_cut(report: Report) -> str | None:
    """Why the report ends before the day asked for, or None when it does not.

    Like "The period asked for ran to 9 Dec 2026; days after today (3 Dec 2026) are
    left out."
    """
    if report.last >= report.asked_last:
        return None
    today = fmt.short_date(report.made_at.date())
    if report.last < report.first:
        return (
            f"The period asked for, {fmt.short_date(report.first)} to "
            f"{fmt.short_date(report.asked_last)}, lies after today ({today}): "
            "no day of it can have been recorded yet."
        )
    return (
        f"The period asked for ran to {fmt.short_date(report.asked_last)}; days after "
        f"today ({today}) are left out."
    )


def _days_list(days: Sequence[DayFigures]) -> str:
    if not days:
        return "none"
    return f"{len(days)}: " + ", ".join(words.day_label(day) for day in days)


def summary(figures: Figures, unit: str) -> Table:
    """The period at a glance: adherence, dose counts, check-ins, averages, red flags."""
    breathing_days = figures.breathing_days
    apart = words.without_plan(figures, unit)
    rows = (
        ("Adherence", words.adherence(figures, unit)),
        ("Doses", ("On the days with a plan: " if apart else "") + words.dose_counts(figures)),
        *((("Doses with no plan in force", apart),) if apart is not None else ()),
        ("Days below plan", _days_list(figures.below_plan_days)),
        ("Days above plan", _days_list(figures.above_plan_days)),
        ("Check-ins", f"{figures.checkins} of {len(figures.days)} days"),
        ("Average scores", words.averages(figures)),
        ("Red-flag days", _days_list(figures.red_flag_days)),
        (
            "Breathing",
            f"{figures.breathing_minutes} min on {breathing_days} "
            f"{'day' if breathing_days == 1 else 'days'}",
        ),
    )
    return Table(("Figure", "This period"), rows)


def plan_steps(plan: Plan, unit: str) -> Table:
    """Each step of the plan as the provider gave it."""
    rows = []
    for number, step in enumerate(plan.steps, start=1):
        total = fmt.amount(step.daily_total)
        rows.append(
            (
                str(number),
                fmt.short_date(step.start),
                ", ".join(fmt.clock_time(t) for t in step.times) or words.NONE,
                ", ".join(fmt.amount(d) for d in step.doses) or words.NONE,
                total if step.times else f"{total} (end of the taper)",
            )
        )
    header = ("Step", "Starts", "Times", f"Doses ({unit})", f"Daily total ({unit})")
    return Table(header, tuple(rows), frozenset({0, 4}))


def days(figures: Figures, unit: str) -> Table:
    """One row per day: planned against taken, doses, scores, red flags, breathing."""
    header = (
        "Date",
        f"Planned ({unit})",
        f"Taken ({unit})",
        "Doses",
        *(scale.label for scale in SCALES),
        "Red flags",
        "Breathing (min)",
    )
    rows = tuple(
        (
            words.day_label(day),
            words.planned(day),
            words.taken(day),
            words.day_doses(day),
            *(words.score(day.score(scale.name)) for scale in SCALES),
            words.flags(day) or words.NONE,
            str(day.breathing_minutes),
        )
        for day in figures.days
    )
    return Table(header, rows, frozenset({1, 2, 4, 5, 6, 7, 9}))


def taper(rows: Sequence[TaperRow], unit: str) -> Table:
    """One row per plan step: its dates and total, average scores, adherence, red-flag days."""
    header = (
        "Step",
        "Dates",
        f"Daily total ({unit})",
        *(scale.label for scale in SCALES),
        "Adherence",
        "Red-flag days",
    )
    body = tuple(
        (
            str(row.number),
            words.step_dates(row),
            fmt.amount(row.step.daily_total),
            *(words.average(row.figures.average(scale.name)) for scale in SCALES),
            words.percent(row.figures.adherence),
            str(len(row.figures.red_flag_days)) if row.figures.days else words.NONE,
        )
        for row in rows
    )
    return Table(header, body, frozenset({0, 2, 3, 4, 5, 6, 7, 8}))


def red_flags(figures: Figures) -> tuple[tuple[str, str], ...]:
    """Each day with a red flag: its date, and the flags in words."""
    return tuple((fmt.long_date(day.day), words.flags(day)) for day in figures.red_flag_days)


def notes(figures: Figures) -> tuple[tuple[str, str], ...]:
    """Each day whose check-in has notes: its date, and the notes as typed."""
    return tuple(
        (fmt.long_date(day.day), day.checkin.notes.strip())
        for day in figures.days
        if day.checkin is not None and day.checkin.notes.strip()
    )


def plan_source(plan: Plan) -> str:
    """Like "From Dr. Ana Rivera, approved on 4 Nov 2026." (the name is the user's text)."""
    approved = f", approved on {fmt.short_date(plan.approved_on)}" if plan.approved_on else ""
    return f"From {plan.prescriber}{approved}."


def intro(report: Report, version: str) -> str:
    """Which medication and unit, when it was made, that it is no medical advice, and
    when the period was cut at today, that too."""
    made = report.made_at
    cut = period_cut(report)
    return (
        f"{fmt.sentence_start(report.medication)} taper; amounts in {report.unit}. "
        f"Made on {fmt.short_date(made.date())} at {fmt.clock_time(made.time())} by "
        f"Stepdown {version} from the patient's own journal. Stepdown records what the "
        "patient entered and gives no medical advice." + (f" {cut}" if cut else "")
    )


NO_PLAN = "No plan entered."
NO_RED_FLAGS = "None in this period."
NO_NOTES = "No notes in this period."
