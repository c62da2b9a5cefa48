"""After a failed save the app retries on a timer and says when it worked, also when
another writer kept the file busy; a merged edit is told; a file another program broke
can be written back; a stop signal saves."""

from __future__ import annotations

import errno
import os
import signal
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

import stepdown.ui.app as app_module
from stepdown.domain.journal import Contact
from stepdown.store import files
from stepdown.store import lock as lock_module
from stepdown.store.lock import JournalLock
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.confirm import ConfirmScreen
from tests.ui.helpers import JOURNAL, NOW, saved, write_journal

QUICK = 0.05
"""The timers' interval in these tests, so a test waits on the real timer, not 10 s."""


@pytest.fixture(autouse=True)
def quick_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "RETRY_SECONDS", QUICK, raising=False)
    monkeypatch.setattr(app_module, "WATCH_SECONDS", QUICK)


def failing_replace(*args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


async def until(pilot: Pilot[None], condition: Callable[[], bool], deadline: float = 5) -> None:
    """Let the app run until `condition` holds; fail after `deadline` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "not within the deadline"
        await pilot.pause(QUICK)


def toasts(app: StepdownApp) -> list[tuple[str, str]]:
    return [(notice.title, notice.message) for notice in app._notifications]


def taken_today(path: Path) -> list[str]:
    return [
        str(dose["slot"])
        for dose in saved(path).get("doses", [])
        if dose["date"] == NOW.date() and dose["status"] == "taken"
    ]


async def test_a_failed_save_is_retried_on_a_timer_and_says_saved(
    make_app: Callable[[], StepdownApp], data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        with monkeypatch.context() as patch:
            patch.setattr(files.os, "replace", failing_replace)
            await pilot.press("down", "space")
            assert app.unsaved
            assert [title for title, _ in toasts(app)] == ["Not saved"]
            await pilot.pause(QUICK * 4)  # the timer's retries fail while the disk is full
            assert app.unsaved
        await until(pilot, lambda: not app.unsaved)
        assert toasts(app)[-1][0] == "Saved"
        assert "saved now" in toasts(app)[-1][1]
    assert taken_today(data_path) == ["08:00:00", "14:00:00"]


async def test_a_save_another_writer_kept_waiting_is_retried_once_it_is_done(
    make_app: Callable[[], StepdownApp], data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another Stepdown holds the lock past the wait (a stopped process): the change is
    kept and marked, the window stays writable, and the retry saves it."""
    monkeypatch.setattr(lock_module, "WAIT_SECONDS", QUICK)
    write_journal(data_path)
    app = make_app()
    other = JournalLock(data_path)
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            other.acquire()
            await pilot.press("down", "space")
            assert app.unsaved
            title, message = toasts(app)[-1]
            assert title == "Not saved" and "Another Stepdown kept this file busy" in message
            assert "14:00:00" not in taken_today(data_path)
            other.release()
            await until(pilot, lambda: not app.unsaved)
            assert toasts(app)[-1][0] == "Saved"
    finally:
        other.release()
    assert "14:00:00" in taken_today(data_path)


async def test_a_save_that_merged_another_programs_edit_says_so(
    make_app: Callable[[], StepdownApp], data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit the file watch has not seen yet (it looks every second) is merged by the save."""
    monkeypatch.setattr(app_module, "WATCH_SECONDS", 3600)
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        edited = replace(JOURNAL, contacts=(*JOURNAL.contacts, Contact(name="Sam")))
        write_journal(data_path, edited)  # another program (an editor, a sync) wrote it
        await pilot.press("down", "space")
        titles = [title for title, _ in toasts(app)]
        assert titles == ["Saved"]
    assert "Sam" in [contact["name"] for contact in saved(data_path)["contacts"]]
    assert taken_today(data_path)[-1] == "14:00:00"


async def test_an_emptied_file_can_be_written_back(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        data_path.write_text("", encoding="utf-8")  # `: > journal.toml` by another program
        await pilot.press("down", "space")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Write Stepdown's copy back?" in app.screen.question
        await pilot.click("#yes")
        await pilot.pause()
        assert not app.unsaved
    assert "14:00:00" in taken_today(data_path)
    assert saved(data_path)["plan"]["prescriber"] == JOURNAL.plan.prescriber
    assert [path.name for path in data_path.parent.glob("journal.toml.broken-*")]


async def test_a_stop_signal_saves_a_change_a_failed_save_held(
    make_app: Callable[[], StepdownApp], data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM with the disk full a moment ago: the change is tried once more, and the
    journal closed, so the next Stepdown can write it."""
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        with monkeypatch.context() as patch:
            patch.setattr(files.os, "replace", failing_replace)
            await pilot.press("down", "space")
        assert app.unsaved
        app.leave_now(signal.SIGTERM)
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
    assert taken_today(data_path) == ["08:00:00", "14:00:00"]
    lock = JournalLock(data_path)
    lock.acquire()
    lock.release()
