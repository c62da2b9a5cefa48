"""Words and numbers as Stepdown writes them, the same on screen and in reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time


def amount(value: float) -> str:
    """An amount without needless decimals: 20.0 -> "20", 17.5 -> "17.5", 2.25 -> "2.25"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def long_date(day: date) -> str:
    """Like "Wednesday 25 November 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """Like "25 Nov 2026"."""
    return f"{day.day} {day:%b %Y}"


def clock_time(moment: time) -> str:
    """Like "08:05"."""
    return f"{moment:%H:%M}"


def in_days(days: int) -> str:
    """Like "today", "tomorrow", "in 3 days"."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def dose_times(times: Sequence[time], doses: Sequence[float], unit: str) -> str:
    """Each planned time with its amount: "12:00 5 mg, 17:00 5 mg"; "no doses" when empty."""
    pairs = [
        f"{clock_time(at)} {amount(dose)} {unit}" for at, dose in zip(times, doses, strict=False)
    ]
    return ", ".join(pairs) or "no doses"


def sentence_start(text: str) -> str:
    """`text` with its first letter raised, the rest as typed: "MS Contin" stays "MS Contin"
    (str.capitalize would lower the rest, changing what the user wrote)."""
    return text[:1].upper() + text[1:]
