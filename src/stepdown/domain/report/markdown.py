"""The provider report as Markdown: for reading on screen, printing, or pasting into a message.

User text (names, notes) is escaped, so a note can never turn into a heading, a link
or a broken table; it reads as it was typed.
"""

from __future__ import annotations

import re

from stepdown import __version__
from stepdown.domain.journal import Plan
from stepdown.domain.report import tables, words
from stepdown.domain.report.contents import Report
from stepdown.domain.rules import clean_text

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")
_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))", re.MULTILINE)


def escape(text: str) -> str:
    """`text` as Markdown that shows it literally, control characters removed."""
    escaped = _SPECIAL.sub(r"\\\1", clean_text(text))
    return _LINE_START.sub(
        lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[1]}{m[3]}\\{m[4]}", escaped
    )


def table(table: tables.Table) -> str:
    """A Markdown table; figure columns aligned right."""
    rule = ["---:" if i in table.right else "---" for i in range(len(table.header))]
    lines = [table.header, rule, *table.rows]
    return "\n".join("| " + " | ".join(_cell(cell) for cell in cells) + " |" for cells in lines)


def _cell(text: str) -> str:
    """A table cell shown literally; a cell never starts a line, so only the marks matter."""
    return _SPECIAL.sub(r"\\\1", clean_text(text))


def _item(label: str, text: str) -> str:
    """A list item; a note's lines break where they did (a backslash ends each but the last)
    and are indented to stay in the item."""
    return f"- {label}: " + escape(text).replace("\n", "\\\n  ")


def render(report: Report) -> str:
    """The whole report as Markdown text."""
    period, unit = report.period, report.unit
    flags = "\n".join(f"- {day}: {what}" for day, what in tables.red_flags(period))
    notes = "\n".join(_item(day, text) for day, text in tables.notes(period))
    taper = [table(tables.taper(report.taper, unit)), words.TAPER_LEGEND]
    parts = [
        f"# {escape(tables.title(report))}",
        escape(tables.intro(report, __version__)),
        "## Summary",
        table(tables.summary(period, unit)),
        "## Plan",
        *(_plan(report.plan, unit) if report.plan is not None else [tables.NO_PLAN]),
        "## Days",
        table(tables.days(period, unit)),
        words.DAYS_LEGEND,
        "## Red flags",
        flags or tables.NO_RED_FLAGS,
        "## Check-in notes",
        notes or tables.NO_NOTES,
        "## Taper view",
        *(taper if report.taper else [tables.NO_PLAN]),
    ]
    return "\n\n".join(parts) + "\n"


def _plan(plan: Plan, unit: str) -> list[str]:
    note = [f"Note: {escape(plan.note)}"] if plan.note else []
    return [escape(tables.plan_source(plan)), *note, table(tables.plan_steps(plan, unit))]
