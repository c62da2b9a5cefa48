"""The reminder installer: the files it writes (read back as systemd, launchd and a shell
read them), the commands it runs and in what order, and what is left after a failure.

No real systemd, launchd or crontab is touched: a FakeComputer answers for them, and
its crontab is a string.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from stepdown import remind_units as units
from stepdown.remind_install import (
    InstallFailed,
    System,
    install,
    installed,
    uninstall,
)
from stepdown.remind_system import Ran

PYTHON = "/opt/py env/bin/python3"
TRICKY = 'it\'s "q" 100% $HOME\\x'
"""A folder name with every character some format quotes: a space, both quotes, %, $, \\."""


class FakeComputer:
    """Answers for systemctl, launchctl and crontab, and records every call in order."""

    def __init__(self, *, systemd: bool = True, crontab: str | None = None) -> None:
        self.systemd = systemd
        self.crontab = crontab
        """The user's crontab; None when they have none."""
        self.cron = True
        self.failing: dict[tuple[str, ...], Ran] = {}
        self.calls: list[tuple[str, ...]] = []
        self.wants: Path | None = None

    def __call__(self, argv: Sequence[str], stdin: str | None) -> Ran:
        call = tuple(argv)
        self.calls.append(call)
        for prefix, ran in self.failing.items():
            if call[: len(prefix)] == prefix:
                return ran
        if call[:2] == ("systemctl", "--user"):
            return self._systemctl(call[2:])
        if call[0] == "crontab":
            return self._crontab(call[1], stdin)
        if call[0] == "launchctl":
            return Ran(0, "", "")
        raise AssertionError(f"unexpected command {call}")

    def _systemctl(self, verb: tuple[str, ...]) -> Ran:
        if not self.systemd:
            return Ran(1, "", "Failed to connect to bus: No medium found")
        # enable and disable make and remove the link the real systemctl does
        if verb[0] == "enable" and self.wants is not None and not self.wants.is_symlink():
            self.wants.parent.mkdir(parents=True, exist_ok=True)
            self.wants.symlink_to(self.wants.parent.parent / units.TIMER)
        if verb[0] == "disable" and self.wants is not None:
            self.wants.unlink(missing_ok=True)
        return Ran(0, "", "")

    def _crontab(self, flag: str, stdin: str | None) -> Ran:
        if not self.cron:
            return Ran(127, "", "crontab: command not found")
        if flag == "-l":
            if self.crontab is None:
                return Ran(1, "", "no crontab for patient\n")
            return Ran(0, self.crontab, "")
        assert flag == "-" and stdin is not None
        self.crontab = stdin
        return Ran(0, "", "")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own, with the XDG folders inside it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name, sub in [("CONFIG", "config"), ("DATA", "data"), ("STATE", "state")]:
        monkeypatch.setenv(f"XDG_{name}_HOME", str(home / sub))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    return home


@pytest.fixture
def computer(home: Path) -> FakeComputer:
    fake = FakeComputer()
    fake.wants = home / "config" / "systemd" / "user" / "timers.target.wants" / units.TIMER
    return fake


def system(home: Path, run: FakeComputer, platform: str = "linux", **environ: str) -> System:
    given = {"XDG_STATE_HOME": str(home / "state"), "HOME": str(home), **environ}
    given.setdefault("XDG_CONFIG_HOME", str(home / "config"))
    return System(platform, home, given, PYTHON, 501, run)


def unit_folder(home: Path) -> Path:
    return home / "config" / "systemd" / "user"


def unit_files(home: Path) -> dict[str, bytes]:
    """Stepdown's unit files and their bytes."""
    return {path.name: path.read_bytes() for path in unit_folder(home).glob("stepdown-*")}


