"""The provider report in Markdown, CSV and HTML, on the crafted week of test_week.py.

Markdown and HTML are compared with the files in tests/domain/expected/ (the
version number stands as VERSION there). After a deliberate change to a report,
rewrite them with `STEPDOWN_UPDATE_EXPECTED=1 pytest tests/domain/test_report.py`
and read the difference before committing it.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stepdown import __version__
from stepdown.domain.journal import Journal
from stepdown.domain.report import FORMATS, file_name, html, markdown, render
from stepdown.domain.report.contents import Report, build_report
from stepdown.domain.report.csv import COLUMNS
from stepdown.domain.report.markdown import escape
from tests.domain.test_week import JOURNAL, NOW, PARTLY_SCORED, WEEK, d

EXPECTED = Path(__file__).parent / "expected"


def week_report(journal: Journal = JOURNAL) -> Report:
    return build_report(journal, *WEEK, NOW)


@pytest.mark.parametrize("form", ["md", "html"])
def test_matches_the_expected_file(form: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The version as a word of its own, so the expected files (and their line breaks)
    # hold whatever the version is; the version itself is checked below.
    for writer in (markdown, html):
        monkeypatch.setattr(writer, "__version__", "VERSION")
    text = render(week_report(), form)
    expected = EXPECTED / f"report.{form}"
    if os.environ.get("STEPDOWN_UPDATE_EXPECTED"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def test_the_report_names_the_version_of_stepdown_that_made_it() -> None:
    assert f"by Stepdown {__version__} from" in render(week_report(), "html")
    made_by = " ".join(render(week_report(), "md").split())
    assert f"by Stepdown {escape(__version__)} from" in made_by


def test_every_format_has_a_file_name() -> None:
    assert FORMATS == ("md", "csv", "html")
    assert file_name(*WEEK, "csv") == "stepdown-report-2026-11-19-to-2026-11-25.csv"


# Markdown


@pytest.mark.parametrize(
    ("typed", "markdown"),
    [
        ("plain words.", "plain words."),
        ("# not a heading", r"\# not a heading"),
        ("a | b *c* _d_ [e](f) <g> & `h`", r"a \| b \*c\* \_d\_ \[e\](f) \<g\> \& \`h\`"),
        ("- not a list\n+ nor this\n3. nor this", "\\- not a list\n\\+ nor this\n3\\. nor this"),
        ("a \\ backslash", "a \\\\ backslash"),
        ("bell\x07 gone", "bell gone"),
    ],
)
def test_markdown_shows_user_text_literally(typed: str, markdown: str) -> None:
    assert escape(typed) == markdown


def test_markdown_notes_keep_their_line_breaks() -> None:
    text = render(week_report(), "md")
    assert "- Thursday 19 November 2026: Stiff legs.\\\n  Walked to the shop anyway." in text


def test_markdown_without_a_plan_or_records() -> None:
    text = render(build_report(Journal(), d(2), d(8), NOW), "md")
    assert "## Plan\n\nNo plan entered." in text
    assert "## Red flags\n\nNone in this period." in text
    assert "## Check-in notes\n\nNo notes in this period." in text
    assert "| Adherence | — (no doses recorded in this period) |" in text


# CSV


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_the_documented_columns_and_a_row_a_day() -> None:
    text = render(week_report(), "csv")
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header) == COLUMNS
    rows = read_csv(text)
    assert [row["date"] for row in rows] == [f"2026-11-{n}" for n in range(19, 26)]
    assert {row["unit"] for row in rows} == {"mg"}


def test_csv_figures() -> None:
    rows = {row["date"]: row for row in read_csv(render(week_report(), "csv"))}
    fri, sat, sun, wed = (rows[f"2026-11-{n}"] for n in (20, 21, 22, 25))
    assert (fri["planned"], fri["taken"], fri["below_plan"], fri["doses_skipped"]) == (
        "40",
        "20",
        "yes",
        "1",
    )
    assert fri["symptoms"] == "nausea"
    assert (sat["doses_missed"], sat["step"], sat["new_step_total"]) == ("1", "2", "35")
    assert sat["spasticity"] == sat["seizure"] == ""  # no check-in
    assert (sun["taken"], sun["doses_extra"], sun["breathing_minutes"]) == ("40", "1", "11")
    assert sun["red_flags"] == "spasticity at 9 of 10"
    assert (sun["spasticity"], sun["hallucinations"], sun["coping"]) == ("9", "no", "breathing")
    assert (wed["taken"], wed["below_plan"], wed["doses_due"]) == ("15", "no", "1")
    # Sun: 40 of 35 mg, the extra 5 included; the only day above plan.
    assert [row["above_plan"] for row in rows.values()] == ["no"] * 3 + ["yes"] + ["no"] * 3


def test_csv_leaves_a_score_not_recorded_empty() -> None:
    rows = {row["date"]: row for row in read_csv(render(week_report(PARTLY_SCORED), "csv"))}
    thu, mon = rows["2026-11-19"], rows["2026-11-23"]
    assert [thu[name] for name in ("spasticity", "anxiety", "sleep", "mood")] == ["4", "3", "", "7"]
    assert [mon[name] for name in ("spasticity", "anxiety", "sleep", "mood")] == ["", "", "", ""]
    assert (mon["seizure"], mon["red_flags"]) == ("no", "fever")  # the check-in is there


def test_csv_notes_come_back_exactly_as_typed() -> None:
    rows = read_csv(render(week_report(), "csv"))
    assert rows[0]["notes"] == "Stiff legs.\nWalked to the shop anyway."
    assert rows[1]["notes"] == "# Not a heading | *not bold*"


def test_csv_leaves_dose_figures_empty_on_days_not_recorded() -> None:
    report = build_report(JOURNAL, d(16), d(17), NOW)
    row = read_csv(render(report, "csv"))[0]
    assert (row["recorded"], row["planned"], row["taken"], row["doses_missed"]) == (
        "no",
        "40",
        "",
        "",
    )


# HTML


class Collector(HTMLParser):
    """Every tag with its attributes, the text, and the style sheets' text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def parsed(text: str) -> Collector:
    collector = Collector()
    collector.feed(text)
    collector.close()
    return collector


