"""Pictures of the check-in at 80x24 on Wednesday 25 Nov 2026, 15:00.

Each test's docstring says what the picture must show.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from textual.pilot import Pilot
from textual.widgets import TextArea

from stepdown.domain.journal import Checkin, Contact
from tests.ui.helpers import JOURNAL, NOW, SIZE, steady


async def still(pilot: Pilot[None]) -> None:
    """No blinking cursor in the score fields or the notes."""
    for notes in pilot.app.screen.query(TextArea):
        notes.cursor_blink = False
    await steady(pilot)


async def open_checkin(pilot: Pilot[None]) -> None:
    await pilot.press("c")
    await still(pilot)


def test_checkin_empty(snap_compare, snap_app) -> None:
    """`c` on a day without a check-in: "Check-in for Wednesday 25 November 2026 · not
    filled in yet"; four empty scores with their ends in words (none/worst, worst/best)
    and dotted scales, the cursor in Spasticity; hallucinations and a seizure unticked;
    the symptom and "What helped" lists unticked; empty notes with their placeholder;
    the Footer with ← → tab ctrl+s esc."""
    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=open_checkin)


def test_checkin_filled(snap_compare, snap_app) -> None:
    """The day's check-in saved at 09:30, opened again: scores 4, 7, 3 and 6 marked on
    their scales, hallucinations unticked, sweating, racing heart and trouble sleeping
    ticked, deep breathing and talked to someone ticked, and the notes shown literally
    on two lines, "[b]" included."""
    checkin = Checkin(
        NOW.date(),
        datetime(2026, 11, 25, 9, 30),
        spasticity=4,
        anxiety=7,
        sleep=3,
        mood=6,
        symptoms=("sweating", "racing-heart", "insomnia"),
        coping=("breathing", "talked-to-someone"),
        notes="Woke at 4 with my heart racing [b]again[/b].\nCalled Sam, felt better.",
    )
    app = snap_app(replace(JOURNAL, checkins=(checkin,)))
    assert snap_compare(app, terminal_size=SIZE, run_before=open_checkin)


def test_checkin_with_a_wrong_score(snap_compare, snap_app) -> None:
    """12 typed as spasticity and ctrl+s: "Must be from 0 to 10, not 12." under it in the
    error colour, the other scores blank and without a message (blank is "not
    recorded"), the cursor back in Spasticity; the scale of 12 marks nothing."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_checkin(pilot)
        await pilot.press("1", "2", "ctrl+s")
        await still(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_red_flag_alert(snap_compare, snap_app) -> None:
    """Saved with hallucinations and fever: a dialog in the error colour, "⚠ Seek medical
    attention now", "Your check-in records hallucinations and fever.", the guidance
    that severe withdrawal symptoms need medical attention immediately, "Emergency
    number: call 911" in plain text above 911 in large digits, Sam (family, emergency
    contact) and Dr. Ana Rivera (provider) with their phones, the breathing offer for
    anxiety at 6, one button: "I understand", and a Footer of the alert's own keys:
    ⏎ I understand, s Support: whom to call, b Breathe."""
    contacts = (
        Contact("Dr. Ana Rivera", "provider", phone="+1 555 0100"),
        Contact("Sam", "family", phone="+1 555 0142", emergency=True),
    )

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("c", "5", "tab", "6", "tab", "4", "tab", "4", "tab", "space")
        await pilot.press("tab", "tab", "down", "down", "space", "ctrl+s")
        await still(pilot)

    app = snap_app(replace(JOURNAL, contacts=contacts))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_red_flag_alert_with_a_wrong_score_left_out(snap_compare, snap_app) -> None:
    """Spasticity typed as 12 and anxiety 9, then ctrl+s: the alert at once, "Your
    check-in records anxiety at 9 of 10.", under it "Not saved: Spasticity (not a score
    from 0 to 10)." in the warning colour, the guidance,
    "Emergency number: call 911" and the large digits, "No emergency contacts or
    provider yet: add them on Support (press s).", the breathing offer for anxiety at
    9, and the alert's own keys in the Footer."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("c", "1", "2", "tab", "9", "ctrl+s")
        await still(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_today_with_a_red_flag(snap_compare, snap_app) -> None:
    """Today after a check-in with a seizure was saved at 14:30: a red banner across the
    top, "⚠ Seek medical attention now. Emergency number: 911. Your check-in records a
    seizure.", above the day's doses."""
    checkin = Checkin(NOW.date(), datetime(2026, 11, 25, 14, 30), 3, 4, 5, 5, seizure=True)
    assert snap_compare(snap_app(replace(JOURNAL, checkins=(checkin,))), terminal_size=SIZE)
