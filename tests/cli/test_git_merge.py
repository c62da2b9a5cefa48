"""A real git merge of a journal edited on two branches, through `stepdown merge` set up
as the README says (`.gitattributes` and `git config merge.stepdown.driver`).

The README's driver line is `stepdown merge %O %A %B`; here `stepdown` is spelt
`{sys.executable} -m stepdown`, so git runs this checkout's Stepdown whatever else is
on PATH. Skipped only where git is missing; nothing else is needed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

import pytest

from stepdown.domain.journal import Checkin, Contact, DoseEntry, Journal, Plan, Step
from stepdown.store.codec import decode, encode

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DAY = date(2026, 11, 25)
PLAN = Plan(
    prescriber="Dr. Ana Rivera",
    approved_on=date(2026, 11, 18),
    steps=(Step(date(2026, 11, 18), (time(8), time(20)), (20.0, 20.0)),),
)
FIRST = Checkin(DAY, datetime(2026, 11, 25, 21, 0), anxiety=4, notes="first")
LAPTOP_EDIT = replace(FIRST, recorded_at=datetime(2026, 11, 25, 21, 30), anxiety=5, notes="laptop")
DESKTOP_EDIT = replace(FIRST, recorded_at=datetime(2026, 11, 25, 22, 0), anxiety=7, notes="desk")
DOSES = (
    DoseEntry(DAY, "taken", time(8), datetime(2026, 11, 25, 8, 5), 20.0),
    DoseEntry(DAY, "taken", time(20), datetime(2026, 11, 25, 20, 10), 20.0),
)
NEXT_DAY = Checkin(date(2026, 11, 26), datetime(2026, 11, 26, 9, 0), sleep=6)
SAM = Contact(name="Sam", role="friend", phone="+1 555 0101", id="c-sam")

GITATTRIBUTES = "journal.toml merge=stepdown\n"
"""The README's `.gitattributes` line."""


def driver_command() -> str:
    """The README's `stepdown merge %O %A %B`, with this checkout's Stepdown."""
    return f"{shlex.quote(sys.executable)} -m stepdown merge %O %A %B"


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An empty repository in tmp_path, and an environment that keeps git and Stepdown
    away from the user's configuration and folders."""
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    env.pop("STEPDOWN_DATA", None)
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    folder = tmp_path / "journal-repo"
    folder.mkdir()
    git(folder, env, "init", "-q")
    git(folder, env, "symbolic-ref", "HEAD", "refs/heads/main")
    return folder, env


def git(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True, timeout=60
    )


def commit(folder: Path, env: dict[str, str], journal: Journal, message: str) -> None:
    (folder / "journal.toml").write_text(encode(journal), encoding="utf-8")
    git(folder, env, "add", "journal.toml")
    git(folder, env, "commit", "-q", "-m", message)


def test_git_merges_two_branches_through_the_driver(repo: tuple[Path, dict[str, str]]) -> None:
    folder, env = repo
    (folder / ".gitattributes").write_text(GITATTRIBUTES, encoding="utf-8")
    git(folder, env, "config", "merge.stepdown.name", "Stepdown journal merge")
    git(folder, env, "config", "merge.stepdown.driver", driver_command())
    git(folder, env, "add", ".gitattributes")
    base = Journal(plan=PLAN, checkins=(FIRST,))
    commit(folder, env, base, "the journal")

    git(folder, env, "checkout", "-q", "-b", "laptop")
    commit(folder, env, replace(base, doses=DOSES, checkins=(LAPTOP_EDIT,)), "doses")
    git(folder, env, "checkout", "-q", "main")
    desktop = replace(base, checkins=(DESKTOP_EDIT, NEXT_DAY), contacts=(SAM,))
    commit(folder, env, desktop, "check-ins and a contact")

    merge = subprocess.run(
        ["git", "merge", "--no-edit", "laptop"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert "<<<<<<<" not in (folder / "journal.toml").read_text(encoding="utf-8")
    check = subprocess.run(
        [sys.executable, "-m", "stepdown", "check", "journal.toml"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert git(folder, env, "status", "--porcelain").stdout == ""  # merged and committed

    merged = decode((folder / "journal.toml").read_bytes())
    assert sorted(merged.doses, key=lambda entry: entry.slot or time.min) == list(DOSES)
    by_day = {entry.date: entry for entry in merged.checkins}
    assert by_day == {DAY: DESKTOP_EDIT, NEXT_DAY.date: NEXT_DAY}  # the later edit kept
    assert merged.contacts == (SAM,)
    assert merged.conflicts is not None
    assert merged.conflicts.checkins == (LAPTOP_EDIT,)  # the other edit, kept to pick from
