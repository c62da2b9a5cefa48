"""Pictures of each screen in its main states at 80x24, on a fixed date.

Each test's docstring says what the picture must show. The `snap_app` fixture keeps
the data file's path relative, so the pictures are the same on every machine.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from textual.widgets import Input

from stepdown.clock import FixedClock
from stepdown.domain.doses import taken
from stepdown.domain.journal import Contact, Journal
from stepdown.store.cache import cache_path
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore
from tests.ui.helpers import JOURNAL, NOW, RELATIVE, SIZE, kept_to_plan, steady


def test_welcome(snap_compare, snap_app) -> None:
    """First run: what Stepdown is for, medication baclofen, unit mg, an empty
    emergency number field with the cursor in it, and where the file will be kept."""
    assert snap_compare(snap_app(), terminal_size=SIZE, run_before=steady)


def test_welcome_with_an_error(snap_compare, snap_app) -> None:
    """Start pressed with no emergency number: "Enter a phone number." under it."""

    async def run_before(pilot) -> None:
        await pilot.press("ctrl+s")
        await steady(pilot)

    assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)


BROKEN = (
    "schema = 1\n\n[[checkins]]\ndate = 2026-11-25\nrecorded_at = 2026-11-25T21:10:00\n"
    "spasticity = 12\nanxiety = 3\nsleep = 6\nmood = 'ok'\n"
)
"""A hand-edited file with two mistakes."""


def write_broken(*backups: tuple[str, str]) -> None:
    """The data file as BROKEN, with `backups` (day, text) in its backups folder."""
    RELATIVE.parent.mkdir()
    RELATIVE.write_text(BROKEN, encoding="utf-8")
    for day, text in backups:
        backup = RELATIVE.parent / "backups" / f"journal-{day}.toml"
        backup.parent.mkdir(exist_ok=True)
        backup.write_text(text, encoding="utf-8")


async def backups_looked_through(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_invalid_file(snap_compare, snap_app) -> None:
    """A hand-edited file with two mistakes: the path, both errors with their line and
    key, that the file was not changed, and how to fix it; "There are no backups of this
    journal yet, so there is none to restore."; only r "Try again" in the Footer."""
    write_broken()
    assert snap_compare(snap_app(), terminal_size=SIZE, run_before=backups_looked_through)


def test_invalid_file_with_a_backup(snap_compare, snap_app) -> None:
    """The same file, with a broken backup of 25 Nov and a good one of 24 Nov: the backup
    of Tuesday 24 November 2026 on offer, what happens to this file, then "Skipped
    journal-2026-11-25.toml: it has errors too (line 6 ...)"; u "Restore backup" beside
    r "Try again" in the Footer."""
    write_broken(("2026-11-24", encode(JOURNAL)), ("2026-11-25", BROKEN))
    assert snap_compare(snap_app(), terminal_size=SIZE, run_before=backups_looked_through)


def test_invalid_file_restore_confirmation(snap_compare, snap_app) -> None:
    """u pressed: a dialog asking to replace stepdown/journal.toml with the backup from
    Tuesday 24 November 2026, saying the file with errors is kept and entries from
    24 Nov on are only in it; Cancel (focused) and Restore backup buttons."""

    async def run_before(pilot) -> None:
        await backups_looked_through(pilot)
        await pilot.press("u")
        await pilot.pause()

    write_broken(("2026-11-24", encode(JOURNAL)))
    assert snap_compare(snap_app(), terminal_size=SIZE, run_before=run_before)


def test_today_part_done(snap_compare, snap_app) -> None:
    """Wednesday 25 Nov 2026 at 15:00: 08:00 taken at 08:05, 14:00 and 20:00 due;
    15 of 50 mg taken; step 3 of 6 from Dr. Ana Rivera; "Next change 28 Nov 2026 (in 3
    days):" then, on a line of its own, "08:00 10 mg, 14:00 15 mg, 20:00 15 mg", then
    "Taper ends 30 Dec 2026." The Footer names what u undoes: "u Undo: 08:00 taken" (q
    left out for it)."""
    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE)


