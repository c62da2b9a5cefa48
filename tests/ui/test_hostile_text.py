"""Hostile text on every screen that shows the user's text: drawn as typed, and no control
character of it reaches the terminal.

The journal holds markup, escape sequences, C0 and C1 controls, emoji, right-to-left
text, combining marks, several lines, and (in one test) a 10 KB line in every text the
screens show. A tour opens each of those screens and checks two things on each:

- every text the screen shows is there literally: each text starts with a tag naming
  its field (`un:` the unit, `ca:` the emergency contact's name...), so the tag and the
  text's first word, control characters stripped, are found on screen only when that
  field was drawn as typed (`[red]` as `[red]`, not as red); and nowhere on screen is
  a field's first word as Rich or Textual markup would read it (a field shown twice
  on a screen, once right and once as markup, is caught too);
- nothing of the user's reaches the terminal as a control: Textual writes a screen as
  its compositor's strips, each Segment's text verbatim between its own cursor moves and
  the SGR codes of the Segments' styles, and an OSC 8 hyperlink around a Segment whose
  style has a link (LayoutUpdate.render_segments, Strip.render_style). So when no
  Segment's text holds a C0 or C1 character and no style holds a link, every escape
  sequence written is Textual's own.

Each field meets several of the texts: the texts are dealt to the fields anew in each
run of the tour. Two more tests paste hostile text into a field and into the check-in's
notes: what the field shows and what is saved hold no control character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.errors import MarkupError as RichMarkupError
from rich.text import Text
from textual import events
from textual.content import Content
from textual.geometry import Region
from textual.markup import MarkupError
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import TextArea

from stepdown.domain.doses import skipped, taken
from stepdown.domain.journal import BreathingSession, Checkin, Contact, Journal, Pattern, Settings
from stepdown.domain.rules import clean_text
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.breathe_pattern_form import PatternForm
from stepdown.ui.dialogs.contact_form import ContactForm
from stepdown.ui.dialogs.dose_form import DoseForm
from stepdown.ui.screens.breathe import BreatheScreen
from stepdown.ui.screens.checkin import CheckinScreen
from stepdown.ui.screens.help_now import HelpNowScreen
from stepdown.ui.screens.plan_editor import PlanEditor
from stepdown.ui.screens.settings import SettingsScreen
from stepdown.ui.screens.support import SupportScreen
from stepdown.ui.screens.today import TodayScreen
from stepdown.ui.screens.week import WeekScreen
from stepdown.ui.screens.week_day import WeekDayScreen
from stepdown.ui.screens.week_taper import TaperScreen
from tests.ui.helpers import JOURNAL, NOW, PLAN, kept_to_plan, saved, write_journal

SIZE = (120, 40)
"""Room for every field a screen shows, so none is scrolled out of view."""

TEXTS = (
    "[red]Mum[/] and [bold]Dad",
    "[@click=app.quit]Quit[/] now",
    "[link=https://example.com]Dr[/link] here",
    "\\[b]not[/b]\\ bold",
    "\x1b[31m[b]Red\x1b[0m\x1b[2J\x1b[H gone",
    "\x1b]0;pwned\x07\x1b]8;;http://example.com\x1b\\[i]link\x1b]8;;\x1b\\ osc",
    "C0\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f[u]C1\x80\x85\x9b2J\x9f end",
    "👩\u200d👩\u200d👧\u2764\ufe0f[b]👍🏽 family",
    "שלום\u202e[b]evil\u202cمرحبا right to left",
    "Z\u0324\u0354\u0367[i]a\u0337l\u0336g\u0334o\u0335e\u0301 marks",
    "[i]one[/i]\ttab\nline two\r\nthree",
)
"""Hostile texts, each with markup-like brackets in its first word: Rich and Textual
markup (a style, an action, a link, escaped brackets), CSI and OSC sequences (a title, a
hyperlink), C0 and C1 controls, emoji with ZWJ, a variation selector and a skin tone,
Hebrew and Arabic around a right-to-left override, combining marks, tab and new lines."""

FIELDS = {
    "md": "the medication",
    "un": "the unit",
    "en": "the emergency number",
    "pa": "the user's own breathing pattern",
    "pr": "the prescriber",
    "pn": "the plan's note",
    "sn": "a skipped dose's reason",
    "xn": "an extra dose's note",
    "cn": "the check-in's notes",
    "sp": "a breathing session's pattern",
    "ca": "the emergency contact's name",
    "cp": "the emergency contact's phone",
    "ce": "the emergency contact's email",
    "co": "the emergency contact's notes",
    "va": "the provider's name",
    "vp": "the provider's phone",
}
"""Each text field a screen shows, by the tag its text starts with."""

MANY_LINES = frozenset({"pn", "sn", "xn", "cn", "co"})
"""The fields that may hold line breaks: notes and reasons."""


def one_line(text: str) -> str:
    """`text` with each line break a space."""
    return re.sub(r"\r\n|[\n\r\u2028\u2029]", " ", text)


DEALS = 3
"""Runs of the tour with short texts; each field gets a different text in each."""

WORD_CELLS = 14
"""How much of a text's first word must show: the pattern list cuts names at 20 cells."""

