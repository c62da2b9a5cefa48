"""The frame every screen shares: a section bar with the date on top, the keys below.

The bar shows every section with its key (and the help-now key), so the Footer can
keep to the keys of the screen in view and still fit in 80 columns.

Each is one widget drawing one line, not a widget per key as Textual's Footer does:
composing and styling those was a fifth of the time to the first frame. A click on a
key's label finds the key in the label's style and acts on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from stepdown.ui.context import stepdown

NAVIGATION_ACTIONS = ("section(", "help_now")
"""App bindings whose actions start with these are shown in the section bar."""

TARGET = "stepdown-target"
"""The style's meta key naming what a click on that part of the line does."""

HOVER_STYLE = "on $block-hover-background"

LEFT_OUT_FIRST = ("quit", "help")
"""The actions whose keys a Footer too narrow for all its keys leaves out, in order.
Both keys still work everywhere; `?` help and the README list them. Help now's keys
stay: the section bar shows `!` and the Footer `ctrl+g`."""


def navigation_bindings(bindings: Iterable[BindingType]) -> list[Binding]:
    """The app's bindings that go to a section or to help now, in their order, the first
    key of each action only (help now's second key is in the Footer)."""
    first: dict[str, Binding] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.action.startswith(NAVIGATION_ACTIONS):
            first.setdefault(binding.action, binding)
    return list(first.values())


@runtime_checkable
class DescribesKeys(Protocol):
    """A screen whose keys' descriptions depend on its state ("Undo: 17:00 skipped")."""

    def key_description(self, action: str) -> str | None:
        """What the key bound to `action` does now, or None for its binding's description."""


def key_description(screen: Screen[Any], binding: Binding) -> str:
    """What `binding` does on `screen` now: the screen's own words, else the binding's."""
    if isinstance(screen, DescribesKeys):
        return screen.key_description(binding.action) or binding.description
    return binding.description


def target(name: str) -> Style:
    """A style marking its text as the clickable part for `name`."""
    return Style.from_meta({TARGET: name})


class ClickableLine(Widget, can_focus=False):
    """A one-line widget of labels, each acting on a click and lit under the mouse."""

    hovered: reactive[str | None] = reactive(None)
    """The target of the label under the mouse."""

    def labels(self, width: int) -> Iterator[tuple[str, Content, str]]:
        """Each label's target, text and tooltip, for a line `width` cells wide."""
        raise NotImplementedError

    def line(self, width: int) -> Content:
        """The whole line: the labels, the one under the mouse lit."""
        return Content("").join(self.lit(name, label) for name, label, _tip in self.labels(width))

    def lit(self, name: str, label: Content) -> Content:
        """`label` marked as the clickable part for `name`, lit under the mouse."""
        if name == self.hovered:
            label = label.stylize_before(HOVER_STYLE)
        return label.stylize(target(name))

    def render(self) -> Content:
        return self.line(self.size.width)

    async def act(self, name: str) -> None:
        """Do what the label `name` stands for."""
        raise NotImplementedError

    def on_mouse_move(self, event: events.MouseMove) -> None:
        name: str | None = event.style.meta.get(TARGET)
        if name != self.hovered:
            self.hovered = name
            tooltips = {label: tip for label, _, tip in self.labels(self.size.width)}
            self.tooltip = (tooltips.get(name) or None) if name is not None else None

    def on_leave(self) -> None:
        self.hovered = None
        self.tooltip = None

    async def on_click(self, event: events.Click) -> None:
        name = event.style.meta.get(TARGET)
        if name:
            await self.act(name)


