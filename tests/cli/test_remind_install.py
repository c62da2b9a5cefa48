"""The reminder installer: the files it writes (read back as systemd, launchd and a shell
read them), the commands it runs and in what order, and what is left after a failure.

No real systemd, launchd or crontab is touched: a FakeComputer answers for them, and
its crontab is a string.
"""

from __future__ import annotations

import configparser
import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from stepdown import remind_system
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
    assert lines.endswith(f"\n  check: systemctl --user list-timers {units.TIMER}")
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
    assert f"  replaced a systemd user timer for {tmp_path / 'old.toml'}" in done.lines()


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


# launchd


def agent_path(home: Path) -> Path:
    return home / "Library" / "LaunchAgents" / units.PLIST


def test_launchd_install_writes_an_agent_and_bootstraps_it(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    journal = tmp_path / TRICKY / "journal.toml"
    done = install(journal, system(home, computer, "darwin"))

    agent = plistlib.loads(agent_path(home).read_bytes())
    assert agent["Label"] == units.LABEL
    assert agent["ProgramArguments"] == reminder(journal)
    assert agent["StartInterval"] == 60
    assert agent["EnvironmentVariables"] == {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    domain = "gui/501"
    assert computer.calls == [
        ("crontab", "-l"),
        ("launchctl", "bootout", f"{domain}/{units.LABEL}"),
        ("launchctl", "bootstrap", domain, str(agent_path(home))),
    ]
    assert "a launchd agent runs Stepdown every minute" in done.lines()[0]
    assert f"  wrote {agent_path(home)}" in done.lines()
    assert installed(system(home, computer, "darwin")).journal == journal  # type: ignore[union-attr]


def test_launchd_falls_back_to_load_when_bootstrap_fails(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    computer.failing[("launchctl", "bootstrap")] = Ran(5, "", "Bootstrap failed: 5")
    install(tmp_path / "journal.toml", system(home, computer, "darwin"))

    assert computer.calls[-1] == ("launchctl", "load", "-w", str(agent_path(home)))
    assert agent_path(home).exists()


def test_launchd_failing_leaves_no_agent_behind(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    computer.failing[("launchctl", "bootstrap")] = Ran(5, "", "Bootstrap failed: 5")
    computer.failing[("launchctl", "load")] = Ran(1, "", "Load failed: 5: Input/output error")
    with pytest.raises(InstallFailed, match="Input/output error"):
        install(tmp_path / "journal.toml", system(home, computer, "darwin"))

    assert not agent_path(home).exists()


def test_launchd_uninstall_boots_the_agent_out_and_removes_it(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    install(tmp_path / "journal.toml", system(home, computer, "darwin"))
    computer.calls.clear()
    removed = uninstall(system(home, computer, "darwin"))

    assert not agent_path(home).exists()
    assert computer.calls == [
        ("crontab", "-l"),
        ("launchctl", "bootout", f"gui/501/{units.LABEL}"),
    ]
    assert f"  removed {agent_path(home)}" in removed.lines()


# cron

USERS_CRONTAB = (
    "# m h  dom mon dow   command\n"
    "MAILTO=me@example.org\n"
    "0 3 * * *  /usr/bin/backup --all   \n"  # trailing spaces kept
    "\n"
    "@reboot echo 'caf\udce9' >> /tmp/boot.log\r\n"  # a Latin-1 byte, a CR
    "*/5 * * * * echo 50\\% done\n"
)


def cron_computer(crontab: str | None = USERS_CRONTAB) -> FakeComputer:
    return FakeComputer(systemd=False, crontab=crontab)


def test_cron_lines_go_between_markers_after_the_users_lines(home: Path, tmp_path: Path) -> None:
    computer = cron_computer()
    journal = tmp_path / "journal.toml"
    done = install(journal, system(home, computer, DBUS_SESSION_BUS_ADDRESS="unix:path=/b"))

    assert computer.crontab is not None
    before, block, after = units.split_crontab(computer.crontab)  # type: ignore[misc]
    assert (before, after) == (USERS_CRONTAB, "")
    lines = block.splitlines()
    assert (lines[0], lines[-1]) == (units.CRON_BEGIN, units.CRON_END)
    assert lines[1].startswith("* * * * * ")
    assert units.cron_command(block) == reminder(journal)
    assert computer.calls == [
        ("systemctl", "--user", "show-environment"),
        ("crontab", "-l"),
        ("crontab", "-l"),
        ("crontab", "-l"),
        ("crontab", "-"),
        ("crontab", "-l"),
    ]
    assert all("\n" not in line for line in done.lines())
    text = "\n".join(done.lines())
    assert "a cron job runs Stepdown every minute" in text
    assert f"\n    {lines[1]}\n" in text
    assert "D-Bus address" in text


def test_cron_uninstall_gives_back_the_users_crontab_exactly(home: Path, tmp_path: Path) -> None:
    computer = cron_computer()
    install(tmp_path / "journal.toml", system(home, computer))
    install(tmp_path / "journal.toml", system(home, computer))
    removed = uninstall(system(home, computer))

    assert computer.crontab == USERS_CRONTAB
    assert removed.lines()[0].startswith("Reminders removed: a cron job for")


def test_cron_lines_replace_themselves_where_they_stand(home: Path, tmp_path: Path) -> None:
    computer = cron_computer()
    install(tmp_path / "old.toml", system(home, computer))
    assert computer.crontab is not None
    computer.crontab += "# a line the user added later\n"
    done = install(tmp_path / "new.toml", system(home, computer))

    before, block, after = units.split_crontab(computer.crontab)  # type: ignore[misc]
    assert (before, after) == (USERS_CRONTAB, "# a line the user added later\n")
    assert units.cron_command(block) == reminder(tmp_path / "new.toml")
    assert f"  replaced a cron job for {tmp_path / 'old.toml'}" in done.lines()


def test_a_crontab_without_a_last_line_break_gets_one(home: Path, tmp_path: Path) -> None:
    computer = cron_computer("0 3 * * * backup")
    install(tmp_path / "journal.toml", system(home, computer))
    uninstall(system(home, computer))
    assert computer.crontab == "0 3 * * * backup\n"


def test_no_crontab_at_all_gets_just_the_block(home: Path, tmp_path: Path) -> None:
    computer = cron_computer(None)
    install(tmp_path / "journal.toml", system(home, computer))
    assert computer.crontab is not None and computer.crontab.startswith(units.CRON_BEGIN)


def test_the_cron_line_runs_the_command_through_a_real_shell(home: Path, tmp_path: Path) -> None:
    """cron turns each unescaped % into the end of the command and `\\%` into %, then
    hands the rest to sh: done here by hand, with a script standing in for Python."""
    folder = tmp_path / TRICKY
    folder.mkdir()
    said = tmp_path / "said"
    python = folder / "py thon"
    python.write_text(f'#!/bin/sh\nprintf "%s\\n" "$DISPLAY" "$@" > {shlex.quote(str(said))}\n')
    python.chmod(0o755)
    computer = cron_computer()
    fake = System("linux", home, {"DISPLAY": ":0 %x"}, str(python), 501, computer)
    install(folder / "journal.toml", fake)
    assert computer.crontab is not None

    line = computer.crontab.splitlines()[-2]
    command = line.split(None, 5)[5]
    assert "%" not in command.replace("\\%", "")
    subprocess.run(["/bin/sh", "-c", command.replace("\\%", "%")], check=True, timeout=60)
    assert said.read_text().splitlines() == [
        ":0 %x",
        "-m",
        "stepdown",
        "--data",
        str(folder / "journal.toml"),
        "remind",
        "--run",
    ]


def test_a_crontab_that_cannot_be_read_is_never_written(home: Path, tmp_path: Path) -> None:
    computer = cron_computer()
    computer.failing[("crontab", "-l")] = Ran(1, "", "You (patient) are not allowed to use this")
    with pytest.raises(InstallFailed, match=r"no systemd user manager .* not allowed"):
        install(tmp_path / "journal.toml", system(home, computer))
    assert ("crontab", "-") not in computer.calls


def test_a_block_left_open_by_hand_is_refused(home: Path, tmp_path: Path) -> None:
    computer = cron_computer(f"{USERS_CRONTAB}{units.CRON_BEGIN}\n* * * * * true\n")
    with pytest.raises(InstallFailed, match="crontab -e"):
        install(tmp_path / "journal.toml", system(home, computer))
    with pytest.raises(InstallFailed, match="crontab -e"):
        uninstall(system(home, computer))
    assert ("crontab", "-") not in computer.calls


# between kinds, and where nothing works


def test_systemd_replaces_cron_lines_once_it_is_in_place(home: Path, tmp_path: Path) -> None:
    computer = cron_computer()
    install(tmp_path / "journal.toml", system(home, computer))
    computer.systemd = True
    done = install(tmp_path / "journal.toml", system(home, computer))

    assert computer.crontab == USERS_CRONTAB
    assert done.state.kind == "systemd"
    assert f"  replaced a cron job for {tmp_path / 'journal.toml'}" in done.lines()
    assert installed(system(home, computer)).kind == "systemd"  # type: ignore[union-attr]


def test_no_systemd_and_no_cron_is_refused_naming_both(home: Path, tmp_path: Path) -> None:
    computer = cron_computer()
    computer.cron = False
    with pytest.raises(InstallFailed) as refused:
        install(tmp_path / "journal.toml", system(home, computer))
    assert "No medium found" in str(refused.value)
    assert "crontab: command not found" in str(refused.value)


def test_windows_is_refused_with_the_calendar_instead(home: Path, tmp_path: Path) -> None:
    computer = cron_computer()
    with pytest.raises(InstallFailed, match="export ics"):
        install(tmp_path / "journal.toml", system(home, computer, "win32"))
    assert computer.calls == []


def test_installed_names_the_kind_files_and_journal(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    assert installed(system(home, computer)) is None
    install(tmp_path / "journal.toml", system(home, computer))
    state = installed(system(home, computer))

    assert state is not None
    assert state.lines() == [
        "Reminders are installed: a systemd user timer, every minute.",
        f"  journal: {tmp_path / 'journal.toml'}",
        f"  file: {unit_folder(home) / units.SERVICE}",
        f"  file: {unit_folder(home) / units.TIMER}",
        f"  runs: {shlex.join(reminder(tmp_path / 'journal.toml'))}",
        f"  check: systemctl --user list-timers {units.TIMER}",
    ]


def test_a_unit_that_cannot_be_written_leaves_nothing_and_runs_nothing(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    (unit_folder(home) / units.TIMER).mkdir(parents=True)  # in the way of the second file
    with pytest.raises(InstallFailed, match=f"not installed: .*{units.TIMER}"):
        install(tmp_path / "journal.toml", system(home, computer))

    assert not (unit_folder(home) / units.SERVICE).exists()
    assert [call for call in computer.calls if call[-1] != "-l"] == [
        ("systemctl", "--user", "show-environment")
    ]


def test_installed_asks_cron_only_when_nothing_else_is_installed(
    home: Path, computer: FakeComputer, tmp_path: Path
) -> None:
    install(tmp_path / "journal.toml", system(home, computer))
    computer.calls.clear()
    installed(system(home, computer))
    assert computer.calls == []


def test_the_real_runner_keeps_a_crontabs_bytes_exactly(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through real processes: a `crontab` script keeping its table in a file, and a
    `systemctl` that finds no user manager, first on PATH."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    table = tmp_path / "table"
    users = b"0 3 * * * echo caf\xe9\r\n# \xff\xfe odd bytes\n"
    table.write_bytes(users)
    scripts = {
        "crontab": f'if [ "$1" = -l ]; then cat {shlex.quote(str(table))}; '
        f"else cat > {shlex.quote(str(table))}; fi",
        "systemctl": "echo 'Failed to connect to bus' >&2; exit 1",
    }
    for name, body in scripts.items():
        (bin_folder / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_folder / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    real = System("linux", home, {}, PYTHON, 501, remind_system.run)

    assert install(tmp_path / "journal.toml", real).state.kind == "cron"
    assert table.read_bytes().startswith(users + units.CRON_BEGIN.encode())
    uninstall(real)
    assert table.read_bytes() == users


def test_the_real_runner_says_a_missing_program_is_missing() -> None:
    ran = remind_system.run(["stepdown-no-such-program"], None)
    assert ran == Ran(127, "", "stepdown-no-such-program: command not found")
