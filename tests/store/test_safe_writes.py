"""No file is written through a symlink someone else planted, in a folder someone else owns.

The scene of each attack: a journal in a shared folder (mode 1777, like /tmp); another
user (nobody, uid 65534, in a forked child) makes `backups/` or `reports/` there and
puts in it a symlink named like today's backup or report, pointing at a file of the
victim's. The victim's file must come out byte for byte as it was, and the refusal
must say which folder and why.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Journal
from stepdown.store import files
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.restore import Backup, restore
from stepdown.ui.report_export import export_report

NOBODY = 65534
TODAY = date(2026, 11, 25)
SECRET = b"the victim's own file, not Stepdown's\n"

as_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="making files as another user (nobody) needs root"
)


def as_nobody(action: Callable[[], None]) -> None:
    """Run `action` in a forked child as user and group nobody; fail if it fails."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 1
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            action()
            status = 0
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the other user's setup failed"


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder anyone can write to, sticky like /tmp; nobody can reach it, unlike tmp_path."""
    folder = Path(tempfile.mkdtemp(prefix="stepdown-shared-", dir="/tmp"))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of the victim's that Stepdown must never write."""
    path = tmp_path / "important.txt"
    path.write_bytes(SECRET)
    return path


@pytest.fixture
def journal(shared: Path, sample: Journal) -> Path:
    path = shared / "journal.toml"
    path.write_text(encode(sample), encoding="utf-8")
    path.chmod(0o600)
    return path


def plant(folder: Path, name: str, target: Path) -> None:
    """As nobody: make `folder` (open to all, as an attacker would) with `name` -> `target`."""

    def make() -> None:
        folder.mkdir()
        folder.chmod(0o777)
        (folder / name).symlink_to(target)

    as_nobody(make)


# Backups


@as_root
def test_a_backups_folder_another_user_made_is_refused_and_named(
    journal: Path, victim: Path
) -> None:
    backup = journal.parent / "backups" / f"journal-{TODAY.isoformat()}.toml"
    plant(backup.parent, backup.name, victim)

    with pytest.raises(files.BackupFailed) as refused:
        files.daily_backup(journal, b"schema = 1\n", TODAY)

    assert victim.read_bytes() == SECRET
    assert refused.value.path == backup
    assert str(refused.value) == (
        f"Could not write the backup {backup}: {backup.parent} is owned by another user "
        f"(uid {NOBODY}); Stepdown will not write there"
    )
    assert isinstance(refused.value, OSError)


@as_root
def test_a_backups_folder_another_user_made_without_todays_name_is_refused_too(
    journal: Path, victim: Path
) -> None:
    folder = journal.parent / "backups"
    plant(folder, "journal-2026-11-24.toml", victim)

    with pytest.raises(files.BackupFailed, match="is owned by another user"):
        files.daily_backup(journal, b"schema = 1\n", TODAY)

    assert sorted(os.listdir(folder)) == ["journal-2026-11-24.toml"]
    assert victim.read_bytes() == SECRET


