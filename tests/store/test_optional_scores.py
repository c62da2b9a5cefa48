"""Check-in scores are optional (DESIGN.md: "absent = not recorded"): a score left blank
is None in the journal and no key in the file, through saves, reloads and the cache."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Checkin, Contact, Journal
from stepdown.store.cache import cache_path
from stepdown.store.codec import InvalidJournal, decode, encode
from stepdown.store.journal_store import JournalStore

SCORES = ("spasticity", "anxiety", "sleep", "mood")

FLAG_ONLY = Checkin(date(2026, 11, 25), datetime(2026, 11, 25, 21, 10), seizure=True)
"""A check-in with a red flag and nothing else: every score not recorded."""

HAND_EDITED = b"""schema = 1

[[checkins]]
date = 2026-11-24
recorded_at = 2026-11-24T21:00:00
mood = 6
notes = "Forgot the rest."
x_mood_words = "so-so"   # a key of another program's

[[checkins]]
date = 2026-11-25
recorded_at = 2026-11-25T21:10:00
hallucinations = true
"""
"""A file written by hand: one check-in with only its mood, one with no score at all."""


def saved_checkins(path: Path) -> list[dict[str, object]]:
    checkins: list[dict[str, object]] = tomllib.loads(path.read_text(encoding="utf-8"))["checkins"]
    return checkins


def test_a_check_in_without_scores_saves_without_score_keys_and_reloads_the_same(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)
    assert store.update(lambda journal: replace(journal, checkins=(FLAG_ONLY,))).saved
    store.close()

    [written] = saved_checkins(journal_file)
    assert not set(SCORES) & written.keys()
    assert written["seizure"] is True

    cache_path(journal_file).unlink()  # read the file itself, not the cache
    again = JournalStore.open(journal_file, clock)
    assert again.status == "ready"
    assert again.journal.checkins == (FLAG_ONLY,)
    again.close()


def test_one_score_left_out_keeps_the_others(journal_file: Path, clock: FixedClock) -> None:
    partial = replace(FLAG_ONLY, seizure=False, spasticity=0, anxiety=4, mood=10)
    store = JournalStore.open(journal_file, clock)
    assert store.update(lambda journal: replace(journal, checkins=(partial,))).saved
    store.close()

    [written] = saved_checkins(journal_file)
    assert {name: written.get(name) for name in SCORES} == {
        "spasticity": 0,  # a zero is a score recorded, never left out
        "anxiety": 4,
        "sleep": None,
        "mood": 10,
    }


def test_a_hand_edited_file_without_score_keys_is_valid_and_keeps_its_own_keys(
    tmp_path: Path, clock: FixedClock
) -> None:
    journal = decode(HAND_EDITED)
    first, second = journal.checkins
    assert [getattr(first, name) for name in SCORES] == [None, None, None, 6]
    assert [getattr(second, name) for name in SCORES] == [None] * 4
    assert first.extra == {"x_mood_words": "so-so"}

    path = tmp_path / "journal.toml"
    path.write_bytes(HAND_EDITED)
    store = JournalStore.open(path, clock)
    assert store.status == "ready"
    assert store.update(lambda journal: replace(journal, contacts=(Contact("Sam"),))).saved
    store.close()
    assert decode(path.read_bytes()).checkins == journal.checkins
    written = saved_checkins(path)
    assert [sorted(set(SCORES) & entry.keys()) for entry in written] == [["mood"], []]
    assert written[0]["x_mood_words"] == "so-so"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("sleep = 11", "must be from 0 to 10, not 11"),
        ("sleep = -1", "must be from 0 to 10, not -1"),
        ('sleep = "7"', "must be a whole number"),
        ("sleep = 6.5", "must be a whole number"),
    ],
)
def test_a_score_given_must_still_be_a_whole_number_from_0_to_10(line: str, message: str) -> None:
    data = HAND_EDITED.replace(b"mood = 6\n", f"mood = 6\n{line}\n".encode())
    with pytest.raises(InvalidJournal) as caught:
        decode(data)
    [error] = caught.value.errors
    assert "checkins[0].sleep" in str(error) and message in str(error)


def test_an_empty_journal_with_a_scoreless_check_in_round_trips() -> None:
    journal = Journal(checkins=(FLAG_ONLY,))
    assert decode(encode(journal).encode()) == journal
