"""Support through the keys: contacts added, edited, removed, filtered and copied, the
emergency number changed, and help now from every section; checked in the saved file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Digits, Input, OptionList, Select, Static

from stepdown.domain.journal import Contact, Journal, Settings
from stepdown.domain.journal_merge import contact_identity
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.dialogs.contact_form import ContactForm, NumberForm
from stepdown.ui.dialogs.leave import LeavePrompt
from stepdown.ui.screens.help_now import HelpNowScreen
from stepdown.ui.screens.support import SupportScreen
from tests.ui.helpers import JOURNAL, saved, write_journal
from tests.ui.test_themes import choose_in_palette

RIVERA = Contact(
    "Dr. Ana Rivera",
    "provider",
    phone="+1 555 0100",
    email="rivera@example.org",
    notes="Call before any dose change",
    extra={"pronouns": "she/her"},
)
SAM = Contact("Sam Okafor", "pharmacist", email="sam@example.org")
MARIA = Contact("Maria", "family", phone="+1 555 0123", emergency=True)
WITH_CONTACTS = replace(JOURNAL, contacts=(SAM, RIVERA, MARIA))


def saved_contacts(path: Path) -> list[dict[str, Any]]:
    return saved(path).get("contacts", [])


def names(app: StepdownApp) -> list[str]:
    """The names in the list as shown, top to bottom."""
    options = app.screen.query_one("#contact-list", OptionList)
    if not options.display:
        return []
    return [str(option.prompt).split("  ")[0] for option in options.options]


def shown(app: StepdownApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_support(pilot: Any) -> None:
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SupportScreen)


def write(path: Path, journal: Journal = WITH_CONTACTS) -> None:
    write_journal(path, journal)


async def test_the_list_shows_emergency_contacts_first_then_by_role(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        assert names(app) == ["Maria", "Dr. Ana Rivera", "Sam Okafor"]
        assert shown(app, "#number") == "911"
        rivera = str(app.screen.query_one(OptionList).get_option_at_index(1).prompt)
        assert rivera == (
            "Dr. Ana Rivera  Provider\n+1 555 0100  ·  rivera@example.org\n"
            "Call before any dose change"
        )


async def test_add_a_contact_is_saved_at_once(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press(*"Alex", "tab", *"555 0199", "tab", *"alex@example.org")
        form.query_one("#role", Select).value = "friend"
        form.query_one("#emergency", Select).value = True
        form.query_one("#notes", Input).focus()
        await pilot.press(*"Evenings", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        assert names(app) == ["Maria", "Alex", "Dr. Ana Rivera", "Sam Okafor"]
        assert app.screen.selected is not None and app.screen.selected.name == "Alex"
    saved = saved_contacts(data_path)[-1]
    # A new contact gets an id of its own, for a merge of two journals to match it.
    assert re.fullmatch(r"[0-9a-f]{16}", saved.pop("id"))
    assert saved == {
        "name": "Alex",
        "role": "friend",
        "phone": "555 0199",
        "email": "alex@example.org",
        "notes": "Evenings",
        "emergency": True,
    }


async def test_edit_keeps_the_keys_this_version_does_not_know(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("down", "e")
        form = app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one("#name", Input).value == "Dr. Ana Rivera"
        form.query_one("#phone", Input).value = "+1 555 0999"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
    contacts = saved_contacts(data_path)
    assert [c["name"] for c in contacts] == ["Sam Okafor", "Dr. Ana Rivera", "Maria"]
    assert contacts[1]["phone"] == "+1 555 0999"
    assert contacts[1]["pronouns"] == "she/her"
    assert contacts[1]["notes"] == "Call before any dose change"
    # Written by an older Stepdown, it had no id: the edit saves the one a merge of two
    # journals derives from the contact as it was, so both machines still match it.
    before = RIVERA
    assert before.id is None
    assert contacts[1]["id"] == contact_identity(before)


async def test_enter_on_a_contact_edits_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ContactForm)
        assert app.screen.query_one("#name", Input).value == "Maria"


async def test_an_invalid_phone_is_refused_beside_its_field_and_nothing_saved(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("a", *"Mum", "tab", *"555-CALL", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        assert shown(app, "#phone-error") == "Use digits, spaces and + - ( ) only."
        assert app.focused is form.query_one("#phone", Input)
        await pilot.press("escape")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.click("#discard")
        assert names(app) == ["Maria", "Dr. Ana Rivera", "Sam Okafor"]
    assert data_path.read_bytes() == before


async def test_a_contact_needs_a_name(make_app: Callable[[], StepdownApp], data_path: Path) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("a", "ctrl+s")
        assert isinstance(app.screen, ContactForm)
        assert shown(app, "#name-error") == "Enter a name."


async def test_delete_asks_first_and_keep_keeps_the_contact(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("down", "delete")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Remove Dr. Ana Rivera from your contacts?"
        await pilot.press("escape")
        await pilot.pause()
        assert names(app) == ["Maria", "Dr. Ana Rivera", "Sam Okafor"]
    assert data_path.read_bytes() == before


async def test_delete_confirmed_removes_the_contact(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("down", "delete")
        await pilot.click("#yes")
        await pilot.pause()
        assert names(app) == ["Maria", "Sam Okafor"]
    assert [c["name"] for c in saved_contacts(data_path)] == ["Sam Okafor", "Maria"]


async def test_filter_by_name_or_role_and_escape_shows_all_again(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("slash", *"pharm")
        await pilot.pause()
        assert names(app) == ["Sam Okafor"]
        await pilot.press("backspace", *"zzz")
        await pilot.pause()
        assert names(app) == []
        assert "escape shows all" in shown(app, "#no-contacts")
        await pilot.press("ctrl+a", "ctrl+k", *"MAR", "enter")
        await pilot.pause()
        assert names(app) == ["Maria"]
        assert isinstance(app.focused, OptionList)
        await pilot.press("escape")
        await pilot.pause()
        assert names(app) == ["Maria", "Dr. Ana Rivera", "Sam Okafor"]
        assert not app.screen.query_one("#filter", Input).display


async def test_copy_sends_the_phone_to_the_clipboard_and_says_so(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("y")
        assert app.clipboard == "+1 555 0123"
        assert [n.message for n in app._notifications] == ["Copied Maria's phone: +1 555 0123"]


async def test_copy_sends_the_email_when_there_is_no_phone(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("end", "y")
        assert app.clipboard == "sam@example.org"


async def test_change_the_emergency_number(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, NumberForm)
        assert form.query_one("#number", Input).value == "911"
        form.query_one("#number", Input).value = ""
        await pilot.press("enter")
        assert shown(app, "#number-error") == "Enter a phone number."
        form.query_one("#number", Input).value = "call 112"
        await pilot.press("enter")
        assert shown(app, "#number-error") == "Use digits, spaces and + - ( ) only."
        form.query_one("#number", Input).value = "112"
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app, "#number") == "112"
    assert saved(data_path)["settings"]["emergency_number"] == "112"


async def test_the_number_field_is_not_styled_as_the_number_on_the_support_screen(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("n")
        field = app.screen.query_one("#number", Input)
        # The bar's number is red, bold and as wide as its text; the field is none of those.
        assert field.styles.color != app.screen_stack[0].query_one("#number").styles.color
        assert not field.styles.text_style.bold
        assert field.size.width > len(field.value) + 10


async def test_an_empty_list_says_what_to_add_first(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path, JOURNAL)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        assert names(app) == []
        text = shown(app, "#no-contacts")
        assert "your provider" in text and "crisis line" in text
        footer = {active.binding.action for active in app.screen.active_bindings.values()}
        assert "add" in footer
        assert footer.isdisjoint({"edit", "remove", "copy"})


async def test_names_and_notes_are_shown_literally(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    mum = Contact(
        "[bold]Mum[/]", "family", phone="555 0101", notes="see \x1b[2Jnote", emergency=True
    )
    write(data_path, replace(JOURNAL, contacts=(mum,)))
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert prompt == "[bold]Mum[/]  Family · emergency contact\n555 0101\nsee [2Jnote"
        await pilot.press("exclamation_mark")
        person = str(app.screen.query_one(".emergency-person", Static).render())
        assert person.startswith("[bold]Mum[/]  (Family")


@pytest.mark.parametrize("mode", list(StepdownApp.MODES))
async def test_help_now_opens_from_every_section(
    make_app: Callable[[], StepdownApp], data_path: Path, mode: str
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await app.switch_mode(mode)
        await pilot.pause()
        app.screen.set_focus(None)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        help_now = app.screen
        assert isinstance(help_now, HelpNowScreen)
        assert help_now.query_one("#emergency-number", Digits).value == "911"
        # The large digits are box-drawing characters: the number is in plain text too.
        assert shown(app, "#emergency-call") == "Emergency number: call 911"
        people = [str(w.render()) for w in help_now.query(".emergency-person")]
        assert people == [
            "Maria  (Family, emergency contact)  +1 555 0123",
            "Dr. Ana Rivera  (Provider)  +1 555 0100",
        ]
        assert "A seizure" in str(help_now.query_one("#red-flags", Static).render())
        await pilot.press("escape")
        assert app.current_mode == mode
        assert not isinstance(app.screen, HelpNowScreen)


async def test_help_now_from_today_and_from_support_by_key(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, HelpNowScreen)
        await pilot.press("exclamation_mark")
        await open_support(pilot)
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, HelpNowScreen)


async def test_while_typing_a_filter_the_exclamation_mark_is_text(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("slash", "exclamation_mark")
        assert isinstance(app.screen, SupportScreen)
        assert app.screen.query_one("#filter", Input).value == "!"


async def test_help_now_without_a_number_or_people_says_where_to_add_them(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path, replace(JOURNAL, settings=Settings()))
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("exclamation_mark")
        assert "No emergency number set yet" in shown(app, "#emergency-number")
        assert "No emergency contacts or provider yet" in shown(app, "#emergency-nobody")


async def test_help_now_shows_a_number_too_long_for_digits_as_text_alone(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    number = "+44 (0) 20 7946 0958 99"
    write(data_path, replace(JOURNAL, settings=Settings(emergency_number=number)))
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("exclamation_mark")
        assert shown(app, "#emergency-call") == f"Emergency number: call {number}"
        assert not app.screen.query("#emergency-number")


# The contact and number forms ask before any way out drops what was typed.


async def test_escape_in_a_contact_form_with_changes_asks_and_discard_writes_nothing(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("a", *"Mum", "escape")
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "This contact has changes that are not saved."
        await pilot.click("#keep")
        form = app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one("#name", Input).value == "Mum"
        await pilot.press("escape")
        await pilot.click("#discard")
        assert isinstance(app.screen, SupportScreen)
    assert data_path.read_bytes() == before


async def test_escape_in_a_contact_form_without_changes_closes_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("e", "escape")
        assert isinstance(app.screen, SupportScreen)
    assert data_path.read_bytes() == before


async def test_leaving_support_from_a_contact_form_and_saving_saves_it_first(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("a", *"Mum", "tab", *"+1 555 0199")
        await choose_in_palette(pilot, "week")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.click("#save")
        await pilot.pause()
        assert app.current_mode == "week"
    assert [c["name"] for c in saved_contacts(data_path)] == [
        "Sam Okafor",
        "Dr. Ana Rivera",
        "Maria",
        "Mum",
    ]


async def test_save_on_the_way_out_with_a_wrong_phone_stays_and_says_why(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("a", *"Mum", "tab", *"555-CALL")
        form = app.screen
        gone: list[bool] = []
        app.leave_then(lambda: gone.append(True))
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert app.screen is form
        assert shown(app, "#phone-error") == "Use digits, spaces and + - ( ) only."
        assert not gone
    assert data_path.read_bytes() == before


async def test_a_changed_emergency_number_asks_before_it_is_dropped(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_support(pilot)
        await pilot.press("n", "end", "backspace", "2", "escape")
        assert isinstance(app.screen, LeavePrompt)
        assert app.screen.question == "The emergency number has changes that are not saved."
        await pilot.press("escape")  # keep editing
        assert isinstance(app.screen, NumberForm)
        await pilot.press("escape")
        await pilot.click("#discard")
        assert isinstance(app.screen, SupportScreen)
        assert data_path.read_bytes() == before
        await pilot.press("n", "end", "backspace", "2", "escape")
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
    assert saved(data_path)["settings"]["emergency_number"] == "912"