LONG = "[b]10K[/b]\x1b[7m " * 640
LONG_WORD = "[b]10K[/b][7m"
"""A 10 KB line, and the word of it that must show wherever it is cut or wrapped."""

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def dealt(deal: int) -> dict[str, str]:
    """Each field's text in the `deal`-th run: its tag, then one of TEXTS."""
    return {tag: f"{tag}:{TEXTS[(i + 4 * deal) % len(TEXTS)]}" for i, tag in enumerate(FIELDS)}


def first_word(text: str) -> str:
    """What must show of `text`: its first word, control characters stripped, cut short."""
    word = re.split(r"\s", clean_text(text))[0]
    while cell_len(word) > WORD_CELLS:
        word = word[:-1]
    return word


def journal_with(text: Mapping[str, str]) -> Journal:
    """A journal part-way through the taper with `text[tag]` in each field of FIELDS.

    Today the 08:00 dose was skipped and an extra one taken; there is a check-in and a
    breathing session, an emergency contact and a provider. Names, numbers and the unit
    are one line, as the file's rules want them: their line breaks become spaces.
    """
    day = NOW.date()
    text = {tag: value if tag in MANY_LINES else one_line(value) for tag, value in text.items()}
    return Journal(
        settings=Settings(
            medication=text["md"],
            unit=text["un"],
            emergency_number=text["en"],
            breathing_pattern=text["pa"],
            patterns=(Pattern(text["pa"], inhale=4.0, hold_in=0.0, exhale=6.0, hold_out=0.0),),
        ),
        plan=replace(PLAN, prescriber=text["pr"], note=text["pn"]),
        doses=(
            *kept_to_plan(PLAN.steps[0].start, day - timedelta(days=1)),
            skipped(day, time(8), text["sn"]),
            taken(day, None, 5.0, datetime.combine(day, time(12)), text["xn"]),
        ),
        checkins=(Checkin(day, NOW.replace(hour=9), 3, 3, 6, 6, notes=text["cn"]),),
        breathing=(BreathingSession(NOW.replace(hour=10), text["sp"], 300, 300, True),),
        contacts=(
            Contact(
                text["ca"],
                "family",
                phone=text["cp"],
                email=text["ce"],
                notes=text["co"],
                emergency=True,
            ),
            Contact(text["va"], "provider", phone=text["vp"]),
        ),
    )


@dataclass(frozen=True)
class Stop:
    """A screen on the tour: the keys that lead to it, and the fields it shows."""

    keys: tuple[str, ...]
    screen: type[Screen[object]]
    fields: tuple[str, ...]


TOUR = (
    Stop((), TodayScreen, ("un", "pr", "pn", "sn", "xn")),
    Stop(("e",), DoseForm, ("sn",)),  # the skipped 08:00 dose's reason
    Stop(("escape", "p"), PlanEditor, ("un", "pr", "pn")),
    Stop(("escape", "w"), WeekScreen, ("un",)),
    Stop(("enter",), WeekDayScreen, ("un", "sn", "xn", "cn", "sp")),  # today in full
    Stop(("escape", "v"), TaperScreen, ("un", "pr")),
    Stop(("escape", "c"), CheckinScreen, ("cn",)),
    Stop(("escape", "s"), SupportScreen, ("en", "ca", "cp", "ce", "co", "va", "vp")),
    Stop(("e",), ContactForm, ("ca", "cp", "ce", "co")),
    Stop(("escape", "exclamation_mark"), HelpNowScreen, ("en", "ca", "cp", "va", "vp")),
    Stop(("escape", "b"), BreatheScreen, ("pa",)),  # the pattern list
    Stop(("e",), PatternForm, ("pa",)),
    Stop(("escape", "enter", "enter"), BreatheScreen, ("pa",)),  # a session, under its name
    Stop(("escape",), BreatheScreen, ("pa",)),  # the session's summary
    Stop(("enter", "comma"), SettingsScreen, ("md", "un", "en", "pa")),
)
"""Every screen that shows the user's text, in an order the keys can reach them."""


@dataclass(frozen=True)
class Painted:
    """The screen in view as Textual writes it to the terminal."""

    text: str
    """The screen's own lines (a dialog's, without what shows of the screens below it),
    each its Segments' texts joined; the lines joined with newlines."""
    leaks: list[str]
    """Each Segment text written that holds a control character or whose style is a link."""


