"""Today names a sync tool's conflict copy of the journal and merges it in with one key."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path

import pytest
from textual.pilot import Pilot

from stepdown.domain.doses import taken
from stepdown.domain.journal import Journal
from stepdown.store import copy_merge
from stepdown.store.codec import FileError, InvalidJournal
from stepdown.ui.app import StepdownApp
from stepdown.ui.widgets.banner import Banner
from tests.ui.helpers import JOURNAL, saved, write_journal

SYNCTHING = "journal.sync-conflict-20261125-091500-ABCDEF1.toml"
COPY = replace(
    JOURNAL,
    doses=(
        *JOURNAL.doses,
        taken(date(2026, 11, 25), clock_time(14), 15.0, datetime(2026, 11, 25, 14, 2)),
    ),
)
"""The other machine's copy: the 14:00 dose recorded there."""


def banner(app: StepdownApp) -> str:
    found = [b for b in app.screen.query(Banner) if b.id == "conflict-copy" and b.display]
    return str(found[0].render()) if found else ""


async def until(pilot: Pilot[None], condition: Callable[[], bool], within: float = 5.0) -> None:
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < within, "not shown in time"
        await pilot.pause(0.05)


async def test_a_copy_at_start_is_named_and_m_merges_it(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    write_journal(data_path.parent / SYNCTHING, COPY)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: SYNCTHING in banner(app))
        assert "Syncthing" in banner(app)
        assert "2026-11-25 09:15" in banner(app)
        assert "holds 1 entry this journal does not" in banner(app)
        assert app.screen.active_bindings["m"].enabled
        await pilot.press("m")
        await until(pilot, lambda: "Merged" in banner(app))
        assert "1 entry added" in banner(app)
        slots = [d["slot"] for d in saved(data_path)["doses"] if d["date"] == date(2026, 11, 25)]
        assert clock_time(14) in slots
        assert not (data_path.parent / SYNCTHING).exists()
        assert (data_path.parent / "backups" / SYNCTHING).exists()
        assert "Press m" not in banner(app)


async def test_a_broken_copy_is_named_with_its_error_and_never_merged(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    broken = data_path.parent / "journal (1).toml"
    broken.write_text("schema = 1\n[[doses]\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "journal (1).toml" in banner(app))
        assert "Google Drive" in banner(app)
        assert "cannot be merged" in banner(app)
        assert "Press m" not in banner(app)
        await pilot.press("m")
        await pilot.pause()
        assert data_path.read_bytes() == before
        assert broken.exists()


async def test_a_copy_arriving_while_open_is_shown_within_seconds(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert banner(app) == ""
        name = "journal (Ana's conflicted copy 2026-11-25).toml"
        write_journal(data_path.parent / name, COPY)
        await until(pilot, lambda: name in banner(app))
        assert "Dropbox" in banner(app)


async def test_a_newer_stepdowns_copy_is_left_alone_with_a_message(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    newer = data_path.parent / "journal-LAPTOP.toml"
    newer.write_text("schema = 99\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "journal-LAPTOP.toml" in banner(app))
        assert "newer Stepdown" in banner(app)
        await pilot.press("m")
        await pilot.pause()
        assert data_path.read_bytes() == before
        assert newer.read_text(encoding="utf-8") == "schema = 99\n"


async def test_a_merge_whose_result_would_not_be_valid_writes_nothing_and_says_why(
    make_app: Callable[[], StepdownApp], data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_journal(data_path)
    copy = write_journal(data_path.parent / SYNCTHING, COPY)
    before = data_path.read_bytes()

    def refuse(data: bytes) -> Journal:
        raise InvalidJournal([FileError("a dose has no amount")])

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: SYNCTHING in banner(app))
        monkeypatch.setattr(copy_merge, "decode", refuse)
        await pilot.press("m")
        await until(pilot, lambda: any("not merged" in str(n.message) for n in app._notifications))
        assert "a dose has no amount" in str(list(app._notifications)[-1].message)
        assert data_path.read_bytes() == before
        assert copy.exists()
        assert not app.store.unsaved
