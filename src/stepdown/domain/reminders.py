"""Dose reminders: which are due, under a clock the caller passes in.

Each planned dose of a day that is not recorded (taken or skipped) has a reminder at
its time and, `settings.reminder_grace_minutes` later, one more. A snooze puts the
slot's reminders before its end aside and adds one at its end. A dose once recorded
has no reminder left, whatever was sent or snoozed.

The runner (`stepdown remind --run`) asks every minute which reminders fell due and
were not sent yet (`due_reminders`); what was sent and snoozed is kept beside the
journal by the store (store/reminder_record.py) as a `ReminderState`.

- The plan: the step in force on the slot's day (`plan.step_on`), read again at every
  run, so a plan changed today reminds of its own times from then on.
- Stale reminders: a reminder more than CATCH_UP old is never sent (after the computer
  slept, say); it is marked as sent, so it never comes later either. Of the reminders
  of one slot that fell due together, only the latest is sent.
- Day change: yesterday's slots are still looked at, so a reminder of a late dose
  whose grace or snooze runs past midnight is sent (it says "yesterday"); nothing else
  is sent for yesterday's doses.
- Times are naive local times, as the journal's. On a DST day a slot in the skipped
  hour falls due when the clock jumps past it (within CATCH_UP, so it is sent), and a
  slot in the repeated hour is sent the first time; the second time it is already in
  the record. Each reminder is sent once.

Nothing here suggests an amount: a reminder names the plan's amount for the slot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from stepdown.domain import format as fmt
from stepdown.domain.journal import Journal, Settings
from stepdown.domain.plan import step_on
from stepdown.domain.rules import GRACE_MAX

CATCH_UP = timedelta(minutes=60)
"""The oldest a reminder may be and still be sent: a late runner (a suspended laptop,
a busy minute) still sends what is fresh, a long sleep does not bring a pile of stale
ones. An hour, so that on the day the clocks go forward a slot in the skipped hour is
still sent when the clock jumps past it."""
SNOOZE = timedelta(minutes=10)
KEEP_DAYS = 2
"""Days of record kept: yesterday's reminders still matter after midnight, older do not."""

Why = Literal["due", "again", "snoozed"]


@dataclass(frozen=True)
class Reminder:
    """A reminder of one planned dose, due at `at` (a naive local date-time)."""

    day: date
    """The day of the dose it reminds of (a grace reminder may fall on the next day)."""
    slot: time
    amount: float
    """The plan's amount for the slot, in the settings' unit."""
    at: datetime
    why: Why
    """At the dose's time, once more after the grace period, or at a snooze's end."""

    @property
    def key(self) -> tuple[date, time, datetime]:
        """What names the reminder in the record of those sent."""
        return (self.day, self.slot, self.at)


@dataclass(frozen=True)
class Snooze:
    """The reminders of the dose at `slot` on `day` put aside until `until`."""

    day: date
    slot: time
    until: datetime


@dataclass(frozen=True)
class ReminderState:
    """What was sent and snoozed: kept by the store between runs."""

    sent: frozenset[tuple[date, time, datetime]] = frozenset()
    snoozes: tuple[Snooze, ...] = ()
    """At most one per dose: a later snooze replaces the earlier."""


@dataclass(frozen=True)
class Due:
    """What a run does: the reminders to send now and those never to send."""

    send: tuple[Reminder, ...]
    lapsed: tuple[Reminder, ...]
    """Stale, or an earlier reminder of a slot sent now: marked sent, never sent."""

    @property
    def all(self) -> tuple[Reminder, ...]:
        return self.send + self.lapsed


def grace(settings: Settings) -> timedelta:
    """The grace period of `settings`, kept within 0..GRACE_MAX minutes whatever the file
    says."""
    return timedelta(minutes=min(max(settings.reminder_grace_minutes, 0), GRACE_MAX))


