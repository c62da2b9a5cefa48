"""Restoring the newest valid backup from the invalid-file screen, through Pilot."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from stepdown.domain.doses import taken
from stepdown.store.cache import cache_path
from stepdown.store.codec import encode
from stepdown.store.lock import JournalLock
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.screens.invalid_file import InvalidFileScreen
from stepdown.ui.screens.today import TodayScreen
from tests.ui.helpers import JOURNAL, NOW

BROKEN = (
    b"schema = 1\n[[doses]]\ndate = 2026-11-25\nstatus = 'lost'\ntaken_at = 2026-11-25T16:00:00\n"
)
"""A journal broken by hand after today's 16:00 dose: as a backup, newer than BACKUP."""

BACKUP = replace(
    JOURNAL,
    doses=(*JOURNAL.doses, taken(NOW.date(), time(14), 15.0, datetime(2026, 11, 25, 14, 10))),
)
"""The journal as it was before today's first change, with the 14:00 dose taken: a
picture of Today from it differs from one of JOURNAL."""


def broken_with_backups(data_path: Path, *backups: tuple[str, bytes]) -> None:
    """The journal broken by hand, with `backups` (day, bytes) in its backups folder."""
    folder = data_path.parent / "backups"
    folder.mkdir(parents=True)
    for day, data in backups:
        (folder / f"journal-{day}.toml").write_bytes(data)
    data_path.write_bytes(BROKEN)


def backup_path(data_path: Path, day: str) -> Path:
    return data_path.parent / "backups" / f"journal-{day}.toml"


async def looked_through_backups(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def offer_shown(app: StepdownApp) -> str:
    return str(app.screen.query_one("#backup", Static).render())


def footer_keys(app: StepdownApp) -> set[str]:
    return {binding.key for (_, binding, enabled, _) in app.active_bindings.values() if enabled}


async def test_restoring_the_backup_opens_it_on_today_and_keeps_the_broken_file(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    broken_with_backups(
        data_path,
        ("2026-11-23", encode(JOURNAL).encode()),
        ("2026-11-24", encode(BACKUP).encode()),
        ("2026-11-25", BROKEN),
    )
    app = make_app()
    async with app.run_test() as pilot:
        await looked_through_backups(pilot)
        shown = offer_shown(app)
        assert "Skipped journal-2026-11-25.toml: it has errors too" in shown
        assert "backup that opens without errors is from Tuesday 24 November 2026" in shown
        assert "u" in footer_keys(app)
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        noon = app.screen.rows[1]  # the rows Today shows
        assert (noon.time, noon.state) == (time(14), "taken")
        assert noon.entry is not None and noon.entry.taken_at == datetime(2026, 11, 25, 14, 10)
        notices = [(n.title, n.message) for n in app._notifications]
    kept = data_path.with_name("journal.toml.broken-20261125-150000")
    assert notices == [
        (
            "Backup restored",
            "Restored the backup from 24 Nov 2026 (journal-2026-11-24.toml). "
            f"The file it replaced is kept as {kept}.",
        )
    ]
    assert data_path.read_bytes() == backup_path(data_path, "2026-11-24").read_bytes()
    assert kept.read_bytes() == BROKEN


async def test_cancelling_the_restore_changes_nothing(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    broken_with_backups(data_path, ("2026-11-24", encode(BACKUP).encode()))
    app = make_app()
    async with app.run_test() as pilot:
        await looked_through_backups(pilot)
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InvalidFileScreen)
    assert data_path.read_bytes() == BROKEN
    assert not list(data_path.parent.glob("*.broken-*"))


async def test_without_a_valid_backup_the_screen_says_so_and_offers_no_key(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    broken_with_backups(data_path, ("2026-11-24", BROKEN))
    app = make_app()
    async with app.run_test() as pilot:
        await looked_through_backups(pilot)
        assert "The only backup has errors too, so there is none to restore." in offer_shown(app)
        assert "u" not in footer_keys(app)
        await pilot.press("u")
        assert isinstance(app.screen, InvalidFileScreen)
    assert data_path.read_bytes() == BROKEN


async def test_a_restore_another_stepdown_blocks_is_explained_and_changes_nothing(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    broken_with_backups(data_path, ("2026-11-24", encode(BACKUP).encode()))
    app = make_app()
    other = JournalLock(data_path)  # another Stepdown that opened the file before it broke
    other.acquire()
    try:
        async with app.run_test() as pilot:
            await looked_through_backups(pilot)
            await pilot.press("u")
            await pilot.click("#yes")
            await pilot.pause()
            assert isinstance(app.screen, InvalidFileScreen)
            notices = [(n.title, n.message) for n in app._notifications]
            assert notices == [
                (
                    "Not restored",
                    f"Another Stepdown is saving {data_path} right now, "
                    "so it was not replaced; try again.",
                )
            ]
    finally:
        other.release()
    assert data_path.read_bytes() == BROKEN


async def test_an_emptied_journal_offers_stepdowns_own_copy_with_todays_doses(
    make_app: Callable[[], StepdownApp], data_path: Path, clock
) -> None:
    """Another program emptied the file while no Stepdown had it open: the backup made
    before today's first save lacks today's doses; Stepdown's own copy (the cache) has
    them, and restoring it keeps the emptied file aside."""
    from stepdown.store.journal_store import JournalStore

    broken_with_backups(data_path, ("2026-11-24", encode(JOURNAL).encode()))
    data_path.write_text(encode(JOURNAL), encoding="utf-8")
    store = JournalStore.open(data_path, clock)
    assert store.update(lambda journal: BACKUP).saved  # today's 14:00 dose, saved
    store.close()
    data_path.write_bytes(b"")
    os.utime(cache_path(data_path), (NOW.timestamp(), NOW.timestamp()))

    app = make_app()
    async with app.run_test() as pilot:
        await looked_through_backups(pilot)
        shown = str(app.screen.query_one("#cached-copy", Static).render())
        assert "Stepdown also kept its own copy of your journal" in shown
        assert "(Wednesday 25 November 2026 at 15:00)" in shown
        assert {"u", "k"} <= footer_keys(app)
        await pilot.press("k")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        noon = app.screen.rows[1]
        assert (noon.time, noon.state) == (time(14), "taken")
        notices = [(n.title, n.message) for n in app._notifications]
    [kept] = data_path.parent.glob("journal.toml.broken-*")
    assert kept.read_bytes() == b""
    assert notices == [
        (
            "Journal restored",
            "Restored Stepdown's own copy of your journal. "
            f"The file it replaced is kept as {kept}.",
        )
    ]


async def test_without_a_copy_of_its_own_no_key_offers_one(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    broken_with_backups(data_path, ("2026-11-24", encode(BACKUP).encode()))
    app = make_app()
    async with app.run_test() as pilot:
        await looked_through_backups(pilot)
        assert str(app.screen.query_one("#cached-copy", Static).render()) == ""
        assert "k" not in footer_keys(app)
        await pilot.press("k")
        assert isinstance(app.screen, InvalidFileScreen)
    assert data_path.read_bytes() == BROKEN


async def test_a_backup_from_a_wrong_clock_says_so_before_it_is_restored(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    broken_with_backups(data_path, ("2056-01-01", encode(JOURNAL).encode()))
    app = make_app()
    async with app.run_test() as pilot:
        await looked_through_backups(pilot)
        wrong_clock = "made under a wrong clock: dated 2056-01-01, after today"
        assert f"Check it first: this backup was {wrong_clock}." in offer_shown(app)
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"This backup was {wrong_clock}." in app.screen.question