def test_a_backups_folder_that_is_a_symlink_is_refused(journal_file: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (journal_file.parent / "backups").symlink_to(elsewhere)

    with pytest.raises(files.BackupFailed, match="backups is a symbolic link, not a folder"):
        files.daily_backup(journal_file, b"schema = 1\n", TODAY)

    assert os.listdir(elsewhere) == []


def test_a_backups_folder_others_can_write_is_refused(journal_file: Path) -> None:
    folder = journal_file.parent / "backups"
    folder.mkdir()
    folder.chmod(0o777)

    with pytest.raises(files.BackupFailed, match=r"can be changed by other users \(mode 0777\)"):
        files.daily_backup(journal_file, b"schema = 1\n", TODAY)


def test_a_backup_that_cannot_be_written_is_named_as_the_backup(
    journal_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object) -> int:
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr(files.os, "write", disk_full)
    with pytest.raises(files.BackupFailed) as failed:
        files.daily_backup(journal_file, b"schema = 1\n", TODAY)
    monkeypatch.undo()

    backup = journal_file.parent / "backups" / "journal-2026-11-25.toml"
    assert failed.value.path == backup
    assert str(failed.value) == f"Could not write the backup {backup}: the disk is full"
    assert failed.value.errno == 28
    assert files.plain_reason(failed.value) == "the disk is full"


def test_backups_are_made_in_a_sticky_shared_folder(journal: Path) -> None:
    files.daily_backup(journal, b"schema = 1\n", TODAY)

    backup = journal.parent / "backups" / "journal-2026-11-25.toml"
    assert backup.read_bytes() == b"schema = 1\n"
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700


# Reports


@dataclass
class FakeApp:
    """What export_report uses of the app: the journal, the clock, the path, notify and
    push_screen (the dialog that shows where the report went)."""

    journal: Journal
    path: Path
    demo: bool = False
    clock: FixedClock = field(default_factory=lambda: FixedClock(datetime(2026, 11, 25, 9)))
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    screens: list[object] = field(default_factory=list)

    @property
    def store(self) -> FakeApp:
        return self

    def notify(self, message: str, **options: Any) -> None:
        self.notes.append((message, options))

    def push_screen(self, screen: object) -> None:
        self.screens.append(screen)


def reporting_into(journal: Journal, folder: Path) -> Journal:
    """`journal` with its settings' reports folder set to `folder`."""
    return replace(journal, settings=replace(journal.settings, reports_folder=str(folder)))


@as_root
def test_a_reports_folder_another_user_made_is_refused_and_named(
    journal: Path, victim: Path, sample: Journal
) -> None:
    folder = journal.parent / "reports"
    plant(folder, "stepdown-report-2026-11-19-to-2026-11-25.html", victim)
    app = FakeApp(reporting_into(sample, folder), journal)

    written = export_report(app, date(2026, 11, 19), TODAY)  # type: ignore[arg-type]

    assert written is None
    assert victim.read_bytes() == SECRET
    [(message, options)] = app.notes
    assert options["title"] == "Report not written"
    assert options["severity"] == "error"
    assert f"{folder} is owned by another user (uid {NOBODY}); Stepdown will not write" in message


def test_a_report_replaces_a_symlink_in_its_own_folder_not_its_target(
    journal_file: Path, victim: Path, sample: Journal
) -> None:
    folder = journal_file.parent / "reports"
    folder.mkdir(mode=0o700)
    report = folder / "stepdown-report-2026-11-19-to-2026-11-25.html"
    report.symlink_to(victim)
    app = FakeApp(reporting_into(sample, folder), journal_file)

    assert export_report(app, date(2026, 11, 19), TODAY) == report  # type: ignore[arg-type]

    assert victim.read_bytes() == SECRET
    assert not report.is_symlink()
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# The journal itself


@as_root
def test_a_journal_symlink_another_user_planted_is_not_followed(shared: Path, victim: Path) -> None:
    link = shared / "journal.toml"
    as_nobody(lambda: link.symlink_to(victim))

    with pytest.raises(files.UnsafePath) as refused:
        files.atomic_write(link, b"schema = 1\n")

    assert victim.read_bytes() == SECRET
    assert str(refused.value) == (
        f"{link} is a symbolic link made by another user (uid {NOBODY}) in a folder "
        "others can write to; Stepdown will not write there"
    )
    assert isinstance(refused.value, OSError)


def test_a_journal_symlink_of_the_users_own_is_followed(shared: Path, tmp_path: Path) -> None:
    target = tmp_path / "synced" / "journal.toml"
    target.parent.mkdir(mode=0o700)
    link = shared / "journal.toml"
    link.symlink_to(target)

    files.atomic_write(link, b"schema = 1\n")

    assert link.is_symlink()
    assert target.read_bytes() == b"schema = 1\n"
    assert files.real_path(link) == target


def test_real_path_agrees_with_realpath_on_chains_and_dotdot(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "up").symlink_to("a/b/..")
    (tmp_path / "abs").symlink_to(tmp_path / "up" / "b")
    path = tmp_path / "abs" / ".." / "b" / "journal.toml"

    assert files.real_path(path) == Path(os.path.realpath(path))


def test_a_journal_folder_others_can_write_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)  # world-writable, not sticky: anyone can swap the journal

    with pytest.raises(files.UnsafePath, match=r"open can be changed by other users \(mode 0777\)"):
        files.atomic_write(folder / "journal.toml", b"schema = 1\n")

    assert os.listdir(folder) == []


def test_the_journal_is_written_in_a_sticky_shared_folder(shared: Path) -> None:
    files.atomic_write(shared / "journal.toml", b"schema = 1\n")

    assert (shared / "journal.toml").read_bytes() == b"schema = 1\n"


@as_root
def test_restore_through_a_planted_journal_symlink_is_refused(
    shared: Path, victim: Path, tmp_path: Path
) -> None:
    link = shared / "journal.toml"
    as_nobody(lambda: link.symlink_to(victim))
    backup = Backup(tmp_path / "journal-2026-11-24.toml", date(2026, 11, 24), b"schema = 1\n")

    outcome = restore(link, backup, datetime(2026, 11, 25, 9))

    assert not outcome.restored
    assert "is a symbolic link made by another user (uid 65534)" in outcome.message
    assert victim.read_bytes() == SECRET
    assert sorted(os.listdir(shared)) == ["journal.toml"]


@as_root
def test_the_app_opens_a_planted_journal_symlink_read_only(
    shared: Path, tmp_path: Path, sample: Journal, clock: FixedClock
) -> None:
    """Another user points the shared `journal.toml` at the victim's other journal: the
    store says why it will not write, and a change leaves that journal as it was."""
    other = tmp_path / "other.toml"
    other.write_text(encode(sample), encoding="utf-8")
    before = other.read_bytes()
    link = shared / "journal.toml"
    as_nobody(lambda: link.symlink_to(other))

    store = JournalStore.open(link, clock)
    status, reason = store.status, store.read_only_reason
    outcome = store.update(lambda journal: journal.with_settings(medication="Other"))
    store.close()

    assert status == "read_only"
    assert f"{link} is a symbolic link made by another user" in (reason or "")
    assert not outcome.saved
    assert other.read_bytes() == before
