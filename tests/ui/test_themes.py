"""Themes: the bundled files load into Textual themes, the user's own load too, a broken
one is skipped with its message, and a theme chosen in the palette is saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.color import Color
from textual.command import CommandList, CommandPalette
from textual.geometry import Region
from textual.pilot import Pilot
from textual.theme import Theme

from stepdown.domain.contrast import AA_BODY, AAA_BODY, contrast_ratio
from stepdown.ui.app import StepdownApp
from stepdown.ui.themes import (
    COLOUR_KEYS,
    ThemeFileError,
    bundled_themes,
    load_theme,
    user_themes,
    user_themes_dir,
)
from stepdown.ui.widgets.dose_list import DoseList
from tests.ui.helpers import JOURNAL, saved, write_journal

GOOD = """\
name = "my-dusk"
dark = true
primary = "#88AADD"
background = "#101820"
foreground = "#F0F0F0"
"""


def saved_theme(path: Path) -> str:
    return saved(path)["settings"]["theme"]


def theme_file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_files_load_into_textual_themes() -> None:
    themes = {theme.name: theme for theme in bundled_themes()}
    assert {"stepdown-calm", "stepdown-daylight", "stepdown-contrast"} <= set(themes)
    assert themes["stepdown-calm"].dark
    assert not themes["stepdown-daylight"].dark
    assert themes["stepdown-contrast"].background == "#000000"
    for theme in themes.values():
        colours = theme.to_color_system().generate()
        assert colours["foreground"] and colours["panel"]


@pytest.mark.parametrize("theme", list(bundled_themes()), ids=lambda theme: theme.name)
def test_muted_words_are_readable_too(theme) -> None:
    """Hints and the section bar use Textual's muted text; it must read as well."""
    least = AAA_BODY if theme.name == "stepdown-contrast" else AA_BODY
    for ground in (theme.background, theme.surface, theme.panel):
        behind = Color.parse(ground)
        muted = behind + behind.get_contrast_text(0.6)  # what `$text-muted` comes to
        assert contrast_ratio(muted.hex, behind.hex) >= least, (theme.name, ground)


def test_the_user_themes_folder_moves_with_the_environment(tmp_path: Path) -> None:
    assert user_themes_dir({"STEPDOWN_CONFIG": str(tmp_path)}) == tmp_path / "themes"
    assert user_themes_dir({"STEPDOWN_CONFIG": ""}).name == "themes"


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (GOOD.replace('"#88AADD"', '"bluish"'), "primary", "'bluish' is not a colour"),
        (GOOD.replace('"#88AADD"', "12"), "primary", "must be a colour in quotes"),
        (GOOD.replace('name = "my-dusk"\n', ""), "name", "is required"),
        (GOOD.replace('"my-dusk"', '"a, b"'), "name", "no commas"),
        (GOOD.replace("dark = true", 'dark = "yes"'), "dark", "true or false"),
        (GOOD.replace('primary = "#88AADD"\n', ""), "primary", "is required"),
        (GOOD + 'primry = "#FFFFFF"\n', "primry", "is not a theme key"),
        (GOOD + "oops = \n", None, "is not valid TOML"),
    ],
)
def test_a_broken_theme_file_names_the_file_and_the_key(
    tmp_path: Path, text: str, key: str | None, words: str
) -> None:
    path = theme_file(tmp_path, "broken.toml", text)
    with pytest.raises(ThemeFileError) as raised:
        load_theme(path)
    assert raised.value.key == key
    assert words in str(raised.value)
    assert str(path) in str(raised.value)


def test_every_colour_of_a_theme_file_reaches_the_theme(tmp_path: Path) -> None:
    """Each colour key of the file is the theme's colour of that name, none dropped."""
    colours = {key: f"#0000{index:02X}" for index, key in enumerate(COLOUR_KEYS)}
    text = 'name = "every"\n' + "".join(f'{key} = "{value}"\n' for key, value in colours.items())
    theme = load_theme(theme_file(tmp_path, "every.toml", text))
    assert {key: getattr(theme, key) for key in COLOUR_KEYS} == colours


def test_user_themes_load_and_a_broken_one_is_skipped(tmp_path: Path) -> None:
    theme_file(tmp_path, "a-broken.toml", GOOD.replace('"#101820"', '"#10182"'))
    theme_file(tmp_path, "dusk.toml", GOOD)
    found = user_themes(tmp_path)
    assert [theme.name for theme in found.themes] == ["my-dusk"]
    assert [(error.path.name, error.key) for error in found.skipped] == [
        ("a-broken.toml", "background")
    ]
    assert user_themes(tmp_path / "none") == ((), ())


