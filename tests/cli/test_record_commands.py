"""`stepdown take`, `skip`, `extra`, `undo` and `checkin`: what each records in the
file, what it prints, its refusals and exit statuses, and that nothing is written on
an error.

The journal plans 15 mg at 08:00, 17.5 mg at 14:00 and 20 mg at 20:00 every day, with
an emergency number and two people to call; the clock stands on Thursday 3 December
2026 at 14:05 unless a test moves it. Every test has its own home and XDG folders, so
neither the journal nor the undo record can touch the real user's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from stepdown.cli import main
from stepdown.clock import FixedClock
from stepdown.domain.journal import Checkin, Contact, DoseEntry, Journal, Plan, Settings, Step
from stepdown.domain.shell_checkin import FLAG_NAMES, SCORE_NAMES
from stepdown.record_cli import EXIT_RED_FLAG
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.undo_record import record_path
from tests.store import conftest as store_fixtures

Capture = pytest.CaptureFixture[str]
read_only_folder = store_fixtures.read_only_folder

TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 14, 5)
SLOTS = (time(8), time(14), time(20))
PLAN = Plan("Dr. Ana Rivera", steps=(Step(date(2026, 11, 1), SLOTS, (15.0, 17.5, 20.0)),))
JOURNAL = Journal(
    settings=Settings(emergency_number="911"),
    plan=PLAN,
    contacts=(
        Contact("Mum", role="family", phone="+1 555 0101", emergency=True),
        Contact("Dr. Ana Rivera", role="provider", phone="+1 555 0100"),
        Contact("Sam", role="friend", phone="+1 555 0102"),
    ),
)
SLOTS_LISTED = "Today's doses are at 08:00, 14:00 and 20:00."


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home and XDG folders of the test's own."""
    home = tmp_path / "home"
    for name, folder in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
    ):
        monkeypatch.setenv(name, str(home / folder))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("STEPDOWN_DATA", raising=False)
    return home


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    path.write_text(encode(JOURNAL), encoding="utf-8")
    return path


def run(data: Path, *args: str, now: datetime = NOW) -> int:
    return main(["--data", str(data), *args], clock=FixedClock(now))


def saved(data: Path) -> dict[str, Any]:
    with data.open("rb") as file:
        return tomllib.load(file)


def refused(data: Path, capsys: Capture, *args: str, status: int = 1, **kw: Any) -> str:
    """Run a command that must fail with `status`, leave the file's bytes as they were
    and print nothing on standard output; its standard error."""
    before = data.read_bytes()
    assert run(data, *args, **kw) == status
    assert data.read_bytes() == before
    out, err = capsys.readouterr()
    assert out == ""
    return err


def dose(data: Path, slot: time | None) -> dict[str, Any]:
    (found,) = [d for d in saved(data).get("doses", []) if d.get("slot") == slot]
    return found


# take


def test_take_marks_the_nearest_unrecorded_dose_taken_now(data: Path, capsys: Capture) -> None:
    # 08:00 is missed and unrecorded; the dose taken at 14:05 is the 14:00 one.
    assert run(data, "take") == 0
    assert capsys.readouterr().out == "Recorded today's 14:00 dose: taken at 14:05, 17.5 mg.\n"
    assert saved(data)["doses"] == [
        {
            "date": TODAY,
            "slot": time(14),
            "status": "taken",
            "taken_at": NOW,
            "amount": 17.5,
            "note": "",
        }
    ]


def test_take_next_goes_by_the_time_taken(data: Path, capsys: Capture) -> None:
    assert run(data, "take", "next", "--at", "8:10", now=datetime(2026, 12, 3, 11, 0)) == 0
    assert "today's 08:00 dose: taken at 08:10, 15 mg" in capsys.readouterr().out
    assert dose(data, time(8))["taken_at"] == datetime(2026, 12, 3, 8, 10)


def test_take_a_time_with_amount_and_note(data: Path, capsys: Capture) -> None:
    assert run(data, "take", "0800", "--amount", "12,5", "--at", "08:20", "--note", "late") == 0
    assert capsys.readouterr().out == (
        "Recorded today's 08:00 dose: taken at 08:20, 12.5 mg, with a note.\n"
    )
    entry = dose(data, time(8))
    assert (entry["amount"], entry["note"]) == (12.5, "late")


