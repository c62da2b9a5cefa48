"""The HTML report as a browser and a doctor get it: well-formed (html5lib, strictly),
self-contained, user text shown as typed, a Doses section, tables that scroll in their
own box on a phone, and the charts' bars and points for the crafted week of test_week.py.

The charts' legends, text size, dates and weekly averages are in test_report_charts.py.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date, datetime
from html import escape
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest

from stepdown.domain.doses import skipped, taken
from stepdown.domain.journal import Journal
from stepdown.domain.report import dose_detail, render
from stepdown.domain.report.contents import Report, build_report
from tests.domain.test_report_charts import CHROMIUM, NS, report_of
from tests.domain.test_report_charts import NOW as LONG_NOW
from tests.domain.test_week import JOURNAL, NOW, PARTLY_SCORED, PM, WEEK, at, d

HTML = "{http://www.w3.org/1999/xhtml}"


def week_report(journal: Journal = JOURNAL) -> Report:
    return build_report(journal, *WEEK, NOW)


def parse(text: str) -> Element:
    """`text` as html5lib reads it, strictly: any parse error raises."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(text)


def all_text(root: Element) -> str:
    body = next(root.iter(f"{HTML}body"))
    return "".join(body.itertext())


def tags(root: Element) -> set[str]:
    return {node.tag.split("}")[-1] for node in root.iter() if isinstance(node.tag, str)}


HOSTILE = (
    "<script>alert('x')</script> [red]alarm[/red] Tom & Jerry &amp; "
    "https://evil.example/a?b=1&c=2 www.example.com <a href=x>link</a> ]]> <!-- -->"
)
"""Text that markup, a terminal or a linkifier would take for something else."""


def hostile_journal() -> Journal:
    """JOURNAL with HOSTILE as every check-in's notes, a dose's note, the skip reason,
    the medication, the unit, the prescriber and the plan's note."""
    checkins = tuple(replace(checkin, notes=HOSTILE) for checkin in JOURNAL.checkins)
    doses = (
        *JOURNAL.doses,
        taken(d(21), PM, 20.0, at(21, 20), HOSTILE),
        skipped(d(25), PM, HOSTILE),
    )
    assert JOURNAL.plan is not None
    plan = replace(JOURNAL.plan, prescriber="Dr. <b>Evil</b> & Co", note=HOSTILE)
    settings = replace(JOURNAL.settings, medication="<i>baclofen</i> & co", unit="<mg>")
    return replace(JOURNAL, checkins=checkins, doses=doses, plan=plan, settings=settings)


def every_report() -> list[Report]:
    no_plan = replace(JOURNAL, plan=None)
    return [
        week_report(),
        week_report(PARTLY_SCORED),
        week_report(no_plan),
        week_report(hostile_journal()),
        build_report(replace(JOURNAL, checkins=(), breathing=(), doses=()), d(2), d(8), NOW),
        report_of(date(2025, 3, 1), 30, LONG_NOW),
        report_of(date(2026, 8, 1), 90, LONG_NOW),
        report_of(date(2025, 1, 1), 365, LONG_NOW, plan_after=100),
    ]


@pytest.mark.parametrize("report", every_report(), ids=lambda r: f"{r.first}-{r.last}")
def test_every_report_parses_strictly_and_is_self_contained(report: Report) -> None:
    root = parse(render(report, "html"))
    assert not tags(root) & {"script", "link", "img", "iframe", "object", "embed", "base", "a"}
    for node in root.iter():
        for name, value in node.attrib.items():
            assert name not in ("href", "src", "srcset", "action", "data"), node.tag
            assert "url(" not in value and "//" not in value, (node.tag, name)
            assert not name.startswith("on"), (node.tag, name)
    style = "".join("".join(node.itertext()) for node in root.iter(f"{HTML}style"))
    assert "url(" not in style and "@import" not in style and "//" not in style
    assert "@font-face" not in style


def test_hostile_text_is_shown_literally_everywhere() -> None:
    root = parse(render(week_report(hostile_journal()), "html"))
    text = all_text(root)
    # Each place it was typed: 5 check-in notes, the dose note, the skip reason, the plan note.
    assert text.count(HOSTILE) == 8
    assert "Dr. <b>Evil</b> & Co" in text
    assert "<i>baclofen</i> & co taper; amounts in <mg>." in text
    assert "Taken (<mg>)" in text
    title = "".join(next(root.iter(f"{HTML}title")).itertext())
    assert title.startswith("Stepdown report")
    # None of it became an element: the only b are the lists' dates (2 red-flag days,
    # 5 days with notes), no i, a or script.
    assert not tags(root) & {"script", "a", "i"}
    assert sum(1 for _ in root.iter(f"{HTML}b")) == 7


