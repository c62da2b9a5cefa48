"""Breathing sessions through the keys, with a clock the test moves by hand.

Frames are drawn by calling the screen's `frame()` after moving the clock: the same
call its timer makes, so what is on screen is what the clock says, never a count of
ticks. Saved sessions are checked in the file, field by field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Digits, Input, OptionList, Static

from stepdown.clock import FixedClock
from stepdown.domain.journal import Pattern, Settings
from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.breathe_anxiety import AnxietyPrompt
from stepdown.ui.dialogs.breathe_pattern_form import PatternForm
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.dialogs.leave import LeavePrompt
from stepdown.ui.screens.breathe import BreatheScreen
from stepdown.ui.screens.today import TodayScreen
from stepdown.ui.widgets.big_words import BigWords
from stepdown.ui.widgets.breath_shape import BreathShape
from tests.ui.helpers import JOURNAL, NOW, saved, write_journal

SLOW = Pattern("slow evening", inhale=4.0, hold_in=2.0, exhale=8.0, hold_out=0.0)


def shown(screen: BreatheScreen) -> tuple[str, str]:
    """The phase and its countdown in plain words, and the progress line, as the text on
    screen (what a screen reader or a copy gets)."""
    return (
        str(screen.query_one("#phase-words", Static).render()),
        str(screen.query_one("#progress", Static).render()),
    )


def drawn(screen: BreatheScreen) -> tuple[str, str]:
    """The phase in large letters and the countdown in large digits."""
    return screen.query_one(BigWords).words, screen.query_one(Digits).value


def marked_rows(screen: BreatheScreen) -> list[str]:
    """The first cell of each pattern line: the highlight's mark or a space."""
    listing = screen.query_one(OptionList)
    return [
        str(listing.get_option_at_index(index).prompt)[0] for index in range(listing.option_count)
    ]


async def open_breathe(pilot: Pilot[None]) -> BreatheScreen:
    await pilot.press("b")
    screen = pilot.app.screen
    assert isinstance(screen, BreatheScreen)
    return screen


async def start(pilot: Pilot[None], anxiety: str = "") -> BreatheScreen:
    """Open Breathe, press enter, answer (or skip) the anxiety question."""
    screen = await open_breathe(pilot)
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, AnxietyPrompt)
    await pilot.press(*anxiety, "enter")
    assert pilot.app.screen is screen and screen.state == "running"
    return screen


async def after(
    pilot: Pilot[None], clock: FixedClock, screen: BreatheScreen, **delta: float
) -> None:
    """Move the clock, draw a frame, let the screen refresh."""
    clock.advance(**delta)
    screen.frame()
    await pilot.pause()


async def test_a_session_follows_the_clock_through_pause_and_resume(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot)
        assert shown(screen) == ("Breathe in · 4", "Breath 1 · 5:04 left")
        assert drawn(screen) == ("Breathe in", "4")
        await after(pilot, clock, screen, seconds=2.5)
        assert shown(screen) == ("Breathe in · 2", "Breath 1 · 5:02 left")
        assert drawn(screen) == ("Breathe in", "2")
        await after(pilot, clock, screen, seconds=1.5)
        assert shown(screen) == ("Hold · 4", "Breath 1 · 5:00 left")
        await pilot.press("space")
        assert screen.state == "paused"
        await after(pilot, clock, screen, minutes=3)
        assert shown(screen)[0] == "Paused"
        # The large letters say so too; the large countdown stays where it stopped.
        assert drawn(screen) == ("Paused", "4")
        await pilot.press("space")
        await after(pilot, clock, screen, seconds=4.5)
        # The pause moved nothing but the pause: 8.5 s breathed.
        assert shown(screen) == ("Breathe out · 4", "Breath 1 · 4:56 left")
        assert drawn(screen) == ("Breathe out", "4")
        await after(pilot, clock, screen, seconds=8)
        assert shown(screen) == ("Breathe in · 4", "Breath 2 · 4:48 left")