def test_take_refuses_a_dose_recorded_already(data: Path, capsys: Capture) -> None:
    assert run(data, "take", "14:00") == 0
    capsys.readouterr()
    err = refused(data, capsys, "take", "14:00")
    assert err == (
        "stepdown: Today's 14:00 dose is already recorded: taken at 14:05, 17.5 mg. "
        "`stepdown undo` takes it back.\n"
    )


def test_a_dose_recorded_in_the_app_is_changed_in_the_app(data: Path, capsys: Capture) -> None:
    entry = DoseEntry(TODAY, "skipped", slot=time(8), note="sick")
    data.write_text(encode(replace(JOURNAL, doses=(entry,))), encoding="utf-8")
    err = refused(data, capsys, "take", "08:00")
    assert "08:00 dose is already recorded: skipped, with a reason." in err
    assert "use the app (Today: e edits it)" in err


def test_take_next_with_every_dose_recorded(data: Path, capsys: Capture) -> None:
    entries = tuple(DoseEntry(TODAY, "skipped", slot=slot) for slot in SLOTS)
    data.write_text(encode(replace(JOURNAL, doses=entries)), encoding="utf-8")
    err = refused(data, capsys, "take")
    assert "Every planned dose of today is recorded already" in err
    assert "(08:00 skipped, 14:00 skipped and 20:00 skipped)" in err


@pytest.mark.parametrize(
    ("args", "question"),
    [
        (("14:00", "--amount", "30"), "30 mg is 1.7 times the planned 17.5 mg. Record 30 mg?"),
        (("14:00", "--at", "14:30"), "14:30 is later than now (14:05). Record it taken at 14:30?"),
        (("20:00",), "14:05 is 5 hours 55 minutes before the planned 20:00."),
    ],
)
def test_a_likely_slip_is_refused_unless_yes(
    data: Path, capsys: Capture, args: tuple[str, ...], question: str
) -> None:
    err = refused(data, capsys, "take", *args)
    assert err.startswith(f"stepdown: Not recorded: {question}")
    assert err.endswith("Run it again with --yes to record it anyway.\n")
    assert run(data, "take", *args, "--yes") == 0
    assert len(saved(data)["doses"]) == 1


def test_an_amount_at_one_and_a_half_times_the_plan_is_no_slip(data: Path) -> None:
    assert run(data, "take", "14:00", "--amount", "26.25") == 0
    assert dose(data, time(14))["amount"] == 26.25


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("take", "09:99"), "'09:99' is not a time of day; type one like 14:00, or next."),
        (("take", "soon"), "'soon' is not a time of day; type one like 14:00, or next."),
        (("take", "09:30"), "There is no dose at 09:30 today."),
        (("skip", "21:00"), "There is no dose at 21:00 today."),
    ],
)
def test_a_wrong_time_names_it_and_lists_todays_doses(
    data: Path, capsys: Capture, args: tuple[str, ...], words: str
) -> None:
    err = refused(data, capsys, *args, status=2)
    assert err == f"stepdown: {words} {SLOTS_LISTED}\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("take", "--amount", "lots"), "--amount 'lots': Type a number, like 15 or 17.5."),
        (("take", "--amount", "-5"), "--amount '-5': An amount can't be below 0."),
        (("take", "--at", "25:00"), "--at '25:00' is not a time of day; type one like 08:05."),
        (("extra", "1.234"), "AMOUNT '1.234': Use at most two decimals."),
    ],
)
def test_a_wrong_value_is_a_usage_error(
    data: Path, capsys: Capture, args: tuple[str, ...], words: str
) -> None:
    assert refused(data, capsys, *args, status=2) == f"stepdown: {words}\n"


def test_argparse_usage_errors_keep_status_2(data: Path, capsys: Capture) -> None:
    assert "the following arguments are required: TIME" in refused(data, capsys, "skip", status=2)


def test_no_plan_no_file(tmp_path: Path, capsys: Capture) -> None:
    missing = tmp_path / "none" / "journal.toml"
    assert run(missing, "take") == 1
    assert "There is no plan yet" in capsys.readouterr().err
    assert not missing.exists()


def test_no_dose_planned_today(data: Path, capsys: Capture) -> None:
    ended = replace(PLAN, steps=(*PLAN.steps, Step(date(2026, 12, 1))))
    data.write_text(encode(replace(JOURNAL, plan=ended)), encoding="utf-8")
    err = refused(data, capsys, "take", "08:00")
    assert err == "stepdown: No dose is planned for Thursday 3 December 2026 in your plan.\n"


