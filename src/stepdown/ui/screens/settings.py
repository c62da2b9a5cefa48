"""Settings: the medication, the emergency number, breathing defaults, the theme, the
folder the app's exports go to, and the dose reminders (a second reminder's delay, the
push URL and whether a push names the dose). What each setting is (its label, words and
rules) is in settings_fields.py.

Each setting is saved as soon as it changes: a typed one when enter is pressed or
the field is left, if it is right (the problem is shown beside it if not); a box
or a choice at once. Each choice marks its chosen option (CHOSEN, the others OTHER),
so it reads without colour.
Leaving the screen (escape, `q`, a section key, the palette, a click on the section
bar) with a typed setting not yet saved asks first whether to save it, discard it or
keep editing. A push URL may hold a token, so it is never repeated outside its field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Label, Select, Static

from stepdown.domain.breathing import (
    LENGTHS,
    length_words,
    pattern_named,
    patterns,
    remembered_length,
)
from stepdown.domain.journal import Settings
from stepdown.domain.rules import clean_text
from stepdown.ui.context import stepdown
from stepdown.ui.dialogs.leave import leave_asking, saved_then
from stepdown.ui.report_export import default_reports_folder
from stepdown.ui.screens.settings_fields import (
    BOXES,
    LABELS,
    SECRET,
    TYPED,
    change,
    grace_options,
    grace_words,
    lowered,
    saved_value,
    typed_problem,
)
from stepdown.ui.widgets.fields import labelled_field
from stepdown.ui.widgets.frame import AppFooter, AppHeader
from stepdown.ui.widgets.tick import Tick

CHOSEN = "● "
"""Starts the option chosen in a choice's list and in the closed choice."""
OTHER = "○ "
"""Starts every other option."""


REMINDERS_HINT = (
    "Reminders come while the app is closed once set up with `stepdown remind --install`; "
    "`stepdown remind --status` says whether they are. A push leaves this computer: "
    'without details it says only "Dose time 14:00".'
)


def box(name: str) -> ComposeResult:
    """The box `name`'s label, then the box with the words of what ticking it does."""
    yield Label(LABELS[name], classes="field-label")
    yield Tick(BOXES[name], id=name, compact=True)


def choice(name: str, options: list[tuple[Text, Any]]) -> ComposeResult:
    """The choice `name`'s label, then the choice; its options are marked once shown."""
    yield Label(LABELS[name], classes="field-label")
    yield Select(options, id=name, allow_blank=False, compact=True)