def test_html_has_no_external_references() -> None:
    page = parsed(render(week_report(), "html"))
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base", "audio"}
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert name not in ("href", "src", "srcset", "xlink:href", "action", "data"), tag
            assert "url(" not in (value or "") and "//" not in (value or ""), (tag, name)
    style = "".join(page.styles)
    assert "url(" not in style and "@import" not in style and "//" not in style


def test_a_score_not_recorded_is_a_dash_in_markdown_and_html() -> None:
    report = week_report(PARTLY_SCORED)
    markdown = render(report, "md")
    # Date, planned, taken, doses, then spasticity, anxiety, sleep, mood.
    assert "| Thu 19 Nov | 40 | 40 | 2 taken | 4 | 3 | — | 7 | — | 5 |" in markdown
    assert "| Mon 23 Nov | 35 | 35 | 2 taken | — | — | — | — | fever | 0 |" in markdown
    # The summary's averages leave the missing scores out: sleep (5 + 3 + 6) / 3.
    assert "sleep quality 4.7" in markdown
    html = render(report, "html")
    assert "<td>Thu 19 Nov</td>" in html
    thursday = html[html.index("<td>Thu 19 Nov</td>") :].split("</tr>")[0]
    assert '<td class="n">—</td>' in thursday


def test_html_shows_user_text_as_text() -> None:
    page = parsed(render(week_report(), "html"))
    text = "".join(page.text)
    assert "<b>Bad night</b> & spasms" in text
    assert "# Not a heading | *not bold*" in text
    assert sum(1 for tag, _ in page.tags if tag == "b") == 5  # the dates of the lists only


def test_html_prints() -> None:
    text = render(week_report(), "html")
    assert "@media print" in text
    assert text.startswith("<!DOCTYPE html>")


def test_a_unit_of_the_users_own_is_used_and_escaped() -> None:
    journal = JOURNAL.with_settings(unit="<mg>")
    assert "Taken (&lt;mg&gt;)" in render(week_report(journal), "html")
    assert "Taken (\\<mg\\>)" in render(week_report(journal), "md")


def test_an_empty_period_renders_in_every_format() -> None:
    report = build_report(replace(JOURNAL, checkins=(), breathing=()), d(2), d(8), NOW)
    for form in FORMATS:
        assert render(report, form)
    assert len(read_csv(render(report, "csv"))) == 7


@pytest.mark.parametrize("typed", ["=1+1", "+1", "-5 mg", "@SUM(A1)", "\tx", "=HYPERLINK(x)"])
def test_a_note_a_spreadsheet_would_take_for_a_formula_is_written_as_text(typed: str) -> None:
    """OWASP's CSV injection: `=1+1` in a note would show 2, not the patient's words."""
    checkins = tuple(replace(checkin, notes=typed) for checkin in JOURNAL.checkins)
    journal = replace(JOURNAL, checkins=checkins, settings=replace(JOURNAL.settings, unit=typed))
    rows = read_csv(render(week_report(journal), "csv"))
    noted = [row for row in rows if row["notes"]]
    assert noted and {row["notes"] for row in noted} == {f"'{typed}"}
    assert {row["unit"] for row in rows} == {f"'{typed}"}
    assert {row["spasticity"] for row in noted} <= {str(n) for n in range(11)} | {""}


def test_numbers_and_plain_notes_are_not_changed_in_the_csv() -> None:
    checkins = tuple(replace(checkin, notes="felt = ok") for checkin in JOURNAL.checkins)
    rows = read_csv(render(week_report(replace(JOURNAL, checkins=checkins)), "csv"))
    assert {row["notes"] for row in rows if row["notes"]} == {"felt = ok"}
    assert all(not row["planned"].startswith("'") for row in rows)
