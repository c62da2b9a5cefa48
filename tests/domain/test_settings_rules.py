"""The rules for settings typed by hand: each refused value has its message."""

from __future__ import annotations

import pytest

from stepdown.domain.settings import TEXT_SETTINGS, text_setting_problem


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("medication", "", "Name the medication."),
        ("medication", "   ", "Name the medication."),
        ("medication", "x" * 41, "Keep it to 40 characters."),
        ("unit", "", "Give the unit, for example mg."),
        ("unit", "milligrams each", "Keep it to 12 characters, like mg or ml."),
        ("emergency_number", "", "Enter a phone number."),
        ("emergency_number", "call 911", "Use digits, spaces and + - ( ) only."),
    ],
)
def test_wrong_values_are_refused_with_a_message(name: str, text: str, problem: str) -> None:
    assert text_setting_problem(name, text) == problem


@pytest.mark.parametrize(
    ("name", "text"),
    [("medication", "baclofen"), ("unit", "mg"), ("emergency_number", "+44 (0) 999")],
)
def test_right_values_pass(name: str, text: str) -> None:
    assert text_setting_problem(name, text) is None


def test_only_text_settings_are_checked_here() -> None:
    assert TEXT_SETTINGS == ("medication", "unit", "emergency_number")
    with pytest.raises(ValueError, match="not a text setting"):
        text_setting_problem("theme", "nord")
