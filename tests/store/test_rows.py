"""The cache's form of a journal: any journal comes back from its row exactly."""

from __future__ import annotations

import marshal
from dataclasses import replace

from hypothesis import given, settings

from stepdown.domain.journal import BreathingSession, Checkin, Contact, DoseEntry, Journal
from stepdown.store.rows import _RECORDS, JournalRows, journal_from_row
from tests.strategies import breathing_sessions, checkins, doses, journals


@settings(max_examples=150, deadline=None)
@given(journals())
def test_any_journal_comes_back_from_its_row_through_marshal(journal: Journal) -> None:
    row = JournalRows().row(journal)

    again = journal_from_row(marshal.loads(marshal.dumps(row)))

    assert again == journal
    # Unknown keys with dates in them come back as dates, not tagged tuples.
    assert [dose.extra for dose in again.doses] == [dose.extra for dose in journal.doses]


@settings(max_examples=100, deadline=None)
@given(doses, checkins, breathing_sessions)
def test_the_readers_written_out_by_hand_read_as_the_fields_do(
    dose: DoseEntry, checkin: Checkin, session: BreathingSession
) -> None:
    for record in (dose, checkin, session):
        codec = _RECORDS[type(record).__name__]
        row = marshal.loads(marshal.dumps(codec.put(record)))
        assert codec.take(row) == codec.take_fields(row) == record


def test_a_later_row_reuses_the_rows_of_records_it_has_seen() -> None:
    rows = JournalRows()
    journal = Journal(contacts=(Contact("Kim"),))
    first = rows.row(journal)
    later = rows.row(replace(journal, contacts=(*journal.contacts, Contact("Sam"))))

    assert later[-3][0] is first[-3][0], "Kim's row was not made again"
    assert journal_from_row(later).contacts == (Contact("Kim"), Contact("Sam"))
