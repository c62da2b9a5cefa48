"""The `stepdown` command: open the app, try it on sample data, check a data file, show its path.

The other commands live in their own modules (`command_modules`): report_cli.py (and
ics_cli.py for `export ics`), record_cli.py, status_cli.py, remind_cli.py, merge_cli.py
and completion_cli.py. This module imports argparse and the parser only in `main`, and each
command imports the rest when it runs. `stepdown status` comes first: a prompt runs it
before every line, so `main` prints the line kept for the journal's bytes today
(status_cli.quick) before anything else is imported. Every command but the app writes
standard output through report_cli.say and emit, and ends on a closed or full output
with one line on standard error and its own exit status, never a traceback.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself is not imported: `status` would pay for it
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from datetime import date
    from pathlib import Path
    from types import ModuleType

    from stepdown.clock import Clock
    from stepdown.domain.journal import Journal

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def command_modules() -> tuple[ModuleType, ...]:
    """The modules that add commands: each has add_commands, COMMANDS and run. Each keeps
    its top-level imports cheap and imports the rest in `run`: every command but a
    quick `status` builds the whole parser."""
    from stepdown import (
        completion_cli,
        merge_cli,
        record_cli,
        remind_cli,
        report_cli,
        status_cli,
    )

    return (report_cli, record_cli, status_cli, remind_cli, merge_cli, completion_cli)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: global options, then an optional command."""
    import argparse

    from stepdown import __version__, report_cli
    from stepdown.store.paths import ENV_VAR

    parser = argparse.ArgumentParser(
        prog="stepdown",
        usage="%(prog)s [options] [COMMAND]",
        description=(
            "A daily companion for tapering off baclofen on your provider's plan. "
            "With no command, opens the app. Stepdown gives no medical advice: follow "
            "your provider's plan, never stop baclofen suddenly, and in an emergency "
            "call your local emergency number."
        ),
        epilog=f"The data file can also be chosen with the {ENV_VAR} environment variable.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data",
        metavar="PATH",
        help=f"the data file to use (default: ${ENV_VAR}, then your data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a temporary copy of sample data; your own file is never touched",
    )
    commands = parser.add_subparsers(
        dest="command", title="commands", metavar="COMMAND", prog=parser.prog
    )
    check = commands.add_parser(
        "check",
        help="validate a data file and summarise it",
        description=(
            "Validate a data file without changing it. Exit status: 0 valid, 1 invalid "
            "(every error is listed with its line and key), 2 missing or unreadable, "
            f"{report_cli.EXIT_STATUS_HELP}"
        ),
    )
    check.add_argument("path", nargs="?", metavar="PATH", help="the file (default: the data file)")
    path = commands.add_parser(
        "path",
        help="print the data file's path",
        description="Print the data file's path, or with --log the log file's.",
    )
    path.add_argument(
        "--log",
        action="store_true",
        help="print the log file's path instead: where Stepdown notes the problems it got past",
    )
    for module in command_modules():
        module.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None, clock: Clock | None = None) -> int:
    """Run the command line with `argv` (default: the process's); return the exit status.

    `clock` (default: the computer's) dates the report and the calendar export.
    """
    argv = sys.argv[1:] if argv is None else argv
    quick = _quick_status(argv, clock)
    if quick is not None:
        return quick
    import functools
    from pathlib import Path

    from stepdown.clock import SystemClock
    from stepdown.store.paths import resolve_data_path

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.demo and (args.command or args.data):
            parser.error("--demo opens the app on sample data; it takes no --data or command")
    except SystemExit as stop:  # --help, --version and usage errors: keep their status
        code = stop.code if isinstance(stop.code, int) else EXIT_OK
        return _output_checked(lambda: code)
    data_path = resolve_data_path(args.data, os.environ)
    if args.command == "path":
        from stepdown.store.log import log_path

        shown = log_path() if args.log else data_path
        return _output_checked(lambda: _say_path(shown))
    if args.command == "check":
        return _output_checked(
            lambda: check(Path(args.path).expanduser() if args.path else data_path)
        )
    clock = clock or SystemClock()
    for module in command_modules():
        if args.command in module.COMMANDS:
            return _output_checked(functools.partial(module.run, args, data_path, clock))
    if args.demo:
        return _run_demo(clock)
    return run_app(data_path, clock)


