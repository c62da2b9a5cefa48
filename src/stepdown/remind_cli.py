"""The `remind` command: dose reminders that run while the app is closed.

- `--install`, `--uninstall`: the runner every minute, through remind_install.py (a
  systemd user timer, a launchd agent, or cron).
- `--run` (what the installed runner runs): sends the reminders that fell due since
  the last run (domain/reminders.py says which; store/reminder_record.py keeps what was
  sent), records "Taken" and "Snooze 10 min" answered within notify.CLICK_WAIT, and
  ends. Nothing due: it ends at once, silent. The record of what was sent is written
  before anything is sent: when it cannot be written nothing is sent (exit 1), since a
  reminder that cannot be marked sent would come again every minute.
- `--status`: whether the runner is installed, where reminders go, the next reminder.
- `--test`: one notification now through each channel set up, and what became of it.

Exit statuses: 0 done (a reminder with nowhere to go is said on standard error and
logged, not an error), 1 refused or failed (the reason on standard error), plus
report_cli's 3 and 141 for standard output. Only argparse and the clock are imported
before `run`: every command builds this parser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stepdown.clock import Clock

if TYPE_CHECKING:
    from stepdown.domain.journal import Journal
    from stepdown.domain.reminders import Reminder
    from stepdown.notify import Delivery

COMMANDS = ("remind",)
EXIT_OK, EXIT_FAILED = 0, 1


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `remind` to the command line's commands."""
    from stepdown.report_cli import EXIT_STATUS_HELP

    remind = commands.add_parser(
        "remind",
        help="dose reminders while the app is closed",
        description=(
            "Reminders of each planned dose not recorded yet, at its time and once more "
            "after the grace period (settings.reminder_grace_minutes, 30 by default), on "
            "the desktop and, when settings.push_url is set, as a push. Exit status: 0 "
            "done, 1 refused or failed (the reason on standard error), "
            f"{EXIT_STATUS_HELP}"
        ),
    )
    action = remind.add_mutually_exclusive_group(required=True)
    action.add_argument(
        "--install", action="store_true", help="run reminders every minute from now on"
    )
    action.add_argument("--uninstall", action="store_true", help="stop and remove them")
    action.add_argument(
        "--status", action="store_true", help="whether they are installed, and the next one"
    )
    action.add_argument("--test", action="store_true", help="send one notification now")
    action.add_argument("--run", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    """Run `remind` with `args` for the data file at `data_path`."""
    if args.run:
        return run_due(data_path, clock)
    if args.test:
        return send_test(data_path)
    if args.status:
        return status(data_path, clock)
    return install(data_path, remove=args.uninstall)


def _fail(message: str) -> int:
    print(f"stepdown: {message}", file=sys.stderr)
    return EXIT_FAILED


def _read(data_path: Path) -> Journal | str:
    """The journal at `data_path`, or why it cannot be read, in words."""
    from stepdown.store import snapshot
    from stepdown.store.codec import InvalidJournal

    try:
        return snapshot.read_journal(data_path)
    except FileNotFoundError:
        return f"there is no data file at {data_path}"
    except OSError as error:
        return f"cannot read {data_path}: {error.strerror or error}"
    except InvalidJournal:
        return f"{data_path} has errors (`stepdown check` lists them); no reminders until fixed"


def run_due(data_path: Path, clock: Clock) -> int:
    """Send the reminders due now, once each; record the answers given in time."""
    from stepdown.store import reminder_record

    journal = _read(data_path)
    if isinstance(journal, str):
        # No file yet: reminders were installed before the first save; nothing to say.
        return EXIT_OK if not data_path.exists() else _fail(journal)
    try:
        with reminder_record.runner_lock(data_path):
            return _send_due(data_path, clock, journal)
    except reminder_record.RunnerBusy:
        return EXIT_OK  # the runner before this one is still waiting for an answer
    except OSError as error:
        return _fail(f"no reminder sent: the reminders' lock cannot be taken ({error})")


def _send_due(data_path: Path, clock: Clock, journal: Journal) -> int:
    """`run_due`'s work, under the runner's lock."""
    from stepdown.domain import reminders
    from stepdown.store import reminder_record

    now = clock.now()
    state = reminder_record.load_state(data_path)
    due = reminders.due_reminders(journal, state, now)
    kept = reminders.pruned(reminders.mark_sent(state, due.all), now.date())
    if kept == state:
        return EXIT_OK
    try:
        reminder_record.save_state(data_path, kept)
    except OSError as error:
        return _fail(f"no reminder sent: the reminders' record cannot be written ({error})")
    if not due.send:
        return EXIT_OK
    from stepdown import notify  # asyncio and all: only when there is something to send

    settings = journal.settings
    notices = [
        notify.Notice(
            reminders.words(r, settings, now.date(), details=True),
            reminders.words(r, settings, now.date(), details=settings.push_details),
        )
        for r in due.send
    ]
    delivery = notify.deliver(notices, _push_url(journal))
    _tell_sent(due.send, delivery)
    return _answer(data_path, clock, due.send, delivery)


def _push_url(journal: Journal) -> str:
    """The push URL to use: the setting, unless it breaks the rule for it."""
    from stepdown.domain.rules import push_url_problem

    url = journal.settings.push_url
    return "" if push_url_problem(url) is not None else url


def _tell_sent(sent: tuple[Reminder, ...], delivery: Delivery) -> None:
    from stepdown.domain import format as fmt
    from stepdown.report_cli import say

    for reminder, channels in zip(sent, delivery.channels, strict=True):
        if channels:
            say(f"Reminder of the {fmt.clock_time(reminder.slot)} dose sent: {', '.join(channels)}")
    nowhere = [r for r, channels in zip(sent, delivery.channels, strict=True) if not channels]
    if nowhere:
        words = ", ".join(fmt.clock_time(r.slot) for r in nowhere)
        reasons = "; ".join(delivery.problems) or "no desktop and no push URL"
        message = f"reminder of the {words} dose sent nowhere: {reasons}"
        print(f"stepdown: {message}", file=sys.stderr)
        _log(message)
    elif delivery.problems:
        print(f"stepdown: {'; '.join(delivery.problems)}", file=sys.stderr)


class ReminderNotSent(Exception):
    """A reminder had nowhere to go; raised only to be logged with its reason."""


def _log(message: str) -> None:
    from stepdown.store.log import log_swallowed

    try:
        raise ReminderNotSent(message)
    except ReminderNotSent:
        log_swallowed("%s", message)


def _answer(data_path: Path, clock: Clock, sent: tuple[Reminder, ...], delivery: Delivery) -> int:
    """Record the answers given in time: "Taken" in the journal, "Snooze" in the record."""
    from stepdown.domain import format as fmt
    from stepdown.domain import reminders
    from stepdown.report_cli import say
    from stepdown.store import reminder_record

    status = EXIT_OK
    for reminder, answer in zip(sent, delivery.answers, strict=True):
        now = clock.now()
        slot = fmt.clock_time(reminder.slot)
        if answer == "taken":
            problem = _record_taken(data_path, clock, reminder)
            if problem is None:
                say(f"The {slot} dose is recorded as taken at {fmt.clock_time(now.time())}")
            else:
                status = _fail(f"the {slot} dose was not recorded: {problem}")
                _tell_desktop(f"The {slot} dose was not recorded: {problem}")
        elif answer == "snooze":
            state = reminders.snoozed(reminder_record.load_state(data_path), reminder, now)
            try:
                reminder_record.save_state(data_path, state)
            except OSError as error:
                status = _fail(f"the {slot} reminder could not be snoozed ({error})")
                continue
            until = state.snoozes[-1].until
            say(f"The {slot} reminder is snoozed until {fmt.clock_time(until.time())}")
    return status


def _record_taken(data_path: Path, clock: Clock, reminder: Reminder) -> str | None:
    """Record the dose of `reminder` taken now, as `stepdown take` does (the same change,
    shell_records.taken_now); why it was not recorded, or None."""
    from stepdown.domain.shell_records import Refused, taken_now
    from stepdown.store.journal_store import JournalStore
    from stepdown.store.outcome import invalid_message

    store = JournalStore.open(data_path, clock)
    try:
        if store.status == "invalid":
            return invalid_message(store.path)
        if store.status == "read_only":
            return store.read_only_reason or "the journal is read-only"
        outcome = store.update(taken_now(store.journal, reminder.day, reminder.slot, clock.now()))
    except Refused as refused:  # recorded meanwhile, or no longer in the plan
        return str(refused)
    finally:
        store.close()
    return None if outcome.saved else outcome.message or "it could not be saved"


def _tell_desktop(text: str) -> None:
    """Show `text` on the desktop, without buttons and without waiting."""
    from stepdown import notify

    notify.deliver([notify.Notice(text, text, actions=False)], "", wait=0)


def send_test(data_path: Path) -> int:
    """One notification now through each channel set up; say what became of it."""
    from stepdown import notify
    from stepdown.report_cli import say

    journal = _read(data_path)
    push_url = "" if isinstance(journal, str) else _push_url(journal)
    text = "Test reminder: this is how Stepdown reminds you of a dose"
    delivery = notify.deliver([notify.Notice(text, text, actions=False)], push_url, wait=0)
    channels = delivery.channels[0]
    for channel in channels:
        say(f"{channel}: sent")
    for problem in delivery.problems:
        channel, reason = problem.split(": ", 1)
        say(f"{channel}: not sent: {reason}")
    if not push_url:
        set_but_wrong = not isinstance(journal, str) and journal.settings.push_url
        say(f"push: {'not sent: ' + _BAD_URL if set_but_wrong else 'off (no settings.push_url)'}")
    return EXIT_OK if channels else _fail("the test notification went nowhere")


_BAD_URL = "settings.push_url is not a URL (`stepdown check` says why)"


def status(data_path: Path, clock: Clock) -> int:
    """Whether the runner is installed, where reminders go, and the next reminder."""
    import os

    from stepdown import notify, remind_install
    from stepdown.domain import format as fmt
    from stepdown.domain import reminders
    from stepdown.report_cli import say
    from stepdown.store import reminder_record

    try:
        state = remind_install.installed()
    except remind_install.InstallFailed as error:
        say(f"Installed: cannot tell ({error})")
    else:
        if state is None:
            say("Installed: no (`stepdown remind --install` sets reminders up)")
        else:
            for line in state.lines():
                say(line)
            if state.journal is None or not _same_file(state.journal, data_path):
                say(
                    "They are not for this journal: nothing reminds of its doses "
                    "(`stepdown remind --install` moves them here)"
                )
    desktop = notify.desktop_problem(os.environ)
    say(f"Desktop: {'yes' if desktop is None else 'no, ' + desktop}")
    journal = _read(data_path)
    if isinstance(journal, str):
        return _fail(journal)
    push = "off" if not journal.settings.push_url else "on"
    if journal.settings.push_url and _push_url(journal) == "":
        push = f"off: {_BAD_URL}"
    elif journal.settings.push_url:
        push += ", with medication and amount" if journal.settings.push_details else ", neutral"
    say(f"Push: {push}")
    now = clock.now()
    ahead = reminders.next_reminder(journal, reminder_record.load_state(data_path), now)
    if ahead is None:
        say("Next reminder: none (no dose planned ahead)")
        return EXIT_OK
    days = (ahead.at.date() - now.date()).days
    when = f"{fmt.clock_time(ahead.at.time())} {fmt.in_days(days)}"
    say(f"Next reminder: {when}, for the {fmt.clock_time(ahead.slot)} dose")
    return EXIT_OK


def _same_file(one: Path, other: Path) -> bool:
    import os

    return os.path.realpath(one) == os.path.realpath(other)


def install(data_path: Path, *, remove: bool) -> int:
    """Install or remove the runner; say what was written, run or removed, and where."""
    from stepdown import remind_install
    from stepdown.report_cli import say

    try:
        done = (
            remind_install.uninstall() if remove else remind_install.install(data_path.absolute())
        )
    except remind_install.InstallFailed as error:
        return _fail(str(error))
    for line in done.lines():
        say(line)
    return EXIT_OK
