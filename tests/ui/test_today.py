"""Recording today's doses through the keys, checked in the file that was saved."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from stepdown.clock import FixedClock
from stepdown.domain.doses import taken
from stepdown.store.journal_store import JournalStore
from stepdown.store.rows import RowsJournal
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.dialogs.dose_form import DoseForm
from stepdown.ui.dialogs.leave import LeavePrompt
from stepdown.ui.screens.help import HelpScreen
from stepdown.ui.screens.today import TodayScreen
from stepdown.ui.widgets.dose_list import DoseList
from stepdown.ui.widgets.frame import AppFooter
from tests.ui.helpers import JOURNAL, NOW, saved, write_journal


def saved_doses(path: Path) -> list[dict[str, Any]]:
    """The dose entries saved for the test's day, 25 Nov 2026."""
    doses = saved(path).get("doses", [])
    return [dose for dose in doses if dose["date"] == NOW.date()]


def footer(app: StepdownApp) -> str:
    """The Footer's line as it reads on screen."""
    return str(app.screen.query_one(AppFooter).render())


def question(app: StepdownApp) -> str:
    """The question the dialog in view asks."""
    assert isinstance(app.screen, ConfirmScreen)
    return app.screen.question


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


# Typing slips are asked about before they are recorded; "no" writes nothing.


async def test_an_extra_dose_larger_than_any_planned_asks_and_no_goes_back_to_the_form(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("plus", "tab", *"200", "ctrl+s")
        assert question(app) == (
            "200 mg is more than the day's largest planned dose, 20 mg. Record 200 mg?"
        )
        await pilot.press("enter")  # "No, go back" has the focus: a stray enter records nothing
        form = app.screen
        assert isinstance(form, DoseForm)
        assert form.query_one("#amount", Input).value == "200"
        assert data_path.read_bytes() == before
        # Corrected, it is recorded without a question.
        form.query_one("#amount", Input).value = "2"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, TodayScreen)
    assert saved_doses(data_path)[-1]["amount"] == 2.0


