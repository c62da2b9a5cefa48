"""Support contacts: their order, who help-now shows, the form's checks and the changes."""

from __future__ import annotations

from stepdown.domain.contacts import (
    add_contact,
    contact_problems,
    email_problem,
    emergency_people,
    matches,
    ordered,
    reach,
    remove_contact,
    replace_contact,
    role_words,
    set_emergency_number,
)
from stepdown.domain.journal import Contact, Journal, Settings

RIVERA = Contact("Dr. Ana Rivera", "provider", phone="+1 555 0100")
PATEL = Contact("Dr. Patel", "provider", email="patel@example.org")
SAM = Contact("Sam", "pharmacist", phone="555 0142")
MARIA = Contact("maria", "family", phone="+1 555 0123", emergency=True)
ALEX = Contact("Alex", "friend", phone="555 0199", emergency=True)
CRISIS = Contact("Crisis line", "crisis-line", phone="988")
NURSE = Contact("Nurse on call", "provider", phone="555 0111", emergency=True)

JOURNAL = Journal(contacts=(CRISIS, SAM, RIVERA, MARIA, PATEL, ALEX, NURSE))


def test_emergency_contacts_come_first_then_by_role_then_by_name() -> None:
    assert ordered(JOURNAL.contacts) == (NURSE, MARIA, ALEX, RIVERA, PATEL, SAM, CRISIS)


def test_a_role_this_version_does_not_know_goes_last_and_is_shown_as_written() -> None:
    odd = Contact("Coach", "coach")
    assert ordered((odd, CRISIS, Contact("Zed", "other"))) == (CRISIS, Contact("Zed", "other"), odd)
    assert role_words("coach") == "coach"
    assert role_words("support-group") == "Support group"


def test_help_now_shows_emergency_contacts_then_the_providers_once_each() -> None:
    assert emergency_people(JOURNAL) == (NURSE, MARIA, ALEX, RIVERA, PATEL)


def test_help_now_with_no_contacts_shows_nobody() -> None:
    assert emergency_people(Journal(contacts=(SAM, CRISIS))) == ()


def test_filter_matches_name_or_role_in_any_case() -> None:
    assert matches(MARIA, "MAR")
    assert matches(SAM, "pharm")
    assert matches(CRISIS, "crisis line")
    assert matches(Contact("Group", "support-group"), "support group")
    assert not matches(SAM, "family")
    assert matches(SAM, "  ")


def test_copy_takes_the_phone_else_the_email() -> None:
    assert reach(RIVERA) == "+1 555 0100"
    assert reach(PATEL) == "patel@example.org"
    assert reach(Contact("Nobody")) is None


def test_a_contact_needs_a_name_a_phone_of_digits_and_a_likely_email() -> None:
    wrong = Contact(" ", "family", phone="555-CALL-NOW", email="mum at home")
    assert contact_problems(wrong) == {
        "name": "Enter a name.",
        "phone": "Use digits, spaces and + - ( ) only.",
        "email": "Looks wrong: an email is like name@example.org.",
    }
    assert contact_problems(Contact("Mum", "family", phone="+44 (20) 7946-0958")) == {}
    assert contact_problems(Contact("Mum", "mother")) == {"role": "Choose a role from the list."}


def test_email_is_checked_loosely() -> None:
    assert email_problem("") is None
    assert email_problem("jo.lindqvist+clinic@mail.example.org") is None
    assert email_problem("jo@localhost") is not None
    assert email_problem("jo@@example.org") is not None


def test_add_replace_and_remove_keep_the_other_contacts_in_their_place() -> None:
    journal = add_contact(Journal(contacts=(RIVERA, SAM)), MARIA)
    assert journal.contacts == (RIVERA, SAM, MARIA)
    new_sam = Contact("Sam Okafor", "pharmacist", phone="555 0142", extra={"fax": "1"})
    journal = replace_contact(journal, SAM, new_sam)
    assert journal.contacts == (RIVERA, new_sam, MARIA)
    assert remove_contact(journal, RIVERA).contacts == (new_sam, MARIA)


def test_changes_to_a_contact_another_program_removed_do_no_harm() -> None:
    journal = Journal(contacts=(RIVERA,))
    assert replace_contact(journal, SAM, MARIA).contacts == (RIVERA, MARIA)
    assert remove_contact(journal, SAM) == journal


def test_the_emergency_number_is_saved_without_control_characters_or_outer_spaces() -> None:
    journal = Journal(settings=Settings(emergency_number="911", unit="mg"))
    changed = set_emergency_number(journal, " 1\x0712 ")
    assert changed.settings.emergency_number == "112"
    assert changed.settings.unit == "mg"
