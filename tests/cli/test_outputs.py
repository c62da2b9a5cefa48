"""Standard output that cannot be written: full (/dev/full), closed, or a pipe whose reader
went away. Each ends with one line on standard error and an exit status of its own, 3
(or 141, quietly, for the pipe), never a traceback and never `check`'s 1 for an invalid
file. Run as real processes: buffering and the interpreter's exit are part of the story.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.demo import demo_journal
from stepdown.domain.doses import taken
from stepdown.report_cli import EXIT_OUTPUT, EXIT_PIPE_CLOSED
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore

DISK_FULL = "stepdown: cannot write to standard output: the disk is full\n"
CLOSED = "stepdown: cannot write to standard output: it is closed\n"
BAD_FILE = "schema = 1\n[[doses]]\ndate = 2026-11-25\nstatus = 'lost'\n"

needs_dev_full = pytest.mark.skipif(
    not os.path.exists("/dev/full"), reason="/dev/full (always full) is Linux's"
)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    path.write_text(encode(demo_journal(date.today())), encoding="utf-8")
    return path


def stepdown(
    *args: str, stdout: int | IO[bytes], cwd: Path, close_stdout: bool = False
) -> subprocess.CompletedProcess[str]:
    """`python -m stepdown ARGS` with standard output as given (or closed); stderr captured."""
    env = {**os.environ, "HOME": str(cwd), "XDG_DATA_HOME": str(cwd / "data")}
    env.pop("STEPDOWN_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "stepdown", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=60,
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
    )


@contextmanager
def full() -> Iterator[IO[bytes]]:
    with open("/dev/full", "wb") as device:
        yield device


@contextmanager
def reader_gone() -> Iterator[int]:
    """The writing end of a pipe whose reading end is already closed: every write fails."""
    read, write = os.pipe()
    os.close(read)
    try:
        yield write
    finally:
        os.close(write)


COMMANDS = {
    "check valid": ["check", "{journal}"],
    "check invalid": ["check", "{bad}"],
    "path": ["--data", "{journal}", "path"],
    "report": ["--data", "{journal}", "report", "--output", "-"],
    "report html": ["--data", "{journal}", "report", "--format", "html", "--output", "-"],
    "export ics": ["--data", "{journal}", "export", "ics", "--output", "-"],
    "report csv": ["--data", "{journal}", "report", "--format", "csv", "--output", "-"],
    "report doses": [
        *("--data", "{journal}", "report", "--format", "csv", "--doses", "--output", "-")
    ],
}


def command(name: str, journal: Path) -> list[str]:
    bad = journal.with_name("bad.toml")
    bad.write_text(BAD_FILE, encoding="utf-8")
    return [arg.format(journal=journal, bad=bad) for arg in COMMANDS[name]]


@needs_dev_full
@pytest.mark.parametrize("name", COMMANDS)
def test_a_full_output_is_its_own_message_and_status(
    name: str, journal: Path, tmp_path: Path
) -> None:
    with full() as device:
        result = stepdown(*command(name, journal), stdout=device, cwd=tmp_path)

    assert (result.returncode, result.stderr) == (EXIT_OUTPUT, DISK_FULL)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_closed_output_is_its_own_message_and_status(
    name: str, journal: Path, tmp_path: Path
) -> None:
    result = stepdown(
        *command(name, journal), stdout=subprocess.DEVNULL, cwd=tmp_path, close_stdout=True
    )

    assert (result.returncode, result.stderr) == (EXIT_OUTPUT, CLOSED)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_reader_that_went_away_ends_it_quietly(name: str, journal: Path, tmp_path: Path) -> None:
    with reader_gone() as pipe:
        result = stepdown(*command(name, journal), stdout=pipe, cwd=tmp_path)

    assert (result.returncode, result.stderr) == (EXIT_PIPE_CLOSED, "")


def test_check_piped_to_head_reads_the_first_line_and_ends_quietly(
    journal: Path, tmp_path: Path
) -> None:
    # Far more than a pipe holds, so `check` is still writing when head has gone.
    bad = journal.with_name("bad.toml")
    lost = "[[doses]]\ndate = 2026-11-25\nstatus = 'lost'\n"
    bad.write_text("schema = 1\n" + lost * 20_000, encoding="utf-8")
    shell = f'{sys.executable} -m stepdown check {bad} | head -1; echo "${{PIPESTATUS[0]}}" >&2'

    result = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )

    assert result.stdout == f"{bad} is not a valid Stepdown journal (20000 problems):\n"
    assert result.stderr == f"{EXIT_PIPE_CLOSED}\n"


def test_an_invalid_file_still_exits_1_when_its_errors_are_printed(
    journal: Path, tmp_path: Path
) -> None:
    bad = journal.with_name("bad.toml")
    bad.write_text(BAD_FILE, encoding="utf-8")

    result = stepdown("check", str(bad), stdout=subprocess.PIPE, cwd=tmp_path)

    assert result.returncode == 1
    assert "is not a valid Stepdown journal" in result.stdout


@pytest.mark.parametrize("name", ["check", "report", "export ics"])
def test_the_exit_statuses_are_in_each_commands_help(name: str, tmp_path: Path) -> None:
    result = stepdown(*name.split(), "--help", stdout=subprocess.PIPE, cwd=tmp_path)

    text = " ".join(result.stdout.split())
    assert "3 standard output could not be written (closed, or its disk full)" in text
    assert "141 its reader closed it early" in text


@pytest.fixture
def year(tmp_path: Path) -> Path:
    """A year of daily doses with long notes: every report of it is more than a pipe holds
    (64 KiB), so the command is still writing when `head` goes."""
    today = date.today()
    doses = tuple(
        taken(day, None, 5.0, datetime.combine(day, time(12)), "a long note " * 20)
        for n in range(365)
        if (day := today - timedelta(days=n))
    )
    path = tmp_path / "year.toml"
    path.write_text(encode(replace(demo_journal(today), doses=doses)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--days", "365", "--format", "html", "--output", "-"],
        ["report", "--days", "365", "--format", "csv", "--doses", "--output", "-"],
        ["report", "--days", "365", "--output", "-"],
    ],
    ids=["report html", "report doses", "report md"],
)
def test_a_report_piped_to_head_ends_quietly(args: list[str], year: Path, tmp_path: Path) -> None:
    command = " ".join([sys.executable, "-m", "stepdown", "--data", str(year), *args])
    shell = f'{command} | head -1; echo "${{PIPESTATUS[0]}}" >&2'

    result = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )

    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == f"{EXIT_PIPE_CLOSED}\n"


@pytest.mark.parametrize("args", [["--help"], ["report", "--help"], ["--version"]])
def test_help_to_a_reader_that_went_away_ends_quietly(args: list[str], tmp_path: Path) -> None:
    # argparse itself drops a failed write of its help; what matters is no traceback.
    with reader_gone() as pipe:
        result = stepdown(*args, stdout=pipe, cwd=tmp_path)

    assert (result.returncode, result.stderr) == (0, "")


def test_check_through_the_cache_still_ends_quietly(journal: Path, tmp_path: Path) -> None:
    JournalStore.open(journal, FixedClock(datetime.now())).close()  # leaves the cache
    with reader_gone() as pipe:
        result = stepdown("check", str(journal), stdout=pipe, cwd=tmp_path)

    assert (result.returncode, result.stderr) == (EXIT_PIPE_CLOSED, "")
