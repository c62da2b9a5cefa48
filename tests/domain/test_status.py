"""The status line: today's next dose, counts, check-in and cautions, on a fixed clock."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from stepdown.domain.checkin import record_checkin
from stepdown.domain.doses import record_dose, skipped, taken
from stepdown.domain.journal import Checkin, Contact, Journal, Plan, Settings, Step
from stepdown.domain.recent import RecentPart, recent_part, recent_since
from stepdown.domain.status import (
    changes_at,
    plain_line,
    status_dict,
    status_of,
    status_parts,
)

TODAY = date(2026, 11, 25)
TIMES = (time(8), time(14), time(20))
PLAN = Plan(
    prescriber="Dr. Ana Rivera",
    steps=(
        Step(date(2026, 11, 18), TIMES, (20.0, 20.0, 20.0)),
        Step(date(2026, 11, 25), TIMES, (20.0, 17.5, 20.0)),
        Step(date(2026, 12, 30)),
    ),
)
JOURNAL = Journal(settings=Settings(emergency_number="911"), plan=PLAN)


def at(hour: int, minute: int = 0, day: date = TODAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


def took(journal: Journal, slot: time, day: date = TODAY, amount: float = 20.0) -> Journal:
    moment = datetime.combine(day, slot) + timedelta(minutes=5)
    return record_dose(journal, taken(day, slot, amount, moment))


def checked_in(journal: Journal, **scores: object) -> Journal:
    checkin = Checkin(date=TODAY, recorded_at=at(9), **scores)  # type: ignore[arg-type]
    return record_checkin(journal, checkin)


def line(journal: Journal | None, now: datetime, today: date = TODAY) -> str:
    return plain_line(status_of(journal, today, now))


def test_the_next_dose_its_amount_the_count_and_the_check_in() -> None:
    journal = took(JOURNAL, time(8))
    assert line(journal, at(10)) == "next 14:00 17.5 mg · 1 of 3 taken · check-in due"


def test_a_dose_whose_time_has_come_is_due_not_next() -> None:
    journal = took(JOURNAL, time(8))
    assert line(journal, at(14, 30)) == "due 14:00 17.5 mg · 1 of 3 taken · check-in due"


def test_a_missed_dose_is_counted_and_the_next_one_shown() -> None:
    journal = checked_in(took(JOURNAL, time(8)))
    assert line(journal, at(16, 30)) == "next 20:00 20 mg · 1 of 3 taken · 1 missed"


def test_skipped_and_extra_doses_are_counted() -> None:
    journal = record_dose(JOURNAL, skipped(TODAY, time(8), "nausea"))
    journal = record_dose(journal, taken(TODAY, None, 5.0, at(11)))
    assert line(checked_in(journal), at(12)) == (
        "next 14:00 17.5 mg · 0 of 3 taken · 1 skipped · 1 extra"
    )


def test_every_dose_taken_and_the_check_in_done() -> None:
    journal = JOURNAL
    for slot in TIMES:
        journal = took(journal, slot)
    status = status_of(checked_in(journal), TODAY, at(21))
    assert plain_line(status) == "all 3 taken"
    assert status.state == "done"
    assert [part.tone for part in status_parts(status)] == ["done"]


def test_no_file_no_plan_and_a_plan_not_started() -> None:
    assert line(None, at(10)) == "no Stepdown journal yet"
    assert line(Journal(), at(10)) == "no plan yet · check-in due"
    early = date(2026, 11, 10)
    assert line(JOURNAL, at(10, day=early), early) == "plan starts 18 Nov 2026 · check-in due"


def test_the_end_of_the_taper_still_asks_for_check_ins() -> None:
    end = date(2026, 12, 30)
    status = status_of(JOURNAL, end, at(10, day=end))
    assert plain_line(status) == "taper complete · check-in due"
    assert status.state == "ended"
    assert status.plan_end == end


def test_a_step_without_doses_before_the_end() -> None:
    plan = replace(PLAN, steps=(Step(TODAY), Step(TODAY + timedelta(days=3), TIMES, (5.0,) * 3)))
    assert line(replace(JOURNAL, plan=plan), at(10)) == "no doses planned today · check-in due"


def test_a_red_flag_leads_the_line_with_the_emergency_number() -> None:
    journal = checked_in(took(JOURNAL, time(8)), seizure=True)
    status = status_of(journal, TODAY, at(10))
    assert plain_line(status) == (
        "⚠ Seek medical attention now: emergency number 911 · next 14:00 17.5 mg · 1 of 3 taken"
    )
    assert status_parts(status)[0].tone == "alert"
    assert status.cautions[0].words.startswith(
        "⚠ Seek medical attention now. Emergency number: 911"
    )


def test_a_red_flag_without_an_emergency_number() -> None:
    journal = replace(checked_in(JOURNAL, anxiety=9), settings=Settings())
    assert line(journal, at(7)).startswith(
        "⚠ Seek medical attention now: call your local emergency number · "
    )


def test_an_emergency_number_never_brings_control_characters_to_the_line() -> None:
    journal = replace(
        checked_in(JOURNAL, symptoms=("fever",)), settings=Settings(emergency_number="\x1b[2J112")
    )
    journal = checked_in(journal, hallucinations=True)
    assert line(journal, at(7)).startswith("⚠ Seek medical attention now: emergency number [2J112")


def below_plan_days(journal: Journal) -> Journal:
    """Two days before TODAY with the 20:00 dose skipped."""
    for back in (1, 2):
        day = TODAY - timedelta(days=back)
        journal = took(took(journal, time(8), day), time(14), day)
        journal = record_dose(journal, skipped(day, time(20)))
    return journal


def test_two_days_below_plan_stand_as_a_caution() -> None:
    provider = Contact("Dr. Ana Rivera", role="provider", phone="+1 555 0100")
    journal = replace(below_plan_days(JOURNAL), contacts=(provider,))
    status = status_of(checked_in(journal), TODAY, at(7))
    assert plain_line(status) == (
        "⚠ below plan two days in a row: talk to your provider · next 08:00 20 mg · 0 of 3 taken"
    )
    assert status.cautions[0].kind == "below-plan"
    assert status.cautions[0].words.endswith("Dr. Ana Rivera: +1 555 0100")
    assert status_parts(status)[0].tone == "warning"


def test_a_red_flag_comes_before_days_below_plan_and_json_lists_both() -> None:
    journal = checked_in(below_plan_days(JOURNAL), symptoms=("confusion",))
    status = status_of(journal, TODAY, at(7))
    assert plain_line(status).startswith("⚠ Seek medical attention now")
    kinds = [caution["kind"] for caution in status_dict(status)["cautions"]]  # type: ignore[attr-defined]
    assert kinds == ["red-flag", "below-plan"]


def test_the_json_keys() -> None:
    status = status_of(took(JOURNAL, time(8)), TODAY, at(14, 30))
    assert status_dict(status) == {
        "version": 1,
        "state": "due",
        "date": "2026-11-25",
        "next": {"time": "14:00", "amount": 17.5, "unit": "mg", "due_now": True},
        "planned": 3,
        "taken": 1,
        "skipped": 0,
        "missed": 0,
        "extra": 0,
        "checkin_due": True,
        "cautions": [],
        "plan_start": "2026-11-18",
        "plan_end": "2026-12-30",
        "line": "due 14:00 17.5 mg · 1 of 3 taken · check-in due",
    }
    assert status_dict(status_of(None, TODAY, at(10)))["state"] == "no-file"


@pytest.mark.parametrize("hour", [7, 10, 15, 23])
def test_the_recent_part_says_what_the_whole_journal_says(hour: int) -> None:
    journal = checked_in(below_plan_days(JOURNAL), anxiety=9)
    older = took(took(JOURNAL, time(8), date(2026, 10, 1)), time(8), date(2026, 10, 2))
    journal = replace(journal, doses=(*older.doses, *journal.doses))
    part = RecentPart(recent_part(journal, recent_since(TODAY)))
    assert len(part.doses) < len(journal.doses)
    assert status_of(part, TODAY, at(hour)) == status_of(journal, TODAY, at(hour))


LATE = Plan(
    "Dr. Ana Rivera", steps=(Step(date(2026, 11, 18), (time(8), time(23, 30)), (10.0, 10.0)),)
)
"""A late dose: yesterday's is missed at 01:30 today."""


