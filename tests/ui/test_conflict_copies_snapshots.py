"""A picture of Today with a sync tool's conflict copy beside the journal, at 80x24."""

from __future__ import annotations

from tests.ui.helpers import JOURNAL, RELATIVE, SIZE, steady, write_journal
from tests.ui.test_conflict_copies import COPY, SYNCTHING


def test_today_with_a_conflict_copy_banner(snap_compare, snap_app) -> None:
    """Today on Wednesday 25 Nov at 15:00 with Syncthing's copy beside the journal: under
    the header a warning banner, wrapped, says "Syncthing's conflict copy
    journal.sync-conflict-20261125-091500-ABCDEF1.toml (from 2026-11-25 09:15) holds 1
    entry this journal does not." then "Press m to merge it in."; below it Today's doses as
    usual, and "m Merge copy" in the Footer."""
    app = snap_app(JOURNAL)
    write_journal(RELATIVE.parent / SYNCTHING, COPY)

    async def run_before(pilot) -> None:
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
