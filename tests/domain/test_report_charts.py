"""The HTML report's charts: legends, readable axis text, dates with their year, weekly
averages over long periods, and days without a plan.

The figure checks compute what a reader gets from the report's own SVG and CSS: an
SVG scales with its box, so text `size` viewBox units high shows at
size x (rendered width / viewBox width). An optional test prints the report with
headless Chromium and reads the PDF back, when Chromium is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest

from stepdown.domain.doses import skipped, taken
from stepdown.domain.journal import Checkin, Journal, Plan, Settings, Step
from stepdown.domain.report import render, svg
from stepdown.domain.report.contents import Report, build_report

NS = "{http://www.w3.org/2000/svg}"
HTML = "{http://www.w3.org/1999/xhtml}"
AM, PM = time(8), time(20)


def long_journal(first: date, days: int, plan_after: int = 10) -> Journal:
    """`days` days of doses and check-ins from `first`; the plan's first step starts
    `plan_after` days in (the days before it have no plan), 20 + 20 mg, then 15 + 20 mg
    from day 40. Every 5th day the evening dose is skipped (below plan), every 7th an
    extra 5 mg is taken (above plan); every 3rd day has no check-in."""
    start = first + timedelta(days=plan_after)
    plan = Plan(
        prescriber="Dr. Ana Rivera",
        approved_on=start,
        steps=(
            Step(start, (AM, PM), (20.0, 20.0)),
            Step(start + timedelta(days=30), (AM, PM), (15.0, 20.0)),
        ),
    )
    doses = []
    checkins = []
    for n in range(days):
        day = first + timedelta(days=n)
        am = 15.0 if n >= plan_after + 30 else 20.0

        def at(hour: int, day: date = day) -> datetime:
            return datetime.combine(day, time(hour))

        doses.append(taken(day, AM, am, at(8)))
        if n % 5 == 4:
            doses.append(skipped(day, PM, "felt fine"))
        else:
            doses.append(taken(day, PM, 20.0, at(20)))
        if n % 7 == 6:
            doses.append(taken(day, None, 5.0, at(14), "spasms"))
        if n % 3:
            score = n % 11
            checkins.append(Checkin(day, at(21), score, 10 - score, 5, 6, notes=f"day {n}"))
    return Journal(
        settings=Settings(emergency_number="911"),
        plan=plan,
        doses=tuple(doses),
        checkins=tuple(checkins),
    )


def report_of(first: date, days: int, made: datetime, plan_after: int = 10) -> Report:
    last = first + timedelta(days=days - 1)
    return build_report(long_journal(first, days, plan_after), first, last, made)


NOW = datetime(2026, 11, 25, 15, 0)
WEEK_FIRST = date(2026, 11, 19)


def page(report: Report) -> Element:
    """The report as html5lib reads it, strictly: a parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(
        render(report, "html")
    )


def charts(root: Element) -> list[Element]:
    return list(root.iter(f"{NS}svg"))


def title_of(chart: Element) -> str:
    return "".join(next(chart.iter(f"{NS}title")).itertext())


def texts(chart: Element) -> list[str]:
    return ["".join(node.itertext()) for node in chart.iter(f"{NS}text")]


def style(root: Element) -> str:
    return "".join("".join(node.itertext()) for node in root.iter(f"{HTML}style"))


# Legends


def test_the_dose_chart_has_a_legend_of_bars_line_and_both_marks() -> None:
    dose = charts(page(report_of(WEEK_FIRST, 7, NOW, plan_after=0)))[0]
    legend = next(g for g in dose.iter(f"{NS}g") if g.get("class") == "legend")
    assert texts(legend) == ["Taken", "Plan", "Below plan", "Above plan"]
    swatches = [node.get("class") for node in legend.iter() if node.tag != f"{NS}text"]
    assert [kind for kind in swatches if kind] == [
        "legend",
        "taken",
        "plan",
        "taken below",
        "above",
    ]


def test_each_score_chart_says_what_points_and_gaps_mean() -> None:
    scores = charts(page(report_of(WEEK_FIRST, 7, NOW)))[1:]
    assert len(scores) == 4
    for chart in scores:
        legend = next(g for g in chart.iter(f"{NS}g") if g.get("class") == "legend")
        assert texts(legend) == ["Score of the day", "Gap: no score that day"]


