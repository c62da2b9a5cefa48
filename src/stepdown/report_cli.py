"""The `report` and `export ics` commands: the provider report and the calendar of dose times.

Both read the data file without locking or changing it, and write their file
atomically (a whole new file or none), private to the user, never over an existing
file unless told to with --force, and never over anything but a regular file: a
device (/dev/null), FIFO, socket, folder or symlink at the path is refused, even
with --force; `--output -` is the way to standard output. On success the path
written is printed alone on standard output, so a script can pick it up; notes go
to standard error.

Standard output is written through `say` and `emit`, which turn a failed write into
OutputFailed, so that every command can end on a closed or full output with one line
on standard error and an exit status of its own (`output_failed`), never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys

TYPE_CHECKING = False  # typing itself is not imported: `status` prints through `emit`
if TYPE_CHECKING:
    import argparse
    from datetime import date
    from pathlib import Path

    from stepdown.clock import Clock
    from stepdown.domain.journal import Journal

COMMANDS = ("report", "export")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_OUTPUT = 3
"""Standard output could not be written: closed, or its disk full."""
EXIT_PIPE_CLOSED = 141
"""The reader of standard output went away (`| head -1`): 128 + SIGPIPE, the status a
shell shows for any command stopped that way, so `set -o pipefail` treats it alike."""
STDOUT = "-"
EXIT_STATUS_HELP = (
    f"{EXIT_OUTPUT} standard output could not be written (closed, or its disk full), "
    f"{EXIT_PIPE_CLOSED} its reader closed it early (as `| head` does)."
)
"""The end of each command's list of exit statuses in its --help."""


class OutputFailed(Exception):
    """Standard output could not be written; `error` says why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def emit(data: bytes) -> None:
    """Write `data` to standard output now; OutputFailed if it cannot be written."""
    try:
        if sys.stdout is None:  # started with standard output closed
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        sys.stdout.flush()  # what `say` wrote first comes first
        out = sys.stdout.buffer
        view = memoryview(data)
        while view:
            # A pipe whose reader goes away mid-write takes part of it and says so by
            # its count, not an error: the next write is the one that fails (EPIPE).
            view = view[out.write(view) or 0 :]
        sys.stdout.flush()
    except OSError as error:
        raise OutputFailed(error) from error


def say(text: str = "") -> None:
    """Print `text` and a newline on standard output now; OutputFailed if it cannot be."""
    try:
        if sys.stdout is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        print(text, flush=True)
    except OSError as error:
        raise OutputFailed(error) from error


def output_failed(error: OSError) -> int:
    """End on a failed standard output: say why on standard error (unless its reader just
    went away, which is no error of ours), and return the exit status for it."""
    # Whatever is still buffered must not fail again, with a traceback, at exit.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno() if sys.stdout is not None else 1)
        os.close(devnull)
    if error.errno == errno.EPIPE:
        return EXIT_PIPE_CLOSED
    from stepdown.store.files import plain_reason

    why = "it is closed" if error.errno == errno.EBADF else plain_reason(error)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(f"stepdown: cannot write to standard output: {why}", file=sys.stderr, flush=True)
    return EXIT_OUTPUT


def _date(text: str) -> date:
    import argparse

    from stepdown.domain.parse import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it like 2026-11-25"
        ) from None


def _days(text: str) -> int:
    import argparse

    from stepdown.domain.parse import parse_days

    try:
        return parse_days(text)
    except ValueError as error:
        words = str(error).rstrip(".")
        raise argparse.ArgumentTypeError(f"{text!r}: {words[0].lower()}{words[1:]}") from None


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `report` and `export ics` (ics_cli.py) to the command line's commands."""
    from stepdown.domain.report import FORMATS
    from stepdown.domain.week import WEEK_DAYS

    report = commands.add_parser(
        "report",
        help="write the provider report (Markdown, CSV or HTML)",
        description=(
            "Write the provider report: the plan, adherence, each day's doses, scores, red "
            "flags, check-in notes and breathing, and the taper view. The period is the "
            f"--days days ending --to (default: the {WEEK_DAYS} days ending today), or "
            "--from DATE to --to DATE (default: today). Dates are written like 2026-11-25. "
            f"Exit status: 0 written, 1 nothing written (the reason is on standard error), "
            "2 usage error, "
            f"{EXIT_STATUS_HELP}"
        ),
    )
    period = report.add_mutually_exclusive_group()
    period.add_argument(
        "--days", type=_days, metavar="N", help=f"how many days (default {WEEK_DAYS})"
    )
    period.add_argument("--from", dest="first", type=_date, metavar="DATE", help="the first day")
    report.add_argument("--to", dest="last", type=_date, metavar="DATE", help="the last day")
    report.add_argument(
        "--format", choices=FORMATS, default="md", help="md (default), csv (a row a day) or html"
    )
    report.add_argument(
        "--doses",
        action="store_true",
        help=(
            "with --format csv: a row a dose instead of a row a day (planned time and "
            "amount, status, time and amount taken, note); Markdown and HTML list every "
            "dose already"
        ),
    )
    add_output(
        report,
        "stepdown-report-FIRST-to-LAST.FORMAT in this folder; with --doses, "
        "stepdown-doses-FIRST-to-LAST.csv",
    )
    report.set_defaults(usage=report.format_usage())
    from stepdown import ics_cli

    ics_cli.add_command(commands)


