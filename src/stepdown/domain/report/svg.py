"""Small inline SVG charts for the HTML report: daily dose against plan, and a score over days.

Plain SVG with no scripts, fonts or links, so the report stays one self-contained file
that prints as it shows. Each chart carries its own legend (drawn, so it prints), a
title and a text description for readers that cannot see it. Marks never rely on
colour alone: a day below plan has a dashed outline, a day above plan a triangle.

The picture scales with its box: text FONT units high is FONT x (box width / WIDTH)
on the page. html.py gives every chart the page's whole width, and
tests/domain/test_report_charts.py checks what that comes to on screen and on A4.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

WIDTH = 720
DOSE_HEIGHT, SCORE_HEIGHT = 230, 190
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 46, 30
"""The plot's margins inside the picture: the legend above, axis labels left and below."""

FONT = 12
"""Axis and legend text, in viewBox units (the stylesheet's px inside the SVG)."""
CHAR = 0.62
"""A generous width of one character of the sans-serif face, in FONT units, for spacing."""
PLOT_W = WIDTH - LEFT - RIGHT
LEGEND_Y = 16


@dataclass(frozen=True)
class Bar:
    """One slot of the dose chart: a day, or a week when the chart shows weekly averages."""

    first: date
    """The day, or the week's first day."""
    planned: float | None
    """The plan's daily total; None when no plan step was in force (no line drawn)."""
    taken: float | None
    """None when the doses are not recorded (no bar drawn)."""
    below: bool
    """Less taken than planned (weekly: on some day of the week)."""
    above: bool
    """More taken than planned (weekly: on some day of the week)."""


@dataclass(frozen=True)
class Axis:
    """How the slots along the bottom are labelled."""

    with_year: bool
    """Dates carry the year: the period is not inside the year the report was made."""
    weekly: bool
    """Each slot is a week (its label is the week's first day) holding an average."""


def _n(value: float) -> str:
    """A coordinate with at most one decimal, so the file is stable from run to run."""
    return f"{value:.1f}".removesuffix(".0")


def _x(index: int, count: int) -> float:
    """The left edge of the `index`th of `count` slots."""
    return LEFT + PLOT_W * index / count


def _y(value: float, top: float, height: int) -> float:
    plot_h = height - TOP - BOTTOM
    return TOP + plot_h * (1 - value / top) if top else TOP + plot_h


def nice_top(value: float) -> float:
    """The smallest round number at least `value` (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a
    power of ten), so the axis reads 0, half, top in plain figures."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(
        step * power for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if step * power >= value - 1e-9
    )


def date_label(day: date, with_year: bool) -> str:
    """Like "19 Nov", or "19 Nov 2025" when the period is not inside the current year."""
    return f"{day.day} {day:%b %Y}" if with_year else f"{day.day} {day:%b}"


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text class="axis" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{text}</text>'


def _frame(key: str, title: str, description: str, height: int, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="{key}-t {key}-d">',
            f'<title id="{key}-t">{escape(title)}</title>',
            f'<desc id="{key}-d">{escape(description)}</desc>',
            *body,
            "</svg>",
        ]
    )


def key_of(name: str) -> str:
    """An id for a chart's title and description: "Sleep quality" -> "sleep-quality"."""
    return "".join(c if c.isalnum() else "-" for c in name.lower())


