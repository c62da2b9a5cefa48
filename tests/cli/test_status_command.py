"""`stepdown status`: the line in each format, the file's states, reading without writing.

The clock is fixed at Wed 25 Nov 2026; every test runs in its own tmp_path, with HOME
and the XDG folders pointed there too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time as clock
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

import pytest

from stepdown.cli import main
from stepdown.clock import FixedClock
from stepdown.domain.checkin import record_checkin
from stepdown.domain.doses import record_dose, taken
from stepdown.domain.journal import Checkin, Journal, Plan, Settings, Step
from stepdown.store.cache import cache_path
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.lock import lock_path

Capture = pytest.CaptureFixture[str]
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 0)
TIMES = (time(8), time(14), time(20))
PLAN = Plan("Dr. Ana Rivera", steps=(Step(date(2026, 11, 18), TIMES, (20.0, 17.5, 20.0)),))
JOURNAL = record_dose(
    Journal(settings=Settings(emergency_number="911"), plan=PLAN),
    taken(TODAY, time(8), 20.0, datetime(2026, 11, 25, 8, 5)),
)
LINE = "next 14:00 17.5 mg · 1 of 3 taken · check-in due"


@pytest.fixture(autouse=True)
def home(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME and every XDG folder in tmp_path (the `folder` fixture sets HOME and data)."""
    for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(folder / "home" / name.lower()))
    return folder


def write(path: Path, journal: Journal = JOURNAL) -> Path:
    path.write_text(encode(journal), encoding="utf-8")
    return path


def status(path: Path, *args: str, at: datetime = NOW) -> int:
    return main(["--data", str(path), "status", *args], clock=FixedClock(at))


def test_the_plain_line(folder: Path, capsys: Capture) -> None:
    assert status(write(folder / "journal.toml")) == 0
    assert capsys.readouterr() == (f"{LINE}\n", "")


