"""Support's two small dialogs: one contact's details, and the emergency number."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from stepdown.domain.contacts import ROLE_WORDS, contact_problems
from stepdown.domain.journal import Contact
from stepdown.domain.rules import clean_text, phone_problem
from stepdown.ui.widgets.fields import labelled_field, show_problems

FIELDS = ("name", "phone", "email", "role", "notes")
"""The form's fields that can be wrong, in the order a problem is focused."""


class ContactForm(ModalScreen[Contact | None]):
    """Asks for a contact's name, phone, email, role, emergency yes/no and notes.

    Dismisses with the contact (keeping the keys of `contact` this version does not
    know), or None when cancelled. Nothing is returned until every field is right.
    """

    CSS_PATH = ["shared.tcss", "contact_form.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, contact: Contact | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.contact = contact or Contact(name="")

    def compose(self) -> ComposeResult:
        contact = self.contact
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with Grid(classes="fields"):
                yield from labelled_field("name", "Name", clean_text(contact.name))
                yield from labelled_field(
                    "phone",
                    "Phone",
                    clean_text(contact.phone),
                    placeholder="digits, spaces, + - ( )",
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
            yield Static("enter or ctrl+s saves, escape cancels", classes="hint")

    @on(Input.Submitted)
    def action_save(self) -> None:
        contact = self.read()
        problems = contact_problems(contact)
        show_problems(self, FIELDS, problems)
        if not problems:
            self.dismiss(contact)

    def read(self) -> Contact:
        """The contact as typed, with control characters and outer spaces removed."""

        def typed(name: str) -> str:
            return clean_text(self.query_one(f"#{name}", Input).value).strip()

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

    def action_cancel(self) -> None:
        self.dismiss(None)


class NumberForm(ModalScreen[str | None]):
    """Asks for the emergency number (required); dismisses with it, or None if cancelled."""

    CSS_PATH = ["shared.tcss", "contact_form.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Emergency number", classes="dialog-title", markup=False)
            yield Static(
                "The number to call when symptoms are severe, where you live "
                "(for example 911, 112 or 999).",
                classes="lead",
                markup=False,
            )
            with Grid(classes="fields"):
                yield from labelled_field("number", "Number", clean_text(self.number))
            yield Static("enter or ctrl+s saves, escape cancels", classes="hint")

    @on(Input.Submitted)
    def action_save(self) -> None:
        number = clean_text(self.query_one("#number", Input).value).strip()
        problems = {}
        if (message := phone_problem(number, required=True)) is not None:
            problems["number"] = message
        show_problems(self, ("number",), problems)
        if not problems:
            self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)