def _quick_status(argv: Sequence[str], clock: Clock | None) -> int | None:
    """`stepdown [--data PATH] status [--format F]` without argparse: the status line
    kept for the journal's bytes today (status_cli.quick) before anything else is
    imported, as a prompt runs it before every line; else worked out (status_cli.show),
    still without the parser. None when the command line is any other (or odd: help, a
    bad format, an option spelt short) or only platformdirs can tell the journal's path:
    the ordinary path then runs, with its messages and exit statuses."""
    request = _status_request(argv)
    if request is None:
        return None
    explicit, form = request
    from stepdown import status_cli
    from stepdown.store import quick_paths, status_summary

    path = quick_paths.data_path(explicit, os.environ)
    if path is None:
        return None
    if clock is None:
        today, now = status_summary.now_texts()
    else:
        today, now = clock.today().isoformat(), status_summary.moment_text(clock.now())
    from stepdown.report_cli import OutputFailed, output_failed

    try:
        shown = status_cli.quick(path, form, today, now, os.environ)
        if shown is not None:
            return shown
        from pathlib import Path

        from stepdown.clock import SystemClock

        return status_cli.show(Path(path), form, clock or SystemClock())
    except OutputFailed as failed:
        return output_failed(failed.error)


def _status_request(argv: Sequence[str]) -> tuple[str | None, str] | None:
    """The --data value (or None) and the format of `[--data PATH] status [--format F]`,
    spelt in full; None for any other command line."""
    rest = list(argv)
    explicit = None
    if rest[:1] == ["--data"] and len(rest) > 1:
        explicit, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--data="):
        explicit, rest = rest[0].removeprefix("--data="), rest[1:]
    if rest[:1] != ["status"] or (explicit is not None and explicit[:1] in ("", "-")):
        return None
    options = rest[1:]
    if not options:
        return explicit, "plain"
    if len(options) == 2 and options[0] == "--format":
        form = options[1]
    elif len(options) == 1 and options[0].startswith("--format="):
        form = options[0].removeprefix("--format=")
    else:
        return None
    from stepdown.status_cli import FORMATS

    return (explicit, form) if form in FORMATS else None


def _output_checked(command: Callable[[], int]) -> int:
    """Run `command` and flush standard output; a closed or full output ends it with its
    own message and exit status (report_cli.output_failed) instead of a traceback."""
    from stepdown import report_cli

    try:
        status = command()
        if sys.stdout is not None:
            try:
                sys.stdout.flush()
            except OSError as error:
                raise report_cli.OutputFailed(error) from error
    except report_cli.OutputFailed as failed:
        return report_cli.output_failed(failed.error)
    return status


def _say_path(path: Path) -> int:
    from stepdown.report_cli import say

    say(str(path))
    return EXIT_OK


def run_app(path: Path, clock: Clock, *, demo: bool = False) -> int:
    """Open the app on the data file at `path`; the journal is closed however it ends."""
    # Textual is slow to import; the other commands never need it.
    from stepdown.store.journal_store import JournalStore
    from stepdown.ui.app import StepdownApp

    store = JournalStore.open(path, clock)
    app: StepdownApp | None = None
    try:
        app = StepdownApp(store, clock, demo=demo)
        app.run()
        return app.return_code or EXIT_OK
    finally:
        store.close()
        if app is not None and app.store is not store:
            app.store.close()  # the app reopened the file after the user fixed it


DEMO_PREFIX = "stepdown-demo-"
"""The demo's temporary folders: `tempfile`'s folder, then this and a random name."""

STALE_DEMO_SECONDS = 60
"""A demo folder this old and not open in any Stepdown was left by a demo that was killed."""


def remove_stale_demos() -> None:
    """Remove the folders of earlier demos that did not end normally (closing the
    terminal kills the app before it can clean up). A demo still running has its journal
    marked open (store/lock.py's OpenMark), and one just starting is too new: both are
    left alone, as is anything not a folder of this user's."""
    import shutil
    import stat
    import tempfile
    import time
    from pathlib import Path

    from stepdown.store.lock import LockBusy, LockUnavailable, OpenMark

    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(f"{DEMO_PREFIX}*"):
        try:
            info = folder.lstat()
        except OSError:
            continue
        mine = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
        if not mine or now - info.st_mtime < STALE_DEMO_SECONDS:
            continue
        mark = OpenMark(folder / "journal.toml")
        try:
            mark.acquire()  # taken only when no Stepdown has that journal open
        except (LockBusy, LockUnavailable):
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            mark.release()


