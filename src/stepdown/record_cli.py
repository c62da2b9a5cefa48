"""The one-line record commands: `take`, `skip`, `extra`, `undo` and `checkin`.

Each records one thing in today's journal through the store (JournalStore.update, so it
works beside the open app and merges another program's edit) and prints what it
recorded in one line. The rules are the domain's (domain/shell_records.py,
shell_checkin.py, shell_undo.py); this module reads the arguments and says the outcome.

Exit statuses: 0 recorded; 1 refused, the reason on standard error (no plan, the dose
recorded already, a likely slip without --yes, the file invalid, read-only or of a
newer schema, a failed save); 2 a wrong value (the message names it and, for a time,
lists today's doses); 4 a check-in with a red flag; 3 and 141 when standard output
fails, as for every command. Nothing is written on an error. Imports beyond argparse
are made in run(): every command builds the whole parser, and `status` must start
fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stepdown.clock import Clock

if TYPE_CHECKING:
    from datetime import datetime

    from stepdown.domain.shell_undo import ShellRecord
    from stepdown.store.journal_store import Change, JournalStore

COMMANDS = ("take", "skip", "extra", "undo", "checkin")
EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
EXIT_RED_FLAG = 4
"""The check-in holds a red flag: seek medical attention now. Saved, unless standard
error says it could not be (the alert is printed either way)."""

_STATUSES = (
    "Exit status: 0 {done}, 1 refused (the reason on standard error; nothing is written), "
    "2 a wrong value{red_flag}, 3 or 141 when standard output fails."
)
_RED_FLAG_STATUS = (
    " and no red flag (nothing is written), 4 the check-in holds a red flag: seek medical "
    "attention now (saved, a wrong value left out, unless standard error says otherwise)"
)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the record commands to the command line's commands."""
    statuses = _STATUSES.format(done="recorded", red_flag="")
    take = commands.add_parser(
        "take",
        help="mark today's dose at TIME (or the next one) taken",
        description=(
            "Mark today's planned dose at TIME taken, at the planned amount unless --amount "
            "says otherwise. Without TIME, or with `next`: the unrecorded dose of today "
            "nearest to the time taken. An amount over 1.5 times the plan, a time later than "
            "now, or more than two hours early is refused unless --yes. " + statuses
        ),
    )
    take.add_argument("time", nargs="?", default="next", metavar="TIME|next")
    take.add_argument("--amount", metavar="N", help="the amount taken (default: the planned)")
    _at_and_note(take)
    skip = commands.add_parser(
        "skip",
        help="mark today's dose at TIME skipped",
        description="Mark today's planned dose at TIME skipped. " + statuses,
    )
    skip.add_argument("time", metavar="TIME")
    skip.add_argument("--reason", metavar="TEXT", help="why, if you like")
    extra = commands.add_parser(
        "extra",
        help="record an extra dose, outside the plan",
        description=(
            "Record a dose taken outside the plan today. One larger than the day's largest "
            "planned dose, or at a time later than now, is refused unless --yes. " + statuses
        ),
    )
    extra.add_argument("amount", metavar="AMOUNT")
    _at_and_note(extra)
    commands.add_parser(
        "undo",
        help="take back the last record made from the shell",
        description=(
            "Take back the last record a take, skip, extra or checkin command made, while "
            "the journal still holds it as that command wrote it. "
            + _STATUSES.format(done="taken back", red_flag="")
        ),
    )
    checkin = commands.add_parser(
        "checkin",
        help="save or change today's check-in",
        description=(
            "Save today's check-in with the fields given. Each field given replaces that "
            "field of today's check-in and the rest is kept, so two commands build one "
            "check-in; --no-seizure (and each flag's --no- form) clears a flag. Scores run "
            "0..10. A red flag (a seizure, hallucinations, confusion, fever, or spasticity "
            "or anxiety at 9 or 10) prints the alert, the emergency number and contacts, "
            "and is saved even when another value is wrong (that value is left out). "
            + _STATUSES.format(done="saved", red_flag=_RED_FLAG_STATUS)
        ),
    )
    for score, ends in (
        ("spasticity", "0 none, 10 worst"),
        ("anxiety", "0 none, 10 worst"),
        ("sleep", "sleep quality: 0 worst, 10 best"),
        ("mood", "0 worst, 10 best"),
    ):
        checkin.add_argument(f"--{score}", metavar="N", help=ends)
    for flag in ("seizure", "hallucinations", "confusion", "fever"):
        checkin.add_argument(f"--{flag}", action=argparse.BooleanOptionalAction, default=None)
    checkin.add_argument("--note", metavar="TEXT", help="replaces today's note")


