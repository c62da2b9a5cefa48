"""End to end on a real D-Bus session: `remind --run` shows the reminder through a
notification server, and its "Taken" and "Snooze 10 min" buttons do what they say.

`dbus-run-session` starts a private session bus; on it, `serve` (below) plays the
desktop's notification server (org.freedesktop.Notifications): it records each Notify
call, and presses the button the test asks for by emitting ActionInvoked, as a desktop
does when the user clicks. The runner is the real command, `python -m stepdown`, in a
child process on the real clock, so the journal's dose is planned at the current minute.

This module has no `from __future__ import annotations`: dbus-fast reads the D-Bus
signatures from the annotations themselves.
"""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from stepdown.store.reminder_record import load_state

pytestmark = pytest.mark.skipif(
    shutil.which("dbus-run-session") is None,
    reason="dbus-run-session is not installed (Debian: dbus-daemon); .ci/run installs it",
)

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 90.0
"""Seconds for the whole session: each runner waits at most notify.CLICK_WAIT."""


def serve(spec_path: str) -> None:
    """Serve org.freedesktop.Notifications on the session bus, run each runner of the
    spec in turn (pressing the button it names on each notification), and write what
    happened to the spec's result file."""
    asyncio.run(_serve(json.loads(Path(spec_path).read_text())))