def test_days_then_doses_each_with_its_legend() -> None:
    root = parse(render(week_report(), "html"))
    headings = ["".join(h.itertext()) for h in root.iter(f"{HTML}h2")]
    assert headings == [
        "Summary",
        "Charts",
        "Plan",
        "Days",
        "Doses",
        "Red flags",
        "Check-in notes",
        "Taper view",
    ]
    tables = list(root.iter(f"{HTML}table"))
    doses = next(t for t in tables if "Reason or note" in "".join(t.itertext()))
    header = ["".join(th.itertext()) for th in doses.iter(f"{HTML}th")]
    assert header == list(dose_detail.dose_table(week_report().period, "mg").header)
    rows = doses.findall(f"{HTML}tbody/{HTML}tr")
    # 18 Nov .. 25 Nov as recorded, from the 19th: 2 + 2 + 2 + 3 + 2 + 2 + 2 dose rows.
    assert len(rows) == 15
    cells = ["".join(td.itertext()) for td in rows[3].iter(f"{HTML}td")]
    assert cells == ["Fri 20 Nov", "20:00", "20", "skipped", "—", "—", "Felt *sick* | went to bed"]
    # The legend is the paragraph right after the table's box.
    body = list(next(root.iter(f"{HTML}body")))
    box = next(node for node in body if doses in list(node))
    legend = body[body.index(box) + 1]
    assert legend.get("class") == "legend"
    assert "".join(legend.itertext()) == dose_detail.DOSE_LEGEND


def test_a_period_without_doses_says_so_under_doses() -> None:
    empty = replace(JOURNAL, checkins=(), breathing=(), doses=())
    text = all_text(parse(render(build_report(empty, d(2), d(8), NOW), "html")))
    assert "No doses recorded in this period." in text


def test_every_table_scrolls_inside_its_own_box() -> None:
    root = parse(render(week_report(), "html"))
    parents = {child: parent for parent in root.iter() for child in parent}
    tables = list(root.iter(f"{HTML}table"))
    assert len(tables) == 5  # summary, plan, days, doses, taper
    for table in tables:
        assert parents[table].get("class") == "scroll"
    style = "".join(next(root.iter(f"{HTML}style")).itertext())
    assert re.search(r"\.scroll \{[^}]*overflow-x: auto", style)


def test_short_sections_keep_their_heading_for_print() -> None:
    root = parse(render(week_report(), "html"))
    kept = [
        "".join(next(div.iter(f"{HTML}h2")).itertext())
        for div in root.iter(f"{HTML}div")
        if div.get("class") == "keep"
    ]
    assert kept == ["Summary", "Charts", "Plan", "Taper view"]
    style = "".join(next(root.iter(f"{HTML}style")).itertext())
    printed = style.split("@media print")[1]
    assert "h2 { break-after: avoid; }" in printed
    assert ".keep, tr, li, figure { break-inside: avoid; }" in printed


# The charts of the crafted week (19 - 25 Nov 2026, made on the 25th at 15:00)


def plotted(chart: Element, tag: str) -> list[Element]:
    """The chart's marks of days, without its legend's swatches (they have no title)."""
    return [node for node in chart.iter(f"{NS}{tag}") if node.find(f"{NS}title") is not None]


def test_the_week_has_a_chart_of_the_dose_and_of_each_score() -> None:
    root = parse(render(week_report(), "html"))
    charts = list(root.iter(f"{NS}svg"))
    ids = [next(chart.iter(f"{NS}title")).get("id") for chart in charts]
    assert ids == ["daily-dose-t", "spasticity-t", "anxiety-t", "sleep-quality-t", "mood-t"]
    bars = plotted(charts[0], "rect")
    assert len(bars) == 7  # one a recorded day
    assert [bar.get("class") for bar in bars].count("taken below") == 3  # Fri, Sat, Tue
    above = [node for node in charts[0] if node.get("class") == "above"]
    assert len(above) == 1  # Sun 22: 40 taken of 35 planned, 5 mg extra
    assert "2026-11-22: 40 mg taken, plan 35 (above plan)" in "".join(bars[3].itertext())
    points = [len(plotted(chart, "circle")) for chart in charts[1:]]
    assert points == [5, 5, 5, 5]  # each score on the 5 days with a check-in


def test_a_chart_skips_the_days_whose_score_was_not_recorded() -> None:
    root = parse(render(week_report(PARTLY_SCORED), "html"))
    charts = list(root.iter(f"{NS}svg"))
    # 5 check-ins; Thursday has no sleep score and Monday none at all.
    assert [len(plotted(chart, "circle")) for chart in charts[1:]] == [4, 4, 3, 4]
    assert "Sleep quality, 0 to 10, on 3 of 7 days: from 3 to 6." in all_text(root)


