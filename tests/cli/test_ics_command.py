"""`stepdown export ics`: the file, what it says it did, and the record of each export,
kept only once the file was written.

The data file is the crafted week of tests/domain/test_week.py; the clock is fixed at
its "now" (Wed 25 Nov 2026, 15:00) unless a test moves it.
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from stepdown.cli import main
from stepdown.clock import FixedClock
from stepdown.domain.journal import Journal, Step
from stepdown.domain.plan import replace_plan
from stepdown.store.calendar_record import load_record, record_path
from stepdown.store.codec import encode
from tests.domain.test_calendar_updates import read
from tests.domain.test_week import JOURNAL, NOW, PLAN, d

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("folder")  # every test works in a folder of its own


def run(data: Path, *args: str, now: datetime = NOW) -> int:
    return main(["--data", str(data), *args], clock=FixedClock(now))


def confirmed(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return [event for event in calendar.walk("VEVENT") if event.get("status") != "CANCELLED"]


SHORTER = replace(PLAN, steps=(*PLAN.steps[:2], Step(d(30))))
"""The plan ending on 30 Nov instead of 5 Dec: 5 days, 10 doses fewer."""


def test_export_ics(data: Path, folder: Path, capsys: Capture) -> None:
    assert run(data, "export", "ics") == 0
    written = folder / "stepdown-doses.ics"
    captured = capsys.readouterr()
    assert captured.out == f"{written}\n"
    assert "20 doses, 25 Nov 2026 to 4 Dec 2026. Stepdown keeps a note" in captured.err
    events = read(written.read_bytes())  # icalendar and vobject agree
    assert len(confirmed(written)) == 20
    # A calendar that never had Stepdown's events gets no cancelled twins.
    assert not any(event.status == "CANCELLED" for event in events)
    assert len(list(Calendar.from_ical(written.read_bytes()).walk("VALARM"))) == 20
    assert load_record(data) is not None


def test_cancel_older_cancels_what_stepdown_0_1_exported(
    data: Path, folder: Path, capsys: Capture
) -> None:
    assert run(data, "export", "ics", "--cancel-older") == 0
    events = read((folder / "stepdown-doses.ics").read_bytes())
    cancelled = {event.uid for event in events if event.status == "CANCELLED"}
    assert len(cancelled) == 20
    assert "20261125T0800-baclofen@stepdown" in cancelled


def test_export_ics_output_and_force(data: Path, folder: Path, capsys: Capture) -> None:
    target = folder / "doses.ics"
    assert run(data, "export", "ics", "--output", str(target)) == 0
    first = target.read_bytes()
    assert run(data, "export", "ics", "--output", str(target)) == 1
    assert "exists; add --force" in capsys.readouterr().err
    assert run(data, "export", "ics", "--output", str(target), "--force") == 0
    assert target.read_bytes() == first  # the same plan gives the same calendar
    assert "nothing changed since the last export" in capsys.readouterr().err


def test_export_ics_says_when_the_plan_has_no_end(folder: Path, capsys: Capture) -> None:
    path = folder / "open.toml"
    plan = replace(PLAN, steps=PLAN.steps[:2])
    path.write_text(encode(replace(JOURNAL, plan=plan)), encoding="utf-8")
    assert run(path, "export", "ics") == 0
    assert "no end step yet, so the events stop after 90 days" in capsys.readouterr().err


def test_export_ics_without_a_plan(folder: Path, capsys: Capture) -> None:
    path = folder / "empty.toml"
    path.write_text(encode(Journal()), encoding="utf-8")
    assert run(path, "export", "ics") == 1
    assert "the plan has no doses from today on" in capsys.readouterr().err
    assert not (folder / "stepdown-doses.ics").exists()
    assert load_record(path) is None


def test_a_second_export_says_what_changed(data: Path, folder: Path, capsys: Capture) -> None:
    assert run(data, "export", "ics") == 0
    # Shortened by hand (no plan_history), the morning dose of 26 Nov on at 10 mg.
    shorter = replace(
        SHORTER,
        steps=(*SHORTER.steps[:2], Step(d(26), PLAN.steps[1].times, (10.0, 20.0)), Step(d(30))),
    )
    data.write_text(encode(replace(JOURNAL, plan=shorter)), encoding="utf-8")
    capsys.readouterr()
    assert run(data, "export", "ics", "--force", now=NOW + timedelta(hours=1)) == 0
    err = capsys.readouterr().err
    # 25..29 Nov: 10 doses; 30 Nov..4 Dec cancelled: 10 doses; 26..29 Nov changed: 8.
    # (The two of 25 Nov say "step 2 of 4" now, not "of 3": changed too.)
    assert (
        "10 doses, 25 Nov 2026 to 29 Nov 2026; 10 cancelled, 10 changed since the last export"
        in err
    )
    assert len(confirmed(folder / "stepdown-doses.ics")) == 10


def test_a_plan_removed_still_cancels_what_was_exported(
    data: Path, folder: Path, capsys: Capture
) -> None:
    assert run(data, "export", "ics") == 0
    data.write_text(encode(replace(JOURNAL, plan=None)), encoding="utf-8")
    capsys.readouterr()
    assert run(data, "export", "ics", "--force") == 0
    assert "0 doses; 20 cancelled since the last export." in capsys.readouterr().err
    events = read((folder / "stepdown-doses.ics").read_bytes())
    assert {event.status for event in events} == {"CANCELLED"}


# The record is kept only once the file is written


def test_no_record_when_the_file_cannot_be_written(
    data: Path, folder: Path, capsys: Capture
) -> None:
    (folder / "a folder.ics").mkdir()
    assert run(data, "export", "ics", "--output", str(folder / "a folder.ics"), "--force") == 1
    assert load_record(data) is None
    assert not record_path(data).exists()


def test_a_failed_write_leaves_the_old_record(data: Path, folder: Path, capsys: Capture) -> None:
    assert run(data, "export", "ics") == 0
    before = record_path(data).read_bytes()
    data.write_text(encode(replace_plan(JOURNAL, SHORTER, NOW)), encoding="utf-8")
    real = os.replace

    def full_disk(source: object, target: object, *args: object, **kwargs: object) -> None:
        if str(target).endswith(".ics"):
            raise OSError(28, "No space left on device")
        real(source, target, *args, **kwargs)

    # A patch of its own: undoing the test's monkeypatch would undo its chdir too.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", full_disk)
        assert run(data, "export", "ics", "--force") == 1
    assert "the disk is full" in capsys.readouterr().err
    assert record_path(data).read_bytes() == before
    # The next export that is written still cancels against what the calendar has.
    assert run(data, "export", "ics", "--force") == 0
    assert "10 cancelled" in capsys.readouterr().err


def test_standard_output_counts_as_written(
    data: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer = io.BytesIO()
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(buffer, encoding="utf-8"))
    assert run(data, "export", "ics", "--output", "-") == 0
    assert buffer.getvalue().startswith(b"BEGIN:VCALENDAR")
    assert load_record(data) is not None


def test_a_record_that_cannot_be_kept_is_said(data: Path, folder: Path, capsys: Capture) -> None:
    assert run(data, "export", "ics") == 0
    record_path(data).parent.chmod(0o777)  # a state folder others can write: not used
    assert run(data, "export", "ics", "--force") == 0
    err = capsys.readouterr().err
    assert "the record of this export could not be kept" in err
    assert "can be written by other users" in err


def test_a_file_written_counts_even_when_its_path_cannot_be_printed(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdout", None)  # started with standard output closed
    assert run(data, "export", "ics", "--output", str(folder / "doses.ics")) != 0
    assert (folder / "doses.ics").exists()
    assert load_record(data) is not None
