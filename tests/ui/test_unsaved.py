"""After a failed save, Today says what is not saved yet until it is; undo takes back a
change a failed save kept with one message."""

from __future__ import annotations

import errno
from collections.abc import Callable
from datetime import time
from pathlib import Path

import pytest

from stepdown.store import files
from stepdown.ui.app import StepdownApp
from stepdown.ui.screens.today_lines import NOT_SAVED_DAY
from stepdown.ui.widgets.dose_list import DoseList
from tests.ui.helpers import NOW, saved, write_journal


def disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def lines(app: StepdownApp) -> list[str]:
    return [line.plain for line in app.screen.query_one(DoseList).lines]


def day_panel(app: StepdownApp) -> str:
    return str(app.screen.query_one("#day").render())


def messages(app: StepdownApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def taken_today(path: Path) -> list[time]:
    return [
        dose["slot"]
        for dose in saved(path)["doses"]
        if dose["date"] == NOW.date() and "slot" in dose
    ]


async def test_a_dose_a_save_could_not_write_says_so_until_it_is_saved(
    make_app: Callable[[], StepdownApp], data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        monkeypatch.setattr(files.os, "replace", disk_full)
        await pilot.press("down", "enter")  # the 14:00 dose: kept in memory, not saved
        await pilot.pause()

        assert lines(app)[1].endswith("✓ taken at 15:00 · not saved yet")
        assert "not saved" not in lines(app)[0], "the 08:00 dose is in the file"
        assert NOT_SAVED_DAY in day_panel(app)

        app.clear_notifications()  # the toast is gone: the mark stays
        await pilot.pause()
        assert lines(app)[1].endswith("· not saved yet")

        monkeypatch.undo()  # the disk has room again; the app's retry saves it
        assert app.store.retry().saved
        app.unsaved = False
        await pilot.pause()

        assert lines(app)[1].endswith("✓ taken at 15:00")
        assert NOT_SAVED_DAY not in day_panel(app)
    assert taken_today(data_path) == [time(8), time(14)]


async def test_undo_after_a_failed_save_takes_the_change_back_with_one_message(
    make_app: Callable[[], StepdownApp], data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        monkeypatch.setattr(files.os, "replace", disk_full)
        await pilot.press("down", "enter")
        await pilot.pause()
        app.clear_notifications()

        await pilot.press("u")  # the disk is still full
        await pilot.pause()

        assert messages(app) == ["Undone: 14:00 taken."]
        assert not app.store.unsaved, "nothing is left to save"
        assert lines(app)[1].endswith("· due")
        assert "not saved" not in " ".join(lines(app))
        assert NOT_SAVED_DAY not in day_panel(app)
    assert taken_today(data_path) == [time(8)]
