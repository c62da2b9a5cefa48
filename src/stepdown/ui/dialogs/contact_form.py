"""Support's two small dialogs: one contact's details, and the emergency number.

Both are editors (see FormDialog): every way out that would drop what was typed asks
first whether to save, discard or keep editing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from stepdown.domain.contacts import ROLE_WORDS, contact_problems, new_contact_id
from stepdown.domain.journal import Contact
from stepdown.domain.journal_merge import contact_identity
from stepdown.domain.rules import clean_text, phone_problem
from stepdown.ui.dialogs.base import FormDialog, Problems
from stepdown.ui.widgets.fields import labelled_field


class ContactForm(FormDialog[Contact]):
    """Asks for a contact's name, phone, email, role, emergency yes/no and notes.

    Once every field is right, `keep` saves the contact (keeping the keys of `contact`
    this version does not know) and says whether it was written; the form then
    dismisses with it. Closed without saving, it dismisses with None.
    """

    FIELDS = ("name", "phone", "email", "role", "notes")
    UNSAVED = "This contact has changes that are not saved."

    def __init__(
        self, title: str, contact: Contact | None = None, *, keep: Callable[[Contact], bool]
    ) -> None:
        super().__init__(title, keep=keep)
        # A contact keeps one id on every machine, for a merge of two journals to match
        # it (domain/journal_merge.py): a new one gets a fresh id, one written by an
        # older Stepdown the id a merge derives from it, saved with this edit.
        self.contact = (
            replace(contact, id=contact_identity(contact))
            if contact is not None
            else Contact(name="", id=new_contact_id())
        )

    def compose_fields(self) -> ComposeResult:
        contact = self.contact
        yield from labelled_field("name", "Name", clean_text(contact.name))
        yield from labelled_field(
            "phone", "Phone", clean_text(contact.phone), placeholder="digits, spaces, + - ( )"
        )
        yield from labelled_field("email", "Email", clean_text(contact.email))
        yield Label("Role", classes="field-label")
        with Vertical(classes="field"):
            yield Select(
                [(words, role) for role, words in ROLE_WORDS.items()],
                value=contact.role if contact.role in ROLE_WORDS else "other",
                allow_blank=False,
                compact=True,
                id="role",
            )
            yield Static("", id="role-error", classes="field-error", markup=False)
        yield Label("Emergency contact", classes="field-label")
        yield Select(
            [("No", False), ("Yes: shown first, and in help now (!)", True)],
            value=contact.emergency,
            allow_blank=False,
            compact=True,
            id="emergency",
        )
        yield from labelled_field("notes", "Notes", clean_text(contact.notes))

    def typed(self) -> Contact:
        """The contact as typed, with control characters and outer spaces removed (a
        space typed and no more is not a change)."""

        def typed(name: str) -> str:
            return clean_text(self.text(name)).strip()

        role = self.query_one("#role", Select).value
        return replace(
            self.contact,
            name=typed("name"),
            role=role if isinstance(role, str) else "other",
            phone=typed("phone"),
            email=typed("email"),
            notes=typed("notes"),
            emergency=self.query_one("#emergency", Select).value is True,
        )

    def read(self) -> Contact | Problems:
        contact = self.typed()
        return contact_problems(contact) or contact


class NumberForm(FormDialog[str]):
    """Asks for the emergency number (required); once it is right, `keep` saves it and
    says whether it was written, and the form dismisses with it; closed without saving,
    it dismisses with None."""

    FIELDS = ("number",)
    UNSAVED = "The emergency number has changes that are not saved."

    def __init__(self, number: str, *, keep: Callable[[str], bool]) -> None:
        super().__init__("Emergency number", keep=keep)
        self.number = number

    def lead(self) -> str:
        return (
            "The number to call when symptoms are severe, where you live "
            "(for example 911, 112 or 999)."
        )

    def compose_fields(self) -> ComposeResult:
        yield from labelled_field("number", "Number", clean_text(self.number))

    def read(self) -> str | Problems:
        number = clean_text(self.query_one("#number", Input).value).strip()
        problem = phone_problem(number, required=True)
        return {"number": problem} if problem is not None else number
