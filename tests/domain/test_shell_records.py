"""The rules of the shell's record commands, with no file and no command line: which
planned dose "next" means, the slips, a change applied over another program's record,
the check-in's fields, undo, and the red-flag alert's lines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stepdown.domain.checkin import SEVERE_GUIDANCE, red_flags
from stepdown.domain.day import checkin_on
from stepdown.domain.doses import record_dose, taken
from stepdown.domain.journal import Checkin, Contact, DoseEntry, Journal, Plan, Settings, Step
from stepdown.domain.red_flag_words import TITLE, alert_lines, person_words
from stepdown.domain.shell_checkin import CheckinChange, CheckinFields, read_fields
from stepdown.domain.shell_records import (
    BadValue,
    DoseRequest,
    Refused,
    chosen_row,
    dose_change,
    planned_rows,
    taken_now,
)
from stepdown.domain.shell_undo import ShellRecord
from tests.strategies import scores

DAY = date(2026, 12, 3)
SLOTS = (time(8), time(14), time(20))
PLAN = Plan("Dr. Ana Rivera", steps=(Step(date(2026, 11, 1), SLOTS, (15.0, 17.5, 20.0)),))
JOURNAL = Journal(plan=PLAN)
NOW = datetime(2026, 12, 3, 14, 5)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 3, hour, minute)


# "next"

minutes_of_day = st.integers(0, 24 * 60 - 1).map(lambda m: time(m // 60, m % 60))


@given(
    slots=st.lists(minutes_of_day, min_size=1, max_size=6, unique=True).map(sorted),
    recorded=st.sets(st.integers(0, 5)),
    when=minutes_of_day,
)
def test_next_is_the_unrecorded_dose_nearest_to_the_time_taken(
    slots: list[time], recorded: set[int], when: time
) -> None:
    plan = Plan("Dr. Rivera", steps=(Step(DAY, tuple(slots), tuple(10.0 for _ in slots)),))
    entries = tuple(
        DoseEntry(DAY, "skipped", slot=slot) for i, slot in enumerate(slots) if i in recorded
    )
    journal = Journal(plan=plan, doses=entries)
    taken_at = datetime.combine(DAY, when)
    rows = planned_rows(journal, DAY, taken_at)
    open_slots = [slot for i, slot in enumerate(slots) if i not in recorded]
    if not open_slots:
        with pytest.raises(Refused, match="Every planned dose of today is recorded already"):
            chosen_row(rows, "next", taken_at)
        return
    chosen = chosen_row(rows, "next", taken_at).time
    assert chosen in open_slots

    def distance(slot: time) -> timedelta:
        return abs(datetime.combine(DAY, slot) - taken_at)

    nearest = min(distance(slot) for slot in open_slots)
    assert chosen is not None and distance(chosen) == nearest
    assert chosen == min(slot for slot in open_slots if distance(slot) == nearest)


def test_a_missed_dose_does_not_swallow_the_one_taken_now() -> None:
    rows = planned_rows(JOURNAL, DAY, NOW)
    assert chosen_row(rows, "next", NOW).time == time(14)
    assert chosen_row(rows, "NEXT", at(11)).time == time(8)  # as near: the earlier


@pytest.mark.parametrize("text", ["14:00", "1400", "14.00", "14h00", " 14:00 "])
def test_a_slot_is_typed_as_the_forms_accept(text: str) -> None:
    assert chosen_row(planned_rows(JOURNAL, DAY, NOW), text, NOW).time == time(14)


def test_a_slot_not_planned_names_it_and_the_days_doses() -> None:
    with pytest.raises(BadValue) as raised:
        chosen_row(planned_rows(JOURNAL, DAY, NOW), "14:30", NOW)
    assert str(raised.value) == (
        "There is no dose at 14:30 today. Today's doses are at 08:00, 14:00 and 20:00."
    )


# slips


@given(amount=st.integers(0, 100_000).map(lambda cents: cents / 100))
def test_an_amount_over_one_and_a_half_times_the_plan_needs_yes(amount: float) -> None:
    request = DoseRequest("take", NOW, "14:00", amount)
    if amount > 17.5 * 1.5:
        with pytest.raises(Refused, match=r"Run it again with --yes to record it anyway\.$"):
            dose_change(JOURNAL, request, NOW)
        change = dose_change(JOURNAL, replace(request, yes=True), NOW)
    else:
        change = dose_change(JOURNAL, request, NOW)
    assert change.entry == taken(DAY, time(14), amount, NOW)


@given(minutes=st.integers(-600, 590))
def test_a_time_is_asked_about_when_later_than_now_or_two_hours_early(minutes: int) -> None:
    taken_at = NOW + timedelta(minutes=minutes)  # 04:05 to 23:55 of the same day
    due = datetime.combine(DAY, time(16, 5))
    journal = Journal(plan=Plan("Dr. Rivera", steps=(Step(DAY, (due.time(),), (10.0,)),)))
    request = DoseRequest("take", taken_at, "16:05")
    if taken_at > NOW or due - taken_at > timedelta(hours=2):
        with pytest.raises(Refused, match=r"^Not recorded: "):
            dose_change(journal, request, NOW)
    else:
        assert dose_change(journal, request, NOW).entry.taken_at == taken_at


# changes applied over another program's record


def test_a_slot_recorded_meanwhile_is_not_recorded_again() -> None:
    change = dose_change(JOURNAL, DoseRequest("take", NOW, "14:00"), NOW)
    meanwhile = record_dose(JOURNAL, taken(DAY, time(14), 15.0, at(14, 2)))
    with pytest.raises(Refused) as raised:
        change(meanwhile)
    assert str(raised.value) == "Today's 14:00 dose is already recorded: taken at 14:02, 15 mg."
    assert change(JOURNAL).doses == (taken(DAY, time(14), 17.5, NOW),)


def test_taken_now_is_the_planned_amount_now() -> None:
    change = taken_now(JOURNAL, DAY, time(20), at(20, 1))
    assert change(JOURNAL).doses == (taken(DAY, time(20), 20.0, at(20, 1)),)
    with pytest.raises(Refused, match="already recorded: taken at 20:01, 20 mg"):
        taken_now(change(JOURNAL), DAY, time(20), at(20, 2))
    with pytest.raises(Refused, match="There is no dose at 21:00 on Thursday 3 December 2026"):
        taken_now(JOURNAL, DAY, time(21), at(21))
    with pytest.raises(Refused, match="There is no plan yet"):
        taken_now(Journal(), DAY, time(8), at(8))


def test_skip_and_extra() -> None:
    skip = dose_change(JOURNAL, DoseRequest("skip", NOW, "08:00", note="sick"), NOW)
    assert skip.entry == DoseEntry(DAY, "skipped", slot=time(8), note="sick")
    extra = dose_change(JOURNAL, DoseRequest("extra", at(13), amount=5.0), NOW)
    assert extra(extra(JOURNAL)).doses == (extra.entry, extra.entry)  # each adds one
    assert extra.entry.slot is None


def test_a_recorded_dose_says_whether_undo_takes_it_back() -> None:
    entry = taken(DAY, time(8), 15.0, at(8, 5))
    journal = record_dose(JOURNAL, entry)
    request = DoseRequest("take", NOW, "08:00")
    with pytest.raises(Refused, match="`stepdown undo` takes it back"):
        dose_change(journal, request, NOW, last_shell=entry)
    with pytest.raises(Refused, match=r"use the app \(Today: e edits it\)"):
        dose_change(journal, request, NOW)


# check-in fields


@given(
    old_scores=st.fixed_dictionaries({}, optional={n: scores for n in ("anxiety", "sleep")}),
    given_scores=st.fixed_dictionaries({}, optional={n: scores for n in ("anxiety", "mood")}),
)
def test_the_fields_given_replace_those_and_the_rest_is_kept(
    old_scores: dict[str, int], given_scores: dict[str, int]
) -> None:
    old = replace(Checkin(DAY, at(9), notes="morning", symptoms=("sweating",)), **old_scores)
    fields, problems = read_fields({k: str(v) for k, v in given_scores.items()}, {}, None)
    assert problems == {}
    changed = CheckinChange(DAY, NOW, fields)(replace(JOURNAL, checkins=(old,)))
    new = checkin_on(changed.checkins, DAY)
    assert new is not None
    for name in ("spasticity", "anxiety", "sleep", "mood"):
        expected = given_scores.get(name, old_scores.get(name))
        assert getattr(new, name) == expected
    assert (new.notes, new.symptoms, new.recorded_at) == ("morning", ("sweating",), NOW)


def test_flags_set_and_clear() -> None:
    old = Checkin(DAY, at(9), symptoms=("sweating", "confusion"), seizure=True)
    fields = CheckinFields(flags={"seizure": False, "confusion": False, "fever": True})
    new = fields.applied(old, NOW)
    assert (new.seizure, new.symptoms) == (False, ("sweating", "fever"))
    assert red_flags(new) == ("fever",)
    assert fields.words() == "no seizure, no confusion, fever"


def test_a_wrong_score_is_named_with_the_forms_words() -> None:
    fields, problems = read_fields({"anxiety": "11", "sleep": "six", "mood": "7"}, {}, " hi\x07 ")
    assert problems == {
        "anxiety": "--anxiety '11': Must be from 0 to 10, not 11.",
        "sleep": "--sleep 'six': Type a whole number from 0 to 10.",
    }
    assert (dict(fields.scores), fields.notes) == ({"mood": 7}, "hi")


# undo


def test_undo_takes_back_only_what_the_journal_still_holds() -> None:
    entry = taken(DAY, time(14), 17.5, NOW)
    record = ShellRecord("take", entry)
    journal = record_dose(JOURNAL, entry)
    assert record.held_by(journal)
    assert record.undo(DAY)(journal) == JOURNAL
    edited = record_dose(JOURNAL, replace(entry, amount=15.0))
    assert not record.held_by(edited)
    with pytest.raises(Refused, match=r"it is now taken at 14:05, 15 mg"):
        record.undo(DAY)(edited)


def test_undo_of_a_checkin_puts_the_one_before_back() -> None:
    before = Checkin(DAY, at(9), anxiety=3)
    after = replace(before, anxiety=5, recorded_at=NOW)
    other = Checkin(DAY - timedelta(days=1), at(9))
    journal = replace(JOURNAL, checkins=(other, after))
    assert ShellRecord("checkin", after, before).undo(DAY)(journal).checkins == (other, before)
    assert ShellRecord("checkin", after).undo(DAY)(journal).checkins == (other,)
    with pytest.raises(Refused, match="today's check-in was changed since"):
        ShellRecord("checkin", after).undo(DAY)(replace(JOURNAL, checkins=(before,)))


# the red-flag alert


def test_the_alert_in_lines() -> None:
    journal = Journal(
        settings=Settings(emergency_number=" 112\x1b[2J "),
        contacts=(
            Contact("Dr. Rivera", role="provider", phone=""),
            Contact("\x1b]0;Mum\x07", role="family", phone="+44 20 7946 0000", emergency=True),
            Contact("Sam", role="friend", phone="+1 555 0102"),
        ),
    )
    assert alert_lines(("a seizure", "fever"), journal, ("Anxiety",)) == (
        TITLE,
        "Your check-in records a seizure and fever.",
        "Not saved: Anxiety (not a score from 0 to 10).",
        SEVERE_GUIDANCE,
        "Emergency number: call 112[2J",
        "  ]0;Mum (Family, emergency contact): +44 20 7946 0000",
        "  Dr. Rivera (Provider): no phone or email",
    )


def test_a_person_reached_by_email() -> None:
    contact = Contact("Ana", role="therapist", email="ana@example.org")
    assert person_words(contact) == "Ana (Therapist): ana@example.org"
