"""The reminder schedule under a fixed clock: due, grace, snoozed, already taken, a plan
change, a day change, a DST day and a runner that falls behind."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.doses import skipped, taken
from stepdown.domain.journal import DoseEntry, Journal, Plan, Settings, Step
from stepdown.domain.reminders import (
    CATCH_UP,
    ReminderState,
    due_reminders,
    mark_sent,
    next_reminder,
    pruned,
    snoozed,
    words,
)
from stepdown.domain.rules import grace_problem, push_url_problem

DAY = date(2026, 11, 25)
PLAN = Plan(
    "Dr. Ana Rivera",
    steps=(Step(date(2026, 11, 18), (time(8), time(14), time(20)), (20.0, 17.5, 20.0)),),
)


def journal(*doses: DoseEntry, grace: int = 30, plan: Plan = PLAN) -> Journal:
    return Journal(settings=Settings(reminder_grace_minutes=grace), plan=plan, doses=tuple(doses))


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


def run(book: Journal, state: ReminderState, now: datetime) -> tuple[list[str], ReminderState]:
    """One runner pass: what it sends (as "HH:MM why") and the state it keeps."""
    due = due_reminders(book, state, now)
    sent = [f"{r.slot:%H:%M} {r.why}" for r in due.send]
    return sent, mark_sent(state, due.all)


def minutes(book: Journal, start: datetime, end: datetime) -> list[str]:
    """Run every minute from `start` to `end`; each send as "at HH:MM: HH:MM why"."""
    state, now = ReminderState(), start
    log: list[str] = []
    while now <= end:
        sent, state = run(book, state, now)
        log.extend(f"at {now:%H:%M}: {each}" for each in sent)
        now += timedelta(minutes=1)
    return log


def test_a_dose_is_reminded_at_its_time_and_once_more_after_the_grace() -> None:
    assert minutes(journal(), at(7, 0), at(9, 0)) == [
        "at 08:00: 08:00 due",
        "at 08:30: 08:00 again",
    ]


def test_the_grace_comes_from_the_settings_and_zero_sends_one() -> None:
    assert minutes(journal(grace=45), at(7, 59), at(9)) == [
        "at 08:00: 08:00 due",
        "at 08:45: 08:00 again",
    ]
    assert minutes(journal(grace=0), at(7, 59), at(9)) == ["at 08:00: 08:00 due"]


def test_a_grace_out_of_range_in_the_file_is_held_to_two_hours() -> None:
    assert minutes(journal(grace=100_000), at(7, 59), at(11)) == [
        "at 08:00: 08:00 due",
        "at 10:00: 08:00 again",
    ]
    assert minutes(journal(grace=-5), at(7, 59), at(9)) == ["at 08:00: 08:00 due"]


def test_no_reminder_for_a_dose_already_taken_or_skipped() -> None:
    book = journal(taken(DAY, time(8), 20.0, at(7, 50)), skipped(DAY, time(14)))
    assert minutes(book, at(7), at(21)) == ["at 20:00: 20:00 due", "at 20:30: 20:00 again"]


def test_a_dose_taken_after_its_first_reminder_gets_no_second() -> None:
    state = run(journal(), ReminderState(), at(8))[1]
    book = journal(taken(DAY, time(8), 20.0, at(8, 10)))
    assert run(book, state, at(8, 30))[0] == []


def test_a_snooze_puts_the_reminders_aside_until_its_end() -> None:
    book = journal()
    due = due_reminders(book, ReminderState(), at(8))
    state = snoozed(mark_sent(ReminderState(), due.all), due.send[0], at(8, 25))
    log: list[str] = []
    now = at(8, 1)
    while now <= at(9):
        sent, state = run(book, state, now)
        log.extend(f"at {now:%H:%M}: {each}" for each in sent)
        now += timedelta(minutes=1)
    # The grace reminder at 08:30 falls in the snooze and is not sent.
    assert log == ["at 08:35: 08:00 snoozed"]


def test_a_second_snooze_replaces_the_first() -> None:
    book = journal()
    reminder = due_reminders(book, ReminderState(), at(8)).send[0]
    state = snoozed(snoozed(ReminderState(), reminder, at(8, 1)), reminder, at(8, 11))
    assert [snooze.until for snooze in state.snoozes] == [at(8, 21)]


def test_a_plan_changed_today_reminds_of_its_own_times() -> None:
    """The step in force today is read at every run: a new plan's times from then on."""
    state = run(journal(), ReminderState(), at(8))[1]
    new = Plan("Dr. Ana Rivera", steps=(Step(DAY, (time(8), time(15)), (15.0, 15.0)),))
    assert minutes(journal(plan=new), at(14), at(15, 30)) == [
        "at 15:00: 15:00 due",
        "at 15:30: 15:00 again",
    ]
    assert run(journal(plan=new), state, at(8, 5))[0] == []  # 08:00 was sent already


