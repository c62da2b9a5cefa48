"""The Encoder: each record's TOML proved once and reused, and still exactly the file meant."""

from __future__ import annotations

import gc
import math
import tomllib
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepdown.domain.journal import Checkin, Contact, DoseEntry, Journal
from stepdown.store.codec import decode, encode
from stepdown.store.encoder import Encoder
from tests.strategies import contacts, doses, journals

DAY = date(2026, 11, 25)


def dose(note: str = "", **changes: Any) -> DoseEntry:
    """The 08:00 dose of 25 November, taken, with `note` and any other `changes`."""
    entry = DoseEntry(
        DAY, "taken", slot=time(8), taken_at=datetime(2026, 11, 25, 8, 5), amount=15.0, note=note
    )
    return replace(entry, **changes)


def week() -> Journal:
    return Journal(doses=tuple(dose(f"day {n}") for n in range(7)))


def with_last_dose(journal: Journal, entry: DoseEntry) -> Journal:
    return replace(journal, doses=(*journal.doses[:-1], entry))


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the encoder parses back, in order."""
    seen: list[str] = []
    real = tomllib.loads

    def loads(text: str, **kwargs: Any) -> dict[str, Any]:
        seen.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", loads)
    return seen


@settings(max_examples=100, deadline=None)
@given(journals())
def test_the_parts_together_read_back_as_the_journal(journal: Journal) -> None:
    encoder = Encoder()
    text = encoder.encode(journal)

    assert decode(text.encode()) == journal
    assert sum(encoder.spans) + len(encoder.spans) - 1 == len(text)


@settings(max_examples=50, deadline=None)
@given(journals(), journals(), st.data())
def test_a_reused_encoder_writes_what_a_fresh_one_writes(
    first: Journal, second: Journal, data: st.DataObject
) -> None:
    encoder = Encoder()
    encoder.encode(first)
    # The next journal shares some records with the first, as successive journals do.
    kept = data.draw(st.lists(st.sampled_from(first.doses), max_size=4)) if first.doses else []
    mixed = replace(
        second,
        settings=first.settings,
        doses=(*kept, *second.doses),
        contacts=(*second.contacts, *first.contacts[:1]),
    )

    assert encoder.encode(mixed) == encode(mixed)
    assert encoder.encode(first) == encode(first)


def test_a_change_to_one_record_proves_one_chunk(parses: list[str]) -> None:
    encoder = Encoder()
    journal = week()
    encoder.encode(journal)
    parses.clear()

    text = encoder.encode(with_last_dose(journal, dose("changed")))

    records = [chunk for chunk in parses if chunk.startswith("[")]
    assert len(records) == 1, "the other six doses were not written again"
    assert records[0].startswith("[[doses]]\n") and 'note = "changed"' in records[0]
    assert decode(text.encode()) == with_last_dose(journal, dose("changed"))


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(dose(amount=math.nan), id="NaN amount"),
        pytest.param(
            dose(taken_at=datetime(2026, 11, 25, 8, tzinfo=timezone(timedelta(hours=1)))),
            id="date-time with a time zone",
        ),
        pytest.param(dose(note="half a character: \udc80"), id="text that is not Unicode"),
        pytest.param(dose(extra={"x_when": {1, 2}}), id="a set among unknown keys"),
        pytest.param(dose(amount=math.inf), id="an infinite amount"),
    ],
)
def test_a_record_toml_cannot_hold_is_refused_by_an_encoder_that_knows_the_rest(
    bad: DoseEntry,
) -> None:
    encoder = Encoder()
    journal = week()
    before = encoder.encode(journal)

    with pytest.raises(ValueError, match=r"cannot be written as TOML|time zone"):
        encoder.encode(with_last_dose(journal, bad))
    assert encoder.encode(journal) == before


def test_the_message_names_the_record_that_cannot_be_written() -> None:
    journal = with_last_dose(week(), dose(amount=math.nan))

    with pytest.raises(ValueError, match=r"nan is not a real amount or length \(in doses\[6\]\)"):
        Encoder().encode(journal)


def test_records_no_longer_in_the_journal_are_let_go() -> None:
    encoder = Encoder()
    journal = week()
    dropped = journal.doses[0]
    watch = weakref.ref(dropped)
    encoder.encode(journal)

    encoder.encode(replace(journal, doses=journal.doses[1:]))
    del journal, dropped
    gc.collect()

    assert watch() is None


LATE_CHECKIN = Checkin(date(2101, 1, 1), datetime(2101, 1, 1, 21), 1, 2, 3, 4)
"""A check-in after any date the strategies draw, so never a second one for its date."""


def primed(journal: Journal) -> tuple[Encoder, Journal, str]:
    """An encoder primed with `journal`'s file as another encoder wrote it, and its load."""
    writer = Encoder()
    text = writer.encode(journal)
    loaded = decode(text.encode())
    encoder = Encoder()
    encoder.prime(loaded, text.encode(), writer.spans)
    return encoder, loaded, text


def test_a_primed_encoder_reuses_the_file_as_it_stands(parses: list[str]) -> None:
    journal = replace(week(), contacts=(Contact("Kim"),), extra={"x_table": {"a": 1}})
    encoder, loaded, text = primed(journal)
    parses.clear()

    assert encoder.encode(loaded) == text
    assert len(parses) == 2, "only the journal's own keys and its unknown table"


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda spans: (*spans[:-1], spans[-1] + 1), id="wrong length"),
        pytest.param(lambda spans: (spans[0] - 1, spans[1] + 1, *spans[2:]), id="shifted"),
        pytest.param(lambda spans: spans[:3], id="too few"),
        pytest.param(lambda spans: (), id="none"),
    ],
)
def test_spans_that_do_not_fit_the_file_are_not_used(
    spoil: Callable[[tuple[int, ...]], tuple[int, ...]], parses: list[str]
) -> None:
    journal = week()
    writer = Encoder()
    text = writer.encode(journal)
    loaded = decode(text.encode())
    encoder = Encoder()
    encoder.prime(loaded, text.encode(), spoil(writer.spans))
    parses.clear()

    assert encoder.encode(loaded) == text
    assert len(parses) == 1 + len(journal.doses) + 1, "every chunk was written afresh"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journals(), st.lists(doses, max_size=2), st.lists(contacts, max_size=1))
def test_a_primed_encoder_writes_any_next_journal_exactly(
    journal: Journal, more_doses: list[DoseEntry], more_contacts: list[Contact]
) -> None:
    encoder, loaded, _ = primed(journal)
    following = replace(
        loaded,
        doses=(*loaded.doses[1:], *more_doses),
        contacts=(*more_contacts, *loaded.contacts),
        checkins=(*loaded.checkins, LATE_CHECKIN),
    )

    assert encoder.encode(following) == encode(following)
    assert decode(encode(following).encode()) == following
