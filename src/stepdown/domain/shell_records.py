"""The rules of the one-line dose commands (`stepdown take`, `skip`, `extra`): which
planned dose of a day a command means, the entry and change it makes, why one is
refused, and the words for what it recorded.

A change here captures what the user meant ("the 14:00 dose of today, taken at 14:05")
and checks again, each time the store applies it, that the slot is still unrecorded:
the open app may have recorded it meanwhile, and a second record never replaces the
first unseen. `taken_now` is the change a reminder's "Taken" action makes too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from stepdown.domain import format as fmt
from stepdown.domain.checkin import listed
from stepdown.domain.day import DoseRow, day_summary
from stepdown.domain.doses import record_dose, skipped, taken
from stepdown.domain.journal import DoseEntry, Journal
from stepdown.domain.parse import parse_time
from stepdown.domain.plan import step_on
from stepdown.domain.slips import entry_question

NEXT = "next"
"""The slot word meaning the unrecorded planned dose nearest to the time taken."""

NO_PLAN = (
    "There is no plan yet, so there is no planned dose to record. Enter your provider's "
    "plan in the app (Today, p); `stepdown extra AMOUNT` records a dose outside a plan."
)

YES_HINT = "Run it again with --yes to record it anyway."

UNDO_HINT = "`stepdown undo` takes it back."
APP_HINT = "To change it, use the app (Today: e edits it)."


class Refused(Exception):
    """What was asked cannot be done as asked; the message says why, for the user."""


class BadValue(ValueError):
    """A value typed on the command line is not what it should be; the message names it."""


def planned_rows(journal: Journal, day: date, now: datetime) -> tuple[DoseRow, ...]:
    """The planned doses of `day` (with their entries and state at `now`), in time order.

    Raises Refused when there is no plan, or no dose is planned that day.
    """
    if journal.plan is None:
        raise Refused(NO_PLAN)
    summary = day_summary(journal.plan, journal.doses, day, now)
    rows = tuple(row for row in summary.rows if row.planned is not None and row.time is not None)
    if not rows:
        raise Refused(f"No dose is planned for {fmt.long_date(day)} in your plan.")
    return rows


def planned_amounts(journal: Journal, day: date) -> dict[time, float]:
    """The plan's doses of `day`, time -> amount; empty without a plan or doses that day."""
    step = step_on(journal.plan, day) if journal.plan is not None else None
    return dict(zip(step.times, step.doses, strict=False)) if step is not None else {}


def slots_words(rows: tuple[DoseRow, ...]) -> str:
    """The day's planned times as a sentence: "Today's doses are at 08:00, 14:00 and 20:00."."""
    times = tuple(fmt.clock_time(row.time) for row in rows if row.time is not None)
    return f"Today's doses are at {listed(times)}."


def chosen_row(rows: tuple[DoseRow, ...], text: str, at: datetime) -> DoseRow:
    """The planned dose `text` names: a time of day as the app's forms read it, or
    "next", the unrecorded one nearest to `at`, when it was taken (the earlier of two
    as near). Nearest rather than first: a missed 08:00 dose must not swallow the
    14:00 one taken at 14:05.

    Raises BadValue for a time that is not one, or not one of `rows` (naming the
    value and listing the day's times); Refused when "next" finds every dose recorded.
    """
    if text.strip().casefold() == NEXT:
        unrecorded = [row for row in rows if row.entry is None and row.time is not None]
        if not unrecorded:
            raise Refused(
                f"Every planned dose of today is recorded already ({day_words(rows)}). "
                "`stepdown extra AMOUNT` records a dose outside the plan."
            )
        return min(unrecorded, key=lambda row: (_distance(row, at), row.time))
    try:
        slot = parse_time(text)
    except ValueError:
        raise BadValue(
            f"{text!r} is not a time of day; type one like 14:00, or next. {slots_words(rows)}"
        ) from None
    row = next((row for row in rows if row.time == slot), None)
    if row is None:
        raise BadValue(f"There is no dose at {fmt.clock_time(slot)} today. {slots_words(rows)}")
    return row


def _distance(row: DoseRow, at: datetime) -> float:
    assert row.time is not None
    return abs((datetime.combine(at.date(), row.time) - at).total_seconds())


def day_words(rows: tuple[DoseRow, ...]) -> str:
    """Each planned dose and its state: "08:00 taken, 14:00 skipped and 20:00 due"."""
    return listed(
        tuple(f"{fmt.clock_time(row.time)} {row.state}" for row in rows if row.time is not None)
    )


def dose_name(entry: DoseEntry, today: date) -> str:
    """The dose an entry answers, as a sentence names it: "today's 14:00 dose", "the
    08:00 dose of 24 Nov 2026", "an extra dose today"."""
    on_day = "today" if entry.date == today else f"on {fmt.short_date(entry.date)}"
    if entry.slot is None:
        return f"an extra dose {on_day}"
    if entry.date == today:
        return f"today's {fmt.clock_time(entry.slot)} dose"
    return f"the {fmt.clock_time(entry.slot)} dose of {fmt.short_date(entry.date)}"


def how_recorded(entry: DoseEntry, unit: str) -> str:
    """What an entry records: "taken at 14:05, 17.5 mg", "skipped, with a reason"."""
    if entry.status == "skipped":
        return "skipped" + (", with a reason" if entry.note else "")
    at = f" at {fmt.clock_time(entry.taken_at.time())}" if entry.taken_at is not None else ""
    amount = f", {fmt.amount(entry.amount)} {unit}" if entry.amount is not None else ""
    return f"taken{at}{amount}" + (", with a note" if entry.note else "")


