"""Typing slips: which amounts and times are asked about, and the words of the question."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from stepdown.domain.doses import skipped, taken
from stepdown.domain.slips import (
    AMOUNT_RATIO,
    amount_slip,
    early_slip,
    entry_question,
    extra_amount_slip,
    future_slip,
    marking_now_question,
    span,
    times_words,
)

DAY = date(2026, 11, 25)
PLAN = {time(8): 17.5, time(14): 15.0, time(20): 20.0}
NOW = datetime(2026, 11, 25, 15, 0)

amounts = st.decimals(min_value=0, max_value=10_000, places=2).map(float)


def at(hours: int, minutes: int = 0) -> datetime:
    return datetime.combine(DAY, time(hours, minutes))


# The amount against the plan


def test_an_amount_many_times_the_plan_is_named_with_how_many_times() -> None:
    assert amount_slip(200, 17.5, "mg") == "200 mg is 11 times the planned 17.5 mg."
    assert amount_slip(30, 17.5, "mg") == "30 mg is 1.7 times the planned 17.5 mg."
    assert amount_slip(40, 20, "mg") == "40 mg is 2 times the planned 20 mg."


def test_just_over_the_limit_is_never_rounded_down_to_it() -> None:
    assert amount_slip(30.01, 20, "mg") == "30.01 mg is more than 1.5 times the planned 20 mg."
    assert times_words(1.54) == "more than 1.5 times"
    assert times_words(1.56) == "1.6 times"


def test_an_amount_when_the_plan_says_zero() -> None:
    assert amount_slip(5, 0, "mg") == "5 mg is more than the planned 0 mg."
    assert amount_slip(0, 0, "mg") is None


@given(planned=amounts, amount=amounts)
def test_an_amount_is_asked_about_exactly_when_over_one_and_a_half_times_the_plan(
    planned: float, amount: float
) -> None:
    slip = amount_slip(amount, planned, "mg")
    assert (slip is not None) == (amount > planned * AMOUNT_RATIO)
    if slip is not None:
        assert slip.startswith(f"{amount:.2f}".rstrip("0").rstrip(".") + " mg is ")


def test_an_extra_dose_over_the_days_largest_planned_dose() -> None:
    assert extra_amount_slip(25, 20, "mg") == (
        "25 mg is more than the day's largest planned dose, 20 mg."
    )
    assert extra_amount_slip(20, 20, "mg") is None


# Times


def test_a_time_later_than_now() -> None:
    assert future_slip(at(8, 30), datetime(2026, 11, 25, 7, 10)) == (
        "08:30 is later than now (07:10)."
    )
    assert future_slip(at(7, 10), datetime(2026, 11, 25, 7, 10)) is None


def test_marking_a_dose_taken_long_before_its_time_asks() -> None:
    assert marking_now_question(at(20), at(14)) == (
        "The 20:00 dose is 6 hours away. Mark it taken now?"
    )
    assert marking_now_question(at(20), at(17, 10)) == (
        "The 20:00 dose is 2 hours 50 minutes away. Mark it taken now?"
    )


@given(minutes=st.integers(min_value=-24 * 60, max_value=24 * 60))
def test_marking_taken_asks_only_more_than_two_hours_before(minutes: int) -> None:
    due = at(12)
    question = marking_now_question(due, due - timedelta(minutes=minutes))
    assert (question is not None) == (minutes > 120)
    assert (early_slip(due - timedelta(minutes=minutes), due) is not None) == (minutes > 120)


def test_a_time_typed_long_before_the_planned_time() -> None:
    assert early_slip(at(8), at(20)) == "08:00 is 12 hours before the planned 20:00."


def test_spans_in_words() -> None:
    assert span(timedelta(minutes=45)) == "45 minutes"
    assert span(timedelta(hours=1)) == "1 hour"
    assert span(timedelta(hours=2, minutes=1)) == "2 hours 1 minute"
    assert span(timedelta(0)) == "0 minutes"


# The whole question for an entry typed in a form


def test_one_slip_one_question() -> None:
    entry = taken(DAY, time(8), 200, at(8))
    assert entry_question(entry, PLAN, NOW, "mg") == (
        "200 mg is 11 times the planned 17.5 mg. Record 200 mg?"
    )


def test_a_time_in_the_future_asks_about_the_time() -> None:
    entry = taken(DAY, None, 5, at(16, 30))
    assert entry_question(entry, PLAN, NOW, "mg") == (
        "16:30 is later than now (15:00). Record it taken at 16:30?"
    )


def test_several_slips_in_one_question_naming_them_all() -> None:
    entry = taken(DAY, time(20), 200, at(15, 30))
    assert entry_question(entry, PLAN, NOW, "mg") == (
        "200 mg is 10 times the planned 20 mg. 15:30 is later than now (15:00). "
        "15:30 is 4 hours 30 minutes before the planned 20:00. "
        "Record 200 mg taken at 15:30?"
    )


def test_an_extra_dose_is_held_to_the_days_largest_planned_dose() -> None:
    assert entry_question(taken(DAY, None, 20, at(15)), PLAN, NOW, "mg") is None
    assert entry_question(taken(DAY, None, 21, at(15)), PLAN, NOW, "mg") == (
        "21 mg is more than the day's largest planned dose, 20 mg. Record 21 mg?"
    )


def test_a_day_without_a_plan_asks_only_about_times() -> None:
    assert entry_question(taken(DAY, None, 500, at(15)), {}, NOW, "mg") is None
    assert entry_question(taken(DAY, None, 5, at(16)), {}, NOW, "mg") is not None


def test_a_dose_at_a_time_the_plan_does_not_have_counts_as_extra() -> None:
    entry = taken(DAY, time(12), 25, at(12))
    assert entry_question(entry, PLAN, NOW, "mg") == (
        "25 mg is more than the day's largest planned dose, 20 mg. Record 25 mg?"
    )


def test_within_the_plan_and_on_time_nothing_is_asked() -> None:
    assert entry_question(taken(DAY, time(14), 15, at(14, 5)), PLAN, NOW, "mg") is None
    assert entry_question(taken(DAY, time(8), 26.25, at(8)), PLAN, NOW, "mg") is None


def test_a_value_left_as_it_was_is_not_asked_about_again() -> None:
    before = taken(DAY, time(8), 200, at(8))
    note_added = taken(DAY, time(8), 200, at(8), "as my provider said on the phone")
    assert entry_question(note_added, PLAN, NOW, "mg", before) is None
    time_changed = taken(DAY, time(8), 200, at(15, 30))
    assert entry_question(time_changed, PLAN, NOW, "mg", before) == (
        "15:30 is later than now (15:00). Record it taken at 15:30?"
    )


def test_skips_have_nothing_to_ask() -> None:
    assert entry_question(skipped(DAY, time(20), "asleep"), PLAN, NOW, "mg") is None


@given(amount=amounts, minute=st.integers(min_value=0, max_value=24 * 60 - 1))
def test_the_question_names_what_was_typed_and_never_another_amount(
    amount: float, minute: int
) -> None:
    """The app never suggests a dose: the only amounts named are the one typed and
    the plan's."""
    typed_at = at(minute // 60, minute % 60)
    question = entry_question(taken(DAY, time(20), amount, typed_at), PLAN, NOW, "mg")
    if question is None:
        return
    assert question.endswith("?")
    shown = f"{amount:.2f}".rstrip("0").rstrip(".")
    assert set(re.findall(r"([\d.]+) mg", question)) <= {shown, "20"}
