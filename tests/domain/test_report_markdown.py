"""The Markdown report as its real readers show it: cmark-gfm (GitHub) and markdown-it
with linkify, both of which turn bare addresses into links.

What the user typed (a note, a name) must read in the rendered page exactly as typed,
never become a link or markup; the plan note keeps its lines; prose reads in a pager
(80 columns).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from stepdown.domain.doses import skipped
from stepdown.domain.journal import Checkin, Journal
from stepdown.domain.report import dose_detail, render
from stepdown.domain.report.contents import build_report
from stepdown.domain.report.markdown import WIDTH, paragraph
from stepdown.domain.rules import clean_text
from tests.domain.test_week import JOURNAL, NOW, PM, WEEK, at, d

_MARKDOWN_IT = MarkdownIt("gfm-like")  # linkify on


def markdown_it(text: str) -> str:
    return _MARKDOWN_IT.render(text)


def cmark_gfm(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text)


RENDERERS = [pytest.param(markdown_it, id="markdown-it"), pytest.param(cmark_gfm, id="cmark-gfm")]


class _Text(HTMLParser):
    """The text a reader sees and copies: a <br> is a line break, any other line end a
    space; comments are not text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in ("p", "li", "td", "th", "h1", "h2"):
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.parts.append(data.replace("\n", " "))