def test_json_with_its_stable_keys(folder: Path, capsys: Capture) -> None:
    assert status(write(folder / "journal.toml"), "--format", "json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["next"] == {"time": "14:00", "amount": 17.5, "unit": "mg", "due_now": False}
    assert (shown["state"], shown["taken"], shown["planned"]) == ("due", 1, 3)
    assert shown["checkin_due"] is True
    assert shown["cautions"] == []
    assert shown["line"] == LINE


def test_tmux_colours_and_never_a_style_from_user_text(folder: Path, capsys: Capture) -> None:
    checkin = Checkin(date=TODAY, recorded_at=NOW, seizure=True)
    journal = replace(
        record_checkin(JOURNAL, checkin), settings=Settings(emergency_number="#[fg=blue]911")
    )
    assert status(write(folder / "journal.toml", journal), "--format", "tmux") == 0
    assert capsys.readouterr().out == (
        "#[fg=red,bold]⚠ Seek medical attention now: emergency number ##[fg=blue]911#[default]"
        " · next 14:00 17.5 mg · 1 of 3 taken\n"
    )


def test_a_red_flag_leads_the_plain_line_and_json_keeps_the_apps_words(
    folder: Path, capsys: Capture
) -> None:
    checkin = Checkin(date=TODAY, recorded_at=NOW, anxiety=9)
    path = write(folder / "journal.toml", record_checkin(JOURNAL, checkin))
    assert status(path) == 0
    assert capsys.readouterr().out.startswith("⚠ Seek medical attention now: emergency number 911")
    assert status(path, "--format", "json") == 0
    (caution,) = json.loads(capsys.readouterr().out)["cautions"]
    assert caution["kind"] == "red-flag"
    assert caution["words"] == (
        "⚠ Seek medical attention now. Emergency number: 911. "
        "Your check-in records anxiety at 9 of 10."
    )


def test_no_file_yet_is_said_and_nothing_is_made(folder: Path, capsys: Capture) -> None:
    path = folder / "journal.toml"
    assert status(path) == 0
    assert capsys.readouterr().out == "no Stepdown journal yet\n"
    assert status(path, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["state"] == "no-file"
    assert not path.exists()
    assert not lock_path(path).exists()


@pytest.mark.parametrize(
    ("form", "out"),
    [
        ("plain", ""),
        ("tmux", "#[fg=red,bold]⚠ stepdown: cannot read the journal#[default]\n"),
    ],
)
def test_an_invalid_file_exits_1_with_the_reason_and_is_left_as_it_is(
    folder: Path, capsys: Capture, form: str, out: str
) -> None:
    path = folder / "journal.toml"
    path.write_bytes(b'schema = "one"\n')
    assert status(path, "--format", form) == 1
    assert capsys.readouterr() == (
        out,
        f"stepdown: {path} is not a valid Stepdown journal (1 problem); "
        "`stepdown check` lists them\n",
    )
    assert path.read_bytes() == b'schema = "one"\n'
    assert not lock_path(path).exists()


def test_an_invalid_file_in_json_is_an_error_object(folder: Path, capsys: Capture) -> None:
    path = folder / "journal.toml"
    path.write_bytes(b"[[doses]\n")
    assert status(path, "--format", "json") == 1
    shown = json.loads(capsys.readouterr().out)
    assert shown["state"] == "error"
    assert "is not a valid Stepdown journal" in shown["error"]


def test_a_folder_is_not_read(folder: Path, capsys: Capture) -> None:
    assert status(folder) == 1
    assert capsys.readouterr() == (
        "",
        f"stepdown: cannot read {folder}: it is not a regular file "
        "(a folder, a FIFO or a device)\n",
    )


def test_it_reads_through_the_cache_and_never_writes(
    folder: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(folder / "journal.toml")
    JournalStore.open(path, FixedClock(NOW)).close()  # the app's open leaves the cache
    before = (path.read_bytes(), path.stat().st_mtime_ns, cache_path(path).read_bytes())

    def no_parse(data: bytes) -> Journal:
        raise AssertionError("the file was parsed although the cache holds it")

    monkeypatch.setattr("stepdown.store.loading.decode", no_parse)
    assert status(path) == 0
    assert capsys.readouterr().out == f"{LINE}\n"
    assert (path.read_bytes(), path.stat().st_mtime_ns, cache_path(path).read_bytes()) == before


def test_without_a_cache_it_parses_and_writes_none(folder: Path, capsys: Capture) -> None:
    path = write(folder / "journal.toml")
    assert status(path) == 0
    assert capsys.readouterr().out == f"{LINE}\n"
    assert not cache_path(path).exists()


def test_the_line_is_utf_8_whatever_the_locale(folder: Path) -> None:
    path = write(folder / "journal.toml")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "stepdown", "--data", str(path), "status"],
        capture_output=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert " · " in result.stdout.decode("utf-8")


def test_status_imports_neither_textual_nor_rich(folder: Path) -> None:
    """A real process (-X importtime lists every module imported), on a file with its
    cache, as a prompt would run it."""
    path = write(folder / "journal.toml")
    JournalStore.open(path, FixedClock(NOW)).close()
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "stepdown", "--data", str(path), "status"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "stepdown.domain.status" in imported  # the listing is of this command
    heavy = {name for name in imported if name.split(".")[0] in ("textual", "rich")}
    assert heavy == set()


def test_a_real_tmux_draws_the_colours_and_shows_user_text_as_text(
    folder: Path, tmp_path: Path
) -> None:
    """tmux runs the command in status-right; a client attached in a pseudo-terminal
    (`script`) shows what tmux drew: the red flag in red, and the `#[` of the emergency
    number as text, not as a style."""
    if shutil.which("tmux") is None or shutil.which("script") is None:
        pytest.skip("tmux and util-linux's script are needed to draw a status bar")
    now = datetime.now()  # tmux's command runs on the computer's clock
    checkin = Checkin(date=now.date(), recorded_at=now, seizure=True)
    journal = replace(
        record_checkin(JOURNAL, checkin), settings=Settings(emergency_number="#[fg=blue]911")
    )
    path = write(folder / "journal.toml", journal)
    socket, drawn = tmp_path / "tmux.socket", tmp_path / "drawn"
    tmux = ["tmux", "-S", str(socket), "-f", os.devnull]
    command = f"{sys.executable} -m stepdown --data {path} status --format tmux"
    subprocess.run([*tmux, "new-session", "-d", "sleep 60"], check=True)
    client = None
    try:
        for option, value in [
            ("status-right", f"#({command})"),
            ("status-right-length", "150"),
            ("status-interval", "1"),
        ]:
            subprocess.run([*tmux, "set", "-g", option, value], check=True)
        # A terminal wider than the line: a narrower one shows only the line's end.
        attach = "stty cols 200 rows 10; " + " ".join([*tmux, "-u", "attach"])
        env = {**os.environ, "LANG": "C.UTF-8", "TERM": "xterm"}
        client = subprocess.Popen(
            ["script", "-q", "-f", "-c", attach, str(drawn)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        wanted = "Seek medical attention now: emergency number #[fg=blue]911"
        deadline = clock.monotonic() + 20
        text = ""
        while wanted not in text and clock.monotonic() < deadline:
            clock.sleep(0.1)
            text = drawn.read_bytes().decode("utf-8", "replace") if drawn.exists() else ""
    finally:
        if client is not None:
            client.terminate()
            client.wait(timeout=10)
        subprocess.run([*tmux, "kill-server"], check=False)
    assert wanted in text
    assert "\x1b[31m" in text.split(wanted)[0][-40:]  # drawn in red
    assert "##" not in text


@pytest.mark.parametrize(
    "spelt",
    [
        ["--data", "{path}", "status", "--format", "json"],
        ["--data={path}", "status", "--format=json"],
        ["--data", "{path}", "status", "--form", "json"],  # argparse's own abbreviation
    ],
)
def test_every_spelling_of_the_command_line_shows_the_same(
    folder: Path, capsys: Capture, spelt: list[str]
) -> None:
    """cli.py reads `[--data PATH] status [--format F]` itself, before argparse, for a
    prompt's sake; any other spelling goes through argparse, to the same line."""
    path = write(folder / "journal.toml")
    for _ in range(2):  # the line worked out, then the line kept
        argv = [arg.format(path=path) for arg in spelt]
        assert main(argv, clock=FixedClock(NOW)) == 0
        assert json.loads(capsys.readouterr().out)["line"] == LINE


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["--format"], "argument --format: expected one argument"),
        (["--format=json", "now"], "unrecognized arguments: now"),
    ],
)
def test_a_usage_error_is_argparse_s_with_status_2(
    folder: Path, capsys: Capture, args: list[str], words: str
) -> None:
    path = write(folder / "journal.toml")
    assert status(path) == 0  # a line is kept: it must not stand in for the error
    capsys.readouterr()
    assert status(path, *args) == 2
    out, err = capsys.readouterr()
    assert (out, words in err, err.startswith("usage: stepdown ")) == ("", True, True)