def add_output(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--output",
        metavar="FILE",
        help=f"where to write it; - for standard output (default: {default})",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace FILE if it exists and is a regular file"
    )


def run(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    """Run `report` or `export ics` with the parsed `args` on the data file at `data_path`."""
    if args.command == "report":
        return report(args, data_path, clock)
    from stepdown import ics_cli

    return ics_cli.export_ics(args, data_path, clock)


def report(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    from datetime import timedelta

    from stepdown.domain.report import file_name, render
    from stepdown.domain.report.contents import build_report
    from stepdown.domain.week import WEEK_DAYS

    last = args.last or clock.today()
    first = args.first or last - timedelta(days=(args.days or WEEK_DAYS) - 1)
    if first > clock.today():
        given = f"--from {first}" if args.first else f"the period's first day ({first})"
        return _usage_error(
            args,
            f"{given} is after today ({clock.today()}); a report covers days that have "
            "begun: give a first day up to today",
        )
    if first > last:
        return _usage_error(
            args, f"--from {first} is after --to {last}; give the first day, then the last"
        )
    if args.doses and args.format != "csv":
        return _usage_error(
            args,
            f"--doses is for --format csv (a row a dose); the {args.format} report lists "
            "every dose already",
        )
    journal = read_journal(data_path)
    if journal is None:
        return EXIT_FAILED
    contents = build_report(journal, first, last, clock.now())
    if args.doses:
        from stepdown.domain.report import dose_csv  # a writer, imported when used as the others

        text = dose_csv.render(contents)
        output = args.output or dose_csv.file_name(contents.first, contents.last)
    else:
        text = render(contents, args.format)
        output = args.output or file_name(contents.first, contents.last, args.format)
    return write_output(text.encode("utf-8"), output, args.force)


def _usage_error(args: argparse.Namespace, words: str) -> int:
    """Say what is wrong with the command line, after its usage, as argparse would."""
    print(args.usage, end="", file=sys.stderr)
    print(f"stepdown report: error: {words}", file=sys.stderr)
    return EXIT_USAGE


def read_journal(path: Path) -> Journal | None:
    """The journal at `path` (through the parse cache when it holds the file's bytes:
    store/snapshot.py), or None after saying why it cannot be read."""
    from stepdown.store import snapshot
    from stepdown.store.codec import InvalidJournal

    try:
        return snapshot.read_journal(path)
    except FileNotFoundError:
        print(f"stepdown: there is no data file at {path}", file=sys.stderr)
    except OSError as error:
        print(f"stepdown: cannot read {path}: {error.strerror or error}", file=sys.stderr)
    except InvalidJournal as invalid:
        count = len(invalid.errors)
        print(
            f"stepdown: {path} is not a valid Stepdown journal ({count} "
            f"{'problem' if count == 1 else 'problems'}); `stepdown check` lists them.",
            file=sys.stderr,
        )
    return None


def write_output(data: bytes, output: str, force: bool) -> int:
    """Write `data` to `output` atomically (never over a file without `force`, never over
    anything but a regular file); print where."""
    from pathlib import Path

    from stepdown.store.files import plain_reason, write_file

    if output == STDOUT:
        emit(data)
        return EXIT_OK
    path = Path(output).expanduser().absolute()
    try:
        info: os.stat_result | None = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        info = None
    except OSError as error:
        print(f"stepdown: cannot write {path}: {plain_reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    if info is not None and not stat.S_ISREG(info.st_mode):
        print(
            f"stepdown: {path} {_kind(info.st_mode)}; --force replaces only a regular file. "
            "Give a file's path, or - for standard output.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if info is not None and not force:
        print(f"stepdown: {path} exists; add --force to replace it.", file=sys.stderr)
        return EXIT_FAILED
    try:
        write_file(path, data)
    except OSError as error:
        print(f"stepdown: cannot write {path}: {plain_reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    say(str(path))
    return EXIT_OK


def _kind(mode: int) -> str:
    """What a file that is not a regular one is, in words ("is a folder")."""
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISLNK(mode):
        return "is a symbolic link; Stepdown does not write through links"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (a named pipe)"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    return "is not a regular file"