def test_an_invalid_file_is_not_touched(data: Path, capsys: Capture) -> None:
    data.write_text("schema = 1\n[[doses]]\ndate = 2026-12-03\nstatus = 'lost'\n")
    err = refused(data, capsys, "take")
    assert err.startswith(f"stepdown: {data} has errors, so Stepdown does not change it.")
    assert err.endswith(
        "\nstepdown: The first problem: line 4, doses[0].status: "
        "'lost' is not one of: taken, skipped\n"
    )


def test_a_red_flag_beside_an_invalid_file_still_alerts(data: Path, capsys: Capture) -> None:
    data.write_text("schema = 1\n[[doses]]\ndate = 2026-12-03\nstatus = 'lost'\n")
    before = data.read_bytes()
    assert run(data, "checkin", "--seizure") == EXIT_RED_FLAG
    out, err = capsys.readouterr()
    assert out == (
        "⚠ Seek medical attention now\n"
        "Your check-in records a seizure.\n"
        "Severe withdrawal symptoms need medical attention immediately.\n"
        "No emergency number set yet: call your local emergency number.\n"
        "No emergency contacts or provider yet.\n"
    )
    assert err.endswith("stepdown: The check-in was not saved.\n")
    assert data.read_bytes() == before


def test_a_folder_that_cannot_be_written_to(
    data: Path, capsys: Capture, read_only_folder: Callable[[Path], AbstractContextManager[None]]
) -> None:
    folder = data.parent / "shared"
    folder.mkdir()
    path = data.rename(folder / "journal.toml")
    with read_only_folder(folder):
        err = refused(path, capsys, "take")
    # The store's own words: the day's backup, written first, cannot be made there.
    assert err.startswith(f"stepdown: Could not write today's backup {folder}/")
    assert f"{path} was not changed" in err
    assert err.endswith("stepdown: Nothing was recorded: this command does not try again.\n")
    assert not record_path(path).exists()


def test_a_newer_schema_is_read_only(data: Path, capsys: Capture) -> None:
    data.write_text(encode(JOURNAL).replace("schema = 1", "schema = 2"), encoding="utf-8")
    err = refused(data, capsys, "skip", "08:00")
    assert "written by a newer Stepdown (schema 2); it is opened read-only" in err


# beside another writer


@pytest.fixture
def edited_after_open(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, Journal], None]:
    """`edited_after_open(path, journal)`: the next command finds `journal` written to
    `path` by another program right after it opened the file, before it saves."""

    def edit(path: Path, journal: Journal) -> None:
        opened = JournalStore.open

        def open_then_edit(data: Path, clock: FixedClock) -> JournalStore:
            store = opened(data, clock)
            path.write_text(encode(journal), encoding="utf-8")
            return store

        monkeypatch.setattr(JournalStore, "open", open_then_edit)

    return edit


def test_a_record_is_added_to_another_programs_edit(
    data: Path, capsys: Capture, edited_after_open: Callable[[Path, Journal], None]
) -> None:
    extra = DoseEntry(TODAY, "taken", taken_at=datetime(2026, 12, 3, 9), amount=2.5)
    edited_after_open(data, replace(JOURNAL, doses=(extra,)))
    assert run(data, "take", "14:00") == 0
    out, err = capsys.readouterr()
    assert out == "Recorded today's 14:00 dose: taken at 14:05, 17.5 mg.\n"
    assert "your change was added to it" in err
    assert [d["amount"] for d in saved(data)["doses"]] == [2.5, 17.5]


def test_a_dose_the_app_recorded_meanwhile_is_not_recorded_again(
    data: Path, capsys: Capture, edited_after_open: Callable[[Path, Journal], None]
) -> None:
    theirs = DoseEntry(
        TODAY, "taken", slot=time(14), taken_at=datetime(2026, 12, 3, 14), amount=17.5
    )
    edited_after_open(data, replace(JOURNAL, doses=(theirs,)))
    assert run(data, "take", "14:00") == 1
    err = capsys.readouterr().err
    assert "Today's 14:00 dose is already recorded: taken at 14:00, 17.5 mg." in err
    assert err.endswith("stepdown: Nothing was recorded: this command does not try again.\n")
    assert saved(data)["doses"] == [
        {
            "date": TODAY,
            "slot": time(14),
            "status": "taken",
            "taken_at": datetime(2026, 12, 3, 14),
            "amount": 17.5,
            "note": "",
        }
    ]
    assert not record_path(data).exists()