def late_journal() -> Journal:
    """Two days before today each short of its 23:30 dose: the second turns missed, and
    the below-plan caution stands, at 01:30 today."""
    journal = Journal(settings=Settings(emergency_number="911"), plan=LATE)
    for back in (2, 1):
        journal = took(journal, time(8), TODAY - timedelta(days=back), amount=10.0)
    return journal


def test_the_moments_the_status_may_change_at() -> None:
    moments = changes_at(late_journal(), TODAY)
    assert moments == (at(1, 30), at(8), at(10), at(23, 30))
    assert changes_at(None, TODAY) == ()
    assert changes_at(Journal(), TODAY) == ()


def test_between_two_of_those_moments_the_status_is_the_same_at_every_minute() -> None:
    """store/status_summary.py keeps one line for each stretch between them: a moment
    left out (here, yesterday's dose missed after midnight) would keep a wrong line."""
    journal = late_journal()
    starts = (at(0), *changes_at(journal, TODAY))
    for minute in range(24 * 60):
        now = at(0) + timedelta(minutes=minute)
        stretch = starts[bisect_right(starts, now) - 1]
        assert status_of(journal, TODAY, now) == status_of(journal, TODAY, stretch), now
    assert status_of(journal, TODAY, at(1, 29)).cautions == ()
    assert status_of(journal, TODAY, at(1, 30)).cautions[0].kind == "below-plan"