async def _serve(spec: dict[str, Any]) -> None:
    from typing import Annotated

    from dbus_fast.aio import MessageBus
    from dbus_fast.annotations import DBusDict, DBusInt32, DBusSignature, DBusStr, DBusUInt32
    from dbus_fast.service import ServiceInterface, method, signal

    strings = Annotated[list[str], DBusSignature("as")]

    class Notifications(ServiceInterface):
        def __init__(self) -> None:
            super().__init__("org.freedesktop.Notifications")
            self.calls: list[dict[str, Any]] = []
            self.press: str | None = None

        @method()
        def Notify(
            self,
            app_name: DBusStr,
            replaces_id: DBusUInt32,
            app_icon: DBusStr,
            summary: DBusStr,
            body: DBusStr,
            actions: strings,
            hints: DBusDict,
            expire_timeout: DBusInt32,
        ) -> DBusUInt32:
            number = len(self.calls) + 1
            pairs = dict(zip(actions[1::2], actions[0::2], strict=True))  # title -> key
            buttons = [title for title in pairs if title]  # the body's own action has none
            self.calls.append(
                {"app": app_name, "summary": summary, "body": body, "buttons": buttons}
            )
            if self.press is not None and self.press in pairs:
                # After the reply: the sender maps the id to its notification first.
                key = pairs[self.press]
                asyncio.get_running_loop().call_later(0.2, self.ActionInvoked, number, key)
            return number

        @method()
        def GetCapabilities(self) -> strings:
            return spec["capabilities"]

        @method()
        def GetServerInformation(
            self,
        ) -> Annotated[list[str], DBusSignature("ssss")]:
            return ["stepdown-test", "stepdown", "1.0", "1.2"]

        @method()
        def CloseNotification(self, number: DBusUInt32) -> None:
            self.calls.append({"closed": number})
            self.NotificationClosed(number, 3)

        @signal()
        def ActionInvoked(
            self, number: DBusUInt32, key: DBusStr
        ) -> Annotated[list[Any], DBusSignature("us")]:
            return [number, key]

        @signal()
        def NotificationClosed(
            self, number: DBusUInt32, reason: DBusUInt32
        ) -> Annotated[list[int], DBusSignature("uu")]:
            return [number, reason]

    bus = await MessageBus().connect()
    server = Notifications()
    bus.export("/org/freedesktop/Notifications", server)
    await bus.request_name("org.freedesktop.Notifications")
    results = []
    for run in spec["runs"]:
        server.press = run["press"]
        before = len(server.calls)
        child = await asyncio.create_subprocess_exec(
            *run["argv"],
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(child.communicate(), DEADLINE)
        results.append(
            {
                "status": child.returncode,
                "stdout": out.decode(),
                "stderr": err.decode(),
                "calls": server.calls[before:],
            }
        )
    Path(spec["result"]).write_text(json.dumps(results))
    bus.disconnect()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment of the session: a home of its own, no display, the test's folders
    (set here too, so the test reads the runner's record where it wrote it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "XDG_RUNTIME"))}
    for name, folder in (
        ("HOME", "home"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
    ):
        env[name] = str(tmp_path / folder)
        monkeypatch.setenv(name, env[name])
    env["XDG_RUNTIME_DIR"] = str(tmp_path / "run")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def journal_due_now(path: Path, medication: str = "baclofen") -> datetime:
    """A journal whose one dose today is at the current minute; returns that minute."""
    now = datetime.now().replace(second=0, microsecond=0)
    path.write_text(
        f'schema = 1\n\n[settings]\nmedication = "{medication}"\nemergency_number = "911"\n\n'
        '[plan]\nprescriber = "Dr. Ana Rivera"\n\n'
        f"[[plan.steps]]\nstart = {now:%Y-%m-%d}\ntimes = [{now:%H:%M}:00]\ndoses = [17.5]\n",
        encoding="utf-8",
    )
    return now


def session(
    tmp_path: Path,
    env: dict[str, str],
    runs: list[tuple[Path | list[str], str | None]],
    capabilities: tuple[str, ...] = ("actions", "body"),
) -> list[dict]:
    """Run `remind --run` for each (journal, button to press) in one D-Bus session, on a
    server with `capabilities`; a list of arguments instead of a journal is run as is."""
    spec = tmp_path / "spec.json"
    result = tmp_path / "result.json"
    argv = [sys.executable, "-m", "stepdown", "--data"]
    spec.write_text(
        json.dumps(
            {
                "result": str(result),
                "capabilities": list(capabilities),
                "runs": [
                    {
                        "argv": path
                        if isinstance(path, list)
                        else [*argv, str(path), "remind", "--run"],
                        "press": press,
                    }
                    for path, press in runs
                ],
            }
        )
    )
    code = f"from tests.cli.test_notify_dbus import serve; serve({str(spec)!r})"
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE * len(runs),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(result.read_text())


def test_taken_on_the_notification_records_the_dose(tmp_path: Path, home: dict[str, str]) -> None:
    path = tmp_path / "journal.toml"
    due = journal_due_now(path)
    first, again = session(tmp_path, home, [(path, "Taken"), (path, None)])

    assert (first["status"], first["stderr"]) == (0, "")
    [call] = first["calls"]
    assert call["app"] == "Stepdown" and call["summary"] == "Stepdown"
    assert call["body"] == f"Dose time {due:%H:%M}: baclofen 17.5 mg"
    assert call["buttons"] == ["Taken", "Snooze 10 min"]
    assert f"The {due:%H:%M} dose is recorded as taken" in first["stdout"]
    [dose] = tomllib.loads(path.read_text())["doses"]
    assert (dose["date"], dose["slot"], dose["status"], dose["amount"]) == (
        due.date(),
        due.time(),
        "taken",
        17.5,
    )
    # The next minute's run: the dose is recorded, nothing is sent again.
    assert again["status"] == 0, again["stderr"]
    assert again["calls"] == []


def test_snooze_on_the_notification_brings_it_back_ten_minutes_later(
    tmp_path: Path, home: dict[str, str]
) -> None:
    path = tmp_path / "journal.toml"
    due = journal_due_now(path)
    [first] = session(tmp_path, home, [(path, "Snooze 10 min")])

    assert (first["status"], first["stderr"]) == (0, "")
    assert len(first["calls"]) == 1
    assert "snoozed until" in first["stdout"]
    assert "doses" not in tomllib.loads(path.read_text())
    [snooze] = load_state(path).snoozes
    assert (snooze.day, snooze.slot) == (due.date(), due.time())
    assert timedelta(minutes=10) <= snooze.until - due <= timedelta(minutes=12)


def test_a_server_that_reads_markup_shows_the_medication_as_typed(
    tmp_path: Path, home: dict[str, str]
) -> None:
    path = tmp_path / "journal.toml"
    due = journal_due_now(path, medication="B&B <b>5</b>")
    [run] = session(tmp_path, home, [(path, "Snooze 10 min")], ("actions", "body", "body-markup"))
    [call] = run["calls"]
    assert call["body"] == f"Dose time {due:%H:%M}: B&amp;B &lt;b&gt;5&lt;/b&gt; 17.5 mg"


def test_unanswered_its_buttons_give_way_to_words_when_the_runner_ends(
    tmp_path: Path, home: dict[str, str]
) -> None:
    """The runner waits for an answer for a while (here 1 s, not notify.CLICK_WAIT),
    then shows the same words without the buttons, which would do nothing after it."""
    code = (
        "from stepdown import notify; "
        "notice = notify.Notice('Dose time 14:00', 'Dose time 14:00'); "
        "done = notify.deliver([notice], '', wait=1); "
        "print(done.channels, done.answers, done.problems)"
    )
    [run] = session(tmp_path, home, [([sys.executable, "-c", code], None)])
    assert run["stdout"] == "[['desktop']] [None] []\n"
    first, closed, plain = run["calls"]
    assert (first["body"], first["buttons"]) == ("Dose time 14:00", ["Taken", "Snooze 10 min"])
    assert closed == {"closed": 1}
    assert plain["body"] == "Dose time 14:00. Record it in Stepdown, or with `stepdown take`."
    assert plain["buttons"] == []
