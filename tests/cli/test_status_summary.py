"""`stepdown status`'s kept lines (store/status_summary.py): used for the journal's exact
bytes today, and ignored, then rewritten, whenever anything about them is wrong.

Each test marks the kept lines (their words become MARK) to tell a line read from the
summary from one worked out from the journal. The clock is fixed at Wed 25 Nov 2026;
HOME and the XDG folders are in tmp_path.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from stepdown.cli import main
from stepdown.clock import FixedClock
from stepdown.domain.status import changes_at, status_of
from stepdown.status_cli import FORMATS, _render
from stepdown.store.paths import cache_folder, journal_key
from tests.cli.test_status_command import LINE, NOW, TODAY, write
from tests.domain.test_status import late_journal

Capture = pytest.CaptureFixture[str]
MARK = "a kept line"


@pytest.fixture(autouse=True)
def home(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(folder / "home" / name.lower()))
    return folder


@pytest.fixture
def shown(capsys: Capture) -> Callable[..., str]:
    """What `stepdown --data PATH status ARGS` prints at `at`; it must succeed."""

    def show(path: Path, *args: str, at: datetime = NOW) -> str:
        assert main(["--data", str(path), "status", *args], clock=FixedClock(at)) == 0
        out, err = capsys.readouterr()
        assert err == ""
        return out.removesuffix("\n")

    return show


def summary_of(path: Path) -> Path:
    return cache_folder() / f"{journal_key(path)}.status"


def edit_summary(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Change the summary of `path` as JSON, keeping it a file of this user's, 0600."""
    kept = summary_of(path)
    summary = json.loads(kept.read_text(encoding="utf-8"))
    change(summary)
    kept.write_text(json.dumps(summary), encoding="utf-8")


def mark(summary: dict[str, Any]) -> None:
    for line in summary["lines"]:
        line[1] = MARK


@pytest.fixture
def journal(folder: Path, shown: Callable[..., str]) -> Path:
    """The journal, shown once (which keeps its lines), with its kept lines marked."""
    path = write(folder / "journal.toml")
    assert shown(path) == LINE
    edit_summary(path, mark)
    return path


def test_the_next_status_prints_the_kept_line(journal: Path, shown: Callable[..., str]) -> None:
    assert shown(journal) == MARK
    assert shown(journal, "--format", "plain") == MARK
    assert shown(journal, "--format", "json") != MARK  # only the plain words were marked


def test_the_kept_lines_are_private(journal: Path) -> None:
    assert stat.S_IMODE(summary_of(journal).stat().st_mode) == 0o600
    assert stat.S_IMODE(summary_of(journal).parent.stat().st_mode) == 0o700


def test_another_day_works_it_out_again(journal: Path, shown: Callable[..., str]) -> None:
    tomorrow = NOW + timedelta(days=1)
    assert shown(journal, at=tomorrow).endswith("0 of 3 taken · 1 missed · check-in due")
    assert json.loads(summary_of(journal).read_text())["date"] == "2026-11-26"
    assert shown(journal, at=tomorrow) != MARK


def test_a_record_command_s_change_is_shown_at_once(
    journal: Path, shown: Callable[..., str], capsys: Capture
) -> None:
    clock = FixedClock(NOW.replace(hour=14, minute=5))
    assert main(["--data", str(journal), "take", "14:00"], clock=clock) == 0
    capsys.readouterr()
    assert shown(journal, at=clock.now()) == "next 20:00 20 mg · 2 of 3 taken · check-in due"


def test_other_bytes_are_not_shown_the_kept_line(journal: Path, shown: Callable[..., str]) -> None:
    journal.write_bytes(journal.read_bytes() + b"\n")  # the same journal, other bytes
    assert shown(journal) == LINE


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{",
        b"[]",
        b'{"format": 1}',
        b"\xff\xfe not json",
        b"[" * 100_000,
    ],
)
def test_a_damaged_summary_is_ignored_and_written_again(
    journal: Path, shown: Callable[..., str], damage: bytes
) -> None:
    summary_of(journal).write_bytes(damage)
    assert shown(journal) == LINE
    assert shown(journal) == LINE  # from the summary written again, whole
    assert json.loads(summary_of(journal).read_text())["lines"][0][1] == LINE


