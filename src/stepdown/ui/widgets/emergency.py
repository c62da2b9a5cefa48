"""The emergency card: the emergency number in large type, then whom to call and their phones.

Help-now (`!`) and the check-in's red-flag alert both show it. It needs nothing but
the journal already loaded, so it draws at once.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from stepdown.domain.contacts import emergency_people, role_words
from stepdown.domain.journal import Contact, Journal
from stepdown.domain.rules import clean_text, phone_problem

DIGITS_MAX = 20
"""The longest number drawn in large digits (3 columns each); a longer one is bold text."""

NO_NUMBER = "No emergency number set yet: add it on Support (press s, then n)."
NO_PEOPLE = "No emergency contacts or provider yet: add them on Support (press s)."


def person_line(contact: Contact) -> Text:
    """One contact as a line of plain text: name, role, then phone (or email).

    Built as rich Text, so a name like `[bold]Mum[/]` shows exactly those characters.
    """
    role = role_words(contact.role) + (", emergency contact" if contact.emergency else "")
    reach = contact.phone.strip() or contact.email.strip() or "no phone or email"
    return Text.assemble(
        (clean_text(contact.name), "bold"),
        f"  ({role})  ",
        (clean_text(reach), "bold"),
    )


class EmergencyCard(Vertical):
    """The emergency number in large type, then the emergency contacts and provider(s).

    Args:
        journal: The journal to read `settings.emergency_number` and `contacts` from.

    Children: `#emergency-call`, the number in plain text ("Emergency number: call
    112"), which a screen reader, a braille display and copy-paste get as it is; then
    `#emergency-number`, the same number in large digits (only when Digits can draw it
    in the width: not set, longer than DIGITS_MAX or with other characters, it is a
    Static saying so or nothing); then one `.emergency-person` Static per person of
    `domain.contacts.emergency_people` (or `#emergency-nobody` when there is none).
    Call `show(journal)` to redraw it from a newer journal. All user text is literal.
    About 5 lines plus one per person.
    """

    DEFAULT_CSS = """
    EmergencyCard { height: auto; }
    EmergencyCard .emergency-label { color: $text-muted; }
    EmergencyCard #emergency-number { color: $error; text-style: bold; width: auto; }
    EmergencyCard Static#emergency-number { margin-bottom: 1; }
    EmergencyCard #emergency-nobody { color: $text-muted; }
    """

    def __init__(self, journal: Journal, *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self.journal = journal

    @property
    def number(self) -> str:
        """The emergency number as shown: control characters and outer spaces removed."""
        return clean_text(self.journal.settings.emergency_number).strip()

    @property
    def people(self) -> tuple[Contact, ...]:
        """The people shown under the number, in order."""
        return emergency_people(self.journal)

    def compose(self) -> ComposeResult:
        number = self.number
        if not number:
            yield Static("Emergency number", classes="emergency-label", markup=False)
            yield Static(NO_NUMBER, id="emergency-number", markup=False)
        else:
            call = Text.assemble("Emergency number: call ", (number, "bold"))
            yield Static(call, id="emergency-call", markup=False)
            # Too long for 80 columns in digits, or typed by hand in the file with
            # characters Digits cannot draw: the plain text above is the number then.
            if phone_problem(number) is None and len(number) <= DIGITS_MAX:
                yield Digits(number, id="emergency-number")
        people = self.people
        if not people:
            yield Static(NO_PEOPLE, id="emergency-nobody", markup=False)
        for contact in people:
            yield Static(person_line(contact), classes="emergency-person", markup=False)

    def show(self, journal: Journal) -> None:
        """Redraw the card from `journal`."""
        self.journal = journal
        self.refresh(recompose=True)