def painted(app: StepdownApp) -> Painted:
    """The screen in view, from the same compositor update the app writes to the terminal."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    lines = [Strip.join(line) for line in update.strips]
    leaks = [
        repr(segment.text)
        for line in lines
        for segment in line
        if CONTROL.search(segment.text) or (segment.style and segment.style.link)
    ]
    own = Region.from_union([child.region for child in app.screen.children if child.region])
    text = "\n".join(line.crop(own.x, own.right).text for line in lines[own.y : own.bottom])
    return Painted(text, leaks)


def as_markup(text: str) -> set[str]:
    """The first word of `text` as a screen that read it as markup (Rich's or Textual's)
    would show it, where that differs from the text as typed."""
    words = set()
    for read in (Text.from_markup, Content.from_markup):
        # Markup that does not read would make such a screen fail, not eat it.
        with suppress(RichMarkupError, MarkupError):
            words.add(first_word(read(clean_text(text)).plain))
    return words - {first_word(text)}


async def tour(
    app: StepdownApp, texts: Mapping[str, str], shown: Callable[[Stop], dict[str, str]]
) -> list[str]:
    """Open each screen of TOUR with `texts[tag]` in each field; what went wrong on each.

    A screen that did not open, a leak, a text of `shown(stop)` (by what it is) that is
    not on screen, or a field's text on screen as read as markup.
    """
    read_as_markup = {tag: as_markup(text) for tag, text in texts.items()}
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        for stop in TOUR:
            await (pilot.press(*stop.keys) if stop.keys else pilot.pause())
            name = type(app.screen).__name__
            if not isinstance(app.screen, stop.screen):
                problems.append(f"{stop.keys} opened {name}, not {stop.screen.__name__}")
                break
            screen = painted(app)
            problems += [f"{name} writes {leak}" for leak in screen.leaks]
            problems += [
                f"{name} does not show {what} as {text!r}"
                for what, text in shown(stop).items()
                if text not in screen.text
            ]
            problems += [
                f"{name} shows {FIELDS[tag]} read as markup: {word!r}"
                for tag, words in read_as_markup.items()
                for word in words
                if word in screen.text
            ]
    return problems


@pytest.mark.parametrize("deal", range(DEALS))
async def test_every_screen_shows_hostile_text_as_typed_and_no_control_character(
    make_app: Callable[[], StepdownApp], data_path: Path, deal: int
) -> None:
    texts = dealt(deal)
    write_journal(data_path, journal_with(texts))

    problems = await tour(
        make_app(),
        texts,
        lambda stop: {FIELDS[tag]: first_word(texts[tag]) for tag in stop.fields},
    )

    assert not problems, "\n".join(problems)


async def test_every_screen_stays_whole_with_a_10_kb_line_in_every_text(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    """The line pushes the screen's other texts out of view; some of it shows as typed."""
    texts = {tag: f"{tag}:{LONG}" for tag in FIELDS}
    write_journal(data_path, journal_with(texts))

    problems = await tour(make_app(), texts, lambda _: {"the 10 KB line": LONG_WORD})

    assert not problems, "\n".join(problems)


PASTED = "\x1b[2J\x1b]0;pwned\x07[red]Dad[/]\x9b31m\x00 rang\x1b[0m"
PASTED_SHOWN = "[2J]0;pwned[red]Dad[/]31m rang[0m"


async def test_text_pasted_into_a_field_shows_and_saves_without_control_characters(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "x")  # skip the 20:00 dose, with a reason
        assert isinstance(app.screen, DoseForm)
        app.post_message(events.Paste(PASTED))
        await pilot.pause()

        screen = painted(app)
        assert screen.leaks == []
        assert PASTED_SHOWN in screen.text
        await pilot.press("enter")

    evening = saved(data_path)["doses"][-1]
    assert (evening["slot"], evening["status"], evening["note"]) == (
        time(20),
        "skipped",
        PASTED_SHOWN,
    )


NOTES_PASTED = "\x1b[31mStiff\x1b[0m\tall day\r\nslept \x85badly\x9b2J"
NOTES_SAVED = "[31mStiff[0m\tall day\nslept badly2J"


async def test_notes_pasted_into_the_check_in_show_and_save_without_control_characters(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    day = NOW.date()
    checkin = Checkin(day, NOW.replace(hour=9), 4, 3, 6, 6)
    write_journal(data_path, replace(JOURNAL, checkins=(checkin,)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, CheckinScreen)
        app.screen.query_one(TextArea).focus()
        app.post_message(events.Paste(NOTES_PASTED))
        await pilot.pause()

        screen = painted(app)
        assert screen.leaks == []
        assert "[31mStiff[0m" in screen.text and "slept badly2J" in screen.text
        await pilot.press("ctrl+s")

    assert saved(data_path)["checkins"][0]["notes"] == NOTES_SAVED
