"""The rules for the settings typed by hand: medication, unit, emergency number, and the
reminders' grace period and push URL."""

from __future__ import annotations

from stepdown.domain.rules import one_line_problem, phone_problem

MEDICATION_MAX = 40
UNIT_MAX = 12
"""The unit is shown beside every amount, so it is kept short."""

TEXT_SETTINGS = ("medication", "unit", "emergency_number")
"""The settings typed as text, by their names in `Settings`."""


def medication_problem(text: str) -> str | None:
    """Why `text` cannot be the medication's name, or None."""
    if not text.strip():
        return "Name the medication."
    if one_line_problem(text) is not None:
        return "Keep it to one line."
    if len(text.strip()) > MEDICATION_MAX:
        return f"Keep it to {MEDICATION_MAX} characters."
    return None


def unit_problem(text: str) -> str | None:
    """Why `text` cannot be the unit of the doses, or None."""
    if not text.strip():
        return "Give the unit, for example mg."
    if one_line_problem(text) is not None:
        return "Keep it to one line."
    if len(text.strip()) > UNIT_MAX:
        return f"Keep it to {UNIT_MAX} characters, like mg or ml."
    return None


def text_setting_problem(name: str, text: str) -> str | None:
    """Why `text` cannot be the setting `name` (one of TEXT_SETTINGS), or None.

    An empty emergency number is refused: help now and the red-flag alert show it.
    """
    if name == "medication":
        return medication_problem(text)
    if name == "unit":
        return unit_problem(text)
    if name == "emergency_number":
        return phone_problem(text, required=True)
    raise ValueError(f"{name!r} is not a text setting")
