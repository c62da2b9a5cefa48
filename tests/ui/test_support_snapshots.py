"""Pictures of Support and help now at 80x24, on a fixed date.

Each test's docstring says what the picture must show.
"""

from __future__ import annotations

from dataclasses import replace

from stepdown.domain.journal import Contact
from tests.ui.helpers import JOURNAL, SIZE, steady

CONTACTS = (
    Contact(
        "Dr. Ana Rivera",
        "provider",
        phone="+1 555 0100",
        email="rivera@example.org",
        notes="Call before any dose change",
    ),
    Contact("Sam Okafor", "pharmacist", phone="+1 555 0142", notes="Main Street Pharmacy"),
    Contact("Maria", "family", phone="+1 555 0123", notes="My sister", emergency=True),
    Contact("Crisis line", "crisis-line", phone="988", notes="Day or night"),
)
WITH_CONTACTS = replace(JOURNAL, contacts=CONTACTS)


async def open_support(pilot) -> None:
    await pilot.press("s")
    await steady(pilot)


def test_support_full_list(snap_compare, snap_app) -> None:
    """Emergency number 911 across the top with "n changes it · ! help now"; Maria
    (Family · emergency contact) first and highlighted, then Dr. Ana Rivera (Provider)
    with phone, email and note, Sam Okafor (Pharmacist), the crisis line; the support
    guidance beside the list; a, e, del, /, y, n in the Footer."""
    assert snap_compare(snap_app(WITH_CONTACTS), terminal_size=SIZE, run_before=open_support)


def test_support_empty_list(snap_compare, snap_app) -> None:
    """No contacts: the list explains to press a and add your provider, someone you
    trust and a crisis line; only a, / and n of Support's keys in the Footer."""
    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=open_support)


def test_contact_form_with_an_error(snap_compare, snap_app) -> None:
    """The add dialog after saving "Mum" with phone "555-CALL": "Use digits, spaces and
    + - ( ) only." under the phone, which has the cursor; role Other; emergency unticked."""

    async def run_before(pilot) -> None:
        await open_support(pilot)
        await pilot.press("a", *"Mum", "tab", *"555-CALL", "ctrl+s")
        await steady(pilot)

    assert snap_compare(snap_app(WITH_CONTACTS), terminal_size=SIZE, run_before=run_before)


def test_help_now(snap_compare, snap_app) -> None:
    """`!` from Today: "Severe withdrawal symptoms need medical attention immediately."
    in bold, "Emergency number: call 911" in plain text above 911 in large digits, Maria
    then Dr. Ana Rivera with their phones, the six red flags (seizure, hallucinations,
    confusion, fever, spasticity or anxiety at 9 or 10), "escape closes"."""

    async def run_before(pilot) -> None:
        await pilot.press("exclamation_mark")
        await steady(pilot)

    assert snap_compare(snap_app(WITH_CONTACTS), terminal_size=SIZE, run_before=run_before)


def test_support_markup_like_text(snap_compare, snap_app) -> None:
    """A contact named `[bold]Mum[/]` shown with its brackets and not bold-styled beyond
    the name's usual bold; its note `[red]not red[/red] ok` shown as typed, not red."""
    mum = Contact(
        "[bold]Mum[/]", "family", phone="555 0101", notes="[red]not red[/red] ok", emergency=True
    )
    journal = replace(JOURNAL, contacts=(mum, CONTACTS[0]))
    assert snap_compare(snap_app(journal), terminal_size=SIZE, run_before=open_support)