# skip and extra


def test_skip_with_a_reason(data: Path, capsys: Capture) -> None:
    assert run(data, "skip", "8.00", "--reason", "sick\x1b[31m") == 0
    assert capsys.readouterr().out == "Recorded today's 08:00 dose: skipped, with a reason.\n"
    assert saved(data)["doses"] == [
        {"date": TODAY, "slot": time(8), "status": "skipped", "note": "sick[31m"}
    ]


def test_extra(data: Path, capsys: Capture) -> None:
    assert run(data, "extra", "5", "--at", "13:00", "--note", "spasm") == 0
    assert capsys.readouterr().out == (
        "Recorded an extra dose today: taken at 13:00, 5 mg, with a note.\n"
    )
    (entry,) = saved(data)["doses"]
    assert "slot" not in entry
    assert (entry["taken_at"], entry["amount"], entry["note"]) == (
        datetime(2026, 12, 3, 13),
        5.0,
        "spasm",
    )


def test_an_extra_dose_above_the_days_largest_needs_yes(data: Path, capsys: Capture) -> None:
    err = refused(data, capsys, "extra", "25")
    assert "25 mg is more than the day's largest planned dose, 20 mg." in err
    assert run(data, "extra", "25", "--yes") == 0
    assert saved(data)["doses"][0]["amount"] == 25.0


