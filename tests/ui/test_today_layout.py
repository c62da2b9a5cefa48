"""Today's layout: banners only while they have something to say, stacked in a fixed
order under the header; the panels straight in the screen, which scrolls when short."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget

from stepdown.clock import FixedClock
from stepdown.domain.cautions import BELOW_PLAN
from stepdown.domain.journal import Checkin, Contact, Journal
from stepdown.store.journal_store import JournalStore
from stepdown.store.paths import private_folder, state_folder
from stepdown.ui.app import StepdownApp
from stepdown.ui.widgets.banner import Banner
from stepdown.ui.widgets.dose_list import DoseList
from stepdown.ui.widgets.frame import AppFooter, AppHeader
from tests.ui.helpers import JOURNAL, NOW, kept_to_plan, write_journal

SHORT = (80, 14)
"""Too short for both of Today's panels: the plan starts below the Footer."""

MORNING = NOW.replace(hour=9)
PROVIDER = Contact("Dr. Ana Rivera", "provider", phone="+1 555 0100")
CAUTION = f"{BELOW_PLAN} Dr. Ana Rivera: +1 555 0100"
RED_FLAG = "⚠ Seek medical attention now. Emergency number: 911. Your check-in records a seizure."


def below_plan() -> Journal:
    """The 14:00 dose skipped on each of the two days before today."""
    day = NOW.date()
    doses = tuple(
        entry
        for entry in kept_to_plan(date(2026, 11, 4), day - timedelta(1))
        if not (entry.date >= day - timedelta(2) and entry.slot == time(14))
    )
    return replace(JOURNAL, doses=doses, contacts=(PROVIDER,))


@pytest.fixture
def open_stores() -> Iterator[list[JournalStore]]:
    """The stores a test opens; closed afterwards."""
    stores: list[JournalStore] = []
    yield stores
    for store in stores:
        store.close()


def app_at(path: Path, now: datetime, stores: list[JournalStore]) -> StepdownApp:
    clock = FixedClock(now)
    stores.append(JournalStore.open(path, clock))
    return StepdownApp(stores[-1], clock)


def in_view(widget: Widget) -> bool:
    """Whether all of `widget` shows between the header and the Footer."""
    screen = widget.screen
    top = screen.query_one(AppHeader).region.bottom
    bottom = screen.query_one(AppFooter).region.y
    return top <= widget.region.y and widget.region.bottom <= bottom


def banners(app: StepdownApp) -> list[str]:
    """The banners that show, top to bottom, each checked to sit right under the one
    above it (the first right under the header)."""
    shown = sorted(
        (banner for banner in app.screen.query(Banner) if banner.display),
        key=lambda banner: banner.region.y,
    )
    below = app.screen.query_one(AppHeader).region.bottom
    for banner in shown:
        assert banner.region.y == below
        below = banner.region.bottom
    return [str(banner.render()) for banner in shown]


async def test_nothing_to_say_no_banner_and_the_doses_right_under_the_header(
    tmp_path: Path, open_stores: list[JournalStore]
) -> None:
    app = app_at(write_journal(tmp_path / "journal.toml"), NOW, open_stores)
    async with app.run_test() as pilot:
        await pilot.pause()
        # None is built, hidden or not: the first frame builds only what it shows.
        assert not app.screen.query(Banner)
        assert app.screen.query_one("#dose-list").region.y == 1


async def test_banners_stack_red_flag_then_read_only_then_below_plan(
    tmp_path: Path, open_stores: list[JournalStore]
) -> None:
    seizure = Checkin(NOW.date(), MORNING, 3, 4, 5, 5, seizure=True)
    path = write_journal(tmp_path / "journal.toml", replace(below_plan(), checkins=(seizure,)))
    private_folder(state_folder()).chmod(0o777)  # its lock cannot be trusted: read-only
    app = app_at(path, MORNING, open_stores)
    read_only = app.store.read_only_reason
    assert read_only
    async with app.run_test() as pilot:
        await pilot.pause()
        assert banners(app) == [RED_FLAG, read_only, CAUTION]
        last = app.screen.query(Banner).last()
        assert app.screen.query_one("#dose-list").region.y == last.region.bottom
        await pilot.press("s")
        await pilot.pause()
        assert banners(app) == [read_only]


async def test_a_red_flag_recorded_later_goes_above_the_caution(
    tmp_path: Path, open_stores: list[JournalStore]
) -> None:
    app = app_at(write_journal(tmp_path / "journal.toml", below_plan()), MORNING, open_stores)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert banners(app) == [CAUTION]
        # A check-in with a seizure: its alert, understood with enter, then Today.
        await pilot.press("c", *"5", "tab", *"9", "tab", *"3", "tab", *"2", "tab")
        await pilot.press("tab", "space", "ctrl+s", "enter")
        await pilot.pause()
        assert banners(app) == [
            "⚠ Seek medical attention now. Emergency number: 911. "
            "Your check-in records a seizure and anxiety at 9 of 10.",
            CAUTION,
        ]


@asynccontextmanager
async def today_on_a_short_terminal(
    tmp_path: Path, open_stores: list[JournalStore]
) -> AsyncIterator[tuple[StepdownApp, Pilot[None], Widget]]:
    """Today at SHORT, its plan panel below the Footer: the app, its pilot, the panel."""
    app = app_at(write_journal(tmp_path / "journal.toml"), NOW, open_stores)
    async with app.run_test(size=SHORT) as pilot:
        await pilot.pause()
        plan = app.screen.query_one("#plan")
        assert not in_view(plan)
        yield app, pilot, plan


async def test_on_a_short_terminal_tab_brings_the_plan_into_view_and_back(
    tmp_path: Path, open_stores: list[JournalStore]
) -> None:
    async with today_on_a_short_terminal(tmp_path, open_stores) as (app, pilot, plan):
        doses = app.screen.query_one(DoseList)
        assert app.focused is doses
        await pilot.press("tab")
        assert in_view(plan)
        await pilot.press("shift+tab")
        assert app.focused is doses
        assert in_view(app.screen.query_one("#dose-list"))


async def test_on_a_short_terminal_the_mouse_wheel_scrolls_the_plan_into_view(
    tmp_path: Path, open_stores: list[JournalStore]
) -> None:
    async with today_on_a_short_terminal(tmp_path, open_stores) as (app, pilot, plan):
        x, y = app.screen.query_one("#day").region.offset
        for _ in range(plan.region.height):
            # As the terminal sends it: the wheel turned over the day's lines.
            app.post_message(events.MouseScrollDown(None, x, y, 0, 1, 0, False, False, False))
            await pilot.pause()
        assert in_view(plan)
        assert app.focused is app.screen.query_one(DoseList)
        # The arrow keys still work on the list, and bring it back into view.
        assert not in_view(app.screen.query_one(DoseList))
        await pilot.press("down")
        assert in_view(app.screen.query_one(DoseList))
