"""The command line: version, usage errors, the data path, `check`, and `--demo`'s isolation.

Every test points HOME, XDG_DATA_HOME and STEPDOWN_DATA into tmp_path, so nothing
here can read or write the real user's journal. The TUI itself is never launched.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from stepdown import __version__
from stepdown.cli import DEMO_PREFIX, main, remove_stale_demos, run_app
from stepdown.clock import FixedClock
from stepdown.domain.demo import demo_journal
from stepdown.store.cache import cache_path, write_cache
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.lock import OpenMark, lock_path, open_path
from stepdown.store.rows import JournalRows

TODAY = date(2026, 11, 25)

BAD_FILE = """\
schema = 1

[[checkins]]
date = 2026-11-25
recorded_at = 2026-11-25T21:10:00
spasticity = 11
anxiety = 3
sleep = 6
mood = 6

[[doses]]
date = 2026-11-25
status = "lost"
"""


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake home and data folder; STEPDOWN_DATA unset unless a test sets it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("STEPDOWN_DATA", raising=False)
    return home


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    path.write_text(encode(demo_journal(TODAY)), encoding="utf-8")
    return path


def words(text: str) -> str:
    """`text` with its line wrapping undone."""
    return " ".join(text.split())


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"stepdown {__version__}\n"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: stepdown" in out
    assert "check" in out and "path" in out and "--demo" in out and "--data" in out


def test_unknown_flag_gets_usage_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--frobnicate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: stepdown")
    assert "--frobnicate" in err


def test_demo_takes_no_command_or_data_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", "check"]) == 2
    assert main(["--demo", "--data", "x.toml"]) == 2
    assert "--demo" in capsys.readouterr().err


def test_path_defaults_to_the_user_data_folder(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["path"]) == 0
    assert capsys.readouterr().out == f"{home / 'data' / 'stepdown' / 'journal.toml'}\n"
    assert not (home / "data").exists()


def test_path_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STEPDOWN_DATA", str(tmp_path / "env.toml"))
    assert main(["path"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'env.toml'}\n"


def test_an_empty_environment_variable_counts_as_unset(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STEPDOWN_DATA", "")
    assert main(["path"]) == 0
    assert capsys.readouterr().out == f"{home / 'data' / 'stepdown' / 'journal.toml'}\n"


def test_data_option_wins_over_the_environment_and_expands_home(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STEPDOWN_DATA", str(tmp_path / "env.toml"))
    assert main(["--data", "~/mine.toml", "path"]) == 0
    assert capsys.readouterr().out == f"{home / 'mine.toml'}\n"


def test_path_log_prints_the_log_file_in_the_state_folder(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    assert main(["path", "--log"]) == 0
    assert capsys.readouterr().out == f"{home / 'state' / 'stepdown' / 'stepdown.log'}\n"
    assert not (home / "state").exists()  # printing the path makes nothing


def test_check_summarises_a_valid_file(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal = demo_journal(TODAY)
    assert main(["check", str(demo_file)]) == 0
    out = words(capsys.readouterr().out)
    assert "is a valid Stepdown journal" in out
    assert "baclofen (mg)" in out
    assert (
        "Plan by Dr. Ana Rivera, approved 2026-11-04: 13 steps from 2026-11-04 to 2027-01-27" in out
    )
    assert f"{len(journal.doses)} dose entries" in out
    assert f"{len(journal.checkins)} check-ins" in out
    assert f"{len(journal.breathing)} breathing sessions" in out
    assert "5 contacts" in out
    assert "from 2026-11-11 to 2026-11-25" in out


def test_check_reads_the_data_file_given_before_the_command(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(demo_file), "check"]) == 0
    assert "Dr. Ana Rivera" in words(capsys.readouterr().out)


def test_check_defaults_to_the_environment_data_file(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STEPDOWN_DATA", str(demo_file))
    assert main(["check"]) == 0
    assert str(demo_file) in words(capsys.readouterr().out)


def test_check_an_empty_journal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.toml"
    path.write_text("schema = 1\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = words(capsys.readouterr().out)
    assert "No plan entered yet." in out
    assert "0 dose entries, 0 check-ins, 0 breathing sessions and 0 contacts" in out


def test_check_accepts_a_check_in_without_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each score is optional: absent means not recorded (DESIGN.md)."""
    path = tmp_path / "journal.toml"
    path.write_text(
        "schema = 1\n\n[[checkins]]\ndate = 2026-11-25\n"
        "recorded_at = 2026-11-25T21:10:00\nseizure = true\n",
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 0
    out = words(capsys.readouterr().out)
    assert "is a valid Stepdown journal" in out and "1 check-in" in out


def test_check_lists_every_error_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD_FILE, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "not a valid Stepdown journal (2 problems)" in lines[0]
    [spasticity] = [line for line in lines if "checkins[0].spasticity" in line]
    assert "line 6" in spasticity and "11" in spasticity
    [status] = [line for line in lines if "doses[0].status" in line]
    assert "line 13" in status and "lost" in status
    assert "stepdown check" in words("\n".join(lines))


def test_check_reports_a_syntax_error_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('schema = 1\n\n[settings]\nmedication = "baclofen\n', encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert "line 4" in capsys.readouterr().out


def test_check_calls_binary_garbage_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "garbage.toml"
    path.write_bytes(bytes(range(256)) * 4)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "not a valid Stepdown journal" in out


def test_check_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere" / "journal.toml"
    assert main(["check", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"no data file at {missing}" in captured.err
    assert not missing.parent.exists()


def test_check_the_default_file_when_there_is_none(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 2
    assert str(home / "data" / "stepdown" / "journal.toml") in capsys.readouterr().err


def test_check_a_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path)]) == 2
    assert f"cannot read {tmp_path}" in capsys.readouterr().err


def test_check_an_unreadable_file_exits_2(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(path: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    # Tests run as root, where chmod 000 does not stop a read.
    monkeypatch.setattr("stepdown.store.snapshot.read_bytes", refuse)
    assert main(["check", str(demo_file)]) == 2
    assert f"cannot read {demo_file}: Permission denied" in capsys.readouterr().err


def test_check_a_newer_schema_is_readable_but_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "future.toml"
    path.write_text('schema = 2\n\n[settings]\nmedication = "baclofen"\n', encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = words(capsys.readouterr().out)
    assert "newer Stepdown (schema 2" in out
    assert "read-only" in out


@pytest.mark.parametrize("content", [BAD_FILE, None], ids=["invalid", "valid"])
def test_check_changes_nothing_on_disk(tmp_path: Path, content: str | None) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    path = folder / "journal.toml"
    if content is None:
        path.write_text(encode(demo_journal(TODAY)), encoding="utf-8")
    else:
        path.write_text(content, encoding="utf-8")
    before = path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_mode
    main(["check", str(path)])
    assert (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_mode) == before
    assert [p.name for p in folder.iterdir()] == ["journal.toml"]  # no lock, no backup


def test_check_a_fifo_exits_2_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "journal.toml"
    os.mkfifo(fifo)
    # A child, so a check that waited for a writer fails on the timeout, not hangs the run.
    result = subprocess.run(
        [sys.executable, "-m", "stepdown", "check", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"cannot read {fifo}: it is not a regular file" in result.stderr


def test_check_through_a_valid_cache_says_what_a_parse_says(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(demo_file)]) == 0
    parsed = capsys.readouterr().out
    JournalStore.open(demo_file, FixedClock(datetime(2026, 11, 25, 9))).close()  # the cache
    assert cache_path(demo_file).exists()
    assert main(["check", str(demo_file)]) == 0
    assert capsys.readouterr().out == parsed


def test_check_reads_the_cache_of_the_files_bytes(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another journal cached under this file's digest happens only by tampering; here
    # it shows, by what check says, that check read the cache instead of the file.
    journal = demo_journal(TODAY)
    renamed = replace(journal, settings=replace(journal.settings, medication="cached"))
    digest = hashlib.sha256(demo_file.read_bytes()).digest()
    write_cache(demo_file, digest, JournalRows().row(renamed), None)
    assert main(["check", str(demo_file)]) == 0
    assert "Medication: cached (mg)" in words(capsys.readouterr().out)


def test_check_of_a_file_broken_since_its_cache_lists_every_error(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    JournalStore.open(demo_file, FixedClock(datetime(2026, 11, 25, 9))).close()  # the cache
    assert main(["check", str(demo_file)]) == 0
    demo_file.write_text(BAD_FILE, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(demo_file)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "not a valid Stepdown journal (2 problems)" in lines[0]
    assert any("line 6" in line and "spasticity" in line for line in lines)
    assert any("line 13" in line and "lost" in line for line in lines)


def test_check_writes_no_cache(demo_file: Path) -> None:
    assert main(["check", str(demo_file)]) == 0
    assert not cache_path(demo_file).exists()


def test_demo_runs_on_a_temporary_copy_and_never_touches_the_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real.toml"
    monkeypatch.setenv("STEPDOWN_DATA", str(real))
    opened: list[tuple[Path, bool, bytes]] = []

    def fake_run_app(path: Path, clock: object, *, demo: bool = False) -> int:
        opened.append((path, demo, path.read_bytes()))
        # What the app leaves in the user's folders while it runs.
        for leftover in (cache_path(path), lock_path(path), open_path(path)):
            leftover.parent.mkdir(parents=True, exist_ok=True)
            leftover.write_bytes(b"")
        return 0

    monkeypatch.setattr("stepdown.cli.run_app", fake_run_app)
    day_before = date.today()
    assert main(["--demo"]) == 0
    [(path, demo, data)] = opened
    assert demo is True
    assert path != real and not path.exists() and not path.parent.exists()
    assert not any(p.exists() for p in (cache_path(path), lock_path(path), open_path(path)))
    journal = decode(data)
    assert journal.plan is not None and journal.plan.prescriber == "Dr. Ana Rivera"
    started = {day - timedelta(weeks=3) for day in (day_before, date.today())}
    assert journal.plan.approved_on in started  # built around today
    assert not real.exists()


def test_a_demo_removes_what_killed_demos_left_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    hour_ago = time.time() - 3600

    def demo_folder(name: str, old: bool = True) -> Path:
        folder = tmp_path / f"{DEMO_PREFIX}{name}"
        folder.mkdir()
        (folder / "journal.toml").write_text(encode(demo_journal(TODAY)), encoding="utf-8")
        if old:
            os.utime(folder, (hour_ago, hour_ago))
        return folder

    killed = demo_folder("killed")
    running = demo_folder("running")
    held = OpenMark(running / "journal.toml")  # the running demo's app has it open
    held.acquire(shared=True)
    os.utime(running, (hour_ago, hour_ago))
    starting = demo_folder("starting", old=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / f"{DEMO_PREFIX}link").symlink_to(elsewhere)
    other = tmp_path / "stepdown-notes"
    other.mkdir()
    os.utime(other, (hour_ago, hour_ago))

    remove_stale_demos()

    held.release()
    assert not killed.exists()
    assert running.exists() and starting.exists() and other.exists()
    assert elsewhere.exists() and (tmp_path / f"{DEMO_PREFIX}link").is_symlink()


def test_app_releases_the_lock_even_when_it_crashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class CrashingApp:
        def __init__(self, store: JournalStore, clock: object, *, demo: bool = False) -> None:
            self.store = store

        def run(self) -> None:
            raise RuntimeError("boom")

    monkeypatch.setattr("stepdown.ui.app.StepdownApp", CrashingApp)
    path = tmp_path / "journal.toml"
    path.write_text(encode(demo_journal(TODAY)), encoding="utf-8")
    clock = FixedClock(at=datetime(2026, 11, 25, 9, 0))
    with pytest.raises(RuntimeError, match="boom"):
        run_app(path, clock)
    store = JournalStore.open(path, clock)
    try:
        assert store.status == "ready"
    finally:
        store.close()


def test_python_dash_m_runs_the_same_command_line(home: Path, tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    env.pop("STEPDOWN_DATA", None)
    result = subprocess.run(
        [sys.executable, "-m", "stepdown", "--version"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (0, f"stepdown {__version__}\n")


def test_the_command_line_imports_only_what_its_parser_needs(tmp_path: Path) -> None:
    """Every command builds the whole parser, and `status` runs before every prompt: the
    app, the store's writer, the demo and the completion generator wait until used."""
    later = ("textual", "rich", "shtab", "stepdown.store.journal_store", "stepdown.domain.demo")
    code = (
        "import sys; from stepdown.cli import build_parser; build_parser(); "
        f"print(sorted(name for name in sys.modules if name.startswith({later!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout == "[]\n"


def test_the_command_modules_import_their_work_only_when_it_runs() -> None:
    """Importing the command modules (as `main` does before any command runs) brings in
    none of the report's or calendar's writers, the store's reading and writing, or the
    reminders' schedule (which the file's rules once imported)."""
    modules = ("cli", "report_cli", "ics_cli", "status_cli", "completion_cli", "domain.rules")
    later = (
        "stepdown.domain.report",
        "stepdown.domain.week",
        "stepdown.domain.reminders",
        "stepdown.store.snapshot",
        "stepdown.store.files",
        "stepdown.store.calendar_record",
        "stepdown.store.paths",
    )
    code = (
        f"import sys, importlib; [importlib.import_module('stepdown.' + m) for m in {modules!r}]; "
        f"print(sorted(name for name in sys.modules if name.startswith({later!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout == "[]\n"