async def test_the_app_offers_every_theme_and_says_once_which_file_it_skipped(
    make_app: Callable[[], StepdownApp], data_path: Path, config_dir: Path
) -> None:
    write_journal(data_path)
    theme_file(config_dir / "themes", "dusk.toml", GOOD)
    broken = theme_file(config_dir / "themes", "glare.toml", GOOD.replace("#88AADD", "glare"))
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        themes = app.available_themes
        assert {"stepdown-calm", "stepdown-daylight", "stepdown-contrast", "my-dusk"} <= set(themes)
        assert {"textual-dark", "textual-light", "nord"} <= set(themes)
        notices = list(app._notifications)
        assert len(notices) == 1
        assert notices[0].title == "Theme file skipped"
        assert f"{broken}: primary: 'glare' is not a colour" in notices[0].message
        assert app.theme == "stepdown-calm"
        assert len(app.screen.query_one(DoseList).lines) == 3  # Today, working as ever


async def test_the_saved_theme_is_shown_at_start_and_not_saved_again(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    text = data_path.read_text(encoding="utf-8").replace(
        'theme = "stepdown-calm"', 'theme = "stepdown-daylight"'
    )
    data_path.write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test():
        assert app.theme == "stepdown-daylight"
        assert app.current_theme.dark is False
    assert data_path.read_text(encoding="utf-8") == text


async def test_a_saved_theme_that_is_gone_shows_the_default_and_keeps_the_choice(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    """A user theme whose file was removed: Stepdown's default for now, the file untouched."""
    write_journal(data_path)
    text = data_path.read_text(encoding="utf-8").replace(
        'theme = "stepdown-calm"', 'theme = "my-dusk"'
    )
    data_path.write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test():
        assert app.theme == "stepdown-calm"
    assert saved_theme(data_path) == "my-dusk"


async def choose_in_palette(pilot: Pilot[None], *words: str) -> None:
    """Open the palette, type each of `words` in turn and take the first match."""
    await pilot.press("ctrl+p")
    for word in words:
        palette = pilot.app.screen
        assert isinstance(palette, CommandPalette)
        await pilot.press(*word)
        # The palette searches in the background: wait until the best match is on top.
        commands = palette.query_one(CommandList)
        for _ in range(500):
            top = commands.get_option_at_index(0).prompt if commands.option_count else ""
            if word.lower() in str(top).lower():
                break
            await pilot.pause(0.01)
        else:
            pytest.fail(f"the palette offers nothing for {word!r}")
        await pilot.press("enter")
        await pilot.pause()


async def test_a_theme_picked_in_the_palette_shows_at_once_and_is_saved(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        await choose_in_palette(pilot, "theme", "stepdown-contrast")
        assert app.theme == "stepdown-contrast"
        assert app.screen.styles.background.hex == "#000000"
        assert saved_theme(data_path) == "stepdown-contrast"
        await choose_in_palette(pilot, "theme", "nord")
        assert app.theme == "nord"
    assert saved_theme(data_path) == "nord"


async def test_todays_dose_states_take_the_new_themes_colours_at_once(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    """The states are written in the theme's colours; a new theme must not leave the old
    (light green on paper would be unreadable)."""
    write_journal(data_path)
    app = make_app()
    async with app.run_test() as pilot:
        doses = app.screen.query_one(DoseList)
        await pilot.press("down")  # the highlighted line is drawn in the cursor's colours
        await choose_in_palette(pilot, "theme", "stepdown-daylight")
        await pilot.pause()
        segments = list(doses.render_line(0))
        taken = next(segment for segment in segments if "taken" in segment.text)
        assert taken.text.strip() == "✓ taken at 08:05"
        wanted = Color.parse(app.get_css_variables()["text-success"])
        assert Color.from_rich_color(taken.style.color) == wanted


@pytest.mark.parametrize("theme", list(bundled_themes()), ids=lambda theme: theme.name)
async def test_todays_plain_text_is_readable_from_the_first_frame(
    make_app: Callable[[], StepdownApp], data_path: Path, theme: Theme
) -> None:
    """Text in the screen's own colour (the day's total, the plan) stands out from its
    background in every theme, on the very first screen drawn."""
    write_journal(data_path, replace(JOURNAL, settings=replace(JOURNAL.settings, theme=theme.name)))
    app = make_app()
    async with app.run_test():
        for selector, words in (("#day", "Taken"), ("#plan", "From")):
            widget = app.screen.query_one(selector)
            lines = widget.render_lines(Region(0, 0, *widget.size))
            segment = next(s for line in lines for s in line if s.text.startswith(words))
            colours = segment.style.color, segment.style.bgcolor
            assert None not in colours, (selector, colours)
            ratio = contrast_ratio(*(Color.from_rich_color(c).hex for c in colours))
            assert ratio >= AA_BODY, (selector, ratio)
