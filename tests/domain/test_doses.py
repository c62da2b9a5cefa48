"""Recording doses as changes from one journal to the next."""

from __future__ import annotations

from datetime import date, datetime, time

from stepdown.domain.doses import (
    DoseChange,
    entry_words,
    latest_on,
    record_dose,
    remove_dose,
    replace_dose,
    skipped,
    taken,
)
from stepdown.domain.journal import Journal

DAY = date(2026, 11, 25)
MORNING = taken(DAY, time(8), 15.0, datetime(2026, 11, 25, 8, 5))


def test_recording_a_slot_again_replaces_its_entry() -> None:
    journal = record_dose(Journal(), MORNING)
    journal = record_dose(journal, skipped(DAY, time(8), "asleep"))
    assert [entry.status for entry in journal.doses] == ["skipped"]


def test_extra_doses_never_replace_each_other() -> None:
    extra = taken(DAY, None, 5.0, datetime(2026, 11, 25, 16, 0))
    journal = record_dose(record_dose(Journal(), extra), extra)
    assert len(journal.doses) == 2


def test_undo_takes_back_the_latest_entry_of_the_day() -> None:
    yesterday = taken(date(2026, 11, 24), time(20), 20.0, datetime(2026, 11, 24, 20, 0))
    journal = record_dose(record_dose(Journal(), MORNING), yesterday)
    latest = latest_on(journal, DAY)
    assert latest == MORNING
    assert remove_dose(journal, latest).doses == (yesterday,)


def test_nothing_to_undo_on_an_empty_day() -> None:
    assert latest_on(Journal(), DAY) is None


def test_an_edit_keeps_the_entry_in_its_place() -> None:
    noon = taken(DAY, time(14), 15.0, datetime(2026, 11, 25, 14, 0))
    journal = record_dose(record_dose(Journal(), MORNING), noon)
    corrected = taken(DAY, time(8), 20.0, datetime(2026, 11, 25, 8, 30), "took the old dose")
    assert replace_dose(journal, MORNING, corrected).doses == (corrected, noon)


def test_an_edit_of_an_entry_removed_meanwhile_is_still_recorded() -> None:
    assert replace_dose(Journal(), MORNING, MORNING).doses == (MORNING,)


def test_undoing_an_edit_restores_the_entry_as_it_was_in_its_place() -> None:
    noon = taken(DAY, time(14), 15.0, datetime(2026, 11, 25, 14, 0))
    journal = record_dose(record_dose(Journal(), MORNING), noon)
    corrected = taken(DAY, time(8), 20.0, datetime(2026, 11, 25, 8, 30), "took the old dose")
    edit = DoseChange(corrected, MORNING, edit=True)
    assert edit.words == "edit of 08:00"
    assert edit.undo(replace_dose(journal, MORNING, corrected)).doses == (MORNING, noon)


def test_undoing_a_take_after_a_skip_brings_the_skip_back() -> None:
    skip = skipped(DAY, time(14), "asleep")
    noon = taken(DAY, time(14), 15.0, datetime(2026, 11, 25, 16, 0))
    take = DoseChange(noon, skip)
    assert take.words == "14:00 taken"
    journal = record_dose(record_dose(Journal(), MORNING), skip)
    assert take.undo(record_dose(journal, noon)).doses == (MORNING, skip)


def test_undoing_an_added_entry_removes_it() -> None:
    extra = taken(DAY, None, 5.0, datetime(2026, 11, 25, 16, 30))
    change = DoseChange(extra)
    assert change.words == "extra 16:30"
    assert change.undo(record_dose(record_dose(Journal(), MORNING), extra)).doses == (MORNING,)


def test_entries_in_a_few_words() -> None:
    assert entry_words(skipped(DAY, time(17))) == "17:00 skipped"
    assert entry_words(MORNING) == "08:00 taken"
