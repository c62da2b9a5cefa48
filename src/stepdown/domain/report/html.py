"""The provider report as one self-contained HTML file: tables and inline SVG charts.

No scripts, no links, no fonts or images from elsewhere: the file opens the same
offline, years later, and prints cleanly (the print styles drop the colours that
carry no meaning and keep table rows whole). User text is escaped.

Layout rules that a reader notices: every chart spans the page's width, so its text
is as large as svg.FONT allows (checked in tests/domain/test_report_charts.py); each
heading is kept on a page with what follows it; a wide table scrolls inside its own
box on a narrow screen instead of pushing the page sideways.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from stepdown import __version__
from stepdown.domain.checkin import SCALES
from stepdown.domain.journal import Plan
from stepdown.domain.report import dose_detail, svg, tables, words
from stepdown.domain.report.contents import Report
from stepdown.domain.rules import clean_text
from stepdown.domain.week import WEEK_DAYS, DayFigures

WEEKLY_AFTER = 60
"""Periods longer than this many days plot weekly averages: a bar a day gets too thin."""

STYLE = f"""
body {{ font: 15px/1.45 system-ui, sans-serif; color: #1b1b1b; margin: 2em auto;
       max-width: 60em; padding: 0 1em; }}
h1 {{ font-size: 1.5em; }}
h2 {{ font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #bbb; }}
table {{ border-collapse: collapse; margin: 0.6em 0; }}
th, td {{ border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }}
td {{ white-space: pre-line; }}
th {{ background: #eef1f4; }}
td.n, th.n {{ text-align: right; }}
td:first-child {{ white-space: nowrap; }}
.legend, .intro {{ color: #444; }}
.note {{ white-space: pre-wrap; }}
.scroll {{ overflow-x: auto; max-width: 100%; }}
figure {{ margin: 0 0 1.2em; }}
figcaption {{ font-weight: bold; }}
svg.chart {{ display: block; width: 100%; height: auto; }}
svg .grid {{ stroke: #ccc; stroke-width: 1; }}
svg .axis {{ font-size: {svg.FONT}px; fill: #333; dominant-baseline: middle; }}
svg .taken {{ fill: #3c6e9f; }}
svg .below {{ fill: #e0a040; stroke: #7a4b00; stroke-width: 1.5; stroke-dasharray: 3 2; }}
svg .above {{ fill: #8a1c1c; }}
svg .plan {{ fill: none; stroke: #1b1b1b; stroke-width: 2; }}
svg .line {{ fill: none; stroke: #3c6e9f; stroke-width: 2; }}
svg .point {{ fill: #3c6e9f; }}
@page {{ margin: 15mm; }}
@media print {{
  body {{ margin: 0; max-width: none; padding: 0; font-size: 11pt; }}
  h2 {{ break-after: avoid; }}
  .keep, tr, li, figure {{ break-inside: avoid; }}
  .scroll {{ overflow: visible; }}
  th {{ background: none; }}
}}
"""
"""The page's style. Print: A4 less 15 mm margins leaves 180 mm for a chart."""


def _table(table: tables.Table) -> str:
    figure = ' class="n"'

    def cells(row: tuple[str, ...], tag: str) -> str:
        return "".join(
            f"<{tag}{figure if i in table.right else ''}>{escape(clean_text(cell))}</{tag}>"
            for i, cell in enumerate(row)
        )

    head = f"<thead><tr>{cells(table.header, 'th')}</tr></thead>"
    body = "\n".join(f"<tr>{cells(row, 'td')}</tr>" for row in table.rows)
    return f'<div class="scroll">\n<table>\n{head}\n<tbody>\n{body}\n</tbody>\n</table>\n</div>'


def _list(items: tuple[tuple[str, str], ...], empty: str) -> str:
    """Dated lines; the text keeps its line breaks (a note's own paragraphs)."""
    if not items:
        return f"<p>{escape(empty)}</p>"
    inner = "\n".join(
        f'<li><b>{escape(day)}</b>: <span class="note">{escape(clean_text(text))}</span></li>'
        for day, text in items
    )
    return f"<ul>\n{inner}\n</ul>"


def _plan(plan: Plan | None, unit: str) -> str:
    if plan is None:
        return f"<p>{tables.NO_PLAN}</p>"
    note = f'<p>Note: <span class="note">{escape(clean_text(plan.note))}</span></p>'
    return "\n".join(
        [
            f"<p>{escape(clean_text(tables.plan_source(plan)))}</p>",
            *([note] if plan.note else []),
            _table(tables.plan_steps(plan, unit)),
        ]
    )


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _bar(days: Sequence[DayFigures]) -> svg.Bar:
    """A day's bar, or a week's: the average taken over its recorded days and the average
    plan over its days with a plan, marked when any day was below or above plan."""
    planned = [day.planned for day in days if day.planned is not None]
    return svg.Bar(
        first=days[0].day,
        planned=_mean(planned),
        taken=_mean([day.taken for day in days if day.recorded]),
        below=any(day.below_plan for day in days),
        above=any(day.above_plan for day in days),
    )


def _score(days: Sequence[DayFigures], name: str) -> float | None:
    return _mean([score for day in days if (score := day.score(name)) is not None])


def _charts(report: Report) -> list[str]:
    """The dose chart and a chart of each score, each in a figure with its caption."""
    days = report.period.days
    weekly = len(days) > WEEKLY_AFTER
    size = WEEK_DAYS if weekly else 1
    slots = [days[i : i + size] for i in range(0, len(days), size)]
    made = report.made_at.year
    axis = svg.Axis(with_year=not report.first.year == report.last.year == made, weekly=weekly)
    averages = ", weekly averages" if weekly else ""
    firsts = [slot[0].day for slot in slots]
    charts = [
        (
            f"Daily dose ({report.unit}){averages}",
            svg.dose_chart([_bar(slot) for slot in slots], report.unit, axis),
        )
    ]
    charts += [
        (
            f"{scale.label} (0 to 10, {scale.high} at 10){averages}",
            svg.score_chart(
                scale.label, firsts, [_score(slot, scale.name) for slot in slots], axis
            ),
        )
        for scale in SCALES
    ]
    return [
        f"<figure>\n<figcaption>{escape(caption)}</figcaption>\n{chart}\n</figure>"
        for caption, chart in charts
    ]


def _section(heading: str, first: str, *rest: str) -> list[str]:
    """A heading kept on one page with the short block that follows it (a print break
    inside that pair would leave the heading alone at the foot of a page). Long blocks
    (the Days and Doses tables, the lists) follow a bare heading instead, which the
    print style keeps with their first rows: kept whole, they would leave a page empty."""
    return [f'<div class="keep">\n<h2>{heading}</h2>\n{first}\n</div>', *rest]


def render(report: Report) -> str:
    """The whole report as an HTML document."""
    period, unit = report.period, report.unit
    title = escape(tables.title(report))
    taper = (
        _table(tables.taper(report.taper, unit)) + f'\n<p class="legend">{words.TAPER_LEGEND}</p>'
        if report.taper
        else f"<p>{tables.NO_PLAN}</p>"
    )
    charts = _charts(report)
    doses = dose_detail.dose_table(period, unit)
    body = [
        f"<h1>{title}</h1>",
        f'<p class="intro">{escape(clean_text(tables.intro(report, __version__)))}</p>',
        *_section("Summary", _table(tables.summary(period, unit))),
        *_section("Charts", *charts),
        *_section("Plan", _plan(report.plan, unit)),
        "<h2>Days</h2>",
        _table(tables.days(period, unit)),
        f'<p class="legend">{escape(words.DAYS_LEGEND)}</p>',
        "<h2>Doses</h2>",
        _table(doses) if doses.rows else "<p>No doses recorded in this period.</p>",
        f'<p class="legend">{escape(dose_detail.DOSE_LEGEND)}</p>',
        "<h2>Red flags</h2>",
        _list(tables.red_flags(period), tables.NO_RED_FLAGS),
        "<h2>Check-in notes</h2>",
        _list(tables.notes(period), tables.NO_NOTES),
        *_section("Taper view", taper),
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )
