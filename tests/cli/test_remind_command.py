"""`stepdown remind`: --run sends what fell due once, records the answers, never sends
a stale pile; --test and --status say what they found; a push leaves the machine with
the neutral words unless asked otherwise; --install and --uninstall go through the
installer. The desktop is replaced by a recorder here (tests/cli/test_notify_dbus.py
drives the real one on a D-Bus session)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from stepdown import notify, remind_install
from stepdown.cli import main
from stepdown.clock import FixedClock
from stepdown.domain.doses import skipped
from stepdown.domain.journal import Journal, Plan, Settings, Step
from stepdown.store.codec import encode
from stepdown.store.log import log_path
from stepdown.store.reminder_record import load_state, record_path

DAY = date(2026, 11, 25)
PLAN = Plan(
    "Dr. Ana Rivera",
    steps=(Step(date(2026, 11, 18), (time(8), time(14), time(20)), (20.0, 17.5, 20.0)),),
)


def at(hour: int, minute: int = 0) -> FixedClock:
    return FixedClock(datetime.combine(DAY, time(hour, minute)))


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A journal of three doses a day, in a home with no desktop session."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    path = tmp_path / "journal.toml"
    write(path, Journal(settings=Settings(emergency_number="911"), plan=PLAN))
    return path


def write(path: Path, journal: Journal) -> None:
    path.write_text(encode(journal), encoding="utf-8")


@dataclass
class Desktop:
    """Stands for notify.deliver: keeps what was sent, answers as told."""

    answer: notify.Answer | None = None
    sent: list[tuple[str, str]] | None = None

    def deliver(self, notices: list[notify.Notice], push_url: str, **_: Any) -> notify.Delivery:
        self.sent = (self.sent or []) + [(n.desktop, n.push) for n in notices]
        return notify.Delivery([["desktop"] for _ in notices], [self.answer] * len(notices))


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> Desktop:
    fake = Desktop()
    monkeypatch.setattr(notify, "deliver", fake.deliver)
    return fake


def remind(data: Path, clock: FixedClock, action: str = "--run") -> int:
    return main(["--data", str(data), "remind", action], clock=clock)


def test_run_sends_each_due_reminder_once(
    data: Path, desktop: Desktop, capsys: pytest.CaptureFixture[str]
) -> None:
    assert remind(data, at(7, 59)) == 0
    assert desktop.sent is None
    assert remind(data, at(8)) == 0
    assert desktop.sent == [("Dose time 08:00: baclofen 20 mg", "Dose time 08:00")]
    assert capsys.readouterr().out == "Reminder of the 08:00 dose sent: desktop\n"
    before = data.read_bytes()
    for minute in range(1, 30):
        assert remind(data, at(8, minute)) == 0
    assert len(desktop.sent) == 1
    assert remind(data, at(8, 30)) == 0
    assert desktop.sent[-1][0] == "Dose time 08:00: baclofen 20 mg (not recorded yet)"
    assert data.read_bytes() == before  # sending changes the record, never the journal


def test_a_stale_pile_after_a_sleep_is_one_fresh_reminder(data: Path, desktop: Desktop) -> None:
    remind(data, at(7))
    remind(data, at(14, 40))  # asleep since 07:00: 08:00, 08:30, 14:00 and 14:30 fell due
    assert desktop.sent == [
        (
            "Dose time 14:00: baclofen 17.5 mg (not recorded yet)",
            "Dose time 14:00 (not recorded yet)",
        )
    ]
    remind(data, at(14, 41))
    assert len(desktop.sent) == 1


def test_taken_records_the_dose_taken_now_at_the_plans_amount(
    data: Path, desktop: Desktop, capsys: pytest.CaptureFixture[str]
) -> None:
    desktop.answer = "taken"
    assert remind(data, at(14, 2)) == 0
    assert "The 14:00 dose is recorded as taken at 14:02" in capsys.readouterr().out
    [dose] = tomllib.loads(data.read_text())["doses"]
    assert dose == {
        "date": DAY,
        "slot": time(14),
        "status": "taken",
        "taken_at": datetime(2026, 11, 25, 14, 2),
        "amount": 17.5,
        "note": "",
    }
    desktop.answer = None
    remind(data, at(14, 30))
    assert len(desktop.sent or []) == 1  # recorded: no reminder after the grace


def test_taken_while_the_app_is_open_is_recorded_and_kept_by_the_apps_next_save(
    data: Path, desktop: Desktop
) -> None:
    from stepdown.domain.doses import record_dose
    from stepdown.store.journal_store import JournalStore

    app = JournalStore.open(data, at(14, 2))
    try:
        desktop.answer = "taken"
        assert remind(data, at(14, 2)) == 0
        assert app.update(lambda j: record_dose(j, skipped(DAY, time(8), "asleep"))).saved
    finally:
        app.close()
    doses = tomllib.loads(data.read_text())["doses"]
    assert [(dose["slot"], dose["status"]) for dose in doses] == [
        (time(14), "taken"),
        (time(8), "skipped"),
    ]


def test_taken_after_the_app_recorded_the_dose_keeps_the_apps_record(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    told: list[str] = []

    def deliver(notices: list[notify.Notice], push_url: str, **_: Any) -> notify.Delivery:
        if notices[0].actions:  # while the reminder is shown, the app records a skip
            write(data, Journal(plan=PLAN, doses=(skipped(DAY, time(14), "nausea"),)))
            return notify.Delivery([["desktop"]], ["taken"])
        told.append(notices[0].desktop)
        return notify.Delivery([["desktop"]], [None])

    monkeypatch.setattr(notify, "deliver", deliver)
    assert remind(data, at(14, 2)) == 1
    err = capsys.readouterr().err
    assert err.startswith("stepdown: the 14:00 dose was not recorded: ")
    assert "skipped" in err
    assert told and told[0].startswith("The 14:00 dose was not recorded: ")
    [dose] = tomllib.loads(data.read_text())["doses"]
    assert (dose["status"], dose["note"]) == ("skipped", "nausea")


def test_snooze_sends_it_again_ten_minutes_later(
    data: Path, desktop: Desktop, capsys: pytest.CaptureFixture[str]
) -> None:
    desktop.answer = "snooze"
    before = data.read_bytes()
    remind(data, at(14, 25))
    assert "The 14:00 reminder is snoozed until 14:35" in capsys.readouterr().out
    assert data.read_bytes() == before
    desktop.answer = None
    for minute in range(26, 36):
        remind(data, at(14, minute))
    # 14:30's reminder fell in the snooze; the snooze's own comes at 14:35.
    assert [text for text, _ in desktop.sent or []] == [
        "Dose time 14:00: baclofen 17.5 mg",
        "Dose time 14:00: baclofen 17.5 mg (not recorded yet)",
    ]


def test_no_data_file_yet_is_quiet_and_a_bad_one_is_said(
    tmp_path: Path, desktop: Desktop, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.toml"
    assert remind(missing, at(8)) == 0
    assert capsys.readouterr() == ("", "")
    bad = tmp_path / "bad.toml"
    bad.write_text("schema = 1\n[plan]\n")
    assert remind(bad, at(8)) == 1
    assert "has errors (`stepdown check` lists them)" in capsys.readouterr().err
    assert desktop.sent is None


def test_nothing_is_sent_when_the_record_cannot_be_written(
    data: Path,
    desktop: Desktop,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from stepdown.store import reminder_record

    def full(journal: Path, state: object) -> None:
        raise OSError(28, "No space left on device")

    remind(data, at(7))
    with monkeypatch.context() as patch:
        patch.setattr(reminder_record, "save_state", full)
        assert remind(data, at(8)) == 1
    assert capsys.readouterr().err == (
        "stepdown: no reminder sent: the reminders' record cannot be written "
        "([Errno 28] No space left on device)\n"
    )
    record_path(data).parent.chmod(0o777)  # a state folder others could write to
    assert remind(data, at(8)) == 1
    assert "no reminder sent: the reminders' lock cannot be taken" in capsys.readouterr().err
    assert desktop.sent is None


def test_without_a_desktop_or_push_it_says_so_and_logs_it(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert remind(data, at(8)) == 0
    err = capsys.readouterr().err
    assert "reminder of the 08:00 dose sent nowhere" in err
    assert "no desktop session here" in err
    assert "08:00 dose sent nowhere" in log_path().read_text()
    assert remind(data, at(8, 1)) == 0  # marked sent all the same: not every minute
    assert capsys.readouterr().err == ""


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def push_server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A push service on localhost: the apprise URL to it, and the bodies it received."""
    pytest.importorskip("apprise", reason="apprise is the push extra ('stepdown[push]')")
    received: list[dict[str, Any]] = []
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"json://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def test_a_push_says_only_the_time_unless_details_are_asked_for(
    data: Path, push_server: tuple[str, list[dict[str, Any]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, received = push_server
    write(data, Journal(settings=Settings(push_url=url), plan=PLAN))
    assert remind(data, at(8)) == 0
    assert [(body["title"], body["message"]) for body in received] == [
        ("Stepdown", "Dose time 08:00")
    ]
    assert "Reminder of the 08:00 dose sent: push" in capsys.readouterr().out
    write(data, Journal(settings=Settings(push_url=url, push_details=True), plan=PLAN))
    remind(data, at(14))
    assert received[-1]["message"] == "Dose time 14:00: baclofen 17.5 mg"


def test_test_sends_one_notification_through_each_channel(
    data: Path, push_server: tuple[str, list[dict[str, Any]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, received = push_server
    assert remind(data, at(8), "--test") == 1
    out = capsys.readouterr()
    assert "desktop: not sent: no desktop session here" in out.out
    assert "push: off (no settings.push_url)" in out.out
    assert "the test notification went nowhere" in out.err
    write(data, Journal(settings=Settings(push_url=url), plan=PLAN))
    assert remind(data, at(8), "--test") == 0
    assert "push: sent" in capsys.readouterr().out
    assert len(received) == 1
    assert load_state(data).sent == frozenset()  # a test is not a reminder


def test_without_apprise_the_push_names_the_extra(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "apprise", None)
    write(data, Journal(settings=Settings(push_url="ntfy://my-topic"), plan=PLAN))
    assert remind(data, at(8), "--test") == 1
    assert "push: not sent: apprise is not installed (pip install 'stepdown[push]')" in (
        capsys.readouterr().out
    )


def test_status_says_installed_or_not_and_the_next_reminder(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(remind_install, "installed", lambda system=None: None)
    assert remind(data, at(8, 10), "--status") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Installed: no (`stepdown remind --install` sets reminders up)",
        "Desktop: no, no desktop session here (no D-Bus session bus)",
        "Push: off",
        "Next reminder: 08:30 today, for the 08:00 dose",
    ]
    assert remind(data, at(21), "--status") == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Next reminder: 08:00 tomorrow, for the 08:00 dose"
    )


def test_status_says_when_the_reminders_are_for_another_journal(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from stepdown.remind_kinds import InstallState

    def installed_for(journal: Path) -> InstallState:
        command = (sys.executable, "-m", "stepdown", "--data", str(journal), "remind", "--run")
        return InstallState("cron", "lines in your crontab", (), command)

    monkeypatch.setattr(remind_install, "installed", lambda system=None: installed_for(data))
    remind(data, at(8), "--status")
    assert "not for this journal" not in capsys.readouterr().out
    other = tmp_path / "other.toml"
    monkeypatch.setattr(remind_install, "installed", lambda system=None: installed_for(other))
    remind(data, at(8), "--status")
    out = capsys.readouterr().out
    assert f"  journal: {other}" in out
    assert "They are not for this journal: nothing reminds of its doses" in out


def test_status_when_the_installer_cannot_tell(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(system: object = None) -> None:
        raise remind_install.InstallFailed("crontab -l failed")

    monkeypatch.setattr(remind_install, "installed", fail)
    assert remind(data, at(8), "--status") == 0
    assert "Installed: cannot tell (crontab -l failed)" in capsys.readouterr().out


@dataclass
class _Done:
    words: list[str]

    def lines(self) -> list[str]:
        return self.words


def test_install_and_uninstall_print_what_the_installer_did(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    given: list[Path] = []

    def install(path: Path, system: object = None) -> _Done:
        given.append(path)
        return _Done(["Wrote ~/.config/systemd/user/stepdown-remind.timer"])

    monkeypatch.setattr(remind_install, "install", install)
    monkeypatch.setattr(remind_install, "uninstall", lambda system=None: _Done(["Removed it"]))
    assert remind(data, at(8), "--install") == 0
    assert given == [data.absolute()]
    assert capsys.readouterr().out == "Wrote ~/.config/systemd/user/stepdown-remind.timer\n"
    assert remind(data, at(8), "--uninstall") == 0
    assert capsys.readouterr().out == "Removed it\n"

    def fail(path: Path, system: object = None) -> None:
        raise remind_install.InstallFailed("systemctl --user failed: no user session")

    monkeypatch.setattr(remind_install, "install", fail)
    assert remind(data, at(8), "--install") == 1
    assert capsys.readouterr().err == "stepdown: systemctl --user failed: no user session\n"


def test_run_as_the_installed_runner_runs_it(data: Path) -> None:
    """The command the installer writes, in a process of its own: no desktop, no push,
    a plan whose doses are not due now or within the hour is quiet."""
    write(data, Journal(settings=Settings(emergency_number="911")))
    done = subprocess.run(
        [sys.executable, "-m", "stepdown", "--data", str(data), "remind", "--run"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_desktop_is_found_by_its_bus_even_when_cron_names_none(tmp_path: Path) -> None:
    import socket

    runtime = tmp_path / "runtime"
    runtime.mkdir()
    assert notify.desktop_problem({"XDG_RUNTIME_DIR": str(runtime)}, "linux") == (
        "no desktop session here (no D-Bus session bus)"
    )
    with socket.socket(socket.AF_UNIX) as bus:
        bus.bind(str(runtime / "bus"))
        assert notify.session_bus({"XDG_RUNTIME_DIR": str(runtime)}) == f"unix:path={runtime}/bus"
        assert notify.desktop_problem({"XDG_RUNTIME_DIR": str(runtime)}, "linux") is None
    assert notify.desktop_problem({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}, "linux") is None


def test_macos_outside_an_app_bundle_counts_as_no_desktop_and_says_why_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    from desktop_notifier import main as notifier_main
    from desktop_notifier.backends.dummy import DummyNotificationCenter

    def dummy() -> type:
        logging.getLogger("desktop_notifier").warning("Notification Center can only be used ...")
        return DummyNotificationCenter

    monkeypatch.setattr(notifier_main, "get_backend_class", dummy)
    assert notify.desktop_problem({}, "darwin") == (
        "macOS shows notifications only from an app bundle, not from python"
    )
    assert capsys.readouterr() == ("", "")