def test_above_plan_bars_carry_a_triangle_and_below_plan_bars_a_dashed_outline() -> None:
    # Day n: the 5th, 10th.. skip the evening dose; the 7th, 14th.. add 5 mg.
    dose = charts(page(report_of(WEEK_FIRST, 14, NOW, plan_after=0)))[0]
    bars = [rect for rect in dose.iter(f"{NS}rect") if rect.find(f"{NS}title") is not None]
    assert len(bars) == 7  # the period is cut at today, 25 Nov: 7 days recorded
    below = [i for i, rect in enumerate(bars) if rect.get("class") == "taken below"]
    assert below == [4]
    plot = [node for node in dose if node.get("class") == "above"]
    assert len(plot) == 1  # the 7th day, 25 Nov
    assert "above plan" in "".join(bars[6].itertext())
    css = style(page(report_of(WEEK_FIRST, 7, NOW)))
    assert re.search(r"svg \.below \{[^}]*stroke-dasharray", css)


# Readable axis text


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """Each rule of the style sheet (those of @media print too) as its selector and its
    declarations."""
    found = []
    for selector, block in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = dict(
            (name.strip(), value.strip())
            for name, value in (part.split(":", 1) for part in block.split(";") if ":" in part)
        )
        found.append((selector.split("@media print {")[-1].strip(), declarations))
    return found


def _value(css: str, selector: str, name: str) -> str:
    values = [d[name] for s, d in _rules(css) if s == selector and name in d]
    assert values, (selector, name)
    return values[0]


def _length(value: str, em: float) -> float:
    """A CSS length in px (96 px an inch)."""
    found = re.fullmatch(r"([\d.]+)(px|em|mm|pt)", value)
    assert found, value
    number, unit = found.groups()
    return float(number) * {"px": 1, "em": em, "mm": 96 / 25.4, "pt": 96 / 72}[unit]


SCREEN_WIDTH = 1200
A4_WIDTH_MM = 210
HARMLESS = {"font-weight", "color", "break-inside", "break-after", "display"}
"""Properties that leave a box as wide as its parent (display: block among them)."""


def _matches(selector: str, node: Element) -> bool:
    tag = node.tag.split("}")[-1]
    classes = (node.get("class") or "").split()
    return any(
        part.strip() in (tag, *(f".{c}" for c in classes), *(f"{tag}.{c}" for c in classes))
        for part in selector.split(",")
    )


def test_each_chart_is_as_wide_as_the_page_text() -> None:
    """Nothing between body and a chart narrows it (no grid of columns, no width or
    padding, no side margin), so its width is the body's: the figure below relies on it."""
    root = page(report_of(WEEK_FIRST, 7, NOW))
    css = style(root)
    parents = {child: parent for parent in root.iter() for child in parent}
    for chart in charts(root):
        node = parents[chart]
        while node.tag != f"{HTML}body":
            for selector, declarations in _rules(css):
                if not _matches(selector, node):
                    continue
                for name, value in declarations.items():
                    if name == "margin":
                        sides = (
                            (value.split() * 4)[:4] if len(value.split()) == 1 else value.split()
                        )
                        assert sides[1] == "0" and sides[-1 if len(sides) == 4 else 1] == "0"
                    else:
                        assert name in HARMLESS, (selector, name, value)
            node = parents[node]
        assert _value(css, "svg.chart", "width") == "100%"


