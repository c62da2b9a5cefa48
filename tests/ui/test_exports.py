"""Exports from the app land in a folder a person finds, and the path stays on screen.

The user's documents folder is a temporary one here (XDG_DOCUMENTS_DIR, and HOME for
`~`): no test writes into the real home.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from stepdown.domain.journal import Step
from stepdown.store.calendar_record import load_record
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.exported import COPIED, ExportedScreen
from stepdown.ui.screens.week import WeekScreen
from tests.ui.helpers import JOURNAL, PLAN, write_journal
from tests.ui.test_help_now_everywhere import open_and_check

REPORT = "stepdown-report-2026-11-19-to-2026-11-25.html"
"""The report of the 7 days ending on the test clock's today."""
CALENDAR = "stepdown-doses.ics"

SHORTENED = replace(PLAN, steps=(*PLAN.steps[:4], Step(date(2026, 12, 12))))
"""The plan ended on 12 Dec instead of 30 Dec: its last step's doses are gone."""


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's documents folder (not made yet) and home, in tmp_path; the folder
    Stepdown's exports should land in."""
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "documents"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "documents" / "Stepdown"


def shown(app: StepdownApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def run_palette(pilot: Pilot[None], command: str) -> None:
    """Open the command palette, type `command` and run it, as a person would."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause(0.3)  # the palette searches in a worker
    await pilot.press("enter")
    await pilot.pause()


async def test_r_on_week_writes_the_report_into_documents_and_keeps_the_path_on_screen(
    make_app: Callable[[], StepdownApp], data_path: Path, documents: Path
) -> None:
    write_journal(data_path, JOURNAL)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()

        written = documents / REPORT
        assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert isinstance(app.screen, ExportedScreen)
        assert "Report written" in shown(app, ".dialog-title")
        assert shown(app, "#exported-path") == str(written)
        assert not (data_path.parent / "reports").exists(), "not beside the data file"

        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == str(written)
        assert shown(app, "#exported-copied") == COPIED

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)


async def test_the_palettes_export_report_writes_it_there_too_and_enter_closes(
    make_app: Callable[[], StepdownApp], data_path: Path, documents: Path
) -> None:
    write_journal(data_path, JOURNAL)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        today = app.screen
        await run_palette(pilot, "Export report")

        assert (documents / REPORT).is_file()
        assert isinstance(app.screen, ExportedScreen)
        assert shown(app, "#exported-path") == str(documents / REPORT)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is today


async def test_the_settings_folder_is_used_with_its_tilde_expanded(
    make_app: Callable[[], StepdownApp], data_path: Path, documents: Path, tmp_path: Path
) -> None:
    write_journal(data_path, JOURNAL.with_settings(reports_folder="~/For the doctor"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_export_report()
        await pilot.pause()
        written = tmp_path / "home" / "For the doctor" / REPORT
        assert written.is_file()
        assert shown(app, "#exported-path") == str(written)
    assert not documents.exists()


async def test_a_folder_others_can_change_is_refused_naming_it(
    make_app: Callable[[], StepdownApp], data_path: Path, documents: Path
) -> None:
    documents.mkdir(parents=True)
    os.chmod(documents, 0o777)
    write_journal(data_path, JOURNAL)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_export_report()
        await pilot.pause()
        assert not isinstance(app.screen, ExportedScreen)
        [note] = app._notifications
        assert note.title == "Report not written"
        assert str(documents) in note.message
        assert "other users" in note.message
    assert list(documents.iterdir()) == []


async def test_the_demo_writes_beside_its_data_file_which_goes_on_quit(
    data_path: Path, documents: Path, clock: object
) -> None:
    from stepdown.store.journal_store import JournalStore

    write_journal(data_path, JOURNAL)
    store = JournalStore.open(data_path, clock)  # type: ignore[arg-type]
    try:
        app = StepdownApp(store, clock, demo=True)  # type: ignore[arg-type]
        async with app.run_test(size=(80, 24)) as pilot:
            app.action_export_report()
            await pilot.pause()
            assert (data_path.parent / "reports" / REPORT).is_file()
            assert "deleted when you quit" in shown(app, ".lead")
    finally:
        store.close()
    assert not documents.exists()


async def test_help_now_opens_over_the_dialog_from_every_focus(
    make_app: Callable[[], StepdownApp], data_path: Path, documents: Path
) -> None:
    write_journal(data_path, JOURNAL)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        failures = await open_and_check(app, pilot, ("w", "r"), also_bang=True)
        assert isinstance(app.screen, ExportedScreen)
        assert failures == []


def events(path: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def status(event: icalendar.Event) -> str:
    return str(event.get("STATUS"))


async def test_the_palettes_export_calendar_writes_it_there_and_says_where(
    make_app: Callable[[], StepdownApp], data_path: Path, documents: Path
) -> None:
    write_journal(data_path, JOURNAL)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_palette(pilot, "Export calendar")

        written = documents / CALENDAR
        assert isinstance(app.screen, ExportedScreen)
        assert "Calendar written" in shown(app, ".dialog-title")
        assert shown(app, "#exported-path") == str(written)
        assert "to 29 Dec 2026" in shown(app, ".lead")
        assert "keeps a note of what this file holds" in shown(app, ".lead")
        assert any(str(e.get("DTSTART").dt.date()) == "2026-12-29" for e in events(written))
        assert load_record(data_path) is not None, "the record of what it sent is kept"
        await pilot.press("c")
        assert app.clipboard == str(written)


async def test_i_on_week_exports_again_and_cancels_what_the_plan_no_longer_has(
    make_app: Callable[[], StepdownApp], data_path: Path, documents: Path
) -> None:
    write_journal(data_path, JOURNAL)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_export_calendar()
        await pilot.pause()
        await pilot.press("escape")
        first = {str(e["UID"]) for e in events(documents / CALENDAR) if status(e) == "CONFIRMED"}
        assert app.record(lambda journal: replace(journal, plan=SHORTENED))

        await pilot.press("w")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()

        assert isinstance(app.screen, ExportedScreen)
        cancelled = [
            e
            for e in events(documents / CALENDAR)
            if str(e["UID"]) in first and status(e) == "CANCELLED"
        ]
        # 12 Dec to 29 Dec, two doses a day, each in the calendar from the first export.
        assert len(cancelled) == 36
        assert {e.get("DTSTART").dt.date() for e in cancelled} == {
            date(2026, 12, 12) + timedelta(days=n) for n in range(18)
        }
        assert "; 36 cancelled" in shown(app, ".lead")
        assert "since the last export" in shown(app, ".lead")


async def test_no_doses_from_today_on_writes_no_calendar_and_says_so(
    make_app: Callable[[], StepdownApp], data_path: Path, documents: Path
) -> None:
    write_journal(data_path, replace(JOURNAL, plan=None))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_export_calendar()
        await pilot.pause()
        assert not isinstance(app.screen, ExportedScreen)
        [note] = app._notifications
        assert "no doses from today on" in note.message
    assert not (documents / CALENDAR).exists()
    assert load_record(data_path) is None


async def test_a_documents_folder_that_is_a_link_the_user_made_is_written_through(
    make_app: Callable[[], StepdownApp], data_path: Path, documents: Path, tmp_path: Path
) -> None:
    # Documents kept on another disk, linked from the home: a common set-up.
    (tmp_path / "other disk").mkdir(mode=0o700)
    documents.parent.symlink_to(tmp_path / "other disk")
    write_journal(data_path, JOURNAL)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_export_report()
        await pilot.pause()
        assert isinstance(app.screen, ExportedScreen), app._notifications
        assert shown(app, "#exported-path") == str(documents / REPORT)
    assert (tmp_path / "other disk" / "Stepdown" / REPORT).is_file()


async def test_the_demo_writes_its_calendar_beside_its_data_file_and_keeps_no_record(
    data_path: Path, documents: Path, clock: object
) -> None:
    from stepdown.store.journal_store import JournalStore

    write_journal(data_path, JOURNAL)
    store = JournalStore.open(data_path, clock)  # type: ignore[arg-type]
    try:
        app = StepdownApp(store, clock, demo=True)  # type: ignore[arg-type]
        async with app.run_test(size=(80, 24)) as pilot:
            app.action_export_calendar()
            await pilot.pause()
            assert (data_path.parent / "reports" / CALENDAR).is_file()
            assert "deleted when you quit" in shown(app, ".lead")
            assert "keeps a note" not in shown(app, ".lead"), "no record is kept to promise"
    finally:
        store.close()
    assert not documents.exists()
    assert load_record(data_path) is None, "no record of a journal deleted on quit"


async def test_no_home_to_find_documents_in_says_to_choose_a_folder(
    make_app: Callable[[], StepdownApp],
    data_path: Path,
    documents: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs

    def no_home() -> str:
        raise RuntimeError("Could not determine home directory")

    monkeypatch.setattr(platformdirs, "user_documents_dir", no_home)
    write_journal(data_path, JOURNAL)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_export_report()
        await pilot.pause()
        [note] = app._notifications
        assert note.title == "Report not written"
        assert "Choose a reports folder in the settings" in note.message
        await pilot.press("comma")
        await pilot.pause()
        assert "~/Reports" in app.screen.query_one("#reports_folder", Input).placeholder