def test_today_all_taken(snap_compare, snap_app) -> None:
    """21:00: all three doses "✓ taken" at their times; 50 of 50 mg taken;
    "u Undo: 20:00 taken" in the Footer."""
    day = NOW.date()
    journal = replace(JOURNAL, doses=kept_to_plan(date(2026, 11, 4), day))
    assert snap_compare(snap_app(journal, NOW.replace(hour=21)), terminal_size=SIZE)


def test_today_missed_and_extra(snap_compare, snap_app) -> None:
    """17:00: 08:00 taken 20 of 15 mg, 14:00 "! missed" (over two hours late), 20:00 due,
    an extra 5 mg at 16:30 with its note shown literally as "spasms [b]"; "u Undo: extra
    16:30" in the Footer."""
    day = NOW.date()
    doses = (
        *kept_to_plan(date(2026, 11, 4), date(2026, 11, 24)),
        taken(day, time(8), 20.0, datetime(2026, 11, 25, 8, 0)),
        taken(day, None, 5.0, datetime(2026, 11, 25, 16, 30), "spasms [b]"),
    )
    journal = replace(JOURNAL, doses=doses)
    assert snap_compare(snap_app(journal, NOW.replace(hour=17)), terminal_size=SIZE)


def test_today_no_plan(snap_compare, snap_app) -> None:
    """No plan yet: no doses, and the explanation that Stepdown records the provider's
    plan and never suggests doses, with p to enter it; no Taken, Skip, Edit or Undo keys."""
    journal = Journal(settings=JOURNAL.settings)
    assert snap_compare(snap_app(journal), terminal_size=SIZE)


def test_today_plan_complete(snap_compare, snap_app) -> None:
    """31 Dec 2026: no doses planned; "Taper complete on 30 Dec 2026" and the reminder
    that withdrawal can last weeks; the progress bar full."""
    now = datetime(2026, 12, 31, 10, 0)
    journal = replace(JOURNAL, doses=kept_to_plan(date(2026, 11, 4), date(2026, 12, 30)))
    assert snap_compare(snap_app(journal, now), terminal_size=SIZE)


def test_today_below_plan_caution(snap_compare, snap_app) -> None:
    """The two days before were below plan (a skip each day): the caution banner with
    the provider's name and phone at the top."""
    day = NOW.date()
    history = [
        entry
        for entry in kept_to_plan(date(2026, 11, 4), date(2026, 11, 24))
        if not (entry.date >= day - timedelta(2) and entry.slot == time(14))
    ]
    provider = Contact("Dr. Ana Rivera", "provider", phone="+1 555 0100")
    journal = replace(JOURNAL, doses=tuple(history), contacts=(provider,))
    assert snap_compare(snap_app(journal, NOW.replace(hour=9)), terminal_size=SIZE)


def test_plan_editor_with_an_error(snap_compare, snap_app) -> None:
    """The plan editor, prescriber emptied and saved: "Enter who gave you this plan."
    beside it; the steps table with each step's doses as times with amounts ("08:00
    10 mg, 20:00 10 mg") and the last step, the end of the taper, selected."""

    async def run_before(pilot) -> None:
        await pilot.press("p")
        pilot.app.screen.query_one("#prescriber", Input).value = ""
        await pilot.press("ctrl+s")
        await steady(pilot)

    app = snap_app(JOURNAL)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare, snap_app) -> None:
    """`?` on Today: a table of keys (Today, Help, Quit, palette) and where each works."""
    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, press=["question_mark"])


def test_invalid_file_emptied_with_stepdowns_own_copy(snap_compare, snap_app) -> None:
    """Another program emptied the file: the errors ("empty"), the backup of 24 Nov on
    offer, then Stepdown's own copy of the journal, written Wednesday 25 November 2026
    at 15:00, with k to restore it; u and k in the Footer."""
    write_broken(("2026-11-24", encode(JOURNAL)))
    RELATIVE.write_text(encode(JOURNAL), encoding="utf-8")
    store = JournalStore.open(RELATIVE, FixedClock(NOW))
    assert store.update(lambda journal: replace(journal, contacts=())).saved
    store.close()
    RELATIVE.write_bytes(b"")
    os.utime(cache_path(RELATIVE), (NOW.timestamp(), NOW.timestamp()))
    assert snap_compare(snap_app(), terminal_size=SIZE, run_before=backups_looked_through)