def test_extra_needs_no_plan(tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "journal.toml"
    assert run(path, "extra", "5") == 0
    assert saved(path)["doses"][0]["amount"] == 5.0


# undo


def test_undo_takes_back_the_last_shell_record(data: Path, capsys: Capture) -> None:
    before = saved(data)
    assert run(data, "take") == 0
    capsys.readouterr()
    assert run(data, "undo") == 0
    assert capsys.readouterr().out == (
        "Took back today's 14:00 dose, taken at 14:05, 17.5 mg (recorded by `stepdown take`).\n"
    )
    assert saved(data) == before
    err = refused(data, capsys, "undo")
    assert err.startswith("stepdown: Nothing to undo: no record made from the shell")


def test_undo_takes_back_only_the_last_one(data: Path, capsys: Capture) -> None:
    assert run(data, "skip", "08:00") == 0
    assert run(data, "extra", "5") == 0
    assert run(data, "undo") == 0
    assert [d["status"] for d in saved(data)["doses"]] == ["skipped"]
    capsys.readouterr()
    assert "Nothing to undo" in refused(data, capsys, "undo")


def test_undo_refuses_a_record_changed_since(data: Path, capsys: Capture) -> None:
    assert run(data, "take", "14:00") == 0
    # The app changes the entry meanwhile (its amount edited).
    text = data.read_text(encoding="utf-8").replace("amount = 17.5", "amount = 15.0")
    data.write_text(text, encoding="utf-8")
    capsys.readouterr()
    err = refused(data, capsys, "undo")
    assert err == (
        "stepdown: Not undone: today's 14:00 dose was changed since `stepdown take` recorded "
        "it (it is now taken at 14:05, 15 mg). Change it in the app instead (Today: e edits, "
        "u undoes).\n"
    )


def test_undo_of_a_record_removed_since(data: Path, capsys: Capture) -> None:
    assert run(data, "extra", "5") == 0
    data.write_text(encode(JOURNAL), encoding="utf-8")
    capsys.readouterr()
    assert "it is no longer in the journal" in refused(data, capsys, "undo")


def test_undo_of_another_journals_record(data: Path, tmp_path: Path, capsys: Capture) -> None:
    other = tmp_path / "other.toml"
    other.write_text(encode(JOURNAL), encoding="utf-8")
    assert run(other, "take") == 0
    capsys.readouterr()
    assert "Nothing to undo" in refused(data, capsys, "undo")


def test_a_record_undo_cannot_keep_is_said_and_no_older_one_stays(
    data: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(data, "skip", "08:00") == 0

    def full(journal: Path, record: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("stepdown.store.undo_record.save_record", full)
    assert run(data, "take") == 0
    err = capsys.readouterr().err
    assert "`stepdown undo` will not be able to take this back" in err
    assert not record_path(data).exists()  # undo must not take back the skip instead
    assert len(saved(data)["doses"]) == 2
    assert "Nothing to undo" in refused(data, capsys, "undo")


def test_an_older_undo_record_that_cannot_go_is_named(
    data: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("stepdown.store.undo_record.save_record", fail)
    monkeypatch.setattr("stepdown.store.undo_record.forget_record", fail)
    assert run(data, "take") == 0
    err = capsys.readouterr().err
    assert f"it would take back an earlier record instead: remove {record_path(data)}" in err


# checkin


def test_two_checkins_build_one(data: Path, capsys: Capture) -> None:
    assert run(data, "checkin", "--anxiety", "4", "--note", "tense") == 0
    assert capsys.readouterr().out == "Saved today's check-in: anxiety 4, a note.\n"
    later = datetime(2026, 12, 3, 21, 30)
    assert run(data, "checkin", "--sleep", "6", "--mood", "7", now=later) == 0
    assert capsys.readouterr().out == (
        "Saved today's check-in: sleep 6, mood 7 (the rest as it was).\n"
    )
    assert saved(data)["checkins"] == [
        {
            "date": TODAY,
            "recorded_at": later,
            "anxiety": 4,
            "sleep": 6,
            "mood": 7,
            "hallucinations": False,
            "seizure": False,
            "symptoms": [],
            "coping": [],
            "notes": "tense",
        }
    ]


def test_a_flag_is_cleared_with_no(data: Path, capsys: Capture) -> None:
    checkin = Checkin(TODAY, NOW, seizure=True, symptoms=("sweating", "confusion"), mood=5)
    data.write_text(encode(replace(JOURNAL, checkins=(checkin,))), encoding="utf-8")
    assert run(data, "checkin", "--no-seizure", "--no-confusion", "--fever") == EXIT_RED_FLAG
    assert capsys.readouterr().out.endswith(
        "Saved today's check-in: no seizure, no confusion, fever (the rest as it was).\n"
    )
    (kept,) = saved(data)["checkins"]
    assert (kept["seizure"], kept["symptoms"], kept["mood"]) == (False, ["sweating", "fever"], 5)
    assert run(data, "checkin", "--no-fever") == 0
    assert saved(data)["checkins"][0]["symptoms"] == ["sweating"]


def test_a_checkin_needs_a_field(data: Path, capsys: Capture) -> None:
    assert "Give at least one field" in refused(data, capsys, "checkin", status=2)


def test_a_wrong_score_without_a_red_flag_saves_nothing(data: Path, capsys: Capture) -> None:
    err = refused(data, capsys, "checkin", "--anxiety", "11", "--mood", "x", status=2)
    assert err == (
        "stepdown: --anxiety '11': Must be from 0 to 10, not 11.\n"
        "stepdown: --mood 'x': Type a whole number from 0 to 10.\n"
    )


RED_FLAG_ALERT = """\
⚠ Seek medical attention now
Your check-in records a seizure and spasticity at 9 of 10.
Not saved: Anxiety (not a score from 0 to 10).
Severe withdrawal symptoms need medical attention immediately.
Emergency number: call 911
  Mum (Family, emergency contact): +1 555 0101
  Dr. Ana Rivera (Provider): +1 555 0100
"""


def test_a_red_flag_is_saved_whatever_else_is_wrong(data: Path, capsys: Capture) -> None:
    args = ("checkin", "--seizure", "--spasticity", "9", "--anxiety", "11")
    assert run(data, *args) == EXIT_RED_FLAG == 4
    out, err = capsys.readouterr()
    assert out == RED_FLAG_ALERT + "Saved today's check-in: spasticity 9, seizure.\n"
    assert err == (
        "stepdown: --anxiety '11': Must be from 0 to 10, not 11. Left out of the check-in.\n"
    )
    (checkin,) = saved(data)["checkins"]
    assert (checkin["seizure"], checkin["spasticity"], "anxiety" in checkin) == (True, 9, False)


def test_a_red_flag_kept_from_earlier_today_is_shown_again(data: Path, capsys: Capture) -> None:
    checkin = Checkin(TODAY, NOW, hallucinations=True)
    data.write_text(encode(replace(JOURNAL, checkins=(checkin,))), encoding="utf-8")
    assert run(data, "checkin", "--mood", "3") == EXIT_RED_FLAG
    out = capsys.readouterr().out
    assert out.startswith("⚠ Seek medical attention now\nYour check-in records hallucinations.\n")


def test_a_red_flag_without_number_or_people(tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "journal.toml"
    assert run(path, "checkin", "--fever") == EXIT_RED_FLAG
    assert capsys.readouterr().out == (
        "⚠ Seek medical attention now\n"
        "Your check-in records fever.\n"
        "Severe withdrawal symptoms need medical attention immediately.\n"
        "No emergency number set yet: call your local emergency number.\n"
        "No emergency contacts or provider yet.\n"
        "Saved today's check-in: fever.\n"
    )
    assert saved(path)["checkins"][0]["symptoms"] == ["fever"]


def test_a_red_flag_the_file_cannot_take_still_alerts(data: Path, capsys: Capture) -> None:
    data.write_text(encode(JOURNAL).replace("schema = 1", "schema = 2"), encoding="utf-8")
    before = data.read_bytes()
    assert run(data, "checkin", "--seizure") == EXIT_RED_FLAG
    out, err = capsys.readouterr()
    assert out.startswith("⚠ Seek medical attention now\n") and "call 911" in out
    assert "opened read-only" in err and "The check-in was not saved." in err
    assert data.read_bytes() == before


def test_undo_of_a_checkin(data: Path, capsys: Capture) -> None:
    assert run(data, "checkin", "--anxiety", "3") == 0
    first = saved(data)
    assert run(data, "checkin", "--anxiety", "5") == 0
    assert run(data, "undo") == 0
    assert capsys.readouterr().out.endswith(
        "Took back the change to today's check-in by `stepdown checkin`: it is as it was before.\n"
    )
    assert saved(data) == first
    assert run(data, "checkin", "--mood", "4") == 0  # a new undo record
    data.write_text(encode(JOURNAL), encoding="utf-8")
    capsys.readouterr()
    assert "today's check-in was changed since `stepdown checkin` saved it" in refused(
        data, capsys, "undo"
    )


def test_undo_of_a_new_checkin_removes_it(data: Path, capsys: Capture) -> None:
    assert run(data, "checkin", "--sleep", "8") == 0
    assert run(data, "undo") == 0
    assert "the day has no check-in now" in capsys.readouterr().out
    assert "checkins" not in saved(data)


def test_the_checkin_options_are_the_domains_fields() -> None:
    from stepdown.cli import build_parser

    checkin = build_parser()._subparsers._group_actions[0].choices["checkin"]  # type: ignore[union-attr]
    options = {action.dest for action in checkin._actions} - {"help", "note"}
    assert options == {*SCORE_NAMES, *FLAG_NAMES}


def test_the_help_gives_the_exit_statuses(capsys: Capture) -> None:
    assert main(["checkin", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "2 a wrong value and no red flag (nothing is written)" in text
    assert "4 the check-in holds a red flag: seek medical attention now" in text
    assert main(["take", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Exit status: 0 recorded, 1 refused (the reason on standard error" in text


def test_the_module_imports_nothing_heavy_until_run() -> None:
    # Every command builds the whole parser, `status` included, which must start fast.
    code = (
        "import sys, stepdown.record_cli; print(sorted(m for m in sys.modules if 'stepdown' in m))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout == "['stepdown', 'stepdown.clock', 'stepdown.record_cli']\n"


# real runs


def _env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    env.pop("STEPDOWN_DATA", None)
    return env


def test_take_in_a_real_process(tmp_path: Path, home: Path) -> None:
    # The computer's clock: a dose at midnight, taken at midnight, is never a slip.
    every_day = Plan("Dr. Ana Rivera", steps=(Step(date(2000, 1, 1), (time(0),), (10.0,)),))
    path = tmp_path / "journal.toml"
    path.write_text(encode(replace(JOURNAL, plan=every_day)), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "stepdown", "--data", str(path), "take", "00:00", "--at", "0:00"],
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Recorded today's 00:00 dose: taken at 00:00, 10 mg.\n"
    assert saved(path)["doses"][0]["amount"] == 10.0


def test_a_red_flag_in_a_real_process(data: Path, home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "stepdown", "--data", str(data), "checkin", "--hallucinations"],
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=60,
    )
    assert result.returncode == EXIT_RED_FLAG
    assert result.stdout.startswith(
        "⚠ Seek medical attention now\nYour check-in records hallucinations.\n"
    )
    assert "Emergency number: call 911\n  Mum (Family, emergency contact): +1 555 0101\n" in (
        result.stdout
    )
    assert saved(data)["checkins"][0]["hallucinations"] is True