class AppHeader(ClickableLine):
    """The sections with their keys, the one in view marked, and today's date."""

    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $text-muted;
    }
    """

    CURRENT_STYLE = "bold $text on $primary 35%"

    def on_mount(self) -> None:
        self.watch(self.app, "today", self.new_day)
        # Back on its screen after the welcome: the sections are open now.
        self.app.screen_change_signal.subscribe(self, self.show_for)

    def new_day(self, _today: date) -> None:
        self.refresh()

    def show_for(self, screen: Screen[Any]) -> None:
        if screen is self.screen:
            self.refresh()

    def date_label(self) -> str:
        today = stepdown(self).today
        # At 80 columns the tabs leave about 12: the demo drops the weekday to say "demo".
        if stepdown(self).demo:
            return f"demo {today.day} {today:%b} "
        return f"{today:%a} {today.day} {today:%b} "

    def labels(self, width: int) -> Iterator[tuple[str, Content, str]]:
        app = self.app
        current = f"section('{app.current_mode}')"
        tabs = navigation_bindings(app.BINDINGS)
        if not stepdown(self).journal_ready:  # the welcome, a file with errors: no sections yet
            tabs = [binding for binding in tabs if not binding.action.startswith("section(")]
        wide = sum(len(binding.description) + 4 for binding in tabs) <= width
        for binding in tabs:
            key = binding.key_display or app.get_key_display(binding)
            label = Content.assemble((key, "bold $accent"), f" {binding.description}")
            label = label.pad(1, 1) if wide else label.pad_left(1)
            if binding.action == current:
                label = label.stylize_before(self.CURRENT_STYLE)
            yield binding.action, label, binding.tooltip

    def line(self, width: int) -> Content:
        tabs = super().line(width)
        when = self.date_label()
        room = width - tabs.cell_length
        if room < len(when) + 1:  # too narrow: every tab stays, the date goes
            return tabs
        return tabs + Content(when.rjust(room))

    async def act(self, name: str) -> None:
        await self.app.run_action(name)


class AppFooter(ClickableLine):
    """The keys of the screen in view, compact so they fit in 80 columns; a click
    presses the key. The palette's key goes to the right when there is room."""

    DEFAULT_CSS = """
    AppFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def key_label(
        self, binding: Binding, enabled: bool, spaced: bool = True, named: bool = True
    ) -> Content:
        """The key and what it does, with a blank each side (only before when not `spaced`);
        in the screen's words of the moment when `named`, else the binding's own."""
        words = key_description(self.screen, binding) if named else binding.description
        label = Content.assemble(
            (self.app.get_key_display(binding), "bold $footer-key-foreground"),
            (f" {words}", "$footer-description-foreground"),
        ).pad(1, 1 if spaced else 0)
        return label if enabled else label.stylize("dim")

    def shown_keys(
        self, spaced: bool = True, left_out: tuple[str, ...] = (), named: bool = True
    ) -> Iterator[tuple[str, Content, str]]:
        """The screen's shown keys, one per action (the first of its keys), in order,
        but for the actions `left_out`."""
        actions: set[str] = set(left_out)
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                label = self.key_label(binding, enabled, spaced, named)
                yield binding.key, label, tooltip or binding.tooltip

    def labels(self, width: int) -> Iterator[tuple[str, Content, str]]:
        yield from self.shown_keys()
        palette = self.palette()
        if palette is not None:
            yield palette

    def palette(self) -> tuple[str, Content, str] | None:
        """The palette's key, when the app offers one."""
        key = self.app.COMMAND_PALETTE_BINDING
        found = self.screen.active_bindings.get(key) if self.app.ENABLE_COMMAND_PALETTE else None
        if found is None:
            return None
        _node, binding, enabled, tooltip = found
        return key, self.key_label(binding, enabled), tooltip or binding.tooltip

    def line(self, width: int) -> Content:
        keys = self.keys(spaced=True)
        if keys.cell_length > width:  # a narrow terminal: one blank between keys
            keys = self.keys(spaced=False)
        for count in range(1, len(LEFT_OUT_FIRST) + 1):
            if keys.cell_length <= width:
                break
            keys = self.keys(spaced=False, left_out=LEFT_OUT_FIRST[:count])
        if keys.cell_length > width:  # the keys' own short words ("Undo", not what it undoes)
            keys = self.keys(spaced=False, left_out=LEFT_OUT_FIRST, named=False)
        palette = self.palette()
        if palette is None:
            return keys
        name, label, _tip = palette
        room = width - keys.cell_length - label.cell_length
        if room < 1:  # too narrow: ctrl+p still works, and help lists it
            return keys
        return keys + Content(" " * room) + self.lit(name, label)

    def keys(self, spaced: bool, left_out: tuple[str, ...] = (), named: bool = True) -> Content:
        """The screen's keys in a row, the one under the mouse lit."""
        shown = self.shown_keys(spaced, left_out, named)
        return Content("").join(self.lit(name, label) for name, label, _tip in shown)

    async def act(self, name: str) -> None:
        self.app.simulate_key(name)
