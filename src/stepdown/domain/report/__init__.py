"""The provider report: one summary (contents.Report) written as Markdown, CSV or HTML.

`render(report, "md")` gives the text of a format; FORMATS lists them with the file
suffix each is saved under.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from stepdown.domain.report import csv, html, markdown
from stepdown.domain.report.contents import Report

WRITERS: dict[str, Callable[[Report], str]] = {
    "md": markdown.render,
    "csv": csv.render,
    "html": html.render,
}
"""Each format's name, which is also its file suffix, with its writer."""

FORMATS = tuple(WRITERS)


def render(report: Report, form: str) -> str:
    """The report in format `form` (one of FORMATS)."""
    return WRITERS[form](report)


def file_name(first: date, last: date, form: str) -> str:
    """The report's usual file name, like "stepdown-report-2026-11-19-to-2026-11-25.html"."""
    return f"stepdown-report-{first}-to-{last}.{form}"