class SettingsScreen(Screen[None]):
    """The user's settings, each saved at once and checked first; escape goes back."""

    DEFAULT_CSS = """
    /* One column of labelled fields that scrolls on a short terminal; the rules that
       change the shared form rules are in app.tcss. */
    #settings { padding: 0 1; }
    #settings Checkbox { background: transparent; }
    #settings Select { width: 1fr; max-width: 40; }
    #reminders-hint { color: $text-muted; margin-bottom: 1; }
    #settings-saved { color: $text-success; padding: 0 1; }
    """
    AUTO_FOCUS = "#medication"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the section you came from"),
    ]

    shown: Settings | None = None
    """The saved settings the fields show, to refresh only what changed elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.filled: dict[str, str] = {}
        """What each typed setting's field held when it was filled or saved."""

    def compose(self) -> ComposeResult:
        choices = self.choices(self.saved)
        yield AppHeader()
        with VerticalScroll(id="settings"):
            yield Static("Settings", classes="title")
            with Grid(id="settings-fields", classes="fields"):
                yield from labelled_field("medication", LABELS["medication"])
                yield from labelled_field("unit", LABELS["unit"], placeholder="like mg or ml")
                yield from labelled_field(
                    "emergency_number",
                    LABELS["emergency_number"],
                    placeholder="your local one, like 911, 112 or 999",
                )
                yield from box("bell")
                yield from box("reduced_motion")
                for name in ("breathing_pattern", "breathing_minutes", "theme"):
                    yield from choice(name, choices[name])
                yield from labelled_field(
                    "reports_folder",
                    LABELS["reports_folder"],
                    placeholder=self.default_folder(),
                )
            yield Static(
                "Reports and the calendar are written to the reports folder; leave it empty "
                "for the one shown. Each setting is saved as soon as you change it.",
                classes="hint",
            )
            yield Static("Reminders", classes="title")
            yield Static(REMINDERS_HINT, id="reminders-hint", markup=False)
            with Grid(id="reminder-fields", classes="fields"):
                yield from choice("reminder_grace_minutes", choices["reminder_grace_minutes"])
                yield from labelled_field(
                    "push_url", LABELS["push_url"], placeholder="like ntfy://your-topic"
                )
                yield from box("push_details")
        # Outside the scroll, so what was saved shows wherever the screen is scrolled to.
        yield Static("", id="settings-saved", markup=False)
        yield AppFooter()

    def default_folder(self) -> str:
        """The reports folder used when none is typed, for the field's placeholder."""
        try:
            return str(default_reports_folder(stepdown(self)))
        except RuntimeError:  # platformdirs found no home: exports say so when tried
            return "a folder of your choice, like ~/Reports"

    def choices(self, settings: Settings) -> dict[str, list[tuple[Text, Any]]]:
        """The options of each choice: the breathing patterns, the lengths, the themes
        (Stepdown's first).

        Each option's words are Text: a Select reads a plain string as markup, and a
        pattern's or a theme file's name is the user's own, shown as typed.
        """
        themes = sorted(
            self.app.available_themes, key=lambda name: (not name.startswith("stepdown-"), name)
        )
        return {
            "breathing_pattern": [
                (Text(f"{pattern.title} · {pattern.timing}"), pattern.name)
                for pattern in patterns(settings)
            ],
            "breathing_minutes": [(Text(length_words(minutes)), minutes) for minutes in LENGTHS],
            "theme": [(Text(name), name) for name in themes],
            "reminder_grace_minutes": [
                (Text(grace_words(minutes)), minutes)
                for minutes in grace_options(settings.reminder_grace_minutes)
            ],
        }

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self.show_theme, init=False)

    def on_screen_resume(self) -> None:
        self.show_settings(self.saved)

    @property
    def saved(self) -> Settings:
        """The settings as saved in the journal."""
        return stepdown(self).journal.settings

    def show_settings(self, settings: Settings) -> None:
        """Fill the fields from `settings`; a typed field keeps its text unless its saved
        value changed since it was filled (so a help screen over it loses nothing)."""
        shown = self.shown
        for name in TYPED:
            value = getattr(settings, name)
            if shown is None or getattr(shown, name) != value:
                field = self.query_one(f"#{name}", Input)
                field.value = value or ""
                # What the field shows (one line): a hand-written value on several
                # lines is saved on one only when the user changes it.
                self.filled[name] = field.value
                self.show_problem(name, None)
        for name in BOXES:
            self.query_one(f"#{name}", Checkbox).value = getattr(settings, name)
        pattern = pattern_named(settings, settings.breathing_pattern).name
        self.show_choice("breathing_pattern", pattern, settings)
        self.show_choice("breathing_minutes", remembered_length(settings), settings)
        self.show_choice("theme", self.app.theme, settings)
        self.show_choice("reminder_grace_minutes", settings.reminder_grace_minutes, settings)
        self.shown = settings

    def show_theme(self, name: str) -> None:
        """Show `name` as the theme chosen (the palette may have changed it)."""
        self.show_choice("theme", name, self.saved)

    def show_choice(self, name: str, value: object, settings: Settings) -> None:
        """Show `value` as the option chosen for `name`, marked CHOSEN in its list and
        the others OTHER, so the choice reads without colour. Showing is not choosing:
        no Changed message goes out, so nothing is saved by it."""
        marked = [
            (Text.assemble(CHOSEN if option == value else OTHER, words), option)
            for words, option in self.choices(settings)[name]
        ]
        select = self.query_one(f"#{name}", Select)
        with self.prevent(Select.Changed):
            select.set_options(marked)
            select.value = value
            # The value may be the one it had: its words, marked anew, are shown all the same.
            select.mutate_reactive(type(select).value)

    def show_problem(self, name: str, problem: str | None) -> None:
        """Show the problem beside the field (or clear it), leaving the focus where it is."""
        error = self.query_one(f"#{name}-error", Static)
        error.update(problem or "")
        error.set_class(problem is not None, "-shown")
        self.query_one(f"#{name}", Input).set_class(problem is not None, "-invalid")

    def save(self, name: str, value: object) -> bool:
        """Save the setting `name` as `value` unless it holds it already; say so."""
        if getattr(self.saved, name) == value:
            return True
        if not stepdown(self).record(change(name, value)):
            return False
        self.shown = self.saved
        self.query_one("#settings-saved", Static).update(f"Saved: {lowered(name)}.")
        return True

    def save_text(self, name: str) -> bool:
        """Check and save the typed setting `name`; True when it is saved (or unchanged)."""
        field = self.query_one(f"#{name}", Input)
        if field.value == self.filled.get(name):
            return True  # not changed by the user
        value = clean_text(field.value).strip()
        problem = typed_problem(name, value)
        self.show_problem(name, problem)
        if problem is not None:
            return False
        field.value = value
        if not self.save(name, saved_value(name, value)):
            return False
        self.filled[name] = field.value
        return True

    @on(Input.Submitted)
    @on(Input.Blurred)
    def text_left(self, event: Input.Submitted | Input.Blurred) -> None:
        if event.input.id in TYPED:
            self.save_text(event.input.id)

    # Filling the fields sends Changed messages too, some for options passed on the
    # way; each handler reads the widget's value now, so only what it holds is saved.

    @on(Checkbox.Changed)
    def box_changed(self, event: Checkbox.Changed) -> None:
        name = event.checkbox.id
        if name in BOXES and self.save(name, event.checkbox.value) and name == "reduced_motion":
            stepdown(self).show_motion()

    @on(Select.Changed, "#breathing_pattern, #breathing_minutes, #reminder_grace_minutes")
    def choice_changed(self, event: Select.Changed) -> None:
        value = event.select.value
        if value is not Select.BLANK and event.select.id is not None:
            self.save(event.select.id, value)
            self.show_choice(event.select.id, value, self.saved)

    @on(Select.Changed, "#theme")
    def theme_changed(self, event: Select.Changed) -> None:
        # The app saves the theme whenever it changes, from here or from the palette.
        name = event.select.value
        if isinstance(name, str) and name != self.app.theme:
            self.app.theme = name
            if self.saved.theme == name:
                self.shown = self.saved
                self.query_one("#settings-saved", Static).update("Saved: theme.")

    def unsaved(self) -> list[str]:
        """The typed settings whose field holds something not saved yet."""
        return [
            name
            for name in TYPED
            if self.query_one(f"#{name}", Input).value != self.filled.get(name)
        ]

    def save_typed(self) -> bool:
        """Save every typed setting that changed, as enter in each field would; when one
        could not be saved, its problem is beside it and it has the focus."""
        wrong = [name for name in TYPED if not self.save_text(name)]
        if wrong:
            self.query_one(f"#{wrong[0]}", Input).focus()
        return not wrong

    def discard_typed(self) -> None:
        """Put back in each typed field not saved what it held when filled or saved,
        its problem cleared."""
        for name in self.unsaved():
            self.query_one(f"#{name}", Input).value = self.filled.get(name, "")
            self.show_problem(name, None)

    def unsaved_question(self, names: list[str]) -> str:
        """What the leave question says about the typed settings `names`: the first
        wrong one's problem, else what is not saved yet."""
        for name in names:
            value = clean_text(self.query_one(f"#{name}", Input).value).strip()
            if (problem := typed_problem(name, value)) is not None:
                return f"{LABELS[name]} not saved: {problem}"
        if len(names) == 1:
            value = clean_text(self.query_one(f"#{names[0]}", Input).value).strip()
            if names[0] in SECRET:
                return f"{LABELS[names[0]]} not saved yet."
            return f"{LABELS[names[0]]} not saved yet: {value}"
        return "Not saved yet: " + ", ".join(lowered(name) for name in names) + "."

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """Leave at once when every typed setting is saved; otherwise ask first: save
        (and go only if each one is right), discard, or keep editing."""
        names = self.unsaved()
        leave_asking(
            self,
            self.unsaved_question(names) if names else "",
            changed=bool(names),
            save=saved_then(self.save_typed),
            close=self.discard_typed,
            leave=leave,
        )

    def action_back(self) -> None:
        """Go back to the section the settings were opened from."""
        app = stepdown(self)
        app.leave_then(lambda: app.switch_mode(app.mode_before_settings))
