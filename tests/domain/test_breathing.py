"""The breathing patterns on offer: the presets, the user's own, the lengths and the choice
remembered."""

from __future__ import annotations

import pytest

from stepdown.domain.breathing import (
    PRESETS,
    custom_pattern,
    pattern_named,
    patterns,
    remember_choice,
    remembered_length,
)
from stepdown.domain.journal import Journal, Settings
from tests.domain.breathing_cases import SLOW, preset


def test_every_preset_says_what_it_is_for_in_one_short_line() -> None:
    assert [each.name for each in PRESETS] == ["box", "4-7-8", "coherent", "4-6", "sigh"]
    for each in PRESETS:
        assert each.purpose and "\n" not in each.purpose and len(each.purpose) <= 45


@pytest.mark.parametrize(
    ("name", "phases", "cycle"),
    [
        ("box", [("Breathe in", 4), ("Hold", 4), ("Breathe out", 4), ("Hold", 4)], 16),
        ("4-7-8", [("Breathe in", 4), ("Hold", 7), ("Breathe out", 8)], 19),
        ("coherent", [("Breathe in", 5.5), ("Breathe out", 5.5)], 11),
        ("4-6", [("Breathe in", 4), ("Breathe out", 6)], 10),
        ("sigh", [("Breathe in", 3), ("In again", 1), ("Breathe out", 6)], 10),
    ],
)
def test_the_phases_of_a_cycle_add_up_to_its_length(
    name: str, phases: list[tuple[str, float]], cycle: float
) -> None:
    pattern = preset(name)
    assert [(phase.words, phase.seconds) for phase in pattern.phases] == phases
    assert pattern.cycle_seconds == cycle == sum(seconds for _, seconds in phases)


def test_a_bell_once_as_each_in_breath_starts_and_twice_as_each_out_breath_starts() -> None:
    for each in PRESETS:
        bells = [phase.bells for phase in each.phases]
        assert bells[0] == 1
        for phase in each.phases:
            assert phase.bells == {"out": 2, "hold": 0}.get(phase.kind, phase.bells)
    # The sigh's second, short breath in continues the first: no bell of its own.
    assert [phase.bells for phase in preset("sigh").phases] == [1, 0, 2]


def test_a_custom_pattern_leaves_out_holds_of_zero_seconds() -> None:
    pattern = custom_pattern(SLOW)
    assert [(phase.words, phase.seconds) for phase in pattern.phases] == [
        ("Breathe in", 4.0),
        ("Hold", 2.0),
        ("Breathe out", 8.0),
    ]
    assert (pattern.title, pattern.timing, pattern.custom) == ("slow evening", "4-2-8-0", True)


def test_patterns_on_offer_are_the_presets_then_the_users_own() -> None:
    settings = Settings(patterns=(SLOW,))
    assert [each.name for each in patterns(settings)][-2:] == ["sigh", "slow evening"]
    assert pattern_named(settings, "slow evening").custom
    assert pattern_named(settings, "gone") == PRESETS[0]


def test_the_remembered_length_is_one_on_offer() -> None:
    assert remembered_length(Settings(breathing_minutes=0)) == 0
    assert remembered_length(Settings(breathing_minutes=10)) == 10
    assert remembered_length(Settings(breathing_minutes=7)) == 5


def test_the_last_choice_is_remembered_in_the_settings() -> None:
    journal = remember_choice(Journal(), "sigh", 0)
    assert (journal.settings.breathing_pattern, journal.settings.breathing_minutes) == ("sigh", 0)
