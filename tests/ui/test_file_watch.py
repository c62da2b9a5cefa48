"""The open app shows what another writer saved within 5 seconds, and its next change
keeps it: a `stepdown take` in another terminal, another window on the same file."""

from __future__ import annotations

import errno
import os
import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

from stepdown.cli import main
from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact
from stepdown.store import files
from stepdown.store.journal_store import JournalStore
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.dose_form import DoseForm
from stepdown.ui.widgets.dose_list import DoseList
from tests.ui.helpers import NOW, saved, write_journal

SHOWN_WITHIN = 5.0
"""The issue's promise: another writer's save is on screen within 5 seconds."""


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> float:
    """Let the app run until `condition` holds; the seconds it took (fails past SHOWN_WITHIN)."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < SHOWN_WITHIN, "not shown within 5 seconds"
        await pilot.pause(0.05)
    return time.monotonic() - start


def states(app: StepdownApp) -> list[str]:
    """What each of today's dose lines says after its time and amount."""
    lines = app.screen.query_one(DoseList).lines
    return [re.match(r"\S+\s+\S+ \S+\s+(.*)", line.plain).group(1) for line in lines]


def today_in_file(path: Path) -> dict[str, str]:
    """Each of today's saved doses: its slot and status."""
    doses = saved(path).get("doses", [])
    return {str(d["slot"]): d["status"] for d in doses if d["date"] == NOW.date()}


def contacts_in_file(path: Path) -> list[str]:
    return [contact["name"] for contact in saved(path).get("contacts", [])]


async def test_a_take_run_beside_the_app_is_shown_within_5_seconds_and_kept_by_its_next_save(
    make_app: Callable[[], StepdownApp],
    data_path: Path,
    clock: FixedClock,
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not states(app)[1].startswith("✓")

        assert main(["--data", str(data_path), "take", "14:00"], clock=clock) == 0
        took = await until(pilot, lambda: states(app)[1] == "✓ taken at 15:00")

        await pilot.press("down", "down", "x")  # the app's own change: skip 20:00
        assert isinstance(app.screen, DoseForm)
        await pilot.press(*"drowsy", "enter")
        assert states(app)[2] == "– skipped: drowsy"
        assert not app.unsaved
        assert app._notifications == [] or all(n.title != "Not saved" for n in app._notifications)
    assert took < SHOWN_WITHIN
    assert today_in_file(data_path) == {
        "08:00:00": "taken",
        "14:00:00": "taken",
        "20:00:00": "skipped",
    }


async def test_a_change_the_app_could_not_save_yet_stays_through_another_writers_save(
    make_app: Callable[[], StepdownApp],
    data_path: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The disk was full for the app's save; another writer then saves a contact: the
    app shows both, and its retry saves its dose on top of the contact."""
    write_journal(data_path)
    app = make_app()
    other = JournalStore.open(data_path, clock)
    async with app.run_test() as pilot:
        with monkeypatch.context() as patch:
            patch.setattr(files.os, "replace", failing_replace)
            await pilot.press("down", "space")
        assert app.unsaved
        assert other.update(lambda j: replace(j, contacts=(*j.contacts, Contact("Sam")))).saved
        await until(pilot, lambda: [c.name for c in app.journal.contacts] == ["Sam"])
        assert states(app)[1] == "✓ taken at 15:00 · not saved yet"
        app.retry_save()
        assert not app.unsaved
    other.close()
    assert contacts_in_file(data_path) == ["Sam"]
    assert today_in_file(data_path)["14:00:00"] == "taken"


async def test_two_windows_on_one_file_both_save_and_each_shows_the_others_change(
    data_path: Path, clock: FixedClock
) -> None:
    """Two apps on one journal are both writable: each saves in turn under the lock,
    and each watches the file."""
    write_journal(data_path)
    stores = [JournalStore.open(data_path, clock) for _ in range(2)]
    first, second = (StepdownApp(store, clock) for store in stores)
    try:
        async with first.run_test() as one, second.run_test() as two:
            await one.press("down", "space")  # the first window takes 14:00
            await until(two, lambda: states(second)[1] == "✓ taken at 15:00")
            await two.press("down", "down", "x", *"drowsy", "enter")  # the second skips 20:00
            await until(one, lambda: states(first)[2] == "– skipped: drowsy")
            assert not first.unsaved and not second.unsaved
    finally:
        for store in stores:
            store.close()
    assert today_in_file(data_path) == {
        "08:00:00": "taken",
        "14:00:00": "taken",
        "20:00:00": "skipped",
    }


def failing_replace(*args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