async def test_ending_early_saves_what_ran_with_the_anxiety_before_and_after(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot, anxiety="7")
        await after(pilot, clock, screen, seconds=20)
        await pilot.press("space")
        await after(pilot, clock, screen, minutes=5)
        await pilot.press("space")
        await after(pilot, clock, screen, seconds=25.4)
        await pilot.press("escape")
        assert isinstance(app.screen, AnxietyPrompt)
        # The session is saved at once, before the question after it is answered.
        assert len(saved(data_path)["breathing"]) == 1
        await pilot.press("1", "1", "enter")
        assert isinstance(app.screen, AnxietyPrompt)
        assert "from 0 to 10" in str(app.screen.query_one("#anxiety-error").render())
        app.screen.query_one("#anxiety", Input).value = "4"
        await pilot.press("enter")
        assert screen.state == "summary"
        summary = str(screen.query_one("#summary-lines").render())
        assert "45 s of 5 min 4 s, ended early" in summary
        assert "7 → 4 (3 lower)" in summary
    assert saved(data_path)["breathing"] == [
        {
            "started_at": NOW,
            "pattern": "box",
            "planned_seconds": 304,
            "seconds": 45,
            "completed": False,
            "anxiety_before": 7,
            "anxiety_after": 4,
        }
    ]


