"""Tick boxes read the same without colour: an unticked box is empty, a ticked one has X."""

from __future__ import annotations

from textual.app import App, ComposeResult

from stepdown.ui.widgets.tick import Tick, TickList


class Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield Tick("a seizure", id="seizure")
        yield Tick("fever", True, id="fever")
        yield TickList(("fever", "fever"), ("nausea", "nausea", True))


async def test_only_ticked_boxes_hold_a_mark() -> None:
    app = Boxes()
    async with app.run_test():
        tick = app.query_one("#seizure", Tick)
        assert "X" not in tick.render().plain
        tick.value = True
        assert "X" in tick.render().plain
        ticked = app.query_one("#fever", Tick)
        assert "X" in ticked.render().plain
        ticked.value = False
        assert "X" not in ticked.render().plain
        ticks = app.query_one(TickList)
        fever, nausea = (ticks.render_line(y).text for y in (0, 1))
        assert "X" not in fever
        assert "X" in nausea