def rendered_text_sizes(root: Element) -> tuple[float, float]:
    """The smallest chart text in px on a 1200 px wide page, and in pt on A4."""
    css = style(root)
    screen_css, print_css = css.split("@media print")
    base = float(_value(screen_css, "body", "font").split("px")[0])
    max_width = _length(_value(screen_css, "body", "max-width"), base)
    padding = _length(_value(screen_css, "body", "padding").split()[1], base)
    screen = min(max_width, SCREEN_WIDTH - 2 * padding)
    # Printed, the body spans the page between @page's margins.
    assert _value(print_css, "body", "max-width") == "none"
    assert _value(print_css, "body", "padding") == "0"
    margin = _length(_value(css, "@page", "margin"), base)
    printed_pt = (A4_WIDTH_MM * 96 / 25.4 - 2 * margin) * 72 / 96
    font = _length(_value(css, "svg .axis", "font-size"), base)
    smallest_screen = smallest_print = float("inf")
    for chart in charts(root):
        view_width = float(chart.get("viewBox", "").split()[2])
        for node in chart.iter(f"{NS}text"):
            assert node.get("class") == "axis" and node.get("font-size") is None
            smallest_screen = min(smallest_screen, font * screen / view_width)
            smallest_print = min(smallest_print, font * printed_pt / view_width)
    return smallest_screen, smallest_print


def test_axis_text_is_at_least_10_px_on_a_1200_px_page_and_7_pt_on_a4() -> None:
    screen, printed = rendered_text_sizes(page(report_of(WEEK_FIRST, 7, NOW)))
    # 12 units of a 720-wide picture: 15 px on a 900 px column, 8.5 pt across 180 mm.
    assert screen >= 10, screen
    assert printed >= 7, printed
    assert (round(screen, 1), round(printed, 1)) == (15.0, 8.5)


# Dates and their year


def _date_labels(chart: Element) -> list[str]:
    return [text for text in texts(chart) if re.fullmatch(r"\d+ [A-Z][a-z]{2}( \d{4})?", text)]


def test_dates_carry_the_year_when_the_period_is_in_an_earlier_year() -> None:
    root = page(report_of(date(2025, 3, 1), 30, NOW))
    for chart in charts(root):
        labels = _date_labels(chart)
        assert labels and all(label.endswith(" 2025") for label in labels), labels
    assert _date_labels(charts(root)[0])[0] == "1 Mar 2025"


def test_dates_carry_the_year_when_the_period_crosses_new_year() -> None:
    root = page(report_of(date(2026, 12, 20), 20, datetime(2027, 1, 8, 12)))
    labels = _date_labels(charts(root)[0])
    assert "20 Dec 2026" in labels and all(re.search(r" 202[67]$", label) for label in labels)


def test_dates_of_this_year_go_without_it() -> None:
    labels = _date_labels(charts(page(report_of(WEEK_FIRST, 7, NOW)))[0])
    assert labels[0] == "19 Nov" and len(labels) == 7


# Weekly averages


def test_ninety_days_plot_weekly_averages_and_the_days_table_keeps_every_day() -> None:
    first = date(2026, 8, 1)
    report = report_of(first, 90, NOW)
    root = page(report)
    captions = ["".join(node.itertext()) for node in root.iter(f"{HTML}figcaption")]
    assert len(captions) == 5 and all(c.endswith(", weekly averages") for c in captions)
    dose = charts(root)[0]
    assert title_of(dose) == "Daily dose, weekly averages"
    description = "".join(next(dose.iter(f"{NS}desc")).itertext())
    assert "each week's average amount taken a day" in description
    assert "weeks with a day below plan have a dashed outline" in description
    bars = [rect for rect in dose.iter(f"{NS}rect") if rect.find(f"{NS}title") is not None]
    assert len(bars) == 13  # 90 days: 12 weeks and 6 days
    # The first week, days 0..6, has no plan: no plan line there and no mark, though
    # day 4 skipped its evening dose and day 6 took 5 mg more; (5 x 40 + 20 + 45) / 7.
    assert "".join(bars[0].itertext()) == "week of 2026-08-01: 37.9 mg taken, no plan"
    assert bars[0].get("class") == "taken"
    # Week 3 (15 - 21 Aug), days 14..20, all under the 40 mg step: days 14 and 19
    # skipped the evening dose (below), day 20 took 5 mg more (above); 245 / 7 = 35.
    assert "".join(bars[2].itertext()) == (
        "week of 2026-08-15: 35 mg taken, plan 40 (below and above plan)"
    )
    assert bars[2].get("class") == "taken below"
    days_table = [
        t for t in root.iter(f"{HTML}table") if "Breathing (min)" in "".join(t.itertext())
    ]
    assert len(days_table[0].findall(f"{HTML}tbody/{HTML}tr")) == 90
    legend = next(g for g in dose.iter(f"{NS}g") if g.get("class") == "legend")
    assert texts(legend)[2:] == ["A day of the week below plan", "A day of the week above plan"]


