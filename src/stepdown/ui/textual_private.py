"""Every use of Textual's private names, in one place, on the versions it was tested on.

Each shortcut saves parsing the whole stylesheet again. The theme put in place early
and each new section's screen marked as styled save two whole parses each, before the
first frame and on each section's first visit (about 45 ms and 60-100 ms of styling
on a loaded 2-core machine). The quick screen CSS saves one on the first visit to a
screen with a CSS_PATH or a `CSS` attribute, which only Breathe has (its `CSS`); the
other screens keep their styles in DEFAULT_CSS, which Textual adds parsing only what
is new. Each reaches into Textual's internals, which any release may change, so each
is taken only when `active()`: the installed Textual is one listed in TESTED and the
switch is on. Otherwise the app does what Textual does by itself, only slower.

The switch: `STEPDOWN_TEXTUAL_PRIVATE=0` in the environment turns it off for a whole
process (benchmarks); a test sets `textual_private.enabled = False`.
"""

from __future__ import annotations

import inspect
import os
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import textual
from textual.app import App
from textual.screen import Screen

TESTED = ("8.2.",)
"""Textual versions (prefixes of `textual.__version__`) the shortcuts were tested on."""

ReturnType = TypeVar("ReturnType")

enabled = os.environ.get("STEPDOWN_TEXTUAL_PRIVATE", "1") != "0"
"""The switch; the shortcuts still need a tested Textual."""


@cache
def installed_version() -> str:
    """The installed Textual's version, read from its dist-info folder's name, or "" when
    that is not one folder (then the shortcuts are not taken).

    Not `textual.__version__`: it imports importlib.metadata and reads the package's
    metadata (about 30 ms before the first frame).
    """
    site = Path(textual.__file__).resolve().parent.parent
    found = [info.name for info in site.glob("textual-*.dist-info")]
    if len(found) != 1:
        return ""
    return found[0].removeprefix("textual-").removesuffix(".dist-info")


def tested(version: str | None = None) -> bool:
    """Whether Textual `version` (by default the installed one) is one the shortcuts
    were tested on."""
    if version is None:
        version = installed_version()
    return bool(version) and version.startswith(TESTED)


def active() -> bool:
    """Whether the shortcuts are taken: the switch is on and Textual is a tested one."""
    return enabled and tested()


def show_theme_early(app: App[Any], name: str) -> None:
    """Put theme `name` in place before the first paint, so the stylesheet is parsed once,
    in the right colours, not again (about 20 ms) when the theme is set after mount.

    Does by hand what Textual's theme watcher does, without its deferred refresh; when
    not active, nothing: the app sets the theme after mount, the public way.
    """
    if not active():
        return
    app.set_reactive(App.theme, name)
    dark = app.current_theme.dark
    app.stylesheet.set_variables(app.get_css_variables())
    classes = {old: False for old in app.classes if old.startswith("-theme-")}
    classes.update({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark})
    app.update_classes(classes, update=False)


def mark_styled(screen: Screen[Any]) -> None:
    """Let a new section's screen be styled from the current stylesheet, not a new parse.

    Textual counts a new screen's styles as out of date, so the first switch to each
    mode parsed the whole stylesheet again, twice (about 15 ms each time).
    """
    if not active():
        return
    app = screen.app
    if not app.screen_stack:
        # The first screen (Today): that refresh is also what first styles the app
        # itself, whose colours its widgets' "auto" text colours are worked out from.
        app.stylesheet.update(app)
    screen._css_update_count = app._css_update_count


class QuickScreenCSS(App[ReturnType]):
    """An App that adds a new screen's styles to the stylesheet parsing only what is new.

    Textual parses the whole stylesheet again, without its cache, and restyles every
    screen, for each screen with CSS_PATH files or a `CSS` attribute (about 20 ms, on
    its first visit). Only Breathe has one (its `CSS`); the other screens' styles are
    in their DEFAULT_CSS, which Textual adds by itself parsing only what is new, and so
    gain nothing here. A screen's own CSS styles only that screen, so nothing already
    drawn changes. A screen's CSS_PATH files and its `CSS` are added as Textual adds
    them; its DEFAULT_CSS was added when it was registered, and the stylesheet parses
    it before it styles the screen.
    """

    def _load_screen_css(self, screen: Screen[Any]) -> None:
        if not active():
            super()._load_screen_css(screen)
            return
        if self.css_monitor is not None:  # `textual run --dev` reloads the files on a change
            self.css_monitor.add_paths(screen.css_path)
        new = False
        for path in screen.css_path:
            if not self.stylesheet.has_source(str(path), ""):
                self.stylesheet.read(path)
                new = True
        if screen.CSS:
            try:
                screen_file = inspect.getfile(type(screen))
            except (TypeError, OSError):
                screen_file = ""
            name = f"{type(screen).__name__}.CSS"
            if not self.stylesheet.has_source(screen_file, name):
                self.stylesheet.add_source(
                    screen.CSS,
                    read_from=(screen_file, name),
                    is_default_css=False,
                    scope=screen._css_type_name if screen.SCOPED_CSS else "",
                )
                new = True
        if new:
            # parse(), unlike Textual's reparse(), keeps the cache of rules already parsed.
            self.stylesheet.parse()
