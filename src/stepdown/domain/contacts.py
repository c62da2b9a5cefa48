"""Support contacts and the emergency number: who to show first, the words, and the changes.

The guidance Stepdown follows ends on support (family, friends, support groups,
counsellors, therapists) and on medical attention at once when symptoms are severe.
Every change here is a pure function Journal -> Journal capturing only its arguments,
so the store can apply it again on top of a file another program edited.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import replace

from stepdown.domain.journal import Contact, Journal
from stepdown.domain.rules import ROLES, clean_text, phone_problem

ROLE_WORDS = {
    "provider": "Provider",
    "pharmacist": "Pharmacist",
    "therapist": "Therapist",
    "support-group": "Support group",
    "family": "Family",
    "friend": "Friend",
    "crisis-line": "Crisis line",
    "other": "Other",
}
"""Each role of rules.ROLES as the screen says it, in the order the list groups them."""

SUPPORT_GUIDANCE = (
    "You need not do this alone.",
    "Lean on family and friends.",
    "Support groups, counsellors and therapists help too.",
    "Severe symptoms need medical attention immediately: call the emergency number.",
)
"""The guidance's lines on support, shown beside the contact list."""

FIRST_CONTACTS = (
    "No contacts yet. Press a to add the people you can turn to. Start with:",
    "  - your provider, who gave you the taper plan;",
    "  - someone you trust: family or a friend;",
    "  - a crisis line you can call at any hour.",
)
"""What an empty list says to add first."""

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def role_words(role: str) -> str:
    """The role as the screen says it; a role this version does not know, as written."""
    return ROLE_WORDS.get(role, clean_text(role))


def role_order(role: str) -> int:
    """Where contacts of `role` come in the list: rules.ROLES order, unknown roles last."""
    return ROLES.index(role) if role in ROLES else len(ROLES)


def ordered(contacts: Iterable[Contact]) -> tuple[Contact, ...]:
    """Emergency contacts first, then the rest grouped by role; by name within each."""
    return tuple(
        sorted(
            contacts,
            key=lambda c: (not c.emergency, role_order(c.role), c.name.casefold()),
        )
    )


def emergency_people(journal: Journal) -> tuple[Contact, ...]:
    """Whom help-now and the red-flag alert show: emergency contacts, then providers.

    Each contact appears once, emergency contacts in the order of the list.
    """
    emergency = [c for c in ordered(journal.contacts) if c.emergency]
    providers = [c for c in journal.contacts if c.role == "provider" and not c.emergency]
    return (*emergency, *providers)


def matches(contact: Contact, query: str) -> bool:
    """True when `query` is found in the contact's name or role (any case); "" matches all."""
    needle = query.strip().casefold()
    haystack = (contact.name, contact.role, role_words(contact.role))
    return not needle or any(needle in text.casefold() for text in haystack)


def reach(contact: Contact) -> str | None:
    """What to copy to reach `contact`: the phone, else the email, else None."""
    return contact.phone.strip() or contact.email.strip() or None


def email_problem(text: str) -> str | None:
    """Why `text` does not look like an email address (loosely: name@place.tld), or None."""
    if not text.strip() or _EMAIL.fullmatch(text.strip()):
        return None
    return "Looks wrong: an email is like name@example.org."


def contact_problems(contact: Contact) -> dict[str, str]:
    """What is wrong in a contact being entered, keyed by field name (empty when right)."""
    problems: dict[str, str] = {}
    if not contact.name.strip():
        problems["name"] = "Enter a name."
    if (message := phone_problem(contact.phone)) is not None:
        problems["phone"] = message
    if (message := email_problem(contact.email)) is not None:
        problems["email"] = message
    if contact.role not in ROLES:
        problems["role"] = "Choose a role from the list."
    return problems


def new_contact_id() -> str:
    """A fresh id for a contact being added: random, so two machines never pick the same.

    The form that adds a contact gives it one when it opens, not `add_contact`: a change
    is replayed on another program's edit and must add the same contact each time.
    """
    return secrets.token_hex(8)


def add_contact(journal: Journal, contact: Contact) -> Journal:
    """`journal` with `contact` added at the end of the file's list."""
    return replace(journal, contacts=(*journal.contacts, contact))


def replace_contact(journal: Journal, old: Contact, new: Contact) -> Journal:
    """`journal` with the contact equal to `old` changed to `new`, in its place.

    When `old` is no longer there (another program removed it), `new` is added.
    """
    contacts = list(journal.contacts)
    if old not in contacts:
        return add_contact(journal, new)
    contacts[contacts.index(old)] = new
    return replace(journal, contacts=tuple(contacts))


def remove_contact(journal: Journal, contact: Contact) -> Journal:
    """`journal` without the contact equal to `contact` (unchanged when it is gone)."""
    contacts = list(journal.contacts)
    if contact in contacts:
        contacts.remove(contact)
    return replace(journal, contacts=tuple(contacts))


def set_emergency_number(journal: Journal, number: str) -> Journal:
    """`journal` with the emergency number `number` (spaces around it dropped)."""
    return journal.with_settings(emergency_number=clean_text(number).strip())