def test_sixty_days_still_plot_each_day() -> None:
    root = page(report_of(date(2026, 9, 1), 60, NOW))
    dose = charts(root)[0]
    assert title_of(dose) == "Daily dose"
    assert len([r for r in dose.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]) == 60


def test_weekly_scores_are_averages_of_the_days_that_recorded_them() -> None:
    root = page(report_of(date(2026, 8, 1), 90, NOW))
    spasticity = charts(root)[1]
    points = ["".join(c.itertext()) for c in spasticity.iter(f"{NS}circle") if len(c)]
    # Week 1, days 0..6: check-ins on days 1, 2, 4, 5 with spasticity n % 11 -> 3.
    assert points[0] == "week of 2026-08-01: 3"
    assert len(points) == 13


# Days without a plan


def _plan_line(chart: Element) -> str:
    return next(p.get("d", "") for p in chart if p.tag == f"{NS}path" and p.get("class") == "plan")


def test_days_without_a_plan_have_no_plan_line_and_no_mark_but_show_what_was_taken() -> None:
    # 14 days from 12 Nov; the plan starts on the 22nd: 10 days without a plan, among
    # them the 16th and 21st with an evening dose skipped and the 18th with 5 mg extra.
    dose = charts(page(report_of(date(2026, 11, 12), 14, NOW, plan_after=10)))[0]
    bars = [rect for rect in dose.iter(f"{NS}rect") if rect.find(f"{NS}title") is not None]
    assert len(bars) == 14
    assert all(bar.get("class") == "taken" for bar in bars[:10])
    assert "".join(bars[4].itertext()) == "2026-11-16: 20 mg taken, no plan"
    assert "".join(bars[6].itertext()) == "2026-11-18: 45 mg taken, no plan"
    # The plan line is one stroke from the left edge of the 22nd's slot.
    line = _plan_line(dose)
    assert line.count("M") == 1
    slot = (720 - 52 - 14) / 14
    assert float(line.split()[0][1:]) == pytest.approx(52 + 10 * slot, abs=0.1)
    # One triangle: the 25th (5 mg over a plan of 40), none over the days before the plan.
    marks = [node for node in dose if node.get("class") == "above"]
    assert len(marks) == 1
    assert float(marks[0].get("d", "").split()[0][1:]) > 52 + 13 * slot


def test_a_plan_that_ends_and_resumes_draws_separate_strokes() -> None:
    bars = [
        svg.Bar(WEEK_FIRST + timedelta(days=n), planned, 10.0, below=False, above=False)
        for n, planned in enumerate([None, 40.0, 40.0, None, 35.0])
    ]
    chart = svg.dose_chart(bars, "mg", svg.Axis(with_year=False, weekly=False))
    line = re.search(r'<path class="plan" d="([^"]+)"/>\n</svg>', chart)
    assert line is not None and line[1].count("M") == 2
    assert len(re.findall(r'<rect class="taken"', chart)) == 5 + 1  # and the legend's


# Printed with Chromium

CHROMIUM = Path("/usr/bin/chromium")
HEADINGS = ("Summary", "Charts", "Plan", "Days", "Doses", "Red flags", "Check-in notes")


def print_pdf(text: str, folder: Path) -> Path:
    """`text` printed to PDF by headless Chromium on A4 (it prints on Letter unless the
    page asks otherwise; A4 is the narrower)."""
    html = folder / "report.html"
    html.write_text(text.replace("@page {", "@page { size: A4;"), encoding="utf-8")
    pdf = folder / "report.pdf"
    command = [str(CHROMIUM), "--headless", "--disable-gpu", "--no-sandbox"]
    command += [f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri()]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return pdf


def pdf_words(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's words with their left edge and top, in pt (pdftotext -bbox)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for sheet in out.split("<page ")[1:]:
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', sheet)
        pages.append([(word, float(x), float(y)) for x, y, word in words])
    return pages


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("pdftotext") is None,
    reason="needs headless Chromium (/usr/bin/chromium) and pdftotext (poppler-utils)",
)