def test_the_plan_line_starts_where_the_plan_does() -> None:
    # The plan's first step starts on 16 Nov: a report from the 12th has 4 days without.
    report = build_report(JOURNAL, d(12), d(18), NOW)
    chart = next(parse(render(report, "html")).iter(f"{NS}svg"))
    line = next(node.get("d", "") for node in chart if node.get("class") == "plan")
    assert line.count("M") == 1
    slot = (720 - 52 - 14) / 7
    assert float(line.split()[0][1:]) == pytest.approx(52 + 4 * slot, abs=0.1)


# A phone's screen, in Chromium


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium is not installed")
def test_on_a_420_px_screen_the_page_does_not_scroll_sideways(tmp_path: Path) -> None:
    """The Days table is wider than a phone; its own box scrolls, the page does not.

    Headless Chromium's window is at least 500 px wide, so the report is measured in a
    420 px frame of a page made for the test (the report itself has no script)."""
    report = render(week_report(), "html")
    probe = (
        "const d = document.getElementById('f').contentDocument;"
        "const boxes = [...d.querySelectorAll('.scroll')]"
        ".filter(b => b.scrollWidth > b.clientWidth).length;"
        "document.title = d.documentElement.scrollWidth + ' '"
        " + d.documentElement.clientWidth + ' ' + boxes;"
    )
    host = tmp_path / "phone.html"
    host.write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body style="margin:0">'
        f'<iframe id="f" width="420" height="900" srcdoc="{escape(report, quote=True)}">'
        f"</iframe><script>document.getElementById('f').onload = () => {{{probe}}};"
        "</script></body></html>",
        encoding="utf-8",
    )
    command = [str(CHROMIUM), "--headless", "--disable-gpu", "--no-sandbox"]
    command += ["--window-size=800,900", "--dump-dom", host.as_uri()]
    dom = subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout
    found = re.search(r"<title>(\d+) (\d+) (\d+)</title>", dom)
    assert found is not None, dom[:300]
    page_width, frame_width, scrolling = (int(n) for n in found.groups())
    assert frame_width <= 420 and page_width == frame_width  # nothing runs off the page
    assert scrolling >= 1  # the Days table, at least, scrolls in its box


def test_the_days_below_and_above_plan_are_both_counted_in_the_summary() -> None:
    """The figures are H1's; the HTML shows both rows."""
    root = parse(render(week_report(), "html"))
    summary = next(root.iter(f"{HTML}table"))
    rows = [["".join(td.itertext()) for td in tr] for tr in summary.iter(f"{HTML}tr")]
    assert ["Days below plan", "3: Fri 20 Nov, Sat 21 Nov, Tue 24 Nov"] in rows
    assert ["Days above plan", "1: Sun 22 Nov"] in rows


def test_made_in_a_later_year_the_dates_on_the_axis_carry_the_year() -> None:
    report = build_report(JOURNAL, *WEEK, datetime(2027, 2, 1, 9))
    chart = next(parse(render(report, "html")).iter(f"{NS}svg"))
    labels = ["".join(node.itertext()) for node in chart.iter(f"{NS}text")]
    assert "19 Nov 2026" in labels and "19 Nov" not in labels


def test_a_period_of_no_days_still_renders() -> None:
    """A period asked to start after today is cut to nothing at today (Report.last)."""
    report = build_report(JOURNAL, d(27), d(26), NOW)
    root = parse(render(report, "html"))
    assert len(list(root.iter(f"{NS}svg"))) == 5


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium is not installed")
def test_a_dose_note_keeps_its_line_breaks(tmp_path: Path) -> None:
    """A note edited into the file by hand can hold lines; the Doses table shows them."""
    doses = (*JOURNAL.doses, taken(d(21), PM, 20.0, at(21, 20), "Felt sick.\nWent to bed."))
    text = render(week_report(replace(JOURNAL, doses=doses)), "html")
    page = tmp_path / "report.html"
    probe = (
        "<script>window.onload = () => { const cell = [...document.querySelectorAll('td')]"
        ".find(td => td.textContent.startsWith('Felt sick.')); "
        "document.title = 'T' + cell.innerText.replace(/\\n/g, '|'); };</script>"
    )
    page.write_text(text.replace("</body>", probe + "</body>"), encoding="utf-8")
    command = [str(CHROMIUM), "--headless", "--disable-gpu", "--no-sandbox", "--dump-dom"]
    dom = subprocess.run(
        [*command, page.as_uri()], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    assert "<title>TFelt sick.|Went to bed.</title>" in dom