async def test_a_session_under_30_seconds_is_not_saved(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await after(pilot, clock, screen, seconds=29.4)
        await pilot.press("escape")
        assert screen.state == "summary"
        heading = str(screen.query_one("#summary-saved").render())
        assert heading == "Not saved: sessions under 30 seconds are not kept."
        await pilot.press("enter")
        assert screen.state == "choose"
    assert data_path.read_bytes() == before


async def test_a_completed_session_is_saved_and_summed_up(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await open_breathe(pilot)
        await pilot.press("left", "left", "enter", "enter")  # 1 minute, no anxiety given
        await after(pilot, clock, screen, seconds=63.9)
        assert shown(screen) == ("Hold · 1", "Breath 4 · 0:01 left")
        await after(pilot, clock, screen, seconds=3)  # a late frame: capped at the end
        assert isinstance(app.screen, AnxietyPrompt)
        await pilot.press("enter")
        summary = str(screen.query_one("#summary-lines").render())
        assert "1 min 4 s, the whole session" in summary
        assert "Anxiety" not in summary
    data = saved(data_path)
    assert data["breathing"] == [
        {
            "started_at": NOW,
            "pattern": "box",
            "planned_seconds": 64,
            "seconds": 64,
            "completed": True,
        }
    ]
    assert (data["settings"]["breathing_pattern"], data["settings"]["breathing_minutes"]) == (
        "box",
        1,
    )


async def test_the_last_pattern_and_length_are_remembered(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await open_breathe(pilot)
        await pilot.press("3", "right", "right", "enter", "enter")
        assert (
            str(screen.query_one("#session-title").render())
            == "Coherent breathing · 5.5-5.5 · 20 min"
        )
        await pilot.press("escape")
    settings = saved(data_path)["settings"]
    assert (settings["breathing_pattern"], settings["breathing_minutes"]) == ("coherent", 20)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await open_breathe(pilot)
        assert screen.query_one(OptionList).highlighted == 2
        assert screen.chooser.minutes == 20


async def test_a_session_until_stopped_counts_up(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path, replace(JOURNAL, settings=Settings(breathing_minutes=0)))
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await after(pilot, clock, screen, minutes=12, seconds=1)
        assert shown(screen) == ("Breathe in · 3", "Breath 46 · 12:01 so far")
        await pilot.press("escape", "enter")
    (entry,) = saved(data_path)["breathing"]
    assert (entry["planned_seconds"], entry["seconds"], entry["completed"]) == (0, 721, True)


async def test_leaving_for_another_section_saves_what_ran_and_today_shows_it(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot, anxiety="5")
        await after(pilot, clock, screen, minutes=2, seconds=10)
        await pilot.press("d")
        assert isinstance(app.screen, TodayScreen)
        assert "Breathing today: 2 min" in str(app.screen.query_one("#day").render())
        await pilot.press("b")
        assert screen.state == "choose"
    (entry,) = saved(data_path)["breathing"]
    assert (entry["seconds"], entry["completed"], entry["anxiety_before"]) == (130, False, 5)
    assert "anxiety_after" not in entry


async def test_any_other_way_to_another_section_saves_what_ran(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await after(pilot, clock, screen, seconds=50)
        await app.switch_mode("today")
        await pilot.pause()
        assert screen.state == "choose" and screen.session is None
    (entry,) = saved(data_path)["breathing"]
    assert entry["seconds"] == 50


async def test_help_over_a_session_leaves_it_running(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await pilot.press("question_mark")
        await after(pilot, clock, screen, seconds=5)
        await pilot.press("escape")
        assert app.screen is screen and screen.state == "running"
        assert shown(screen)[0] == "Hold · 3"


async def test_quitting_mid_session_saves_what_ran(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await after(pilot, clock, screen, seconds=95)
        await pilot.press("q")
        await pilot.pause()
    (entry,) = saved(data_path)["breathing"]
    assert (entry["seconds"], entry["completed"]) == (95, False)


async def test_the_app_closing_any_other_way_saves_what_ran(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await after(pilot, clock, screen, seconds=40)
        app.exit()
    (entry,) = saved(data_path)["breathing"]
    assert entry["seconds"] == 40


async def test_bells_ring_once_for_in_and_twice_for_out_when_turned_on(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path, replace(JOURNAL, settings=Settings(bell=True)))
    app = make_app()
    rings: list[float] = []
    app.bell = lambda: rings.append(clock.monotonic())  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        screen = await start(pilot)
        assert rings == [0.0]
        await after(pilot, clock, screen, seconds=4)  # hold: no bell
        assert rings == [0.0]
        await after(pilot, clock, screen, seconds=4)  # out: two, the second a moment later
        for _ in range(50):
            if len(rings) == 3:
                break
            await pilot.pause(0.02)
        assert rings == [0.0, 8.0, 8.0]


async def test_no_bells_by_default(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    rings: list[float] = []
    app.bell = lambda: rings.append(clock.monotonic())  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await after(pilot, clock, screen, seconds=8)
        assert rings == []


async def test_the_phase_is_plain_text_right_under_the_large_letters(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await after(pilot, clock, screen, seconds=9)
        words = screen.query_one("#phase-words", Static)
        big = screen.query_one(BigWords)
        # Ordinary characters in a line of their own, not box-drawing ones.
        assert str(words.render()) == "Breathe out · 3"
        assert words.region.height == 1 and words.region.y == big.region.bottom
        assert "─" in str(big.render()) and "─" not in str(words.render())
        # The large forms are decoration: a selection (and so a copy) leaves them out.
        assert not big.allow_select and not screen.query_one(Digits).allow_select
        assert words.allow_select


async def test_reduced_motion_shows_the_words_alone(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path, replace(JOURNAL, settings=Settings(reduced_motion=True)))
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await after(pilot, clock, screen, seconds=1)
        assert shown(screen) == ("Breathe in · 3", "Breath 1 · 5:03 left")
        # No large letters, no moving shape, no large digits: nothing of them on screen.
        for decoration in (BigWords, BreathShape, Digits):
            assert not screen.query_one(decoration).region
        words = screen.query_one("#phase-words", Static)
        assert words.region and words.rich_style.bold
        await pilot.press("space")
        assert shown(screen)[0] == "Paused"
        await pilot.press("space")
        await after(pilot, clock, screen, seconds=3)
        assert shown(screen)[0] == "Hold · 4"


async def test_the_marks_follow_the_pattern_and_the_length_chosen(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path, replace(JOURNAL, settings=Settings(patterns=(SLOW,))))
    app = make_app()
    async with app.run_test() as pilot:
        screen = await open_breathe(pilot)
        assert marked_rows(screen) == ["›", " ", " ", " ", " ", " "]
        await pilot.press("down", "down")
        assert marked_rows(screen) == [" ", " ", "›", " ", " ", " "]
        await pilot.press("6")
        assert marked_rows(screen) == [" ", " ", " ", " ", " ", "›"]
        await pilot.press("up")
        assert marked_rows(screen) == [" ", " ", " ", " ", "›", " "]
        length = screen.query_one("#length", Static)
        assert "● 5 min" in str(length.render()) and "○ 10 min" in str(length.render())
        await pilot.press("right")
        assert "○ 5 min" in str(length.render()) and "● 10 min" in str(length.render())
        assert str(length.render()).count("●") == 1
        # Back from a session, the mark is where the highlight is.
        await pilot.press("enter", "enter", "escape", "enter")
        assert screen.state == "choose"
        assert marked_rows(screen) == [" ", " ", " ", " ", "›", " "]


async def test_make_edit_and_remove_a_pattern_of_your_own(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await open_breathe(pilot)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, PatternForm)
        await pilot.press(*"box", "tab", "4", "tab", "tab", "2", "5", "ctrl+s")
        assert "preset's name" in str(form.query_one("#name-error").render())
        assert "1 to 20 seconds" in str(form.query_one("#exhale-error").render())
        form.query_one("#name", Input).value = "calm [b]down[/b]"
        form.query_one("#exhale", Input).value = "6.5"
        await pilot.press("ctrl+s")
        assert app.screen is screen
        assert screen.query_one(OptionList).highlighted == 5
        assert screen.chooser.selected.timing == "4-0-6.5-0"
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, PatternForm)
        assert form.query_one("#exhale", Input).value == "6.5"
        form.query_one("#hold_in", Input).value = "1.5"
        await pilot.press("ctrl+s")
        assert screen.chooser.selected.timing == "4-1.5-6.5-0"
        assert saved(data_path)["settings"]["patterns"] == [
            {
                "name": "calm [b]down[/b]",
                "inhale": 4.0,
                "hold_in": 1.5,
                "exhale": 6.5,
                "hold_out": 0.0,
            }
        ]
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("tab", "enter")
        assert screen.query_one(OptionList).highlighted == 0
    assert "patterns" not in saved(data_path)["settings"]


async def test_presets_cannot_be_edited_or_removed(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path, replace(JOURNAL, settings=Settings(patterns=(SLOW,))))
    app = make_app()
    async with app.run_test() as pilot:
        screen = await open_breathe(pilot)
        keys = {binding.binding.action for binding in screen.active_bindings.values()}
        assert {"start", "add_pattern"} <= keys and not {"edit_pattern", "pause"} & keys
        await pilot.press("6")
        keys = {binding.binding.action for binding in screen.active_bindings.values()}
        assert {"edit_pattern", "remove_pattern"} <= keys


async def test_the_keys_of_a_running_session(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await start(pilot)
        keys = {key: active.binding.action for key, active in screen.active_bindings.items()}
        assert (keys["space"], keys["escape"]) == ("pause", "stop")
        assert "enter" not in keys and "a" not in keys
        await pilot.press("space")
        keys = {key: active.binding.action for key, active in screen.active_bindings.items()}
        assert keys["space"] == "resume"


async def test_the_time_saved_is_the_wall_clock_at_the_start(
    make_app: Callable[[], StepdownApp], data_path: Path, clock: FixedClock
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await open_breathe(pilot)
        clock.advance(minutes=3)  # the user looked at the patterns a while
        screen = await start(pilot)
        await after(pilot, clock, screen, seconds=31)
        await pilot.press("escape", "enter")
    (entry,) = saved(data_path)["breathing"]
    assert entry["started_at"] == datetime(2026, 11, 25, 15, 3)


async def test_a_narrow_chooser_shows_the_purpose_of_the_highlighted_pattern_alone(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_breathe(pilot)
        listing = screen.query_one(OptionList)
        first = str(listing.get_option_at_index(0).prompt)
        assert first.startswith("› 1 Box breathing") and "Steadies" not in first
        assert str(listing.border_subtitle) == "Steadies you: even counts all round"
        await pilot.press("down")
        assert str(listing.border_subtitle) == "Winds you down, say before sleep"
        # The lengths go on two lines, each mark beside its length.
        await pilot.press("right")
        lines = str(screen.query_one("#length", Static).render()).splitlines()
        assert [line.strip() for line in lines] == [
            "○ 1 min  ○ 3 min  ○ 5 min  ● 10 min  ○ 20 min",
            "○ until stopped",
        ]
        # Wide again: every line holds its purpose, and the border nothing.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert str(listing.get_option_at_index(1).prompt).endswith("say before sleep")
        assert not listing.border_subtitle
        assert len(str(screen.query_one("#length", Static).render()).splitlines()) == 1


async def open_form(pilot: Pilot[None], key: str) -> PatternForm:
    """Open the pattern form with `key` ("a" new, "e" edit) from the chooser."""
    await pilot.press(key)
    form = pilot.app.screen
    assert isinstance(form, PatternForm)
    return form


async def test_escape_on_an_unchanged_pattern_form_closes_it_at_once(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path, replace(JOURNAL, settings=Settings(patterns=(SLOW,))))
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        screen = await open_breathe(pilot)
        await pilot.press("6")
        await open_form(pilot, "e")
        await pilot.press("escape")
        assert app.screen is screen
        # Typed and typed back is no change either.
        await open_form(pilot, "a")
        await pilot.press("x", "backspace", "escape")
        assert app.screen is screen
    assert data_path.read_bytes() == before


async def test_escape_on_a_changed_pattern_form_asks_and_discard_writes_nothing(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path, replace(JOURNAL, settings=Settings(patterns=(SLOW,))))
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        screen = await open_breathe(pilot)
        await pilot.press("6")
        form = await open_form(pilot, "e")
        form.query_one("#exhale", Input).value = "6"
        await pilot.press("escape")
        assert isinstance(app.screen, LeavePrompt)
        # Keep editing: back in the form with what was typed.
        await pilot.press("escape")
        assert app.screen is form and form.query_one("#exhale", Input).value == "6"
        await pilot.press("escape")
        await pilot.click("#discard")
        assert app.screen is screen
        assert screen.chooser.selected.timing == "4-2-8-0"
    assert data_path.read_bytes() == before
    assert saved(data_path)["settings"]["patterns"][0]["exhale"] == 8.0


async def test_save_on_the_way_out_of_a_pattern_form_writes_the_pattern(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await open_breathe(pilot)
        await open_form(pilot, "a")
        await pilot.press(*"calm", "tab", "4", "tab", "tab", "6")
        await pilot.press("escape")
        assert isinstance(app.screen, LeavePrompt)
        await pilot.click("#save")
        assert app.screen is screen
        assert screen.chooser.selected.timing == "4-0-6-0"
    assert saved(data_path)["settings"]["patterns"] == [
        {"name": "calm", "inhale": 4.0, "hold_in": 0.0, "exhale": 6.0, "hold_out": 0.0}
    ]


async def test_save_of_a_wrong_pattern_on_the_way_out_stays_and_says_why(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    left: list[bool] = []
    async with app.run_test() as pilot:
        await open_breathe(pilot)
        form = await open_form(pilot, "a")
        await pilot.press(*"box")  # a preset's name, and no in or out
        form.before_leaving(lambda: left.append(True))
        await pilot.pause()
        await pilot.click("#save")
        assert app.screen is form and not left
        assert "preset's name" in str(form.query_one("#name-error").render())
        # Discard then goes, and the app is told it may.
        form.before_leaving(lambda: left.append(True))
        await pilot.pause()
        await pilot.click("#discard")
        assert isinstance(app.screen, BreatheScreen) and left == [True]
    assert data_path.read_bytes() == before


async def test_another_section_from_a_changed_pattern_form_asks_first(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        await open_breathe(pilot)
        await open_form(pilot, "a")
        await pilot.press(*"calm")
        app.action_section("today")
        await pilot.pause()
        assert isinstance(app.screen, LeavePrompt)
        await pilot.click("#discard")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert data_path.read_bytes() == before


async def test_leaving_from_help_now_over_a_pattern_form_closes_the_form_too(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    before = data_path.read_bytes()
    app = make_app()
    async with app.run_test() as pilot:
        screen = await open_breathe(pilot)
        await open_form(pilot, "a")
        await pilot.press(*"calm", "ctrl+g")
        assert not isinstance(app.screen, PatternForm)
        app.action_section("today")
        await pilot.pause()
        assert isinstance(app.screen, LeavePrompt)
        await pilot.click("#discard")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("b")
        assert app.screen is screen
    assert data_path.read_bytes() == before
