"""The provider report as one self-contained HTML file: tables and inline SVG charts.

No scripts, no links, no fonts or images from elsewhere: the file opens the same
offline, years later, and prints cleanly (the print styles drop the colours that
carry no meaning and keep table rows whole). User text is escaped.
"""

from __future__ import annotations

from html import escape

from stepdown import __version__
from stepdown.domain.checkin import SCALES
from stepdown.domain.journal import Plan
from stepdown.domain.report import svg, tables, words
from stepdown.domain.report.contents import Report
from stepdown.domain.rules import clean_text

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #1b1b1b; margin: 2em auto;
       max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.5em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #bbb; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
td.n, th.n { text-align: right; }
.legend, .intro { color: #444; }
.note { white-space: pre-wrap; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22em, 1fr)); gap: 1em; }
figure { margin: 0; }
figcaption { font-weight: bold; }
svg.chart { width: 100%; height: auto; }
svg .grid { stroke: #ccc; stroke-width: 1; }
svg .axis { font-size: 11px; fill: #444; dominant-baseline: middle; }
svg .taken { fill: #3c6e9f; }
svg .below { fill: #e0a040; stroke: #7a4b00; stroke-width: 1.5; stroke-dasharray: 3 2; }
svg .plan { fill: none; stroke: #1b1b1b; stroke-width: 2; }
svg .line { fill: none; stroke: #3c6e9f; stroke-width: 2; }
svg .point { fill: #3c6e9f; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  th { background: none; }
}
"""


def _table(table: tables.Table) -> str:
    figure = ' class="n"'

    def cells(row: tuple[str, ...], tag: str) -> str:
        return "".join(
            f"<{tag}{figure if i in table.right else ''}>{escape(cell)}</{tag}>"
            for i, cell in enumerate(row)
        )

    head = f"<thead><tr>{cells(table.header, 'th')}</tr></thead>"
    body = "\n".join(f"<tr>{cells(row, 'td')}</tr>" for row in table.rows)
    return f"<table>\n{head}\n<tbody>\n{body}\n</tbody>\n</table>"


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


def _charts(report: Report) -> str:
    days = report.period.days
    bars = [
        svg.Bar(day.day, day.planned, day.taken if day.recorded else None, day.below_plan)
        for day in days
    ]
    dates = [day.day for day in days]
    charts = [(f"Daily dose ({report.unit})", svg.dose_chart(bars, report.unit))]
    charts += [
        (
            f"{scale.label} (0 to 10, {scale.high} at 10)",
            svg.score_chart(scale.label, dates, [day.score(scale.name) for day in days]),
        )
        for scale in SCALES
    ]
    inner = "\n".join(
        f"<figure>\n<figcaption>{escape(caption)}</figcaption>\n{chart}\n</figure>"
        for caption, chart in charts
    )
    return f'<div class="charts">\n{inner}\n</div>'


def render(report: Report) -> str:
    """The whole report as an HTML document."""
    period, unit = report.period, report.unit
    title = escape(tables.title(report))
    taper = (
        _table(tables.taper(report.taper, unit)) + f'\n<p class="legend">{words.TAPER_LEGEND}</p>'
        if report.taper
        else f"<p>{tables.NO_PLAN}</p>"
    )
    body = [
        f"<h1>{title}</h1>",
        f'<p class="intro">{escape(clean_text(tables.intro(report, __version__)))}</p>',
        "<h2>Summary</h2>",
        _table(tables.summary(period, unit)),
        "<h2>Charts</h2>",
        _charts(report),
        "<h2>Plan</h2>",
        _plan(report.plan, unit),
        "<h2>Days</h2>",
        _table(tables.days(period, unit)),
        f'<p class="legend">{escape(words.DAYS_LEGEND)}</p>',
        "<h2>Red flags</h2>",
        _list(tables.red_flags(period), tables.NO_RED_FLAGS),
        "<h2>Check-in notes</h2>",
        _list(tables.notes(period), tables.NO_NOTES),
        "<h2>Taper view</h2>",
        taper,
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
