"""Reading what the user typed into a form: times and amounts, with words for mistakes.

Each reader returns the value, or raises ValueError whose text can be shown beside the
field as it is.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation

from stepdown.domain.rules import amount_problem, date_problem

_TIME = re.compile(r"(\d{1,2})[:.h]?(\d{2})")


def parse_time(text: str) -> time:
    """A time of day typed as 8:05, 08:05, 0805 or 20.30."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ValueError("Type a time like 08:05.")
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        raise ValueError(f"{text.strip()} is not a time of day.")
    return time(hours, minutes)


def parse_amount(text: str) -> float:
    """An amount: a number from 0 to 10,000 (rules.AMOUNT_MAX) with at most two decimals."""
    cleaned = text.strip().replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("Type a number, like 15 or 17.5.") from None
    if not number.is_finite():
        raise ValueError("Type a number, like 15 or 17.5.")
    if number < 0:
        raise ValueError("An amount can't be below 0.")
    amount = float(number)
    if (problem := amount_problem(amount)) is not None:
        raise ValueError(f"An amount {problem}.")
    # quantize fails on a number with more digits than the context holds: checked after
    # the size, which bounds the digits before the point.
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # only NaN and infinities have another, refused above
    if -exponent > 2 and number != number.quantize(Decimal("0.01")):
        raise ValueError("Use at most two decimals.")
    return amount


def parse_date(text: str) -> date:
    """A date typed as 2026-11-25, from 1900-01-01 to 2200-12-31 (rules.date_problem)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("Type a date like 2026-11-25.") from None
    if (problem := date_problem(day)) is not None:
        raise ValueError(f"The date {problem}.")
    return day


def _items(text: str) -> list[str]:
    return [item for item in re.split(r"[\s,;]+", text.strip()) if item]


def parse_times(text: str) -> tuple[time, ...]:
    """Dose times typed as a list: "08:00 14:00 20:00" or "8:00, 14:00"."""
    times = []
    for item in _items(text):
        try:
            times.append(parse_time(item))
        except ValueError:
            raise ValueError(f"{item!r} is not a time; type times like 08:00 14:00.") from None
    return tuple(times)


def parse_amounts(text: str) -> tuple[float, ...]:
    """Amounts typed as a list: "15 15 20" or "15, 15, 20"."""
    amounts = []
    for item in _items(text):
        try:
            amounts.append(parse_amount(item))
        except ValueError as error:
            raise ValueError(f"{item!r}: {error}") from None
    return tuple(amounts)


def parse_days(text: str) -> int:
    """A whole number of days, 1 or more."""
    try:
        days = int(text.strip())
    except ValueError:
        raise ValueError("Type a whole number of days, like 7.") from None
    if days < 1:
        raise ValueError("Type 1 day or more.")
    return days