def _axes(firsts: Sequence[date], top: float, height: int, axis: Axis) -> list[str]:
    parts = []
    for tick in (0, top / 2, top):
        y = _n(_y(tick, top, height))
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>')
        parts.append(_text(LEFT - 6, float(y), _n(tick), "end"))
    count = len(firsts)
    if not count:
        return parts
    label_w = len(date_label(firsts[0], axis.with_year)) * FONT * CHAR + FONT
    most = max(1, int(PLOT_W // label_w))
    every = max(1, -(-count // most))
    for i in range(0, count, every):
        label = date_label(firsts[i], axis.with_year)
        # Kept inside the picture: the first and last labels of a long period would
        # otherwise hang over its edges and be cut off.
        half = len(label) * FONT * CHAR / 2
        x = min(max(_x(i, count) + PLOT_W / count / 2, half), WIDTH - half)
        parts.append(_text(x, height - 10, label, "middle"))
    return parts


def _legend(items: Sequence[tuple[str, str]]) -> list[str]:
    """Swatch-and-words pairs in one row above the plot; each swatch is SVG drawn in a
    box 18 units wide so it prints like the chart itself."""
    parts = ['<g class="legend">']
    x = float(LEFT)
    for swatch, words in items:
        parts.append(f'<g transform="translate({_n(x)} {LEGEND_Y})">{swatch}</g>')
        parts.append(_text(x + 24, LEGEND_Y, escape(words)))
        x += 24 + len(words) * FONT * CHAR + 18
    parts.append("</g>")
    return parts


def _triangle(cx: float, bottom: float) -> str:
    """The above-plan mark: a small triangle pointing up, its base at `bottom`."""
    return (
        f'<path class="above" d="M{_n(cx - 5)} {_n(bottom)} L{_n(cx + 5)} {_n(bottom)} '
        f'L{_n(cx)} {_n(bottom - 8)} Z"/>'
    )


TAKEN_SWATCH = '<rect class="taken" x="0" y="-6" width="18" height="12"/>'
PLAN_SWATCH = '<path class="plan" d="M0 0 H18"/>'
BELOW_SWATCH = '<rect class="taken below" x="0.75" y="-6" width="16.5" height="12"/>'
ABOVE_SWATCH = _triangle(9, 4)
POINT_SWATCH = '<path class="line" d="M0 0 H18"/><circle class="point" cx="9" cy="0" r="3"/>'
GAP_SWATCH = (
    '<circle class="point" cx="2" cy="0" r="3"/><circle class="point" cx="16" cy="0" r="3"/>'
)


def dose_chart(bars: Sequence[Bar], unit: str, axis: Axis) -> str:
    """Bars of the amount taken under a line of the plan's total; a slot below plan has a
    dashed outline, one above plan a triangle over its bar; no line where no plan was."""
    count = len(bars)
    height = DOSE_HEIGHT
    top = nice_top(max([max(bar.planned or 0, bar.taken or 0) for bar in bars], default=0))
    some = "a day of the week " if axis.weekly else ""
    body = _legend(
        [
            (TAKEN_SWATCH, "Taken"),
            (PLAN_SWATCH, "Plan"),
            (BELOW_SWATCH, f"{some}below plan".capitalize()),
            (ABOVE_SWATCH, f"{some}above plan".capitalize()),
        ]
    )
    body += _axes([bar.first for bar in bars], top, height, axis)
    slot = PLOT_W / count if count else 0
    plan_path = []
    pen_down = False
    for i, bar in enumerate(bars):
        x = _x(i, count)
        if bar.taken is not None:
            y = _y(bar.taken, top, height)
            kind = "taken below" if bar.below else "taken"
            marks = [words for flag, words in ((bar.below, "below"), (bar.above, "above")) if flag]
            planned = "no plan" if bar.planned is None else f"plan {_n(bar.planned)}"
            note = f" ({' and '.join(marks)} plan)" if marks else ""
            body.append(
                f'<rect class="{kind}" x="{_n(x + slot * 0.15)}" y="{_n(y)}" '
                f'width="{_n(slot * 0.7)}" height="{_n(_y(0, top, height) - y)}">'
                f"<title>{_slot_name(bar.first, axis)}: {_n(bar.taken)} {escape(unit)} taken, "
                f"{planned}{note}</title></rect>"
            )
            if bar.above:
                body.append(_triangle(x + slot / 2, y - 3))
        if bar.planned is None:
            pen_down = False
            continue
        y_plan = _n(_y(bar.planned, top, height))
        plan_path.append(f"{'L' if pen_down else 'M'}{_n(x)} {y_plan} H{_n(x + slot)}")
        pen_down = True
    if plan_path:
        body.append(f'<path class="plan" d="{" ".join(plan_path)}"/>')
    taken, marked = (
        ("each week's average amount taken a day", "weeks with a day")
        if axis.weekly
        else ("the amount taken each day", "days")
    )
    description = (
        f"Daily dose in {unit}: bars show {taken}, the line the plan's daily total (none "
        f"where no plan was in force); bars of {marked} below plan have a dashed outline, "
        f"of {marked} above plan a triangle over them."
    )
    title = "Daily dose, weekly averages" if axis.weekly else "Daily dose"
    return _frame("daily-dose", title, description, height, body)


def _slot_name(first: date, axis: Axis) -> str:
    return f"week of {first.isoformat()}" if axis.weekly else first.isoformat()


def score_chart(
    name: str, firsts: Sequence[date], scores: Sequence[float | None], axis: Axis
) -> str:
    """A 0-10 score as connected points; a slot without the score (no check-in, or the
    score not recorded) has no point and breaks the line."""
    count = len(firsts)
    height = SCORE_HEIGHT
    what = "Week's average" if axis.weekly else "Score of the day"
    gap = "no score that week" if axis.weekly else "no score that day"
    body = _legend([(POINT_SWATCH, what), (GAP_SWATCH, f"Gap: {gap}")])
    body += _axes(firsts, 10, height, axis)
    run: list[str] = []
    runs: list[list[str]] = [run]
    for i, value in enumerate(scores):
        if value is None:
            run = []
            runs.append(run)
            continue
        x, y = _n(_x(i, count) + PLOT_W / count / 2), _n(_y(value, 10, height))
        run.append(f"{x},{y}")
        body.append(
            f'<circle class="point" cx="{x}" cy="{y}" r="3">'
            f"<title>{_slot_name(firsts[i], axis)}: {_n(value)}</title></circle>"
        )
    for points in runs:
        if len(points) > 1:
            body.append(f'<polyline class="line" points="{" ".join(points)}"/>')
    known = [value for value in scores if value is not None]
    slots = "weeks" if axis.weekly else "days"
    description = f"{name}, 0 to 10, on {len(known)} of {count} {slots}" + (
        f": from {_n(min(known))} to {_n(max(known))}." if known else ": not recorded."
    )
    title = f"{name}, weekly averages" if axis.weekly else name
    return _frame(key_of(name), title, description, height, body)