def _run_demo(clock: Clock) -> int:
    import tempfile
    from pathlib import Path

    from stepdown.domain.demo import demo_journal
    from stepdown.store.cache import cache_path
    from stepdown.store.codec import encode
    from stepdown.store.lock import lock_path, open_path

    remove_stale_demos()
    with tempfile.TemporaryDirectory(prefix=DEMO_PREFIX) as folder:
        path = Path(folder) / "journal.toml"
        path.write_text(encode(demo_journal(clock.today(), clock.now())), encoding="utf-8")
        # The cache, lock and open mark live in the user's folders, named after the
        # journal's real path: they go with the demo, not at some later prune.
        leftovers = (cache_path(path), lock_path(path), open_path(path))
        try:
            return run_app(path, clock, demo=True)
        finally:
            for leftover in leftovers:
                leftover.unlink(missing_ok=True)


def check(path: Path) -> int:
    """Validate the file at `path` without locking or writing it; print what was found.

    A valid parse cache of the file's exact bytes stands for the parse (store/snapshot.py):
    it was made from that file after it passed these same checks. Without one, the file
    is parsed and every error is listed with its line.

    Raises report_cli.OutputFailed when standard output cannot be written.
    """
    import shlex

    from stepdown.domain.journal import SCHEMA
    from stepdown.report_cli import say
    from stepdown.store import snapshot
    from stepdown.store.codec import InvalidJournal

    try:
        journal = snapshot.read_journal(path)
    except FileNotFoundError:
        print(f"stepdown: there is no data file at {path}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:
        print(f"stepdown: cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except InvalidJournal as invalid:
        count = _plural(len(invalid.errors), "problem")
        say(f"{path} is not a valid Stepdown journal ({count}):")
        for problem in invalid.errors:
            say(f"  {problem}")
        say(
            _wrap(
                f"Fix these in a text editor, then run `stepdown check {shlex.quote(str(path))}` "
                "again. Stepdown never writes to a file that does not pass this check."
            )
        )
        return EXIT_INVALID
    say(_wrap(summary(path, journal)))
    if journal.schema > SCHEMA:
        say()
        say(
            _wrap(
                f"This file was written by a newer Stepdown (schema {journal.schema}; "
                f"this version knows schema {SCHEMA}). It can be read, but this version "
                "opens it read-only and never rewrites it."
            )
        )
    return EXIT_OK


def summary(path: Path, journal: Journal) -> str:
    """One paragraph on what a valid journal holds: medication, plan, entries and their dates."""
    settings = journal.settings
    parts = [
        f"{path} is a valid Stepdown journal (schema {journal.schema}).",
        f"Medication: {settings.medication} ({settings.unit}).",
        _plan_sentence(journal),
        _entries_sentence(journal),
    ]
    if journal.plan_history:
        parts.append(f"{_plural(len(journal.plan_history), 'earlier plan')} kept.")
    return " ".join(parts)


def _plan_sentence(journal: Journal) -> str:
    plan = journal.plan
    if plan is None:
        return "No plan entered yet."
    approved = f", approved {plan.approved_on}" if plan.approved_on else ""
    if not plan.steps:
        return f"Plan by {plan.prescriber}{approved}, with no steps yet."
    return (
        f"Plan by {plan.prescriber}{approved}: {_plural(len(plan.steps), 'step')} "
        f"from {plan.steps[0].start} to {plan.steps[-1].start}."
    )


def _entries_sentence(journal: Journal) -> str:
    counts = (
        f"{_plural(len(journal.doses), 'dose entry', 'dose entries')}, "
        f"{_plural(len(journal.checkins), 'check-in')}, "
        f"{_plural(len(journal.breathing), 'breathing session')} and "
        f"{_plural(len(journal.contacts), 'contact')}"
    )
    days = _entry_dates(journal)
    if not days:
        return f"{counts}; no dated entries yet."
    if min(days) == max(days):
        return f"{counts}, all on {min(days)}."
    return f"{counts}, from {min(days)} to {max(days)}."


def _entry_dates(journal: Journal) -> list[date]:
    return [
        *(dose.date for dose in journal.doses),
        *(checkin.date for checkin in journal.checkins),
        *(session.started_at.date() for session in journal.breathing),
    ]


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _wrap(paragraph: str) -> str:
    import textwrap

    return textwrap.fill(paragraph, width=78, break_long_words=False, break_on_hyphens=False)
