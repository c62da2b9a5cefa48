"""Reading typed times, amounts and dates, and the words for each mistake."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stepdown.domain.parse import (
    parse_amount,
    parse_amounts,
    parse_date,
    parse_days,
    parse_time,
    parse_times,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("8:05", time(8, 5)), ("08:05", time(8, 5)), ("0805", time(8, 5)), (" 20.30 ", time(20, 30))],
)
def test_times_in_the_ways_people_type_them(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize(("typed", "words"), [("25:00", "not a time"), ("noon", "like 08:05")])
def test_a_wrong_time_says_what_to_type(typed: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_time(typed)


@pytest.mark.parametrize(("typed", "expected"), [("15", 15.0), ("17.5", 17.5), ("2,25", 2.25)])
def test_amounts(typed: str, expected: float) -> None:
    assert parse_amount(typed) == expected


@pytest.mark.parametrize(
    ("typed", "words"),
    [("-5", "below 0"), ("1.234", "two decimals"), ("ten", "number"), ("nan", "number")],
)
def test_a_wrong_amount_says_why(typed: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_amount(typed)


@given(st.integers(0, 100_000).map(lambda cents: cents / 100))
def test_any_amount_with_two_decimals_reads_back(value: float) -> None:
    assert parse_amount(f"{value:.2f}") == value


def test_dates() -> None:
    assert parse_date("2026-11-25") == date(2026, 11, 25)
    with pytest.raises(ValueError, match="like 2026-11-25"):
        parse_date("25/11/2026")


def test_lists_of_times_and_amounts() -> None:
    assert parse_times("8:00, 14:00 20:00") == (time(8), time(14), time(20))
    assert parse_times("  ") == ()
    assert parse_amounts("15 15,17.5") == (15.0, 15.0, 17.5)
    with pytest.raises(ValueError, match="'noon' is not a time"):
        parse_times("08:00 noon")
    with pytest.raises(ValueError, match="'-1': An amount can't be below 0"):
        parse_amounts("15 -1")
    assert parse_days("7") == 7
    with pytest.raises(ValueError, match="1 day or more"):
        parse_days("0")