@needs_chromium
def test_chromium_prints_chart_text_at_7_pt_and_no_heading_alone_at_a_page_foot(
    tmp_path: Path,
) -> None:
    text = render(report_of(date(2026, 8, 1), 90, NOW), "html")
    pages = pdf_words(print_pdf(text, tmp_path))
    assert len(pages) > 10
    # The legend's "Taken" and "Plan" lie 79.2 units apart in the picture (svg._legend);
    # their distance on paper gives the chart's scale, and so its text's size.
    legend = re.search(r'x="([\d.]+)"[^>]*>Taken</text>\n.*\n<text class="axis" x="([\d.]+)"', text)
    assert legend is not None
    units = float(legend[2]) - float(legend[1])
    first = {word: (x, y) for word, x, y in pages[0] if word in ("Taken", "Plan")}
    assert first["Taken"][1] == pytest.approx(first["Plan"][1])  # one line: the legend's
    points = svg.FONT * (first["Plan"][0] - first["Taken"][0]) / units
    assert points >= 7, points
    assert_no_heading_ends_a_page(pages)


@needs_chromium
def test_chromium_shows_chart_text_at_10_px_or_more_on_a_1200_px_screen(tmp_path: Path) -> None:
    text = render(report_of(date(2026, 8, 1), 90, NOW), "html")
    # A measuring script in a copy only: the report itself has none.
    probe = (
        "<script>window.onload = () => { const sizes = [...document.querySelectorAll("
        "'svg.chart text')].map(t => parseFloat(getComputedStyle(t).fontSize) * "
        "t.ownerSVGElement.getBoundingClientRect().width / "
        "t.ownerSVGElement.viewBox.baseVal.width); "
        "document.title = 'px ' + Math.min(...sizes).toFixed(2); };</script>"
    )
    page = tmp_path / "report.html"
    page.write_text(text.replace("</body>", probe + "</body>"), encoding="utf-8")
    command = [str(CHROMIUM), "--headless", "--disable-gpu", "--no-sandbox"]
    command += ["--window-size=1200,900", "--dump-dom", page.as_uri()]
    dom = subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout
    found = re.search(r"<title>px ([\d.]+)</title>", dom)
    assert found is not None, dom[:300]
    assert float(found[1]) >= 10, found[1]


def assert_no_heading_ends_a_page(pages: list[list[tuple[str, float, float]]]) -> None:
    for number, words in enumerate(pages, start=1):
        if not words:
            continue
        bottom = max(y for _, _, y in words)
        last = " ".join(word for word, _, y in words if abs(y - bottom) < 1)
        assert last not in HEADINGS, f"page {number} ends with {last!r}"


@needs_chromium
@pytest.mark.parametrize("days", [30, 200])
def test_chromium_keeps_each_heading_with_what_follows(tmp_path: Path, days: int) -> None:
    """Without the print rules, "Check-in notes" ends page 7 of the 30-day report and
    "Charts" page 1 of the 200-day one (Chromium 156)."""
    text = render(report_of(date(2026, 1, 1), days, NOW), "html")
    assert_no_heading_ends_a_page(pdf_words(print_pdf(text, tmp_path)))


def test_date_labels_stay_inside_the_picture() -> None:
    for days in (7, 31, 60, 61):
        root = page(report_of(date(2025, 1, 1), days, NOW))
        for chart in charts(root):
            for node in chart.iter(f"{NS}text"):
                text = "".join(node.itertext())
                if re.fullmatch(r"\d+ [A-Z][a-z]{2} \d{4}", text):
                    half = len(text) * svg.FONT * svg.CHAR / 2
                    x = float(node.get("x", "0"))
                    assert half - 0.1 <= x <= svg.WIDTH - half + 0.1, (days, text, x)


@pytest.mark.parametrize(
    ("highest", "top"), [(0, 1), (0.3, 0.3), (37, 40), (40, 40), (45, 50), (70, 80), (81, 100)]
)
def test_the_dose_axis_ends_on_a_round_number(highest: float, top: float) -> None:
    assert svg.nice_top(highest) == pytest.approx(top)
