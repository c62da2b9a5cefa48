"""How Stepdown writes words and figures: a step's doses, a name at a sentence's start."""

from __future__ import annotations

from datetime import time

from stepdown.domain.format import dose_times, sentence_start


def test_each_time_is_named_with_its_amount() -> None:
    times = (time(12), time(17, 30))
    assert dose_times(times, (5.0, 2.5), "mg") == "12:00 5 mg, 17:30 2.5 mg"


def test_a_step_without_doses_says_so() -> None:
    assert dose_times((), (), "mg") == "no doses"


def test_a_sentence_starts_with_a_capital_and_keeps_the_rest_as_typed() -> None:
    assert sentence_start("baclofen") == "Baclofen"
    assert sentence_start("MS Contin") == "MS Contin"
    assert sentence_start("") == ""