def test_the_plan_in_force_is_the_days_step() -> None:
    plan = Plan(
        "Dr. Ana Rivera",
        steps=(
            Step(date(2026, 11, 18), (time(8),), (20.0,)),
            Step(DAY + timedelta(days=1), (time(9),), (15.0,)),
        ),
    )
    reminder = next_reminder(journal(plan=plan), ReminderState(), at(12))
    assert reminder is not None
    assert (reminder.day, reminder.slot, reminder.amount) == (DAY + timedelta(days=1), time(9), 15)


def test_no_reminders_without_a_plan_or_after_the_taper() -> None:
    ended = Plan("Dr. Ana Rivera", steps=(Step(date(2026, 11, 1)),))
    assert minutes(journal(plan=ended), at(0), at(23, 59)) == []
    assert next_reminder(Journal(), ReminderState(), at(12)) is None


def test_a_late_doses_grace_past_midnight_is_sent_and_says_yesterday() -> None:
    late = Plan("Dr. Ana Rivera", steps=(Step(date(2026, 11, 1), (time(23, 50),), (10.0,)),))
    book = journal(plan=late)
    log = minutes(book, at(23, 40), at(0, 30, DAY + timedelta(days=1)))
    assert log == ["at 23:50: 23:50 due", "at 00:20: 23:50 again"]
    due = due_reminders(book, ReminderState(), at(0, 20, DAY + timedelta(days=1)))
    assert words(due.send[0], book.settings, DAY + timedelta(days=1), details=False) == (
        "Dose time 23:50 yesterday (not recorded yet)"
    )


def test_yesterdays_unrecorded_doses_are_not_reminded_again_the_next_day() -> None:
    assert minutes(journal(), at(0, 0, DAY), at(7, 59, DAY)) == []


def test_after_a_long_sleep_only_fresh_reminders_are_sent_one_per_dose() -> None:
    """Asleep from 07:00 to 14:40: 08:00 is stale; 14:00 and its 14:30 come as one."""
    state = run(journal(), ReminderState(), at(7))[1]
    due = due_reminders(journal(), state, at(14, 40))
    assert [(r.slot, r.why) for r in due.send] == [(time(14), "again")]
    assert {(r.slot, r.why) for r in due.lapsed} == {
        (time(8), "due"),
        (time(8), "again"),
        (time(14), "due"),
    }
    assert run(journal(), mark_sent(state, due.all), at(14, 41))[0] == []


@given(st.integers(0, 24 * 60), st.integers(1, 24 * 60))
@settings(max_examples=60, deadline=None)
def test_each_reminder_is_sent_at_most_once_and_never_stale(start: int, gap: int) -> None:
    """A runner at any start, running at any interval: never the same reminder twice,
    never one older than CATCH_UP, at most one per dose at a time."""
    book, state = journal(), ReminderState()
    now = at(0) + timedelta(minutes=start)
    seen: set[object] = set()
    for _ in range(30):
        due = due_reminders(book, state, now)
        for reminder in due.send:
            assert reminder.key not in seen
            assert timedelta(0) <= now - reminder.at <= CATCH_UP
            seen.add(reminder.key)
        assert len({(r.day, r.slot) for r in due.send}) == len(due.send)
        state = mark_sent(state, due.all)
        now += timedelta(minutes=gap)


