"""Several writers on one journal: each saves in turn under the lock and builds on what
the others saved, and an open store takes in their saves (`refresh`). Nothing is lost
on either side, in turn, at once in threads, or racing another process 1,000 times."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time
from pathlib import Path

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, Journal, Plan, Step
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore
from tests.store.crash_child import state
from tests.store.crashing import start_saving

RACE_ATTEMPTS = 250
"""Saves racing another process in CI: the file grows with both, so 1,000 take about a
minute here; bench/save_race.py runs those."""
ATTEMPTS_PER_OPEN = 10
THREAD_SAVES = 100


def add_contact(name: str) -> Callable[[Journal], Journal]:
    return lambda journal: replace(journal, contacts=(*journal.contacts, Contact(name=name)))


def names(journal: Journal) -> list[str]:
    return [contact.name for contact in journal.contacts]


def on_disk(path: Path) -> Journal:
    return decode(path.read_bytes())


def test_two_stores_saving_in_turn_build_on_each_other(
    journal_file: Path, clock: FixedClock
) -> None:
    app = JournalStore.open(journal_file, clock)
    command = JournalStore.open(journal_file, clock)

    assert command.update(add_contact("Sam")).saved
    assert app.update(add_contact("Kim")).saved
    assert command.update(add_contact("Lee")).saved

    assert names(on_disk(journal_file)) == ["Dr. Ana Rivera", "Sam", "Kim", "Lee"]
    assert app.update(add_contact("Ada")).saved
    assert names(on_disk(journal_file)) == ["Dr. Ana Rivera", "Sam", "Kim", "Lee", "Ada"]
    app.close()
    command.close()


def test_refresh_takes_in_another_writers_save_and_not_its_own(
    journal_file: Path, clock: FixedClock
) -> None:
    app = JournalStore.open(journal_file, clock)
    assert not app.refresh(), "nothing changed since it was opened"
    assert app.update(add_contact("Kim")).saved
    assert not app.refresh(), "its own save"

    command = JournalStore.open(journal_file, clock)
    assert command.update(add_contact("Sam")).saved
    command.close()

    assert app.refresh()
    assert names(app.journal) == ["Dr. Ana Rivera", "Kim", "Sam"]
    assert not app.unsaved
    assert not app.refresh(), "taken in once"
    app.close()


def test_refresh_replays_the_changes_not_saved_yet_on_another_writers_save(
    journal_file: Path, clock: FixedClock, read_only_folder
) -> None:
    app = JournalStore.open(journal_file, clock)
    with read_only_folder(journal_file.parent):
        assert not app.update(add_contact("Kim")).saved  # kept, not saved
    command = JournalStore.open(journal_file, clock)
    assert command.update(add_contact("Sam")).saved
    command.close()

    assert app.refresh()
    assert names(app.journal) == ["Dr. Ana Rivera", "Sam", "Kim"]
    assert app.unsaved
    assert app.retry().saved
    assert names(on_disk(journal_file)) == ["Dr. Ana Rivera", "Sam", "Kim"]
    app.close()


def test_refresh_leaves_a_broken_file_to_the_next_save(
    journal_file: Path, clock: FixedClock
) -> None:
    app = JournalStore.open(journal_file, clock)
    journal_file.write_text("schema = [", encoding="utf-8")

    assert not app.refresh()
    assert names(app.journal) == ["Dr. Ana Rivera"], "what the window shows stays"
    assert app.status == "ready"
    outcome = app.update(add_contact("Kim"))
    assert not outcome.saved and outcome.can_write_back
    app.close()


def test_a_newer_stepdowns_save_makes_an_open_store_read_only(
    journal_file: Path, clock: FixedClock, sample: Journal
) -> None:
    app = JournalStore.open(journal_file, clock)
    newer = encode(replace(sample, contacts=())).replace("schema = 1", "schema = 2")
    journal_file.write_text(newer, encoding="utf-8")

    assert app.refresh()
    assert app.status == "read_only"
    assert "newer Stepdown (schema 2)" in (app.read_only_reason or "")
    assert not app.update(add_contact("Kim")).saved
    assert journal_file.read_text(encoding="utf-8") == newer
    app.close()


def test_a_closed_store_takes_in_nothing(journal_file: Path, clock: FixedClock) -> None:
    app = JournalStore.open(journal_file, clock)
    app.close()
    command = JournalStore.open(journal_file, clock)
    assert command.update(add_contact("Sam")).saved
    command.close()

    assert not app.refresh()
    assert names(app.journal) == ["Dr. Ana Rivera"]


def test_a_take_in_a_real_process_beside_an_open_store_is_taken_in_and_kept(
    journal_file: Path, clock: FixedClock, sample: Journal, tmp_path: Path
) -> None:
    """`stepdown take` as a shell runs it (its own process, the computer's clock) while
    the app's store is open: it saves, the store takes it in, and the store's next
    save keeps it."""
    # A dose at midnight every day, taken at midnight: never a slip, whatever the date.
    every_day = Plan("Dr. Ana Rivera", steps=(Step(date(2000, 1, 1), (time(0),), (10.0,)),))
    journal_file.write_text(encode(replace(sample, plan=every_day)), encoding="utf-8")
    app = JournalStore.open(journal_file, clock)

    take = ["--data", str(journal_file), "take", "00:00", "--at", "0:00"]
    result = subprocess.run(
        [sys.executable, "-m", "stepdown", *take],
        capture_output=True,
        text=True,
        # The test's own folders (tests/conftest.py sets the XDG ones), not the user's.
        env={**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")},
        timeout=60,
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert app.refresh()
    taken = [dose for dose in app.journal.doses if dose.amount == 10.0]
    assert len(taken) == 1
    assert app.update(add_contact("Kim")).saved
    saved = on_disk(journal_file)
    assert taken[0] in saved.doses
    assert names(saved) == ["Dr. Ana Rivera", "Kim"]
    app.close()


def test_two_stores_saving_at_once_in_two_threads_lose_nothing(
    journal_file: Path, clock: FixedClock
) -> None:
    stores = [JournalStore.open(journal_file, clock) for _ in range(2)]
    failed: list[str] = []

    def save(store: JournalStore, prefix: str) -> None:
        for i in range(THREAD_SAVES):
            outcome = store.update(add_contact(f"{prefix}{i}"))
            if not outcome.saved:
                failed.append(f"{prefix}{i}: {outcome.message}")

    threads = [
        threading.Thread(target=save, args=(store, prefix))
        for store, prefix in zip(stores, "ab", strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()

    assert failed == []
    saved = names(on_disk(journal_file))
    for prefix in "ab":
        assert [n for n in saved if n.startswith(prefix)] == [
            f"{prefix}{i}" for i in range(THREAD_SAVES)
        ], "each writer's changes all there, in its order"
    assert len(saved) == 1 + 2 * THREAD_SAVES


@dataclass(frozen=True)
class Race:
    """What a race against a saving process left."""

    saves: int
    """Saves made here, each acknowledged as saved."""
    their_saves: int
    """Saves the other process acknowledged during the race."""
    problems: tuple[str, ...]
    """Each promise broken, in words: a change lost on either side, a read or a file
    that is not a whole state."""


def race_a_saver(path: Path, clock: FixedClock, attempts: int) -> Race:
    """`attempts` saves of a contact each from this process, opening anew every tenth,
    while another process saves dose after dose as fast as it can (crash_child.py)."""
    path.parent.mkdir(mode=0o700, exist_ok=True)
    saver = start_saving(path, clock.today())
    store: JournalStore | None = None
    saved_here: list[str] = []
    doses_seen = 0
    problems: list[str] = []
    try:
        for attempt in range(attempts):
            where = f"attempt {attempt}"
            if attempt % ATTEMPTS_PER_OPEN == 0:
                if store is not None:
                    store.close()
                store = JournalStore.open(path, clock)
                doses = len(store.journal.doses)
                if store.status not in ("ready", "missing"):
                    problems.append(f"{where}: opened {store.status}")
                if store.journal.doses != state(doses).doses:
                    problems.append(f"{where}: read doses the other never wrote")
                if names(store.journal) != saved_here:
                    problems.append(f"{where}: read {len(store.journal.contacts)} contacts")
                if doses < doses_seen:
                    problems.append(f"{where}: read {doses} doses after {doses_seen}")
                doses_seen = doses
            assert store is not None
            outcome = store.update(add_contact(f"s{attempt}"))
            if not outcome.saved:
                problems.append(f"{where}: not saved: {outcome.message}")
                break
            saved_here.append(f"s{attempt}")
    finally:
        if store is not None:
            store.close()
        kill = saver.kill()
    final = on_disk(path)
    if kill.stopped_because:
        problems.append(f"the other process stopped: {kill.stopped_because}")
    if names(final) != saved_here:
        problems.append(f"{len(saved_here)} contacts saved, {len(final.contacts)} in the file")
    if final.doses != state(len(final.doses)).doses:
        problems.append("the file holds doses the other never wrote")
    if len(final.doses) not in (kill.acknowledged, kill.acknowledged + 1):
        problems.append(f"{len(final.doses)} doses in the file, {kill.acknowledged} saved")
    return Race(len(saved_here), kill.acknowledged - kill.started_at, tuple(problems))


def test_a_second_stepdown_racing_a_saving_one_loses_nothing_on_either_side(
    tmp_path: Path, clock: FixedClock
) -> None:
    """RACE_ATTEMPTS here; `python bench/save_race.py --stepdowns` runs 1,000."""
    race = race_a_saver(tmp_path / "data" / "journal.toml", clock, RACE_ATTEMPTS)

    assert race.problems == ()
    assert race.saves == RACE_ATTEMPTS
    assert race.their_saves > 0, "the other process saved during the race"
