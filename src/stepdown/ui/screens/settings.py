"""Settings: the medication, the emergency number, breathing defaults, the theme and the
folder the app's exports go to.

Each setting is saved as soon as it changes: a typed one when enter is pressed or
the field is left, if it is right (the problem is shown beside it if not); a box
or a choice at once. Each choice marks its chosen option (CHOSEN, the others OTHER),
so it reads without colour.
Leaving the screen (escape, `q`, a section key, the palette, a click on the section
bar) with a typed setting not yet saved asks first whether to save it, discard it or
keep editing.
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
from stepdown.domain.journal import Journal, Settings
from stepdown.domain.rules import clean_text, reports_folder_problem
from stepdown.domain.settings import TEXT_SETTINGS, text_setting_problem
from stepdown.ui.context import stepdown
from stepdown.ui.dialogs.leave import leave_asking, saved_then
from stepdown.ui.report_export import default_reports_folder
from stepdown.ui.widgets.fields import labelled_field
from stepdown.ui.widgets.frame import AppFooter, AppHeader
from stepdown.ui.widgets.tick import Tick

LABELS = {
    "medication": "Medication",
    "unit": "Unit",
    "emergency_number": "Emergency number",
    "bell": "Bell cues",
    "reduced_motion": "Reduced motion",
    "breathing_pattern": "Breathing pattern",
    "breathing_minutes": "Breathing length",
    "theme": "Theme",
    "reports_folder": "Reports folder",
}
"""Each setting's label, by its name in `Settings` (also its field's id)."""

BOXES = {
    "bell": "a bell at each breathing phase",
    "reduced_motion": "no moving shape while breathing",
}
"""What ticking each box does."""

TYPED = (*TEXT_SETTINGS, "reports_folder")
"""The settings typed into a field: the reports folder's empty field is its default."""


CHOSEN = "● "
"""Starts the option chosen in a choice's list and in the closed choice."""
OTHER = "○ "
"""Starts every other option."""


def change(name: str, value: object) -> Callable[[Journal], Journal]:
    """The journal change that sets the setting `name` to `value`."""
    return lambda journal: journal.with_settings(**{name: value})


def typed_problem(name: str, text: str) -> str | None:
    """Why `text` cannot be the typed setting `name` (one of TYPED), or None."""
    if name == "reports_folder":
        problem = reports_folder_problem(text)
        # The rule speaks of the key ("must be ..."); beside its field, a sentence.
        return None if problem is None else f"{problem[0].upper()}{problem[1:]}."
    return text_setting_problem(name, text)


def saved_value(name: str, text: str) -> str | None:
    """What typing `text` into the field `name` saves: an empty reports folder is no
    folder of one's own (the default, and no key in the file)."""
    if name == "reports_folder" and not text:
        return None
    return text


class SettingsScreen(Screen[None]):
    """The user's settings, each saved at once and checked first; escape goes back."""

    DEFAULT_CSS = """
    /* One column of labelled fields that scrolls on a short terminal; the rules that
       change the shared form rules are in app.tcss. */
    #settings { padding: 0 1; }
    #settings Checkbox { background: transparent; }
    #settings Select { width: 1fr; max-width: 40; }
    #settings #settings-saved { color: $text-success; }
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
        settings = self.saved
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
                for name, words in BOXES.items():
                    yield Label(LABELS[name], classes="field-label")
                    yield Tick(words, id=name, compact=True)
                for name, options in self.choices(settings).items():
                    yield Label(LABELS[name], classes="field-label")
                    yield Select(options, id=name, allow_blank=False, compact=True)
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
        self.query_one("#settings-saved", Static).update(f"Saved: {LABELS[name].lower()}.")
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

    @on(Select.Changed, "#breathing_pattern, #breathing_minutes")
    def breathing_changed(self, event: Select.Changed) -> None:
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
            return f"{LABELS[names[0]]} not saved yet: {value}"
        return "Not saved yet: " + ", ".join(LABELS[name].lower() for name in names) + "."

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