@pytest.mark.parametrize(
    "change",
    [
        lambda summary: summary.update(format=2),
        lambda summary: summary.update(stepdown="0.1.0"),
        lambda summary: summary.update(journal="/elsewhere/journal.toml"),
        lambda summary: summary.update(digest="00" * 32),
        lambda summary: summary.update(lines=[]),
        lambda summary: summary["lines"][0].pop(),
        lambda summary: summary["lines"][0].__setitem__(0, "2026-11-25T00:00:00.000000"),
        lambda summary: summary["lines"].reverse(),
    ],
    ids=["format", "stepdown", "journal", "digest", "no lines", "short", "start", "order"],
)
def test_a_summary_of_another_kind_is_ignored(
    journal: Path, shown: Callable[..., str], change: Callable[[dict[str, Any]], object]
) -> None:
    edit_summary(journal, change)
    assert shown(journal) == LINE


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user takes root")
def test_another_user_s_summary_is_ignored(journal: Path, shown: Callable[..., str]) -> None:
    os.chown(summary_of(journal), 4242, -1)
    assert shown(journal) == LINE


def test_a_symlink_is_never_followed(journal: Path, shown: Callable[..., str]) -> None:
    """A marked summary reached through a link is not read, and the link is replaced by
    a file, never written through."""
    kept = summary_of(journal)
    elsewhere = journal.with_name("elsewhere")
    kept.rename(elsewhere)
    kept.symlink_to(elsewhere)
    assert shown(journal) == LINE
    assert not kept.is_symlink()
    assert json.loads(elsewhere.read_text())["lines"][0][1] == MARK


def test_a_link_to_the_journal_shares_its_kept_lines(
    journal: Path, shown: Callable[..., str]
) -> None:
    link = journal.with_name("link.toml")
    link.symlink_to(journal)
    assert shown(link) == MARK


@pytest.mark.parametrize("form", FORMATS)
def test_the_kept_line_is_the_one_worked_out_at_every_moment(
    folder: Path, shown: Callable[..., str], form: str
) -> None:
    """Each stretch of the day has its line (a late dose of yesterday's missed at 01:30,
    today's due and missed): at each minute, and a second before and at each moment,
    the kept line is the one the journal gives then."""
    journal = late_journal()
    path = write(folder / "journal.toml", journal)
    moments = changes_at(journal, TODAY)
    start = datetime.combine(TODAY, time())
    times = [start + timedelta(minutes=minute) for minute in range(0, 24 * 60, 13)]
    times += [moment - delta for moment in moments for delta in (timedelta(seconds=1), timedelta())]
    shown(path, at=start)  # keeps the day's lines
    for now in times:
        assert shown(path, "--format", form, at=now) == _render(
            status_of(journal, TODAY, now), form
        ), now


def test_a_quick_status_imports_almost_nothing(folder: Path) -> None:
    """A real process after a first `status`: the journal's types, the parse cache,
    platformdirs, hashlib's OpenSSL, argparse and pathlib are not imported."""
    path = write(folder / "journal.toml")
    code = (
        "import sys; from stepdown.cli import main; "
        f"status = main(['--data', {str(path)!r}, 'status']); "
        "print(status, sorted(sys.modules))"
    )
    first, second = (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        ).stdout.splitlines()
        for _ in range(2)
    )
    assert "stepdown.domain.journal" in first[-1]  # the first worked it out
    modules = eval(second[-1].removeprefix("0 "))  # a list of names, printed by repr
    heavy = ("dataclasses", "typing", "argparse", "pathlib", "_hashlib", "platformdirs")
    assert [name for name in modules if name in heavy or name.startswith("stepdown.domain")] == []
    assert second[0] == first[0]


def test_a_first_summary_removes_those_of_journals_gone(
    journal: Path, folder: Path, shown: Callable[..., str]
) -> None:
    """As the parse cache does: the summaries of journals deleted or moved (every
    `--demo` is a new one) do not pile up; those of journals still there stay."""
    gone = write(folder / "gone.toml")
    shown(gone)
    gone.unlink()
    damaged = summary_of(journal).with_name(f"{'0' * 32}.status")
    damaged.write_bytes(b"{")
    other = write(folder / "other.toml")
    shown(other)
    assert (summary_of(gone).exists(), damaged.exists()) == (False, False)
    assert summary_of(journal).exists() and summary_of(other).exists()
