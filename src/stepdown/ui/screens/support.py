"""Support: the emergency number, the people to turn to, and the guidance on support."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from stepdown.domain.contacts import (
    FIRST_CONTACTS,
    SUPPORT_GUIDANCE,
    add_contact,
    matches,
    ordered,
    reach,
    remove_contact,
    replace_contact,
    role_words,
    set_emergency_number,
)
from stepdown.domain.journal import Contact, Journal
from stepdown.domain.rules import clean_text
from stepdown.ui.context import stepdown
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.dialogs.contact_form import ContactForm, NumberForm
from stepdown.ui.widgets.banner import show_banner
from stepdown.ui.widgets.fields import TextInput
from stepdown.ui.widgets.frame import AppFooter, AppHeader

NUMBER_HINT = "n changes it · ! help now"
NO_NUMBER_HINT = "press n to add the number to call when symptoms are severe"


def contact_prompt(contact: Contact) -> Text:
    """A contact as the list shows it: name and role, phone and email, then notes.

    Plain rich Text, so names and notes show exactly as typed and never as markup.
    """
    role = role_words(contact.role)
    if contact.emergency:
        role += " · emergency contact"
    reach_line = "  ·  ".join(
        clean_text(value) for value in (contact.phone, contact.email) if value.strip()
    )
    text = Text.assemble((clean_text(contact.name), "bold"), f"  {role}\n")
    text.append(reach_line or "no phone or email", "" if reach_line else "italic")
    if contact.notes.strip():
        text.append("\n" + clean_text(contact.notes).strip(), "italic dim")
    return text


class SupportScreen(Screen[None]):
    """The emergency number, the contacts (emergency ones first, then by role), guidance."""

    DEFAULT_CSS = """
    /* The emergency number across the top, the contacts with the guidance beside them;
       the panels' heights, which change the shared panel rule, are in app.tcss. */
    /* Scoped to the bar: the emergency-number form has a field of the same id. */
    #number-bar #number {
        width: auto;
        color: $error;
        text-style: bold;
        margin-right: 3;
    }
    #number-bar #number-hint { width: 1fr; color: $text-muted; }
    #support { height: 1fr; }
    #filter { margin-bottom: 1; background: $boost; }
    #contact-list { height: auto; max-height: 1fr; background: transparent; }
    #no-contacts { color: $text-muted; }
    #guidance { width: 30; height: auto; color: $text; }
    /* A short terminal: the contacts and the guidance scroll together. */
    SupportScreen.-short #support { overflow-y: auto; }
    """
    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add a contact"),
        Binding("e", "edit", "Edit", tooltip="Change the selected contact"),
        Binding("delete", "remove", "Remove", tooltip="Remove the selected contact, after asking"),
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            tooltip="Show only the contacts whose name or role has what you type",
        ),
        Binding(
            "y",
            "copy",
            "Copy",
            tooltip="Copy the selected contact's phone (or email) to the clipboard",
        ),
        # Not in the Footer: the emergency number's own line says "n changes it".
        Binding("n", "edit_number", "Number", show=False, tooltip="Change the emergency number"),
        Binding(
            "escape", "clear_filter", "Show all", tooltip="Clear the filter and show every contact"
        ),
    ]

    AUTO_FOCUS = "#contact-list"

    shown: tuple[Contact, ...] = ()
    """The contacts in the list, in its order; option `i` is shown[i]."""

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="number-bar", classes="panel"):
            yield Static("", id="number", markup=False)
            yield Static("", id="number-hint", markup=False)
        with Horizontal(id="support"):
            with Vertical(id="contacts", classes="panel"):
                yield TextInput(placeholder="Filter by name or role", id="filter", compact=True)
                yield OptionList(id="contact-list", compact=True)
                yield Static("", id="no-contacts", markup=False)
            yield Static("\n\n".join(SUPPORT_GUIDANCE), id="guidance", classes="panel")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#number-bar").border_title = "Emergency number"
        self.query_one("#contacts").border_title = "People to turn to"
        self.query_one("#guidance").border_title = "Support"
        self.query_one("#filter").display = False

    def on_screen_resume(self) -> None:
        self.show_all()

    @property
    def filter_text(self) -> str:
        field = self.query_one("#filter", Input)
        return field.value if field.display else ""

    def show_all(self, selected: Contact | None = None) -> None:
        """Draw the number and the list from the journal; keep `selected` (or the
        highlighted contact) highlighted when it is still shown."""
        app = stepdown(self)
        show_banner(self, "read-only", app.store.read_only_reason)
        number = clean_text(app.journal.settings.emergency_number).strip()
        self.query_one("#number", Static).update(number or "not set")
        self.query_one("#number-hint", Static).update(NUMBER_HINT if number else NO_NUMBER_HINT)
        self.show_contacts(app.journal, selected or self.selected)
        self.refresh_bindings()

    def show_contacts(self, journal: Journal, selected: Contact | None) -> None:
        query = self.filter_text
        self.shown = tuple(c for c in ordered(journal.contacts) if matches(c, query))
        options = self.query_one("#contact-list", OptionList)
        items: list[Option | None] = []
        for i, contact in enumerate(self.shown):
            if i:
                items.append(None)  # a rule between contacts
            items.append(Option(contact_prompt(contact), id=str(i)))
        options.set_options(items)
        options.display = bool(self.shown)
        if self.shown:
            at = self.shown.index(selected) if selected in self.shown else 0
            options.highlighted = at
        if not journal.contacts:
            empty = "\n".join(FIRST_CONTACTS)
        elif not self.shown:
            empty = f"No contact's name or role has “{clean_text(query)}”. escape shows all."
        else:
            empty = ""
        note = self.query_one("#no-contacts", Static)
        note.update(empty)
        note.display = bool(empty)

    @property
    def selected(self) -> Contact | None:
        index = self.query_one("#contact-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys with nothing to act on are left out of the Footer."""
        if action in ("edit", "remove", "copy"):
            return bool(self.shown)
        if action == "clear_filter":
            return bool(self.query_one("#filter", Input).display)
        return True

    def save(self, change: Callable[[Journal], Journal], selected: Contact | None = None) -> bool:
        """Apply `change` and save it; True when it was written."""
        saved = stepdown(self).record(change)
        self.show_all(selected)
        return saved

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        self.refresh_bindings()

    # The forms save through `keep`, not through their dismissal: a form saved on the
    # way out of the app (q, a section key) must have written before the app goes on.

    def action_add(self) -> None:
        def keep(contact: Contact) -> bool:
            return self.save(lambda journal: add_contact(journal, contact), contact)

        self.app.push_screen(ContactForm("Add a contact", keep=keep))

    @on(OptionList.OptionSelected)
    def action_edit(self) -> None:
        old = self.selected
        if old is None:
            return

        def keep(new: Contact) -> bool:
            if new == old:
                return True
            return self.save(lambda journal: replace_contact(journal, old, new), new)

        self.app.push_screen(ContactForm("Edit contact", old, keep=keep))

    def action_remove(self) -> None:
        contact = self.selected
        if contact is None:
            return

        def remove(yes: bool | None) -> None:
            if yes:
                self.save(lambda journal: remove_contact(journal, contact))

        question = f"Remove {clean_text(contact.name)} from your contacts?"
        self.app.push_screen(ConfirmScreen(question, yes="Remove", no="Keep"), remove)

    def action_copy(self) -> None:
        contact = self.selected
        if contact is None:
            return
        name = clean_text(contact.name)
        value = reach(contact)
        if value is None:
            self.notify(f"{name} has no phone or email to copy.", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(clean_text(value))
        what = "phone" if contact.phone.strip() else "email"
        self.notify(f"Copied {name}'s {what}: {clean_text(value)}", markup=False)

    def action_edit_number(self) -> None:
        def keep(number: str) -> bool:
            return self.save(lambda journal: set_emergency_number(journal, number))

        number = stepdown(self).journal.settings.emergency_number
        self.app.push_screen(NumberForm(number, keep=keep))

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()
        self.refresh_bindings()

    @on(Input.Changed, "#filter")
    def filtered(self) -> None:
        self.show_contacts(stepdown(self).journal, self.selected)
        self.refresh_bindings()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one("#contact-list").focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        selected = self.selected
        field.value = ""
        field.display = False
        self.show_all(selected)
        self.query_one("#contact-list").focus()