def already_recorded(entry: DoseEntry, unit: str, today: date) -> str:
    """Why a slot with an entry is not recorded again: how it was recorded."""
    name = dose_name(entry, today)
    return f"{name[0].upper()}{name[1:]} is already recorded: {how_recorded(entry, unit)}."


def slot_entry(journal: Journal, day: date, slot: time) -> DoseEntry | None:
    """The entry answering the planned dose of `day` at `slot`, the latest if several."""
    return next(
        (old for old in reversed(journal.doses) if old.date == day and old.slot == slot), None
    )


@dataclass(frozen=True)
class SlotRecord:
    """A change: `entry` recorded for its planned slot, only while that slot has no entry.

    Applied on a journal whose slot has one (the app recorded it meanwhile), it raises
    Refused with how it was recorded, and the store saves nothing.
    """

    entry: DoseEntry
    """An entry with a slot: taken or skipped."""

    def __call__(self, journal: Journal) -> Journal:
        entry = self.entry
        assert entry.slot is not None
        existing = slot_entry(journal, entry.date, entry.slot)
        if existing is not None:
            raise Refused(already_recorded(existing, journal.settings.unit, entry.date))
        return record_dose(journal, entry)


def slot_taken(
    row: DoseRow, day: date, at: datetime, amount: float | None = None, note: str = ""
) -> SlotRecord:
    """The change marking the planned dose `row` of `day` taken at `at`, at the planned
    amount unless `amount` says otherwise; for a row without an entry (a row with one
    is refused in `already_recorded`'s words)."""
    assert row.time is not None and row.planned is not None
    return SlotRecord(taken(day, row.time, row.planned if amount is None else amount, at, note))


def taken_now(journal: Journal, day: date, slot: time, now: datetime) -> SlotRecord:
    """The change marking the planned dose of `day` at `slot` taken `now`, at the
    planned amount: `stepdown take TIME`'s, and a reminder's "Taken" action's.

    Raises Refused (words for the user) when there is no plan, the plan has no dose at
    `slot` that day, or it is recorded already.
    """
    rows = planned_rows(journal, day, now)
    row = next((row for row in rows if row.time == slot), None)
    if row is None:
        raise Refused(
            f"There is no dose at {fmt.clock_time(slot)} on {fmt.long_date(day)} in your plan."
        )
    if row.entry is not None:
        raise Refused(already_recorded(row.entry, journal.settings.unit, now.date()))
    return slot_taken(row, day, now)


def slip_refusal(journal: Journal, entry: DoseEntry, now: datetime) -> str | None:
    """Why `entry` is not recorded without --yes: the app's slip question (domain/slips.py:
    an amount over 1.5 times the planned one, or an extra dose above the day's largest, a
    time later than now, more than two hours early) and how to record it anyway; None
    when nothing looks like a slip."""
    plan = planned_amounts(journal, entry.date)
    question = entry_question(entry, plan, now, journal.settings.unit)
    return None if question is None else f"{question} {YES_HINT}"


@dataclass(frozen=True)
class ExtraRecord:
    """A change: `entry`, a dose outside the plan, added."""

    entry: DoseEntry

    def __call__(self, journal: Journal) -> Journal:
        return record_dose(journal, self.entry)


@dataclass(frozen=True)
class DoseRequest:
    """What a dose command asks for, as read from its arguments."""

    command: str
    """"take", "skip" or "extra"."""
    at: datetime
    """When it was taken: --at today, or now."""
    slot: str = NEXT
    """The planned dose as typed (take, skip): a time of day, or "next"."""
    amount: float | None = None
    """--amount (take), AMOUNT (extra); None: the planned amount."""
    note: str = ""
    """The note (take, extra) or the reason (skip), cleaned."""
    yes: bool = False
    """Record it even if it looks like a slip."""


def dose_change(
    journal: Journal, request: DoseRequest, now: datetime, last_shell: DoseEntry | None = None
) -> SlotRecord | ExtraRecord:
    """The change `request` makes to `journal` on `now`'s day, checked.

    Raises BadValue for a slot that is not a time of today's plan; Refused (words for
    the user) without a plan or a dose planned today, for a dose recorded already
    (saying `stepdown undo` takes it back when `last_shell`, the last entry made from
    the shell, is that one), and for a likely slip without `yes`.
    """
    day = now.date()
    if request.command == "extra":
        assert request.amount is not None  # AMOUNT is required
        change: SlotRecord | ExtraRecord = ExtraRecord(
            taken(day, None, request.amount, request.at, request.note)
        )
    else:
        row = chosen_row(planned_rows(journal, day, now), request.slot, request.at)
        assert row.time is not None
        if row.entry is not None:
            words = already_recorded(row.entry, journal.settings.unit, day)
            raise Refused(f"{words} {UNDO_HINT if row.entry == last_shell else APP_HINT}")
        if request.command == "skip":
            change = SlotRecord(skipped(day, row.time, request.note))
        else:
            change = slot_taken(row, day, request.at, request.amount, request.note)
    if not request.yes and (refusal := slip_refusal(journal, change.entry, now)):
        raise Refused(f"Not recorded: {refusal}")
    return change
