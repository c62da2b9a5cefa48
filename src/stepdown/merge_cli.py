"""`stepdown merge`: two copies of one journal made one, record by record.

`stepdown merge BASE OURS THEIRS` is git's merge driver (`%O %A %B`): the three files are
read and validated, merged (domain/journal_merge.py) and the result written into OURS,
atomically, with OURS's mode kept. It prints nothing on standard output (git reads
none) and a one-line summary on standard error. An empty BASE (git gives one when the
two branches share no ancestor) means no base: nothing counts as deleted.

`stepdown merge --into JOURNAL OTHER` merges another copy by hand through the store (the
lock, today's backup, the atomic save; an open app shows it), with the newest backup
of JOURNAL older than both files as the base (store/backups.py); OTHER is left as it
was.

Exit statuses: 0 merged; 1 nothing written: a file missing, unreadable, invalid or of a
newer schema (the message names the file and why), or a result that would not be a
valid journal; 2 a usage error. Imports beyond argparse are made in run().
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stepdown.clock import Clock

if TYPE_CHECKING:
    from stepdown.domain.journal import Journal

COMMANDS = ("merge",)
EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class Refused(Exception):
    """The merge writes nothing; str() says why, naming the file."""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `merge` to the command line's commands."""
    merge = commands.add_parser(
        "merge",
        help="merge two copies of a journal (git's merge driver, or --into by hand)",
        usage="%(prog)s BASE OURS THEIRS | --into JOURNAL OTHER",
        description=(
            "Merge two copies of a journal record by record: nothing either copy holds "
            "is lost; an entry changed differently in both keeps the later version in "
            "place and lists the other as a conflict. With BASE OURS THEIRS (git's merge driver: "
            "`stepdown merge %O %A %B`) the result is written into OURS. With --into, OTHER "
            "is merged into JOURNAL, the base being JOURNAL's newest backup older than "
            "both (without one, nothing deleted in one copy is deleted). Exit status: 0 "
            "merged, 1 nothing written (a file missing, invalid or of a newer schema, or a "
            "result that would not be valid), 2 a usage error."
        ),
    )
    merge.add_argument(
        "files", nargs="+", metavar="FILE", help="BASE OURS THEIRS, or with --into: OTHER"
    )
    merge.add_argument("--into", metavar="JOURNAL", help="merge the one FILE into JOURNAL")
    merge.set_defaults(merge_parser=merge)


def run(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    """Run `merge` as `args` says; `data_path` is not used (the files are named)."""
    paths = [Path(name).expanduser() for name in args.files]
    wanted = 1 if args.into else 3
    if len(paths) != wanted:
        usage = (
            "--into takes one FILE: the copy to merge in"
            if args.into
            else ("give BASE OURS THEIRS, or --into JOURNAL OTHER")
        )
        try:
            args.merge_parser.error(usage)
        except SystemExit as stop:
            return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        if args.into:
            return merge_into(Path(args.into).expanduser(), paths[0], clock)
        return merge_driver(*paths)
    except Refused as refused:
        for line in str(refused).splitlines():
            print(f"stepdown merge: {line}", file=sys.stderr)
        return EXIT_REFUSED


def merge_driver(base: Path, ours: Path, theirs: Path) -> int:
    """git's merge driver: the merge of the three files written into `ours`."""
    import os

    from stepdown.domain.journal_merge import merge_journals
    from stepdown.store import files
    from stepdown.store.copy_merge import MergeInvalid, counts, valid_text

    base_journal = read_journal(base, "BASE", empty_is_none=True)
    ours_journal = read_journal(ours, "OURS")
    theirs_journal = read_journal(theirs, "THEIRS")
    assert ours_journal is not None and theirs_journal is not None
    result = merge_journals(base_journal, ours_journal, theirs_journal)
    try:
        data = valid_text(result.journal)
    except MergeInvalid as invalid:
        raise Refused(f"{invalid}; nothing was written") from invalid
    try:
        mode = os.stat(ours).st_mode & 0o7777
        files.write_file(ours, data)
        os.chmod(ours, mode)  # written 0600 first: never readable by more than before
    except OSError as error:
        raise Refused(f"cannot write OURS ({ours}): {files.plain_reason(error)}") from None
    print(f"stepdown merge: {counts(result)}.", file=sys.stderr)
    return EXIT_OK


def merge_into(journal: Path, other: Path, clock: Clock) -> int:
    """Merge the copy at `other` into `journal` through the store."""
    from stepdown.report_cli import say
    from stepdown.store.copy_merge import CopyMerge, MergeInvalid, counts
    from stepdown.store.journal_store import JournalStore

    other_journal = read_journal(other, "OTHER")
    assert other_journal is not None
    store = JournalStore.open(journal, clock)
    try:
        if store.status == "missing":
            raise Refused(f"there is no journal at {journal}")
        if store.status == "invalid":
            first = f": {store.errors[0]}" if store.errors else ""
            raise Refused(f"{journal} is not a valid Stepdown journal{first}")
        if store.status == "read_only":
            raise Refused(store.read_only_reason or f"{journal} is read-only")
        try:
            merge = CopyMerge(journal, other, store.journal, other_journal)
        except MergeInvalid as invalid:
            raise Refused(f"{invalid}; nothing was written") from invalid
        outcome = store.update(merge.change)
        if not outcome.saved:
            raise Refused(outcome.message or f"{journal} could not be saved")
    finally:
        store.close()
    if outcome.notice:
        print(f"stepdown merge: {outcome.notice}", file=sys.stderr)
    say(f"Merged {other} into {journal}: {counts(merge.result)}.")
    if merge.base is None:
        say(
            f"No backup of {journal} is older than both files, so the merge had no base: "
            "an entry deleted in one copy is kept, not deleted."
        )
    else:
        say(f"Base: the backup {merge.base}.")
    say(f"{other} was left as it was.")
    return EXIT_OK


def read_journal(path: Path, role: str, *, empty_is_none: bool = False) -> Journal | None:
    """The journal in the file at `path` (git's `role` for it); Refused, naming it and
    why, when it is missing, unreadable, invalid or of a newer schema."""
    from stepdown.domain.journal import SCHEMA
    from stepdown.store.codec import InvalidJournal, decode

    try:
        data = path.read_bytes()
    except OSError as error:
        raise Refused(f"cannot read {role} ({path}): {error.strerror or error}") from None
    if empty_is_none and not data.strip():
        return None
    try:
        journal = decode(data)
    except InvalidJournal as invalid:
        first = invalid.errors[0] if invalid.errors else "it does not validate"
        raise Refused(f"{role} ({path}) is not a valid Stepdown journal: {first}") from None
    if journal.schema > SCHEMA:
        raise Refused(
            f"{role} ({path}) was written by a newer Stepdown (schema {journal.schema}; this "
            f"version knows schema {SCHEMA}): it is left for that version to merge"
        )
    return journal
