"""The `status` command: one line on today for a prompt or a tmux status bar.

A prompt runs it before every line it draws, so it is kept quick. The first `status`
of a day, or after the file changed (`show`), reads the journal through the parse cache,
only the records Today needs (store/loading.py), works out today's line in every format
for each stretch of the day it holds for, and keeps them beside the parse cache
(store/status_summary.py). Every later one (`quick`, which cli.py calls before it
imports argparse) reads the journal's bytes, finds their summary, and prints the line
for the moment it is: it imports almost nothing (no argparse, domain or platformdirs).
Both print from the summary's lines, so they say the same. It never locks, writes or
repairs the journal. The rules are in domain/status.py.

Standard output is UTF-8 whatever the locale, as a prompt and tmux expect. When the file
cannot be read, the reason goes to standard error and the exit status is 1; the tmux
format still prints a short line, because a status bar shows standard output only and
an empty one would hide that today's doses are not in sight, and the json format
prints an object with `"state": "error"`, so a script parsing it learns why.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

TYPE_CHECKING = False  # typing itself is not imported: a prompt would pay for it
if TYPE_CHECKING:
    import argparse
    from datetime import date
    from pathlib import Path

    from stepdown.clock import Clock
    from stepdown.domain.journal import Journal
    from stepdown.domain.recent import RecentPart
    from stepdown.domain.status import Status
    from stepdown.store.loading import Loaded
    from stepdown.store.status_summary import Line

COMMANDS = ("status",)
EXIT_OK, EXIT_UNREADABLE = 0, 1
FORMATS = ("plain", "json", "tmux")
TMUX_STYLE = {
    "alert": "fg=red,bold",
    "warning": "fg=yellow",
    "due": "fg=yellow,bold",
    "done": "fg=green",
}
"""tmux's style for each tone of domain/status.py (its named colours follow the
terminal's palette); the plain tone keeps the bar's own."""
TMUX_UNREADABLE = "#[fg=red,bold]⚠ stepdown: cannot read the journal#[default]"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `status` to the command line's commands."""
    from stepdown.report_cli import EXIT_STATUS_HELP

    status = commands.add_parser(
        "status",
        help="one line on today, for a prompt or tmux",
        description=(
            "Print one line on today: the next dose and its amount in your provider's "
            "plan, how many of today's doses are taken, whether today's check-in is due, "
            "and first, when one stands, a red-flag or below-plan caution. Reads the data "
            "file without changing it. Exit status: 0 shown, 1 the data file cannot be "
            "read or is not valid (the reason on standard error; the tmux and json "
            f"formats say so on standard output too), 2 usage error, {EXIT_STATUS_HELP}"
        ),
    )
    status.add_argument(
        "--format",
        choices=FORMATS,
        default="plain",
        help=(
            "plain words (default); json, with stable keys (version, state, date, next, "
            "planned, taken, skipped, missed, extra, checkin_due, cautions, plan_start, "
            "plan_end, line); or tmux, coloured with #[fg=...] for status-right"
        ),
    )


def quick(path: str, form: str, today: str, now: str, environ: Mapping[str, str]) -> int | None:
    """Print the kept line of the journal at `path` in `form` (one of FORMATS), on
    `today` at `now` (as store/status_summary.py writes them), and return the exit
    status; None, having printed nothing, when no summary holds the journal's bytes
    today (then `show` works it out).

    Raises report_cli.OutputFailed when standard output cannot be written.
    """
    from stepdown.store import status_summary

    real = os.path.realpath(path)
    data = status_summary.journal_bytes(real)
    if data is None:
        return None
    line = status_summary.kept_line(real, data, today, now, form, environ)
    if line is None:
        return None
    _print(line)
    return EXIT_OK


