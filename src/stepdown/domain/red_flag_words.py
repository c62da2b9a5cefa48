"""The red-flag alert's words, the same in the app's alert and in `stepdown checkin`.

A check-in with a red flag (checkin.red_flags) points to help at once: what raised the
flag, the guidance, the emergency number and whom to call. The app draws these words
in its alert (ui/screens/red_flag.py); the shell prints them as lines (`alert_lines`).
"""

from __future__ import annotations

from stepdown.domain.checkin import SEVERE_GUIDANCE, listed
from stepdown.domain.contacts import emergency_people, role_words
from stepdown.domain.journal import Contact, Journal
from stepdown.domain.rules import clean_text

TITLE = "⚠ Seek medical attention now"

NO_NUMBER = "No emergency number set yet: call your local emergency number."
"""The shell's line when the journal has no emergency number (the app's card says
where to add one)."""

NOBODY = "No emergency contacts or provider yet."


def why_words(triggers: tuple[str, ...]) -> str:
    """What in the check-in raised the flag: "Your check-in records a seizure."."""
    return f"Your check-in records {listed(triggers)}."


def left_out_words(labels: tuple[str, ...]) -> str:
    """The fields typed wrongly and so not saved with the red flag, by their labels."""
    return f"Not saved: {listed(labels)} (not a score from 0 to 10)."


def emergency_number(journal: Journal) -> str:
    """The emergency number as shown: control characters and outer spaces removed."""
    return clean_text(journal.settings.emergency_number).strip()


def person_words(contact: Contact) -> str:
    """One person to call as plain text: "Mum (Family, emergency contact): +1 555 0101".

    Names and numbers are the user's text, shown as typed, without control characters.
    """
    role = role_words(contact.role) + (", emergency contact" if contact.emergency else "")
    reach = contact.phone.strip() or contact.email.strip() or "no phone or email"
    return f"{clean_text(contact.name)} ({role}): {clean_text(reach)}"


def alert_lines(
    triggers: tuple[str, ...], journal: Journal, labels_left_out: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The whole alert as lines of plain text, in the order the app shows it: the
    title, why, what was left out, the guidance, the emergency number, the people."""
    number = emergency_number(journal)
    people = emergency_people(journal)
    return (
        TITLE,
        why_words(triggers),
        *((left_out_words(labels_left_out),) if labels_left_out else ()),
        SEVERE_GUIDANCE,
        f"Emergency number: call {number}" if number else NO_NUMBER,
        *(f"  {person_words(person)}" for person in people),
        *(() if people else (NOBODY,)),
    )
