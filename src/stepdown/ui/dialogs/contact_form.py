"""Support's two small dialogs: one contact's details, and the emergency number.

Both are editors: every way out that would drop what was typed (escape, and `q`, a
section key or the palette through the app) asks first whether to save, discard or
keep editing. Each saves through a `keep` function it is given, so a save made on the
way out of the app is written before the app goes on.
"""

from __future__ import annotations

from collections.abc import Callable
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
from stepdown.ui.dialogs.leave import close_screen, leave_asking, saved_then
from stepdown.ui.widgets.fields import labelled_field, show_problems

FIELDS = ("name", "phone", "email", "role", "notes")
"""The form's fields that can be wrong, in the order a problem is focused."""


CLOSE = Binding("escape", "close", "Close", tooltip="Close; asks first if you changed something")


class ContactForm(ModalScreen[Contact | None]):
    """Asks for a contact's name, phone, email, role, emergency yes/no and notes.

    Once every field is right, `keep` saves the contact (keeping the keys of `contact`
    this version does not know) and says whether it was written; the form then
    dismisses with it. Closed without saving, it dismisses with None.
    """

    CSS_PATH = ["../screens/shared.tcss", "contact_form.tcss"]
    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True), CLOSE]

    def __init__(
        self, title: str, contact: Contact | None = None, *, keep: Callable[[Contact], bool]
    ) -> None:
        super().__init__()
        self.title_text = title
        self.contact = contact or Contact(name="")
        self.keep = keep
        self.first: Contact | None = None
        """The contact as the form opened, to tell whether anything changed."""

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
            yield Static(
                "enter or ctrl+s saves; escape closes, asking first if you changed something",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.first = self.read()

    @property
    def changed(self) -> bool:
        """Whether anything differs from what the form opened with."""
        return self.read() != self.first

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save()

    def save(self) -> bool:
        """Save the contact typed and close, as ctrl+s does; False (and the form stays,
        showing what is wrong) when a field is wrong or it could not be written."""
        contact = self.read()
        problems = contact_problems(contact)
        show_problems(self, FIELDS, problems)
        if problems or not self.keep(contact):
            return False
        self.dismiss(contact)
        return True

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

    def action_close(self) -> None:
        self.before_leaving(lambda: None)

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """Close and run `leave` at once when nothing changed; otherwise ask first:
        save (and go only if it was saved), discard, or keep editing."""
        leave_asking(
            self,
            "This contact has changes that are not saved.",
            changed=self.changed,
            save=saved_then(self.save),
            close=lambda: close_screen(self, None),
            leave=leave,
        )


class NumberForm(ModalScreen[str | None]):
    """Asks for the emergency number (required); once it is right, `keep` saves it and
    says whether it was written, and the form dismisses with it; closed without saving,
    it dismisses with None."""

    CSS_PATH = ["../screens/shared.tcss", "contact_form.tcss"]
    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True), CLOSE]

    def __init__(self, number: str, *, keep: Callable[[str], bool]) -> None:
        super().__init__()
        self.number = number
        self.keep = keep
        self.first = ""
        """The field as the form opened, to tell whether it changed."""

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
            yield Static(
                "enter or ctrl+s saves; escape closes, asking first if you changed something",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.first = self.query_one("#number", Input).value

    @property
    def changed(self) -> bool:
        """Whether the number differs from what the form opened with."""
        return self.query_one("#number", Input).value != self.first

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save()

    def save(self) -> bool:
        """Save the number typed and close, as ctrl+s does; False (and the form stays,
        showing what is wrong) when it is not a number or could not be written."""
        number = clean_text(self.query_one("#number", Input).value).strip()
        problems = {}
        if (message := phone_problem(number, required=True)) is not None:
            problems["number"] = message
        show_problems(self, ("number",), problems)
        if problems or not self.keep(number):
            return False
        self.dismiss(number)
        return True

    def action_close(self) -> None:
        self.before_leaving(lambda: None)

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """Close and run `leave` at once when nothing changed; otherwise ask first:
        save (and go only if it was saved), discard, or keep editing."""
        leave_asking(
            self,
            "The emergency number has changes that are not saved.",
            changed=self.changed,
            save=saved_then(self.save),
            close=lambda: close_screen(self, None),
            leave=leave,
        )