def seen(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def words(text: str) -> str:
    """Text with each run of white space one space, as a browser shows it."""
    return " ".join(text.split())


def report_with(note: str = "", name: str = "Dr. Ana Rivera", medication: str = "baclofen") -> str:
    """The week's Markdown report with `note` as the plan note, a check-in note and a skip
    reason, and `name` as the prescriber."""
    assert JOURNAL.plan is not None
    journal = replace(
        JOURNAL.with_settings(medication=medication),
        plan=replace(JOURNAL.plan, prescriber=name, note=note),
        checkins=(*JOURNAL.checkins, Checkin(d(21), at(21, 21), 5, 5, 5, 5, notes=note)),
        doses=(
            *(dose for dose in JOURNAL.doses if (dose.date, dose.slot) != (d(21), PM)),
            skipped(d(21), PM, note),
        ),
    )
    return render(build_report(journal, *WEEK, NOW), "md")


ADDRESSES = [
    "www.example.com",
    "see WWW.Example.COM.",
    "http://x.y",
    "https://example.com/a?b=1#c",
    "ftp://files.example.org/x",
    "mailto:a@b.co",
    "a@b.co",
    "write to first.last+tag@mail.example.org today",
    "xmpp:someone@example.com",
    "<http://x.y>",
    "<a@b.co>",
    "//localhost/x",
    "example.com/path",
    "[link](http://x.y)",
    "http://1.2.3.4/x",
]


@pytest.mark.parametrize("typed", ADDRESSES)
@pytest.mark.parametrize("renderer", RENDERERS)
def test_an_address_in_a_note_or_name_stays_text(renderer, typed: str) -> None:
    name = f"Dr. Rivera {typed}"
    html = renderer(report_with(note=typed, name=name, medication=typed))
    assert "<a" not in html
    shown = words(seen(html))
    assert shown.count(words(typed)) >= 4  # the plan note, check-in note, skip reason, name
    assert f"From {name}, approved" in shown


@pytest.mark.parametrize("renderer", RENDERERS)
def test_a_multi_line_plan_note_keeps_its_lines(renderer) -> None:
    note = "Cut the morning dose first\nthen http://x.y says\n\n- not a list\n:---\n1. last"
    html = renderer(report_with(note=note))
    lines = [line.strip() for line in seen(html).split("\n")]
    start = lines.index("Note: Cut the morning dose first")
    assert lines[start : start + 6] == [
        "Note: Cut the morning dose first",
        "then http://x.y says",
        "",
        "- not a list",
        ":---",
        "1. last",
    ]
    note_html = html.split("Note:")[1].split("</p>")[0]
    assert "<table>" not in note_html and "<li>" not in note_html and "<h2>" not in note_html


def test_a_multi_line_plan_note_reads_as_lines_in_the_file() -> None:
    text = report_with(note="Cut the morning dose first\nthen the evening one")
    assert "Note: Cut the morning dose first\\\nthen the evening one\n" in text


def test_ordinary_prose_is_written_without_escapes() -> None:
    typed = "Took 2.5 mg at 8:00. Dr. Rivera said so; fine."
    assert f"Note: {typed}\n" in report_with(note=typed)


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def long_lines(text: str) -> list[str]:
    """Lines wider than WIDTH that are neither table rows nor a single word.

    Words are split where the report may break a line, at spaces and tabs: a no-break
    space (U+00A0) joins its words, as the writer of the text meant."""
    return [
        line
        for line in text.splitlines()
        if width(line) > WIDTH
        and not line.startswith("|")
        and len(re.split(r"[ \t]+", line.strip(" \t"))) > 1
    ]


def test_prose_is_wrapped_at_80_columns_with_continuations_in_their_item() -> None:
    note = " ".join(["Walked to the shop and back, slowly, with a stop at the bench."] * 4)
    text = report_with(note=note)
    assert long_lines(text) == []
    start = text.index("- Saturday 21 November 2026: Walked")
    item = text[start:].split("\n- ")[0].splitlines()
    assert len(item) > 2 and all(line.startswith("  ") for line in item[1:])
    for render_html in (markdown_it, cmark_gfm):
        assert words(note) in words(seen(render_html(text)))


def test_a_word_longer_than_a_line_is_never_cut() -> None:
    word = "x" * 100
    text = report_with(note=f"before {word} after")
    assert f"\n{word}\n" in text or f"\n  {word}\n" in text
    assert long_lines(text) == []


def test_the_doses_section_follows_the_days_with_its_legend() -> None:
    text = report_with()
    days, doses, flags = (text.index(f"## {h}\n") for h in ("Days", "Doses", "Red flags"))
    assert days < doses < flags
    section = text[doses:flags]
    assert "| Date | Planned time | Planned (mg) | Status |" in section
    assert "| Sun 22 Nov | — | — | extra | 16:00 | 5 | spasms in the afternoon |" in section
    assert words(dose_detail.DOSE_LEGEND) in words(section)


def test_a_period_without_doses_says_so() -> None:
    text = render(build_report(Journal(), d(2), d(8), NOW), "md")
    assert "## Doses\n\nNo doses recorded in this period.\n" in text


def test_a_multi_line_note_in_the_dose_table_stays_in_its_row() -> None:
    text = report_with(note="first line\nsecond line")
    row = next(line for line in text.splitlines() if line.startswith("| Sat 21 Nov | 20:00"))
    assert row.endswith("| first line second line |")


# Any text at all


_FRAGMENTS = st.sampled_from(
    [
        "http://",
        "https://",
        "www.",
        "example",
        ".com",
        ".co",
        "@",
        "mailto:",
        "xmpp:",
        "//",
        "localhost",
        "[red]",
        "[x](y)",
        "<",
        ">",
        "*",
        "_",
        "~~",
        "`",
        "#",
        "|",
        "\\",
        "&amp;",
        "1.",
        "1)",
        "- ",
        "+ ",
        "= ",
        ":---",
        "---",
        "\n",
        "\n\n",
        " ",
        "    ",
        "\t",
        "é",
        "漢字",
        "2.5",
        "x" * 90,
    ]
)
USER_TEXT = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=6)), max_size=25).map("".join)
ONE_LINE = USER_TEXT.map(lambda text: " ".join(text.splitlines()))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=USER_TEXT, name=ONE_LINE)
# A no-break space joins two words into one the report must not break.
@example(note="", name="http://" * 9 + "\xa0http://")
def test_any_user_text_is_shown_literally_and_never_as_a_link(note: str, name: str) -> None:
    name = clean_text(name).strip() or "Dr. Rivera"
    text = report_with(note=note, name=name, medication=name)
    assert long_lines(text) == []
    for render_html in (markdown_it, cmark_gfm):
        html = render_html(text)
        assert "<a" not in html
        shown = seen(html)
        typed = words(clean_text(note))
        if typed:
            # The plan note's lines, in order, and the same text in the notes and table.
            assert words(shown).count(typed) >= 3
            note_lines = [words(line) for line in clean_text(note).strip().splitlines()]
            shown_lines = [words(line) for line in shown.split("\n")]
            first = shown_lines.index(words("Note: " + note_lines[0]))
            assert shown_lines[first : first + len(note_lines)] == [
                words("Note: " + note_lines[0]),
                *note_lines[1:],
            ]
        assert f"From {words(name)}, approved" in words(shown)


# What a reader copies


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium, which CI does not have")
@pytest.mark.parametrize("renderer", RENDERERS)
def test_a_browser_copies_the_note_exactly_as_typed(renderer, tmp_path: Path) -> None:
    """innerText is what a copy from the rendered page gives: no backslash, no hidden
    character, the note's line break kept."""
    note = "Call a@b.co or https://x.example.com/a?b, www.foo.org.\nSecond line: 2.5 mg at 8:00."
    html = renderer(paragraph(note, "Note: "))
    page = tmp_path / "note.html"
    page.write_text(
        f"<!DOCTYPE html><meta charset=utf-8><div id=note>{html}</div><pre id=out></pre><script>"
        "document.getElementById('out').textContent = "
        "JSON.stringify(document.getElementById('note').innerText)</script>",
        encoding="utf-8",
    )
    assert CHROMIUM is not None
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    copied = json.loads(html_lib.unescape(dom.split('<pre id="out">')[1].split("</pre>")[0]))
    assert copied == f"Note: {note}"
