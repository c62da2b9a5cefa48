"""Settings: the medication, the emergency number, breathing defaults and the theme.

Each setting is saved as soon as it changes: a typed one when enter is pressed or
the field is left, if it is right (the problem is shown beside it if not); a box
or a choice at once. Each choice's open list marks its chosen option and the one
under the cursor (CHOSEN_MARK, HIGHLIGHTED_MARK), so neither needs colour to be seen.
Leaving the screen (escape, `q`, a section key, the palette, a click on the section
bar) with a typed setting not yet saved asks first whether to save it, discard it or
keep editing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Self

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Label, Select, Static
from textual.widgets._select import SelectCurrent, SelectOverlay
from textual.widgets.option_list import Option

from stepdown.domain.breathing import (
    LENGTHS,
    length_words,
    pattern_named,
    patterns,
    remembered_length,
)
from stepdown.domain.journal import Journal, Settings
from stepdown.domain.rules import clean_text
from stepdown.domain.settings import TEXT_SETTINGS, text_setting_problem
from stepdown.ui.context import stepdown
from stepdown.ui.screens.leave import leave_asking
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
}
"""Each setting's label, by its name in `Settings` (also its field's id)."""

BOXES = {
    "bell": "a bell at each breathing phase",
    "reduced_motion": "no moving shape while breathing",
}
"""What ticking each box does."""


HIGHLIGHTED_MARK = "›"
"""Starts the line under the cursor in a choice's open list."""

CHOSEN_MARK = "●"
"""Marks the option chosen now in a choice's open list."""


def change(name: str, value: object) -> Callable[[Journal], Journal]:
    """The journal change that sets the setting `name` to `value`."""
    return lambda journal: journal.with_settings(**{name: value})


class MarkedOverlay(SelectOverlay):
    """A choice's open list whose lines start with marks that need no colour:
    HIGHLIGHTED_MARK on the line under the cursor, CHOSEN_MARK on the option chosen now
    (Textual shows the one only in colour, the other not at all)."""

    def __init__(self, type_to_search: bool = True) -> None:
        # Set first: the OptionList's own set-up adds its (no) options.
        self.plain: list[Any] = []
        """Each option's words as the Select gave them, without marks."""
        self.chosen: int | None = None
        """The index of the option chosen now."""
        super().__init__(type_to_search=type_to_search)

    def clear_options(self) -> Self:
        self.plain = []
        return super().clear_options()

    def add_options(self, new_options: Iterable[Any]) -> Self:
        # The Select fills its list with Options; their words are kept to mark again.
        options = list(new_options)
        self.plain.extend(option.prompt for option in options if isinstance(option, Option))
        super().add_options(options)
        self.mark(*range(len(self.plain)))
        return self

    def choose(self, index: int | None) -> None:
        """Mark the option at `index` as the one chosen now."""
        before, self.chosen = self.chosen, index
        self.mark(before, index)

    def mark(self, *indexes: int | None) -> None:
        """Draw the lines at `indexes` again with their marks."""
        for index in {index for index in indexes if index is not None}:
            if index < min(self.option_count, len(self.plain)):
                cursor = HIGHLIGHTED_MARK if index == self.highlighted else " "
                chosen = CHOSEN_MARK if index == self.chosen else " "
                line = Text.assemble((f"{cursor}{chosen} ", "bold"), self.plain[index])
                self.replace_option_prompt_at_index(index, line)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        super().watch_highlighted(new)
        self.mark(old, new)  # the cursor's mark moves with it


class MarkedSelect(Select[Any]):
    """A Select whose open list marks the chosen option and the cursor's without colour."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield MarkedOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

    def watch_value(self, value: object) -> None:
        for overlay in self.query(MarkedOverlay):
            # The Select moved the cursor to the chosen option: that index is the value's.
            overlay.choose(overlay.highlighted if value is not Select.BLANK else None)


class SettingsScreen(Screen[None]):
    """The user's settings, each saved at once and checked first; escape goes back."""

    CSS_PATH = ["shared.tcss", "settings.tcss"]
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
                    yield MarkedSelect(options, id=name, allow_blank=False, compact=True)
            yield Static("Each setting is saved as soon as you change it.", classes="hint")
            yield Static("", id="settings-saved", markup=False)
        yield AppFooter()

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
        for name in TEXT_SETTINGS:
            value = getattr(settings, name)
            if shown is None or getattr(shown, name) != value:
                field = self.query_one(f"#{name}", Input)
                field.value = value
                # What the field shows (one line): a hand-written value on several
                # lines is saved on one only when the user changes it.
                self.filled[name] = field.value
                self.show_problem(name, None)
        for name in BOXES:
            self.query_one(f"#{name}", Checkbox).value = getattr(settings, name)
        for name, options in self.choices(settings).items():
            self.query_one(f"#{name}", Select).set_options(options)
        pattern = pattern_named(settings, settings.breathing_pattern).name
        self.query_one("#breathing_pattern", Select).value = pattern
        self.query_one("#breathing_minutes", Select).value = remembered_length(settings)
        self.show_theme(self.app.theme)
        self.shown = settings

    def show_theme(self, name: str) -> None:
        """Show `name` as the theme chosen (the palette may have changed it)."""
        self.query_one("#theme", Select).value = name

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
        problem = text_setting_problem(name, value)
        self.show_problem(name, problem)
        if problem is not None:
            return False
        field.value = value
        if not self.save(name, value):
            return False
        self.filled[name] = field.value
        return True

    @on(Input.Submitted)
    @on(Input.Blurred)
    def text_left(self, event: Input.Submitted | Input.Blurred) -> None:
        if event.input.id in TEXT_SETTINGS:
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
            for name in TEXT_SETTINGS
            if self.query_one(f"#{name}", Input).value != self.filled.get(name)
        ]

    def save_typed(self) -> bool:
        """Save every typed setting that changed, as enter in each field would; when one
        could not be saved, its problem is beside it and it has the focus."""
        wrong = [name for name in TEXT_SETTINGS if not self.save_text(name)]
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
            if (problem := text_setting_problem(name, value)) is not None:
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
            save=self.save_typed,
            close=self.discard_typed,
            leave=leave,
        )

    def action_back(self) -> None:
        """Go back to the section the settings were opened from."""
        app = stepdown(self)
        app.leave_then(lambda: app.switch_mode(app.mode_before_settings))