def read_unit(path: Path) -> configparser.ConfigParser:
    """A unit file as an INI file (systemd's syntax is one), keys kept as written."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def reminder(journal: Path) -> list[str]:
    return [PYTHON, "-m", "stepdown", "--data", str(journal), "remind", "--run"]


# systemd


def test_systemd_install_writes_a_service_and_a_timer_and_enables_the_timer(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    journal = tmp_path / "journal.toml"
    done = install(journal, system(home, computer))

    service = read_unit(unit_folder(home) / units.SERVICE)
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].startswith('"/opt/py env/bin/python3" "-m" "stepdown"')
    text = (unit_folder(home) / units.SERVICE).read_text()
    assert units.service_command(text) == reminder(journal)
    assert f'Environment="XDG_STATE_HOME={home}/state"' in text
    timer = read_unit(unit_folder(home) / units.TIMER)
    assert timer["Timer"]["OnCalendar"] == "*-*-* *:*:00"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert computer.calls == [
        ("systemctl", "--user", "show-environment"),
        ("crontab", "-l"),
        ("systemctl", "--user", "daemon-reload"),
        ("systemctl", "--user", "enable", "--now", units.TIMER),
    ]
    lines = "\n".join(done.lines())
    assert "a systemd user timer runs Stepdown every minute" in lines
    assert f"wrote {unit_folder(home) / units.SERVICE}" in lines
    assert f"wrote {unit_folder(home) / units.TIMER}" in lines
    assert f"ran: systemctl --user enable --now {units.TIMER}" in lines
    assert f"journal: {journal}" in lines
    assert done.replaced == ()


def test_a_path_with_spaces_quotes_percent_and_dollar_is_quoted_for_systemd(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    journal = tmp_path / TRICKY / "journal.toml"
    install(journal, system(home, computer))

    text = (unit_folder(home) / units.SERVICE).read_text()
    quoted = str(tmp_path).replace("%", "%%").replace("$", "$$")
    assert (
        f'ExecStart="/opt/py env/bin/python3" "-m" "stepdown" "--data" '
        f'"{quoted}/it\'s \\"q\\" 100%% $$HOME\\\\x/journal.toml" "remind" "--run"'
    ) in text
    assert units.service_command(text) == reminder(journal)
    assert installed(system(home, computer)).journal == journal  # type: ignore[union-attr]


def test_systemd_analyze_accepts_the_units(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    real = System(
        "linux", home, {"XDG_CONFIG_HOME": str(home / "config")}, sys.executable, 0, computer
    )
    install(tmp_path / TRICKY / "journal.toml", real)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    folder = unit_folder(home)
    checked = subprocess.run(
        [analyze, "verify", "--user", str(folder / units.SERVICE), str(folder / units.TIMER)],
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if "Failed to initialize manager" in checked.stderr:
        pytest.skip(f"systemd-analyze cannot run here: {checked.stderr.strip()}")
    assert (checked.returncode, checked.stderr) == (0, "")


def test_installing_twice_writes_the_same_files_once(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    install(tmp_path / "journal.toml", system(home, computer))
    first = unit_files(home)
    again = install(tmp_path / "journal.toml", system(home, computer))

    assert unit_files(home) == first
    assert again.replaced == ()
    assert "replaced" not in "\n".join(again.lines())


def test_installing_for_another_journal_replaces_the_first_and_says_so(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    install(tmp_path / "old.toml", system(home, computer))
    done = install(tmp_path / "new.toml", system(home, computer))

    assert units.service_command((unit_folder(home) / units.SERVICE).read_text()) == reminder(
        tmp_path / "new.toml"
    )
    assert f"replaced a systemd user timer for {tmp_path / 'old.toml'}" in done.lines()[-1]


def test_a_relative_journal_is_installed_by_its_absolute_path(
    home: Path, computer: FakeComputer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    done = install(Path("sub/../journal.toml"), system(home, computer))
    assert done.state.journal == tmp_path / "journal.toml"


def test_uninstall_stops_the_timer_and_removes_what_install_wrote(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    install(tmp_path / "journal.toml", system(home, computer))
    assert computer.wants is not None and computer.wants.is_symlink()
    computer.calls.clear()
    removed = uninstall(system(home, computer))

    assert sorted(unit_folder(home).rglob("*")) == [unit_folder(home) / "timers.target.wants"]
    assert computer.calls == [
        ("crontab", "-l"),
        ("systemctl", "--user", "disable", "--now", units.TIMER),
        ("systemctl", "--user", "daemon-reload"),
    ]
    lines = removed.lines()
    assert lines[0] == f"Reminders removed: a systemd user timer for {tmp_path / 'journal.toml'}."
    assert f"  removed {unit_folder(home) / units.SERVICE}" in lines
    assert installed(system(home, computer)) is None


def test_uninstall_with_nothing_installed_says_so_and_runs_nothing(
    home: Path, computer: FakeComputer
) -> None:
    removed = uninstall(system(home, computer))

    assert removed.nothing
    assert removed.lines() == ["No reminders are installed: nothing to remove."]
    assert computer.calls == [("crontab", "-l")]


def test_a_timer_systemctl_cannot_stop_is_still_removed_with_a_note(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    install(tmp_path / "journal.toml", system(home, computer))
    computer.failing[("systemctl", "--user", "disable")] = Ran(1, "", "Failed to connect to bus")
    removed = uninstall(system(home, computer))

    assert not (unit_folder(home) / units.SERVICE).exists()
    assert not os.path.lexists(computer.wants)  # type: ignore[arg-type]
    assert "Failed to connect to bus" in removed.lines()[-1]


def test_a_failing_systemctl_leaves_no_file_behind(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    computer.failing[("systemctl", "--user", "enable")] = Ran(1, "", "Unit is masked.\n")
    with pytest.raises(InstallFailed, match=r"not installed: .*enable.*Unit is masked\.$"):
        install(tmp_path / "journal.toml", system(home, computer))

    assert unit_files(home) == {}
    assert computer.calls[-2:] == [
        ("systemctl", "--user", "disable", "--now", units.TIMER),
        ("systemctl", "--user", "daemon-reload"),
    ]


def test_a_failing_systemctl_puts_the_earlier_installation_back(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    install(tmp_path / "old.toml", system(home, computer))
    before = unit_files(home)
    computer.failing[("systemctl", "--user", "daemon-reload")] = Ran(1, "", "Access denied")
    with pytest.raises(InstallFailed, match="Access denied"):
        install(tmp_path / "new.toml", system(home, computer))

    assert unit_files(home) == before
    assert ("systemctl", "--user", "disable", "--now", units.TIMER) not in computer.calls


def test_a_path_with_a_line_break_is_refused_before_anything_runs(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    with pytest.raises(InstallFailed, match="line break"):
        install(tmp_path / "two\nlines.toml", system(home, computer))
    assert not unit_folder(home).exists()
    assert [call for call in computer.calls if call[-1] != "-l"] == [
        ("systemctl", "--user", "show-environment")
    ]