def reminders_on(journal: Journal, day: date, state: ReminderState) -> tuple[Reminder, ...]:
    """Every reminder of `day`'s planned doses not recorded yet, sent or not, by time."""
    if journal.plan is None:
        return ()
    step = step_on(journal.plan, day)
    if step is None:
        return ()
    recorded = {entry.slot for entry in journal.doses if entry.date == day}
    snoozes = {(snooze.day, snooze.slot): snooze.until for snooze in state.snoozes}
    wait = grace(journal.settings)
    found: list[Reminder] = []
    for slot, amount in zip(step.times, step.doses, strict=False):
        if slot in recorded:
            continue
        at = datetime.combine(day, slot)
        times: list[tuple[datetime, Why]] = [(at, "due")]
        if wait:
            times.append((at + wait, "again"))
        until = snoozes.get((day, slot))
        if until is not None:
            times = [(when, why) for when, why in times if when > until]
            times.append((until, "snoozed"))
        found.extend(Reminder(day, slot, amount, when, why) for when, why in times)
    return tuple(sorted(found, key=lambda reminder: reminder.at))


def due_reminders(journal: Journal, state: ReminderState, now: datetime) -> Due:
    """The reminders of yesterday's and today's doses due by `now` and not sent yet:
    the latest of each dose within CATCH_UP to send, the rest lapsed."""
    today = now.date()
    pending = [
        reminder
        for day in (today - timedelta(days=1), today)
        for reminder in reminders_on(journal, day, state)
        if reminder.at <= now and reminder.key not in state.sent
    ]
    latest: dict[tuple[date, time], Reminder] = {}
    for reminder in pending:
        if now - reminder.at <= CATCH_UP:
            latest[(reminder.day, reminder.slot)] = reminder  # pending is by time
    send = tuple(sorted(latest.values(), key=lambda reminder: reminder.at))
    lapsed = tuple(reminder for reminder in pending if reminder not in send)
    return Due(send, lapsed)


def next_reminder(
    journal: Journal, state: ReminderState, now: datetime, days: int = 7
) -> Reminder | None:
    """The first reminder after `now` not sent yet, looking `days` days ahead; None when
    there is none (no plan, the taper over)."""
    today = now.date()
    for offset in range(-1, days + 1):
        for reminder in reminders_on(journal, today + timedelta(days=offset), state):
            if reminder.at > now and reminder.key not in state.sent:
                return reminder
    return None


def mark_sent(state: ReminderState, reminders: tuple[Reminder, ...]) -> ReminderState:
    """`state` with `reminders` among those sent."""
    return replace(state, sent=state.sent | {reminder.key for reminder in reminders})


def snoozed(state: ReminderState, reminder: Reminder, now: datetime) -> ReminderState:
    """`state` with the dose of `reminder` snoozed for SNOOZE from `now`."""
    kept = tuple(
        snooze
        for snooze in state.snoozes
        if (snooze.day, snooze.slot) != (reminder.day, reminder.slot)
    )
    return replace(state, snoozes=(*kept, Snooze(reminder.day, reminder.slot, now + SNOOZE)))


def pruned(state: ReminderState, today: date) -> ReminderState:
    """`state` without what no run from `today` on can need: days before yesterday."""
    first = today - timedelta(days=KEEP_DAYS - 1)
    return ReminderState(
        frozenset(key for key in state.sent if key[0] >= first),
        tuple(snooze for snooze in state.snoozes if snooze.day >= first),
    )


def words(reminder: Reminder, settings: Settings, today: date, *, details: bool) -> str:
    """What a reminder says: "Dose time 14:00", with "baclofen 17.5 mg" when `details`,
    "yesterday" for a dose of the day before, and "not recorded yet" the second time."""
    text = f"Dose time {fmt.clock_time(reminder.slot)}"
    if reminder.day != today:
        text += " yesterday"
    if details:
        text += f": {settings.medication} {fmt.amount(reminder.amount)} {settings.unit}"
    if reminder.why != "due":
        text += " (not recorded yet)"
    return text
