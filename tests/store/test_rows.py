"""The cache's form of a journal: any journal comes back from its row exactly."""

from __future__ import annotations

import marshal
from dataclasses import replace
from datetime import date

from hypothesis import given, settings

from stepdown.domain.journal import BreathingSession, Checkin, Contact, DoseEntry, Journal
from stepdown.domain.recent import recent_part
from stepdown.store.rows import _RECORDS, JournalRows, RowsJournal, journal_from_row
from tests.strategies import breathing_sessions, checkins, dates, doses, journals


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

    assert later[-4][0] is first[-4][0], "Kim's row was not made again"
    assert journal_from_row(later).contacts == (Contact("Kim"), Contact("Sam"))


@settings(max_examples=200, deadline=None)
@given(journals(), dates)
def test_a_journal_read_recent_first_is_the_recent_part_then_the_whole(
    journal: Journal, since: date
) -> None:
    row = marshal.loads(marshal.dumps(JournalRows().row(journal)))

    opened = RowsJournal(row, since)

    assert opened.recent == recent_part(journal, since)
    whole = opened.whole()
    assert whole == journal
    assert opened.whole() is whole
    # Today's records are not built twice: the whole journal holds the same objects.
    for name in ("doses", "checkins", "breathing"):
        recent_ids = {id(record) for record in getattr(opened.recent, name)}
        whole_ids = {id(record) for record in getattr(whole, name)}
        kept = len(recent_ids & whole_ids)
        assert kept >= len(recent_ids) - (1 if name == "doses" else 0)
