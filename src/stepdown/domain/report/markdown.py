"""The provider report as Markdown: for reading on screen, printing, or pasting into a message.

User text (names, notes) is escaped, so a note can never turn into a heading, a table,
a list or a link; rendered, it reads exactly as it was typed, and copies the same.
Renderers that turn bare addresses into links (GitHub's cmark-gfm, markdown-it with
linkify) are kept from it by backslash escapes at the places their link finders look:
the ":" after a scheme (http\\://), a second "/" (/\\/), a "." before a letter or digit
(example\\.com). cmark-gfm finds e-mail addresses after merging escaped text back
together, so an "@" after a character gets an empty HTML comment before it (a<!---->@b):
invisible once rendered, and no character a reader would copy. A renderer with HTML
switched off shows the comment as typed; no link either way.

Prose is wrapped at 80 columns so the file reads in a pager; a line breaks only
between words, never inside one or inside an escape. Tables cannot wrap; a note's own
line breaks are kept (a backslash ends each of its lines but the last).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from stepdown import __version__
from stepdown.domain.journal import Plan
from stepdown.domain.report import dose_detail, tables, words
from stepdown.domain.report.contents import Report
from stepdown.domain.rules import clean_text

WIDTH = 80
"""The longest line of prose, in terminal columns."""

NO_DOSES = "No doses recorded in this period."

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")
# What a link finder starts from: a scheme's ":" (http:, mailto:), a second "/" not after
# a ":" (//host; after an escaped ":" markdown-it finds no link),
# a "." inside a host name (not one between digits: 2.5 mg is no address) or after
# "www" (cmark-gfm links "www." followed by a comma), an "@" after a character (a@b.co).
_LINKISH = re.compile(
    r"(?<=[A-Za-z]):(?=\S)|(?<=/)(?<!:/)/|(?<!\d)\.(?=[^\W_])|\.(?=[^\W\d_])|(?<=[wW]{3})\.|(?<=\S)@"
)
_LINE_START = re.compile(r"^(\s*)(?:([-+=:])|(\d+)([.)]))", re.MULTILINE)
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")
_BLANK = re.compile(r"[ \t]+")
# The empty comment cmark-gfm and markdown-it keep as a separate node, so the "@" that
# follows it starts a text node of its own and no e-mail link is found across it.
_SPLIT = "<!---->"


def _inline(text: str) -> str:
    """`text` with every mark escaped and every link finder's foothold broken."""
    marked = _SPECIAL.sub(r"\\\1", text)
    return _LINKISH.sub(lambda m: _SPLIT + "@" if m[0] == "@" else "\\" + m[0], marked)


def _line_start(text: str) -> str:
    """`text`, already escaped, made safe at the start of a line: no list item, setext
    underline or table delimiter row can begin there."""
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[1]}{m[3]}\\{m[4]}", text)


def escape(text: str) -> str:
    """`text` as Markdown that shows it literally, control characters removed."""
    return _line_start(_inline(clean_text(text)))


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: wide East Asian characters take two,
    combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def paragraph(text: str, first: str = "", indent: str = "") -> str:
    """User or fixed prose as Markdown wrapped at WIDTH columns.

    `first` starts the first line ("- 19 Nov: ", "Note: "); later lines start with
    `indent`, which keeps them inside a list item. A line break in `text` stays one
    (a backslash at the end of the line); a word wider than the room gets a line to
    itself rather than being cut. Runs of spaces become one, as they render.
    """
    lines = _LINE_BREAK.split(clean_text(text).strip())
    out: list[str] = []
    current, fresh = first, True  # fresh: nothing on the line yet but its prefix
    for number, line in enumerate(lines):
        if number:
            out.append(current + "\\")
            current, fresh = indent, True
        pieces = [piece for piece in _BLANK.split(line) if piece]
        for index, piece in enumerate(pieces):
            word = _inline(piece)
            # The hard break's backslash must fit on the line as well.
            hard = int(number < len(lines) - 1 and index == len(pieces) - 1)
            if not fresh and _width(current) + 1 + _width(word) + hard > WIDTH:
                out.append(current)
                current, fresh = indent, True
            elif fresh and current.strip() and _width(current + word) + hard > WIDTH:
                out.append(current.rstrip())
                current = indent
            if not fresh:
                current += " " + word
            elif current.strip():
                current += word
            else:
                current += _line_start(word)
            fresh = False
    out.append(current)
    return "\n".join(out)


def table(table: tables.Table) -> str:
    """A Markdown table; figure columns aligned right."""
    rule = ["---:" if i in table.right else "---" for i in range(len(table.header))]
    lines = [table.header, rule, *table.rows]
    return "\n".join("| " + " | ".join(_cell(cell) for cell in cells) + " |" for cells in lines)


def _cell(text: str) -> str:
    """A table cell shown literally; a cell never starts a line, so only the marks matter.

    A row is one line, so a note's line breaks become spaces there."""
    return _inline(" ".join(_LINE_BREAK.split(clean_text(text))))


def _items(pairs: Iterable[tuple[str, str]]) -> str:
    """A list of "label: text" items, each wrapped and indented to stay in its item."""
    return "\n".join(paragraph(text, f"- {_inline(label)}: ", "  ") for label, text in pairs)


def render(report: Report) -> str:
    """The whole report as Markdown text."""
    period, unit = report.period, report.unit
    doses = dose_detail.dose_table(period, unit)
    taper = [table(tables.taper(report.taper, unit)), paragraph(words.TAPER_LEGEND)]
    parts = [
        f"# {escape(tables.title(report))}",
        paragraph(tables.intro(report, __version__)),
        "## Summary",
        table(tables.summary(period, unit)),
        "## Plan",
        *(_plan(report.plan, unit) if report.plan is not None else [tables.NO_PLAN]),
        "## Days",
        table(tables.days(period, unit)),
        paragraph(words.DAYS_LEGEND),
        "## Doses",
        *([table(doses), paragraph(dose_detail.DOSE_LEGEND)] if doses.rows else [NO_DOSES]),
        "## Red flags",
        _items(tables.red_flags(period)) or tables.NO_RED_FLAGS,
        "## Check-in notes",
        _items(tables.notes(period)) or tables.NO_NOTES,
        "## Taper view",
        *(taper if report.taper else [tables.NO_PLAN]),
    ]
    return "\n\n".join(parts) + "\n"


def _plan(plan: Plan, unit: str) -> list[str]:
    note = [paragraph(plan.note, "Note: ")] if plan.note.strip() else []
    return [paragraph(tables.plan_source(plan)), *note, table(tables.plan_steps(plan, unit))]
