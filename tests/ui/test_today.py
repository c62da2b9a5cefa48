"""Recording today's doses through the keys, checked in the file that was saved."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from stepdown.clock import FixedClock
from stepdown.store.journal_store import JournalStore
from stepdown.store.rows import RowsJournal
from stepdown.ui.app import StepdownApp
from stepdown.ui.screens.dose_form import DoseForm
from stepdown.ui.widgets.dose_list import DoseList
from tests.ui.helpers import JOURNAL, NOW, saved, write_journal


def saved_doses(path: Path) -> list[dict[str, Any]]:
    """The dose entries saved for the test's day, 25 Nov 2026."""
    doses = saved(path).get("doses", [])
    return [dose for dose in doses if dose["date"] == NOW.date()]


def states(app: StepdownApp) -> list[str]:
    """What each dose line says after its time and amount ("14:00  15 mg  · due")."""
    lines = app.screen.query_one(DoseList).lines
    return [re.match(r"\S+\s+\S+ \S+\s+(.*)", line.plain).group(1) for line in lines]


async def test_space_marks_the_selected_dose_taken_now_at_the_planned_amount(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("down", "space")
        assert states(app)[1] == "✓ taken at 15:00"
    noon = saved_doses(data_path)[-1]
    assert noon == {
        "date": datetime(2026, 11, 25).date(),
        "slot": time(14),
        "status": "taken",
        "taken_at": datetime(2026, 11, 25, 15, 0),
        "amount": 15.0,
        "note": "",
    }


async def test_skip_with_a_reason(make_app: Callable[[], StepdownApp], data_path: Path) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("down", "down", "x")
        assert isinstance(app.screen, DoseForm)
        await pilot.press(*"too drowsy [red]", "enter")
        assert states(app)[2] == "– skipped: too drowsy [red]"
    evening = saved_doses(data_path)[-1]
    assert (evening["slot"], evening["status"], evening["note"]) == (
        time(20),
        "skipped",
        "too drowsy [red]",
    )
    assert "amount" not in evening


async def test_undo_takes_back_the_latest_entry(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("down", "space", "u")
        assert states(app)[1] == "· due"
        await pilot.press("u")
        assert states(app)[0] == "! missed"
        await pilot.press("u")
    assert saved_doses(data_path) == []


async def test_extra_dose_needs_a_typed_amount(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("plus")
        form = app.screen
        assert isinstance(form, DoseForm)
        assert form.query_one("#amount", Input).value == ""
        await pilot.press("ctrl+s")
        assert "Type a number" in str(form.query_one("#amount-error").render())
        await pilot.press("5", "tab", *"spasms", "ctrl+s")
        assert states(app)[2] == "+ extra dose: spasms"  # at 15:00, between 14:00 and 20:00
    extra = saved_doses(data_path)[-1]
    assert "slot" not in extra
    assert (extra["amount"], extra["taken_at"], extra["note"]) == (
        5.0,
        datetime(2026, 11, 25, 15, 0),
        "spasms",
    )


async def test_edit_the_time_and_amount_of_a_taken_dose(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, DoseForm)
        form.query_one("#at", Input).value = "8:30"
        form.query_one("#amount", Input).value = "20"
        await pilot.press("ctrl+s")
        assert states(app)[0] == "✓ taken at 08:30 (took 20 of 15 mg)"
    doses = saved_doses(data_path)
    assert len(doses) == 1
    assert (doses[0]["taken_at"], doses[0]["amount"]) == (datetime(2026, 11, 25, 8, 30), 20.0)


async def test_a_bad_time_is_refused_and_nothing_saved(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("e")
        form = app.screen
        form.query_one("#at", Input).value = "25:00"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DoseForm)
        assert "not a time of day" in str(form.query_one("#at-error").render())
        await pilot.press("escape")
    assert data_path.read_bytes() == before


async def test_the_first_dose_marked_after_opening_writes_only_that_dose(
    make_app: Callable[[], StepdownApp], data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file was written by another program: after the first frame the app prepares
    the file's text in a worker, so the key press proves only the new entry."""
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()  # the first frame, after which the preparation starts
        await app.workers.wait_for_complete()
        parsed: list[str] = []
        real = tomllib.loads

        def loads(text: str, **kwargs: Any) -> dict[str, Any]:
            parsed.append(text)
            return real(text, **kwargs)

        monkeypatch.setattr(tomllib, "loads", loads)
        await pilot.press("down", "enter")
        assert states(app)[1] == "✓ taken at 15:00"
    assert len(parsed) <= 2, "the new dose, and the journal's own keys"


async def test_today_is_drawn_before_older_records_are_read_and_a_save_keeps_them(
    make_app: Callable[[], StepdownApp],
    data_path: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_journal(data_path)
    JournalStore.open(data_path, clock).close()  # parses it and leaves the cache
    completed: list[bool] = []
    whole = RowsJournal.whole
    monkeypatch.setattr(RowsJournal, "whole", lambda rows: completed.append(True) or whole(rows))
    # The worker that reads the rest after the first frame, held back to look before it.
    monkeypatch.setattr(JournalStore, "prepare_save", lambda store: None)
    app = make_app()
    async with app.run_test() as pilot:
        assert states(app) == ["✓ taken at 08:05", "· due", "· due"]
        assert completed == []
        await pilot.press("down", "enter")
        assert completed == [True]
    # Three weeks of doses before the one just taken: none left out of the file.
    assert len(saved(data_path)["doses"]) == len(JOURNAL.doses) + 1


async def test_a_click_on_a_dose_marks_it_taken(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        doses = app.screen.query_one(DoseList)
        second_line = doses.content_region.y - doses.region.y + 1  # below the border
        await pilot.click(DoseList, offset=(3, second_line))  # the 14:00 dose
        assert states(app)[1] == "✓ taken at 15:00"
    assert saved_doses(data_path)[-1]["slot"] == time(14)


async def test_the_arrow_keys_home_and_end_move_the_highlight(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        doses = app.screen.query_one(DoseList)
        assert app.focused is doses and doses.highlighted == 0
        await pilot.press("up")
        assert doses.highlighted == 0  # no wrapping round
        await pilot.press("end")
        assert doses.highlighted == 2
        await pilot.press("down")
        assert doses.highlighted == 2
        await pilot.press("up", "home")
        assert doses.highlighted == 0


async def test_a_long_note_keeps_its_dose_to_one_line(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        note = "so drowsy that I slept through the afternoon and most of the evening as well"
        await pilot.press("down", "x", *note, "enter")
        doses = app.screen.query_one(DoseList)
        assert doses.size.height == 3
        second = "".join(segment.text for segment in doses.render_line(1)).rstrip()
        assert second.endswith("…") and "skipped: so drowsy" in second
