"""The user's own breathing patterns: the rules for keeping one, and adding, editing and
removing them."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stepdown.domain.breathing import remember_choice
from stepdown.domain.breathing_custom import (
    add_pattern,
    custom_problems,
    edit_pattern,
    parse_seconds,
    remove_pattern,
)
from stepdown.domain.journal import Journal, Pattern, Settings
from tests.domain.breathing_cases import SLOW


@given(
    st.sampled_from(["inhale", "hold_in", "exhale", "hold_out"]),
    st.one_of(
        st.floats(-100, 100).filter(lambda value: (value * 2) % 1 != 0),
        st.sampled_from([-1.0, -0.5, 20.5, 25.0, math.inf, math.nan]),
    ),
)
def test_phases_off_the_half_second_steps_or_outside_0_to_20_are_refused(
    field: str, value: float
) -> None:
    pattern = Pattern("mine", 4.0, 0.0, 6.0, 0.0)
    wrong = Pattern(**{**pattern.__dict__, field: value})
    assert [problem.path for problem in custom_problems(Settings(), wrong)] == [f"pattern.{field}"]


@pytest.mark.parametrize("field", ["inhale", "exhale"])
def test_in_and_out_take_at_least_a_second(field: str) -> None:
    short = Pattern(**{**Pattern("mine", 4.0, 0.0, 6.0, 0.0).__dict__, field: 0.5})
    (problem,) = custom_problems(Settings(), short)
    assert problem.path == f"pattern.{field}"
    assert "must be 1 to 20 seconds" in problem.message


def test_a_custom_name_must_be_new_and_not_a_presets() -> None:
    settings = Settings(patterns=(SLOW,))
    named = {name: Pattern(name, 4.0, 0.0, 6.0, 0.0) for name in ("box", "slow evening", " ")}
    assert [p.message for p in custom_problems(settings, named["box"])] == [
        "'box' is a preset's name; choose another"
    ]
    assert [p.message for p in custom_problems(settings, named["slow evening"])] == [
        "you already have a pattern called 'slow evening'"
    ]
    assert list(custom_problems(settings, named["slow evening"], replacing="slow evening")) == []
    assert [p.path for p in custom_problems(settings, named[" "])] == ["pattern.name"]


def test_add_edit_and_remove_a_custom_pattern() -> None:
    journal = add_pattern(Journal(), SLOW)
    calm = Pattern("calm", 4.0, 0.0, 6.0, 0.0)
    journal = add_pattern(journal, calm)
    assert journal.settings.patterns == (SLOW, calm)

    journal = remember_choice(journal, "slow evening", 10)
    renamed = Pattern("slower evening", 5.0, 2.0, 9.0, 0.0)
    journal = edit_pattern(journal, "slow evening", renamed)
    assert journal.settings.patterns == (renamed, calm)
    assert journal.settings.breathing_pattern == "slower evening"

    journal = remove_pattern(journal, "slower evening")
    assert journal.settings.patterns == (calm,)
    assert journal.settings.breathing_pattern == "box"
    assert remove_pattern(journal, "gone") == journal


def test_editing_keeps_keys_this_version_does_not_know() -> None:
    kept = Pattern("mine", 4.0, 0.0, 6.0, 0.0, extra={"xcolour": "blue"})
    journal = add_pattern(Journal(), kept)
    journal = edit_pattern(journal, "mine", Pattern("mine", 4.0, 1.0, 6.0, 0.0))
    assert journal.settings.patterns[0].extra == {"xcolour": "blue"}


def test_editing_a_pattern_another_program_removed_adds_it() -> None:
    journal = edit_pattern(Journal(), "gone", SLOW)
    assert journal.settings.patterns == (SLOW,)


@pytest.mark.parametrize(("text", "seconds"), [("4", 4.0), (" 5.5 ", 5.5), ("5,5", 5.5)])
def test_seconds_typed(text: str, seconds: float) -> None:
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "four", "nan", "inf", "4s"])
def test_seconds_mistyped(text: str) -> None:
    with pytest.raises(ValueError, match=r"Type seconds, like 4 or 5\.5\."):
        parse_seconds(text)
