"""Small inline SVG charts for the HTML report: daily dose against plan, and a score over days.

Plain SVG with no scripts, fonts or links, so the report stays one self-contained file
that prints as it shows. Each chart has a title and a text description for readers
that cannot see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

WIDTH, HEIGHT = 720, 170
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 12, 26
"""The plot's margins inside the picture, for the axis labels."""

PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
MAX_LABELS = 8


@dataclass(frozen=True)
class Bar:
    """One day of the dose chart."""

    day: date
    planned: float
    taken: float | None
    """None when the day's doses are not recorded."""
    below: bool


def _n(value: float) -> str:
    """A coordinate with at most one decimal, so the file is stable from run to run."""
    return f"{value:.1f}".removesuffix(".0")


def _x(index: int, count: int) -> float:
    """The left edge of the `index`th of `count` day slots."""
    return LEFT + PLOT_W * index / count


def _y(value: float, top: float) -> float:
    return TOP + PLOT_H * (1 - value / top) if top else TOP + PLOT_H


def _frame(title: str, description: str, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{_id(title)}-t {_id(title)}-d">',
            f'<title id="{_id(title)}-t">{escape(title)}</title>',
            f'<desc id="{_id(title)}-d">{escape(description)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _id(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower())


def _axes(days: Sequence[date], top: float, ticks: Sequence[float], unit: str) -> list[str]:
    parts = []
    for tick in ticks:
        y = _n(_y(tick, top))
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>')
        label = f"{_n(tick)}{unit}"
        parts.append(f'<text class="axis" x="{LEFT - 6}" y="{y}" text-anchor="end">{label}</text>')
    count = len(days)
    every = max(1, -(-count // MAX_LABELS))
    for i in range(0, count, every):
        x = _n(_x(i, count) + PLOT_W / count / 2)
        label = f"{days[i].day} {days[i]:%b}"
        parts.append(
            f'<text class="axis" x="{x}" y="{HEIGHT - 8}" text-anchor="middle">{label}</text>'
        )
    return parts


def dose_chart(bars: Sequence[Bar], unit: str) -> str:
    """Bars of the amount taken each day under a line of the plan's total; below plan outlined."""
    count = len(bars)
    top = max([bar.planned for bar in bars] + [bar.taken or 0 for bar in bars] + [1.0])
    body = _axes([bar.day for bar in bars], top, (0, top / 2, top), f" {escape(unit)}")
    slot = PLOT_W / count if count else 0
    plan_path = []
    for i, bar in enumerate(bars):
        x = _x(i, count)
        if bar.taken is not None:
            y = _y(bar.taken, top)
            kind = "taken below" if bar.below else "taken"
            body.append(
                f'<rect class="{kind}" x="{_n(x + slot * 0.15)}" y="{_n(y)}" '
                f'width="{_n(slot * 0.7)}" height="{_n(TOP + PLOT_H - y)}">'
                f"<title>{bar.day.isoformat()}: {_n(bar.taken)} of {_n(bar.planned)} "
                f"{escape(unit)}{' (below plan)' if bar.below else ''}</title></rect>"
            )
        y = _n(_y(bar.planned, top))
        plan_path.append(f"{'M' if i == 0 else 'L'}{_n(x)} {y} H{_n(x + slot)}")
    if plan_path:
        body.append(f'<path class="plan" d="{" ".join(plan_path)}"/>')
    description = (
        f"Daily dose: bars show the amount taken each day, the line the plan's daily total, "
        f"in {unit}; the bars of days below plan have a dashed outline."
    )
    return _frame("Daily dose", description, body)


def score_chart(title: str, days: Sequence[date], scores: Sequence[int | None]) -> str:
    """A 0-10 score over the days as connected points; a day without the score (no
    check-in, or the score not recorded) has no point and breaks the line."""
    count = len(days)
    body = _axes(days, 10, (0, 5, 10), "")
    run: list[str] = []
    runs: list[list[str]] = [run]
    for i, value in enumerate(scores):
        if value is None:
            run = []
            runs.append(run)
            continue
        x, y = _n(_x(i, count) + PLOT_W / count / 2), _n(_y(value, 10))
        run.append(f"{x},{y}")
        body.append(
            f'<circle class="point" cx="{x}" cy="{y}" r="3">'
            f"<title>{days[i].isoformat()}: {value}</title></circle>"
        )
    for points in runs:
        if len(points) > 1:
            body.append(f'<polyline class="line" points="{" ".join(points)}"/>')
    known = [value for value in scores if value is not None]
    description = f"{title}, 0 to 10, on {len(known)} of {count} days" + (
        f": from {min(known)} to {max(known)}." if known else ": not recorded."
    )
    return _frame(title, description, body)
