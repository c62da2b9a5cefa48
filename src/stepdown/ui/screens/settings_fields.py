"""What the settings screen knows of each setting: its label, a box's words, the
typed ones and their rules, the reminders' grace periods on offer and their words.

The screen (settings.py) draws and saves; this module says what there is to draw.
"""

from __future__ import annotations

from collections.abc import Callable

from stepdown.domain.journal import Journal
from stepdown.domain.rules import push_url_problem, reports_folder_problem
from stepdown.domain.settings import TEXT_SETTINGS, text_setting_problem

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
    "reminder_grace_minutes": "Second reminder",
    "push_url": "Push URL",
    "push_details": "Push details",
}
"""Each setting's label, by its name in `Settings` (also its field's id)."""

BOXES = {
    "bell": "a bell at each breathing phase",
    "reduced_motion": "no moving shape while breathing",
    "push_details": "name the medication and amount",
}
"""What ticking each box does."""

TYPED = (*TEXT_SETTINGS, "reports_folder", "push_url")
"""The settings typed into a field: the reports folder's empty field is its default, the
push URL's is no push."""

SECRET = frozenset({"push_url"})
"""Typed settings whose text is never repeated outside their field: a push URL may hold
a token."""

GRACE_CHOICES = (0, 10, 15, 30, 45, 60, 90, 120)
"""The grace periods on offer, in minutes; a file's own value is offered too."""


def lowered(name: str) -> str:
    """The label of `name` inside a sentence: "emergency number", "push URL"."""
    label = LABELS[name]
    return label[0].lower() + label[1:]


def change(name: str, value: object) -> Callable[[Journal], Journal]:
    """The journal change that sets the setting `name` to `value`."""
    return lambda journal: journal.with_settings(**{name: value})


def sentence(problem: str | None) -> str | None:
    """A rule's words about a key ("must be ...") as a sentence beside its field."""
    return None if problem is None else f"{problem[0].upper()}{problem[1:]}."


def typed_problem(name: str, text: str) -> str | None:
    """Why `text` cannot be the typed setting `name` (one of TYPED), or None."""
    if name == "reports_folder":
        return sentence(reports_folder_problem(text))
    if name == "push_url":
        return sentence(push_url_problem(text))
    return text_setting_problem(name, text)


def saved_value(name: str, text: str) -> str | None:
    """What typing `text` into the field `name` saves: an empty reports folder is no
    folder of one's own (the default, and no key in the file)."""
    if name == "reports_folder" and not text:
        return None
    return text


def grace_options(saved: int) -> tuple[int, ...]:
    """The grace periods to choose from: GRACE_CHOICES, and `saved` in its place when the
    file holds another (a hand-written 20, say), so the choice shows what is saved."""
    return tuple(sorted({*GRACE_CHOICES, saved}))


def grace_words(minutes: int) -> str:
    """A grace period as offered: when the second reminder comes, or that none does."""
    return f"{minutes} min later if not recorded" if minutes else "none, one reminder only"
