"""The provider report: one summary (contents.Report) written as Markdown, CSV or HTML.

`render(report, "md")` gives the text of a format; FORMATS lists them with the file
suffix each is saved under.
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stepdown.domain.report.contents import Report

WRITERS = {"md": "markdown", "csv": "csv", "html": "html"}
"""Each format's name, which is also its file suffix, with the module that writes it.
A writer is imported when first used: the week screen needs only this package's words."""

FORMATS = tuple(WRITERS)


def render(report: Report, form: str) -> str:
    """The report in format `form` (one of FORMATS)."""
    writer = import_module(f"{__name__}.{WRITERS[form]}")
    text: str = writer.render(report)
    return text


def file_name(first: date, last: date, form: str) -> str:
    """The report's usual file name, like "stepdown-report-2026-11-19-to-2026-11-25.html"."""
    return f"stepdown-report-{first}-to-{last}.{form}"
