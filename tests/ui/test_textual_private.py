"""Textual's private names, in one module: taken only on a tested Textual, with a switch
to run without them, and a screen's own styles (its CSS and its DEFAULT_CSS) apply
either way, whether the screen is pushed or opened as a section."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

import pytest
import textual
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from stepdown.ui import textual_private
from stepdown.ui.app import StepdownApp
from stepdown.ui.sections import Section
from stepdown.ui.widgets.dose_list import DoseList
from tests.ui.helpers import write_journal


class ProbeCSS(Screen[None]):
    """A screen styled by its CSS attribute only."""

    CSS = "ProbeCSS { width: 17; }"

    def compose(self) -> ComposeResult:
        yield Static("probe")


class ProbeDefaultCSS(Screen[None]):
    """A screen styled by its DEFAULT_CSS only."""

    DEFAULT_CSS = "ProbeDefaultCSS { width: 23; }"

    def compose(self) -> ComposeResult:
        yield Static("probe")


PROBES = {"probe-css": (ProbeCSS, 17), "probe-default": (ProbeDefaultCSS, 23)}


class ProbeApp(StepdownApp):
    """Stepdown with the probes as two more sections."""

    CSS_PATH = Path(inspect.getfile(StepdownApp)).with_name("app.tcss")
    MODES = {
        **StepdownApp.MODES,
        **{
            mode: Section(mode, "", mode, mode, f"{__name__}:{probe.__name__}").open
            for mode, (probe, _) in PROBES.items()
        },
    }


@pytest.fixture(params=["private", "public", "untested"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with the shortcuts taken, switched off, and on an untested Textual."""
    if request.param == "public":
        monkeypatch.setattr(textual_private, "enabled", False)
    elif request.param == "untested":
        monkeypatch.setattr(textual_private, "installed_version", lambda: "8.3.0")
    assert textual_private.active() is (request.param == "private")
    return str(request.param)


def test_the_shortcuts_are_taken_only_on_the_textual_versions_they_were_tested_on() -> None:
    assert textual_private.tested("8.2.8")
    assert textual_private.installed_version() == textual.__version__
    assert textual_private.tested(), "Textual changed: test the shortcuts on it, extend TESTED"
    assert not textual_private.tested("8.3.0")
    assert not textual_private.tested("9.0.0")
    assert not textual_private.tested("8.20.0")
    assert not textual_private.tested("")


@pytest.mark.parametrize("mode", PROBES)
async def test_a_screens_own_styles_apply_when_it_is_pushed(
    path: str, mode: str, data_path: Path, make_app: Callable[[], StepdownApp]
) -> None:
    write_journal(data_path)
    probe, width = PROBES[mode]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(probe())
        await pilot.pause()
        assert isinstance(app.screen, probe)
        assert str(app.screen.styles.width) == str(width)


@pytest.mark.parametrize("mode", PROBES)
async def test_a_screens_own_styles_apply_when_it_is_a_section(
    path: str, mode: str, data_path: Path, clock: object
) -> None:
    write_journal(data_path)
    probe, width = PROBES[mode]
    from stepdown.store.journal_store import JournalStore

    store = JournalStore.open(data_path, clock)  # type: ignore[arg-type]
    try:
        app = ProbeApp(store, clock)  # type: ignore[arg-type]
        async with app.run_test(size=(80, 24)) as pilot:
            await app.switch_mode(mode)
            await pilot.pause()
            assert isinstance(app.screen, probe)
            assert str(app.screen.styles.width) == str(width)
    finally:
        store.close()


async def test_the_app_shows_the_saved_theme_and_today_either_way(
    path: str, data_path: Path, make_app: Callable[[], StepdownApp]
) -> None:
    write_journal(data_path)
    text = data_path.read_text(encoding="utf-8").replace(
        'theme = "stepdown-calm"', 'theme = "stepdown-daylight"'
    )
    data_path.write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "stepdown-daylight"
        assert app.has_class("-light-mode", "-theme-stepdown-daylight")
        assert not app.has_class("-dark-mode")
        background = app.current_theme.background
        assert background is not None
        assert app.screen.styles.background.hex.lower() == background.lower()
        assert len(app.screen.query_one(DoseList).lines) == 3
        await pilot.press("w")
        await pilot.pause()
        assert app.current_mode == "week"
        assert app.screen.styles.background.hex.lower() == background.lower()
    assert data_path.read_text(encoding="utf-8") == text