def _at_and_note(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--at", metavar="HH:MM", help="when it was taken (default: now)")
    parser.add_argument("--note", metavar="TEXT")
    parser.add_argument("--yes", action="store_true", help="record it even if it looks like a slip")


def run(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    """Run the record command in `args` on the data file at `data_path`."""
    from stepdown.domain.shell_records import BadValue, Refused
    from stepdown.store.journal_store import JournalStore

    store: JournalStore | None = None
    try:
        command = _Command(args, data_path, clock)
        store = JournalStore.open(data_path, clock)
        return command.run(store)
    except BadValue as bad:
        return _fail(str(bad), EXIT_USAGE)
    except Refused as refused:
        return _fail(str(refused), EXIT_REFUSED)
    finally:
        if store is not None:
            store.close()


def _fail(message: str, status: int) -> int:
    for line in message.splitlines():
        print(f"stepdown: {line}", file=sys.stderr)
    return status


class _Command:
    """One record command: its values read first (a wrong one is a usage error before
    the file is opened), then run on the store."""

    def __init__(self, args: argparse.Namespace, data_path: Path, clock: Clock) -> None:
        from stepdown.domain.rules import clean_text

        self.args, self.path = args, data_path
        self.now, self.today = clock.now(), clock.today()
        self.at = _at(args, self.now)
        self.amount = _amount(args)
        note = getattr(args, "note", None) or getattr(args, "reason", None) or ""
        self.note = clean_text(note).strip()

    def run(self, store: JournalStore) -> int:
        name = self.args.command
        if name == "checkin":
            return self.checkin(store)
        _check_writable(store)
        return self.undo(store) if name == "undo" else self.dose(store, name)

    def dose(self, store: JournalStore, name: str) -> int:
        """`take`, `skip` or `extra`: the domain decides the change, this saves it."""
        from stepdown.domain.journal import DoseEntry
        from stepdown.domain.shell_records import DoseRequest, dose_change, dose_name, how_recorded
        from stepdown.domain.shell_undo import ShellRecord
        from stepdown.store.undo_record import load_record

        last = load_record(self.path)
        args = self.args
        request = DoseRequest(
            name,
            self.at,
            getattr(args, "time", "next"),
            self.amount,
            self.note,
            getattr(args, "yes", False),
        )
        last_entry = last.after if last is not None and isinstance(last.after, DoseEntry) else None
        change = dose_change(store.journal, request, self.now, last_entry)
        saved_in(store, change)
        remember(self.path, ShellRecord(name, change.entry))
        words = how_recorded(change.entry, store.journal.settings.unit)
        _say(f"Recorded {dose_name(change.entry, self.today)}: {words}.")
        return EXIT_OK

    def undo(self, store: JournalStore) -> int:
        from stepdown.domain.shell_records import Refused
        from stepdown.store.undo_record import forget_record, load_record

        record = load_record(self.path)
        if record is None:
            raise Refused(
                "Nothing to undo: no record made from the shell is kept for this journal "
                "(it was taken back already, or none was made)."
            )
        journal, unit = store.journal, store.journal.settings.unit
        if not record.held_by(journal):
            raise Refused(record.not_held(journal, unit, self.today))
        saved_in(store, record.undo(self.today))
        try:
            forget_record(self.path)
        except OSError as error:
            # The next undo finds the record no longer in the journal and says so.
            _note(f"the undo record could not be removed ({error})")
        _say(f"{record.words(unit, self.today)}.")
        return EXIT_OK

    def checkin(self, store: JournalStore) -> int:
        """Save today's check-in with the fields given; a red flag's alert comes first,
        and nothing (a wrong score, a file that cannot be written) stops it."""
        from stepdown.domain.checkin import red_flags
        from stepdown.domain.day import checkin_on
        from stepdown.domain.red_flag_words import alert_lines
        from stepdown.domain.shell_checkin import (
            FLAG_NAMES,
            SCORE_NAMES,
            CheckinChange,
            labels,
            read_fields,
            saved_words,
        )
        from stepdown.domain.shell_records import BadValue, Refused
        from stepdown.domain.shell_undo import ShellRecord

        args = self.args
        fields, problems = read_fields(
            {name: getattr(args, name) for name in SCORE_NAMES},
            {name: getattr(args, name) for name in FLAG_NAMES},
            args.note,
        )
        if fields.empty and not problems:
            raise BadValue("Give at least one field, like --anxiety 4 (stepdown checkin --help).")
        journal = store.journal
        change = CheckinChange(self.today, self.now, fields)
        before = checkin_on(journal.checkins, self.today)
        triggers = red_flags(change.checkin(journal))
        if problems and not triggers:
            raise BadValue("\n".join(problems.values()))
        if triggers:
            for line in alert_lines(triggers, journal, labels(tuple(problems))):
                _say(line)
            for problem in problems.values():
                _note(f"{problem} Left out of the check-in.")
        try:
            _check_writable(store)
            saved_in(store, change)
        except Refused as refused:
            if not triggers:
                raise
            return _fail(f"{refused}\nThe check-in was not saved.", EXIT_RED_FLAG)
        after = checkin_on(store.journal.checkins, self.today)
        if after is not None:
            remember(self.path, ShellRecord("checkin", after, before))
        _say(saved_words(fields, self.today, self.today, before is not None))
        return EXIT_RED_FLAG if triggers else EXIT_OK


def _at(args: argparse.Namespace, now: datetime) -> datetime:
    """When the dose was taken: --at today, or now."""
    from datetime import datetime

    from stepdown.domain.parse import parse_time
    from stepdown.domain.shell_records import BadValue

    text = getattr(args, "at", None)
    if text is None:
        return now
    try:
        return datetime.combine(now.date(), parse_time(text))
    except ValueError:
        raise BadValue(f"--at {text!r} is not a time of day; type one like 08:05.") from None


def _amount(args: argparse.Namespace) -> float | None:
    """The amount typed (--amount, or extra's AMOUNT), or None."""
    from stepdown.domain.parse import parse_amount
    from stepdown.domain.shell_records import BadValue

    text = getattr(args, "amount", None)
    if text is None:
        return None
    try:
        return parse_amount(text)
    except ValueError as error:
        name = "AMOUNT" if args.command == "extra" else "--amount"
        raise BadValue(f"{name} {text!r}: {error}") from None


def _check_writable(store: JournalStore) -> None:
    """Refuse, in the store's own words, when the journal cannot be changed (invalid,
    read-only, of a newer schema)."""
    from stepdown.domain.shell_records import Refused
    from stepdown.store.outcome import invalid_message

    if store.status == "invalid":
        first = f"\nThe first problem: {store.errors[0]}" if store.errors else ""
        raise Refused(invalid_message(store.path) + first)
    if store.status == "read_only":
        raise Refused(store.read_only_reason or "This journal is read-only.")


def saved_in(store: JournalStore, change: Change) -> None:
    """Save `change`; Refused with the store's words when it could not be saved. A
    notice about the save (another program's edit merged) goes to standard error."""
    from stepdown.domain.shell_records import Refused

    outcome = store.update(change)
    if not outcome.saved:
        message = outcome.message or "The change could not be saved."
        raise Refused(f"{message}\nNothing was recorded: this command does not try again.")
    if outcome.notice:
        _note(outcome.notice)


def remember(path: Path, record: ShellRecord) -> None:
    """Keep `record` for `stepdown undo`; when it cannot be kept, undo must not take back
    an older record instead, so that one goes (and standard error says so)."""
    from stepdown.store.undo_record import forget_record, record_path, save_record

    try:
        save_record(path, record)
    except OSError as error:
        _note(f"`stepdown undo` will not be able to take this back ({error})")
        try:
            forget_record(path)
        except OSError:
            _note(f"it would take back an earlier record instead: remove {record_path(path)}")


def _note(text: str) -> None:
    print(f"stepdown: {text}", file=sys.stderr)


def _say(text: str) -> None:
    from stepdown.report_cli import say

    say(text)