def _local_minutes(zone: str, day: date) -> list[datetime]:
    """The naive local time a computer shows at each real minute of `day` in `zone`."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(ZoneInfo("UTC"))
    return [
        (start + timedelta(minutes=m)).astimezone(tz).replace(tzinfo=None) for m in range(25 * 60)
    ]


def _through(book: Journal, clock: list[datetime]) -> list[str]:
    state = ReminderState()
    log: list[str] = []
    for now in clock:
        sent, state = run(book, state, now)
        log.extend(f"at {now:%H:%M}: {each}" for each in sent)
    return log


def test_a_dose_in_the_hour_the_clocks_skip_is_sent_once() -> None:
    """29 March 2026 in Paris: 02:00 becomes 03:00. The 02:30 dose is sent at 03:00,
    once (its grace reminder, due then too, goes with it)."""
    plan = Plan("Dr. Ana Rivera", steps=(Step(date(2026, 3, 1), (time(2, 30),), (5.0,)),))
    clock = [t for t in _local_minutes("Europe/Paris", date(2026, 3, 29)) if t.day == 29]
    assert _through(journal(plan=plan), clock) == ["at 03:00: 02:30 again"]


def test_a_dose_in_the_hour_the_clocks_repeat_is_sent_once() -> None:
    """25 October 2026 in Paris: 03:00 goes back to 02:00. The 02:30 dose is sent the
    first time 02:30 comes, its grace reminder the first time 03:00 comes."""
    plan = Plan("Dr. Ana Rivera", steps=(Step(date(2026, 3, 1), (time(2, 30),), (5.0,)),))
    clock = [t for t in _local_minutes("Europe/Paris", date(2026, 10, 25)) if t.day == 25]
    assert clock.count(datetime(2026, 10, 25, 2, 30)) == 2
    assert _through(journal(plan=plan), clock) == [
        "at 02:30: 02:30 due",
        "at 03:00: 02:30 again",
    ]


def test_next_reminder_is_the_first_not_sent_after_now() -> None:
    state = run(journal(), ReminderState(), at(8))[1]
    reminder = next_reminder(journal(), state, at(8, 10))
    assert reminder is not None and (reminder.slot, reminder.why) == (time(8), "again")
    reminder = next_reminder(journal(), state, at(20, 45))
    assert reminder is not None and reminder.at == at(8, day=DAY + timedelta(days=1))


def test_pruning_keeps_yesterday_and_today() -> None:
    book = journal()
    state = ReminderState()
    for day in (DAY - timedelta(days=2), DAY - timedelta(days=1), DAY):
        due = due_reminders(book, state, at(21, day=day))
        state = snoozed(mark_sent(state, due.all), due.all[0], at(21, day=day))
    kept = pruned(state, DAY)
    assert {key[0] for key in kept.sent} == {DAY - timedelta(days=1), DAY}
    assert {snooze.day for snooze in kept.snoozes} == {DAY - timedelta(days=1), DAY}


def test_the_words_are_neutral_unless_details_are_asked_for() -> None:
    reminder = due_reminders(journal(), ReminderState(), at(14)).send[0]
    assert words(reminder, Settings(), DAY, details=False) == "Dose time 14:00"
    assert words(reminder, Settings(), DAY, details=True) == "Dose time 14:00: baclofen 17.5 mg"


def test_the_settings_rules() -> None:
    assert grace_problem(30) is None and grace_problem(0) is None
    assert grace_problem(121) == "must be 0 to 120 minutes, not 121"
    assert grace_problem(-1) is not None
    assert push_url_problem("") is None
    assert push_url_problem("ntfy://my-topic") is None
    assert push_url_problem("ntfy://a\nb") is not None
    assert push_url_problem("my-topic") is not None
    assert "secret" not in (push_url_problem(" ntfy://secret") or "")
