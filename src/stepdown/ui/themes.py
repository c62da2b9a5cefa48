"""Stepdown's themes: TOML files of a Textual theme's colours, loaded into `Theme`s.

The bundled ones ship inside the package; the user's own are read from
`user_config_dir("stepdown")/themes/*.toml` (or `$STEPDOWN_CONFIG/themes/`). A user's
file that cannot be used is skipped with a message naming the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from platformdirs import user_config_dir
from textual.app import App
from textual.color import Color, ColorParseError
from textual.theme import Theme

from stepdown.store.paths import APP_NAME

CONFIG_ENV_VAR = "STEPDOWN_CONFIG"
"""The environment variable that moves the configuration folder (its `themes/` inside)."""

COLOUR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "warning",
    "error",
    "success",
)
KNOWN_KEYS = ("name", "dark", *COLOUR_KEYS)

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]*")
"""A theme's name: no commas (Textual reads a comma as a list of names) and no controls."""


class ThemeFileError(Exception):
    """Why a theme file cannot be used: the file, the key at fault (None: the whole
    file), and what is wrong with it."""

    def __init__(self, path: Path, key: str | None, problem: str) -> None:
        super().__init__(path, key, problem)
        self.path = path
        self.key = key
        self.problem = problem

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}" if self.key else str(self.path)
        return f"{where}: {self.problem}"


class UserThemes(NamedTuple):
    """The user's theme files that loaded, and those skipped with the reason."""

    themes: tuple[Theme, ...]
    skipped: tuple[ThemeFileError, ...]


def bundled_themes_dir() -> Path:
    """Where the shipped themes are: inside the installed package, or the source tree's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "themes"
    return installed if installed.is_dir() else package.parent.parent / "themes"


def user_themes_dir(environ: Mapping[str, str]) -> Path:
    """The folder of the user's own themes: `$STEPDOWN_CONFIG/themes`, else the platform's
    user configuration folder's (e.g. `~/.config/stepdown/themes`). An empty variable
    counts as unset."""
    chosen = environ.get(CONFIG_ENV_VAR) or None
    config = Path(chosen).expanduser() if chosen else Path(user_config_dir(APP_NAME))
    return config / "themes"


def _read(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as error:
        raise ThemeFileError(path, None, f"cannot be read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(path, None, f"is not valid TOML ({error})") from None


def _colour(path: Path, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(path, key, 'must be a colour in quotes, like "#1B2126"')
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(
            path, key, f'{value!r} is not a colour; write it like "#1B2126"'
        ) from None
    return value


def load_theme(path: Path) -> Theme:
    """The theme described by the TOML file at `path`.

    Raises:
        ThemeFileError: the file cannot be read, is not TOML, lacks `name` or `primary`,
            has a key this version does not know, or a value of the wrong kind.
    """
    data = _read(path)
    for key in data:
        if key not in KNOWN_KEYS:
            raise ThemeFileError(path, key, f"is not a theme key; use {', '.join(KNOWN_KEYS)}")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ThemeFileError(
            path, "name", "is required: letters, digits, spaces and . _ - (no commas)"
        )
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError(path, "dark", "must be true or false")
    if "primary" not in data:
        raise ThemeFileError(path, "primary", "is required")

    def colour(key: str) -> str | None:
        return _colour(path, key, data[key]) if key in data else None

    # Named one by one (in COLOUR_KEYS' order, so the first wrong one is the one told):
    # Theme's other arguments are not colours.
    return Theme(
        name=name,
        dark=dark,
        primary=_colour(path, "primary", data["primary"]),
        secondary=colour("secondary"),
        accent=colour("accent"),
        foreground=colour("foreground"),
        background=colour("background"),
        surface=colour("surface"),
        panel=colour("panel"),
        warning=colour("warning"),
        error=colour("error"),
        success=colour("success"),
    )


def bundled_themes() -> Iterator[Theme]:
    """Every theme shipped with Stepdown, in name order."""
    for path in sorted(bundled_themes_dir().glob("*.toml")):
        yield load_theme(path)


def user_themes(directory: Path) -> UserThemes:
    """The themes in `directory` (none if it does not exist), in file-name order; a file
    that cannot be used is skipped, with the reason."""
    themes: list[Theme] = []
    skipped: list[ThemeFileError] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            themes.append(load_theme(path))
        except ThemeFileError as error:
            skipped.append(error)
    return UserThemes(tuple(themes), tuple(skipped))


def register_themes(app: App[Any], environ: Mapping[str, str]) -> tuple[ThemeFileError, ...]:
    """Make the bundled themes and then the user's available in `app` (Textual's own stay);
    a user's theme of the same name replaces a bundled one. Returns the files skipped."""
    for theme in bundled_themes():
        app.register_theme(theme)
    found = user_themes(user_themes_dir(environ))
    for theme in found.themes:
        app.register_theme(theme)
    return found.skipped