def run(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    """Print the status line of the data file at `data_path` in `args.format` (`show`).

    Raises report_cli.OutputFailed when standard output cannot be written.
    """
    return show(data_path, args.format, clock)


def show(data_path: Path, form: str, clock: Clock) -> int:
    """Print the status line of the data file at `data_path` in `form`, and keep the
    day's lines for the next `status` (`quick`). cli.py calls it without building the
    parser when `quick` finds no kept line: what it says needs no argparse.

    Raises report_cli.OutputFailed when standard output cannot be written.
    """
    from stepdown.store import status_summary
    from stepdown.store.codec import InvalidJournal

    now, today = clock.now(), clock.today()
    try:
        loaded = _read_today(data_path, clock)
    except InvalidJournal as invalid:
        count = len(invalid.errors)
        problems = "1 problem" if count == 1 else f"{count} problems"
        return _unreadable(
            form,
            f"{data_path} is not a valid Stepdown journal ({problems}); "
            "`stepdown check` lists them",
        )
    except OSError as error:
        return _unreadable(form, f"cannot read {data_path}: {error.strerror or error}")
    journal = None if loaded is None or loaded.data is None else loaded.journal
    lines = day_lines(journal, today)
    if loaded is not None and loaded.digest is not None:
        status_summary.keep(os.path.realpath(data_path), loaded.digest, today, lines)
    _print(status_summary.line_at(lines, status_summary.moment_text(now), form))
    return EXIT_OK


def day_lines(journal: Journal | RecentPart | None, today: date) -> list[Line]:
    """Today's line in every format, for each stretch of the day it holds for
    (domain/status.changes_at): store/status_summary.py's `lines`."""
    from datetime import datetime, time

    from stepdown.domain.status import changes_at, status_of
    from stepdown.store.status_summary import FORMS, moment_text

    starts = (datetime.combine(today, time()), *changes_at(journal, today))
    lines: list[Line] = []
    for index, start in enumerate(starts):
        status = status_of(journal, today, start)
        plain, tmux, json_line = (_render(status, form) for form in FORMS)
        lines.append(("" if index == 0 else moment_text(start), plain, tmux, json_line))
    return lines


def _read_today(path: Path, clock: Clock) -> Loaded | None:
    """The records of `path` that today's status needs, with the file's bytes and their
    digest (from the cache when it holds the file's bytes; else the whole file, parsed),
    or None when there is no file.

    Raises OSError when it cannot be read or is not a regular file (a FIFO is never
    waited on), InvalidJournal when it is not a valid journal.
    """
    import errno
    import stat
    from pathlib import Path

    from stepdown.store.loading import load_journal
    from stepdown.store.snapshot import NOT_REGULAR

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise OSError(errno.EINVAL, NOT_REGULAR)
    except FileNotFoundError:
        return None
    return load_journal(Path(os.path.realpath(path)), clock)


def _render(status: Status, form: str) -> str:
    from stepdown.domain.status import SEPARATOR, plain_line, status_dict, status_parts

    if form == "json":
        import json

        return json.dumps(status_dict(status))
    if form == "tmux":
        return SEPARATOR.join(_tmux(words, tone) for words, tone in status_parts(status))
    return plain_line(status)


def _tmux(words: str, tone: str) -> str:
    """`words` for a tmux format: its # doubled (so `#[` in a note or number is text, not
    a style), coloured by `tone`."""
    text = words.replace("#", "##")
    style = TMUX_STYLE.get(tone)
    return f"#[{style}]{text}#[default]" if style else text


def _unreadable(form: str, reason: str) -> int:
    """Say why the journal cannot be shown; in tmux and json, on standard output too."""
    print(f"stepdown: {reason}", file=sys.stderr)
    if form == "tmux":
        _print(TMUX_UNREADABLE)
    elif form == "json":
        import json

        from stepdown.domain.status import JSON_VERSION

        _print(json.dumps({"version": JSON_VERSION, "state": "error", "error": reason}))
    return EXIT_UNREADABLE


def _print(line: str) -> None:
    from stepdown.report_cli import emit

    emit(f"{line}\n".encode())
