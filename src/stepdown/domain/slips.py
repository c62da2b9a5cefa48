"""Amounts and times that are probably typing slips, named in words before they are saved.

A slip is a question, never a refusal: the user may have taken exactly what they typed,
and "yes" records it as typed. The words name only what was typed and what the
provider planned; they never suggest an amount.

The rules:
- an amount more than 1.5 times the planned amount for that dose;
- an extra dose (or one at a time the plan does not have) larger than the day's largest
  planned dose, when the day has planned doses;
- a time taken later than now;
- a dose marked taken more than two hours before its planned time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta

from stepdown.domain import format as fmt
from stepdown.domain.journal import DoseEntry

AMOUNT_RATIO = 1.5
"""An amount more than this many times the planned one is asked about."""

EARLY = timedelta(hours=2)
"""A dose marked taken more than this long before its planned time is asked about."""


def span(delta: timedelta) -> str:
    """A length of time in words, to the minute: "45 minutes", "6 hours", "2 hours 30 minutes"."""
    hours, minutes = divmod(int(delta.total_seconds()) // 60, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours != 1 else ""))
    if minutes or not hours:
        parts.append(f"{minutes} minute" + ("s" if minutes != 1 else ""))
    return " ".join(parts)


def times_words(ratio: float) -> str:
    """How many times larger, as a person would say it: "11 times", "1.7 times".

    Never rounded down to the limit itself: an amount just over 1.5 times the plan
    reads "more than 1.5 times", not "1.5 times".
    """
    shown = f"{round(ratio)}" if ratio >= 10 else f"{ratio:.1f}".removesuffix(".0")
    if float(shown) <= AMOUNT_RATIO:
        return f"more than {fmt.amount(AMOUNT_RATIO)} times"
    return f"{shown} times"


def amount_slip(amount: float, planned: float, unit: str) -> str | None:
    """The words for an amount more than 1.5 times the planned one, else None."""
    if amount <= planned * AMOUNT_RATIO:
        return None
    typed, plan = f"{fmt.amount(amount)} {unit}", f"{fmt.amount(planned)} {unit}"
    if planned <= 0:
        return f"{typed} is more than the planned {plan}."
    return f"{typed} is {times_words(amount / planned)} the planned {plan}."


def extra_amount_slip(amount: float, largest: float, unit: str) -> str | None:
    """The words for an extra dose larger than the day's largest planned dose, else None."""
    if amount <= largest:
        return None
    return (
        f"{fmt.amount(amount)} {unit} is more than the day's largest planned dose, "
        f"{fmt.amount(largest)} {unit}."
    )


def future_slip(at: datetime, now: datetime) -> str | None:
    """The words for a time taken later than now, else None."""
    if at <= now:
        return None
    return f"{fmt.clock_time(at.time())} is later than now ({fmt.clock_time(now.time())})."


def early_slip(at: datetime, due: datetime) -> str | None:
    """The words for a dose taken at `at` more than two hours before it was `due`, else None."""
    if due - at <= EARLY:
        return None
    return (
        f"{fmt.clock_time(at.time())} is {span(due - at)} before "
        f"the planned {fmt.clock_time(due.time())}."
    )


def marking_now_question(due: datetime, now: datetime) -> str | None:
    """The question before marking a dose due at `due` taken `now`, or None when it is
    not early: "The 20:00 dose is 6 hours away. Mark it taken now?"."""
    if due - now <= EARLY:
        return None
    return f"The {fmt.clock_time(due.time())} dose is {span(due - now)} away. Mark it taken now?"


def entry_question(
    entry: DoseEntry,
    plan: Mapping[time, float],
    now: datetime,
    unit: str,
    before: DoseEntry | None = None,
) -> str | None:
    """The question before recording `entry` as typed in a form, naming every slip in
    it, or None when nothing looks like a slip.

    `plan` is the day's planned doses (time -> amount), empty on a day without a plan.
    `before` is the entry as it was when this one corrects it: a value left as it was
    is not asked about again.
    """
    if entry.status != "taken":
        return None
    planned = plan.get(entry.slot) if entry.slot is not None else None
    amount, at = entry.amount, entry.taken_at
    amount_slips: list[str | None] = []
    if amount is not None and (before is None or before.amount != amount):
        if planned is not None:
            amount_slips.append(amount_slip(amount, planned, unit))
        elif plan:
            amount_slips.append(extra_amount_slip(amount, max(plan.values()), unit))
    time_slips: list[str | None] = []
    if at is not None and (before is None or before.taken_at != at):
        time_slips.append(future_slip(at, now))
        if planned is not None and entry.slot is not None:
            time_slips.append(early_slip(at, datetime.combine(entry.date, entry.slot)))
    amount_words = [words for words in amount_slips if words]
    time_words = [words for words in time_slips if words]
    if not amount_words and not time_words:
        return None
    typed = f"{fmt.amount(amount)} {unit}" if amount is not None else "it"
    taken_at = f" taken at {fmt.clock_time(at.time())}" if at is not None else ""
    if not time_words:
        ask = f"Record {typed}?"
    elif not amount_words:
        ask = f"Record it{taken_at}?"
    else:
        ask = f"Record {typed}{taken_at}?"
    return " ".join([*amount_words, *time_words, ask])