async def test_yes_records_exactly_what_was_typed(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("e")
        form = app.screen
        form.query_one("#at", Input).value = "16:30"
        form.query_one("#amount", Input).value = "200"
        await pilot.press("ctrl+s")
        assert question(app) == (
            "200 mg is 13 times the planned 15 mg. 16:30 is later than now (15:00). "
            "Record 200 mg taken at 16:30?"
        )
        await pilot.click("#yes")
        assert isinstance(app.screen, TodayScreen)
    morning = saved_doses(data_path)
    assert len(morning) == 1
    assert (morning[0]["taken_at"], morning[0]["amount"]) == (datetime(2026, 11, 25, 16, 30), 200)


async def test_marking_a_dose_taken_long_before_its_time_asks_first(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("end", "enter")
        assert question(app) == "The 20:00 dose is 5 hours away. Mark it taken now?"
        await pilot.press("enter")  # "No"
        assert states(app)[2] == "· due"
        assert data_path.read_bytes() == before
        # A click on the row asks the same, and yes marks it.
        doses = app.screen.query_one(DoseList)
        third_line = doses.content_region.y - doses.region.y + 2
        await pilot.click(DoseList, offset=(3, third_line))
        assert question(app) == "The 20:00 dose is 5 hours away. Mark it taken now?"
        await pilot.click("#yes")
        assert states(app)[2] == "✓ taken at 15:00"
    evening = saved_doses(data_path)[-1]
    assert (evening["slot"], evening["taken_at"], evening["amount"]) == (
        time(20),
        datetime(2026, 11, 25, 15, 0),
        20.0,
    )


async def test_the_slip_question_on_the_way_out_of_the_form(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    """Save in the leave question saves only when the slip question is answered yes."""
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    left: list[bool] = []
    async with app.run_test() as pilot:
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, DoseForm)
        form.query_one("#amount", Input).value = "200"
        form.before_leaving(lambda: left.append(True))
        await pilot.pause()
        await pilot.click("#save")
        assert "Record 200 mg?" in question(app)
        await pilot.click("#no")
        assert app.screen is form and not left
        assert data_path.read_bytes() == before
        form.before_leaving(lambda: left.append(True))
        await pilot.pause()
        await pilot.click("#save")
        await pilot.click("#yes")
        assert isinstance(app.screen, TodayScreen) and left == [True]
    assert saved_doses(data_path)[0]["amount"] == 200.0


# The dose form asks before dropping what was typed.


async def test_escape_on_a_changed_dose_form_asks_and_discard_writes_nothing(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, DoseForm)
        form.query_one("#amount", Input).value = "12.5"
        await pilot.press("escape")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.press("escape")  # keep editing
        assert app.screen is form and form.query_one("#amount", Input).value == "12.5"
        await pilot.press("escape")
        await pilot.click("#discard")
        assert isinstance(app.screen, TodayScreen)
        # Unchanged, escape closes at once.
        await pilot.press("e", "escape")
        assert isinstance(app.screen, TodayScreen)
    assert data_path.read_bytes() == before


async def test_quitting_from_a_changed_skip_form_asks_first(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("end", "x", *"asleep")
        await app.run_action("quit")
        await pilot.pause()
        assert isinstance(app.screen, LeavePrompt)
        await pilot.click("#save")
        await pilot.pause()
    assert app.return_code == 0
    evening = saved_doses(data_path)[-1]
    assert (evening["slot"], evening["status"], evening["note"]) == (time(20), "skipped", "asleep")


# Undo takes back the latest change, and says which.


async def test_undo_of_an_edit_restores_the_entry_as_it_was(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = saved(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("e")
        form = app.screen
        form.query_one("#amount", Input).value = "20"
        form.query_one("#note", Input).value = "old tablets"
        await pilot.press("ctrl+s")
        assert states(app)[0] == "✓ taken at 08:05 (took 20 of 15 mg): old tablets"
        assert "u Undo: edit of 08:00" in footer(app)
        await pilot.press("u")
        assert states(app)[0] == "✓ taken at 08:05"
    assert saved(data_path) == before


async def test_undo_goes_back_change_by_change_then_to_the_latest_entry(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        assert "u Undo: 08:00 taken" in footer(app)  # from before the app started
        await pilot.press("end", "x", "enter")
        assert "u Undo: 20:00 skipped" in footer(app)
        await pilot.press("up", "enter")
        assert "u Undo: 14:00 taken" in footer(app)
        await pilot.press("plus", "tab", "5", "ctrl+s")
        assert "u Undo: extra 15:00" in footer(app)
        await pilot.press("u")
        assert "u Undo: 14:00 taken" in footer(app)
        assert len(states(app)) == 3
        await pilot.press("u")
        assert states(app) == ["✓ taken at 08:05", "· due", "– skipped"]
        await pilot.press("u", "u")
        assert states(app) == ["! missed", "· due", "· due"]
        assert "Undo" not in footer(app)
    assert saved_doses(data_path) == []


async def test_undo_of_a_take_brings_back_the_skip_it_replaced(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("down", "x", *"nausea", "enter")
        skip = saved_doses(data_path)[-1]
        await pilot.press("enter")
        assert states(app)[1] == "✓ taken at 15:00"
        await pilot.press("u")
        assert states(app)[1] == "– skipped: nausea"
    assert saved_doses(data_path)[-1] == skip


async def test_help_names_what_undo_will_take_back(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("end", "x", "enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert ("u", "Undo: 20:00 skipped", "this screen") in app.screen.rows


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_footer_keeps_help_now_whatever_undo_names(
    make_app: Callable[[], StepdownApp], data_path: Path, size: tuple[int, int]
) -> None:
    """At 60 columns Today's keys fill the Footer: it says "Undo" alone there."""
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("e")
        app.screen.query_one("#at", Input).value = "8:10"
        await pilot.press("ctrl+s")
        line = footer(app)
        assert len(line) <= size[0]
        assert line.rstrip().endswith("Help now") or "Help now " in line
        assert ("u Undo: edit of 08:00" in line) == (size[0] >= 80)
        assert "u Undo " in line or "u Undo:" in line


# A taken dose's note


async def test_a_taken_doses_note_is_shown_on_its_line(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    noted = taken(NOW.date(), time(8), 15.0, datetime(2026, 11, 25, 8, 5), "with food [b]")
    write_journal(data_path, replace(JOURNAL, doses=(*JOURNAL.doses[:-1], noted)))
    app = make_app()
    async with app.run_test():
        assert states(app)[0] == "✓ taken at 08:05: with food [b]"


# The plan panel


async def test_the_next_change_names_each_dose_time_with_its_amount(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test():
        lines = str(app.screen.query_one("#plan").render()).splitlines()
        at = lines.index("Next change 28 Nov 2026 (in 3 days):")
        assert lines[at + 1 : at + 3] == [
            "  08:00 10 mg, 14:00 15 mg, 20:00 15 mg",
            "Taper ends 30 Dec 2026.",
        ]
