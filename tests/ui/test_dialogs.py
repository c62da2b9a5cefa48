"""Every dialog is a box in the middle of the terminal, over the screen it belongs to,
and its help lists each of its keys once.

The "changes not saved" question once drew in the top-left corner: the rule that
centres dialogs was repeated per dialog, and it had been left out for that one. Now
the dialogs' base centres them all, help, help now and the red-flag alert too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from textual.geometry import Region

from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.base import Dialog
from stepdown.ui.dialogs.exported import ExportedScreen
from stepdown.ui.screens.help import HelpScreen
from stepdown.ui.widgets.frame import AppFooter
from tests.ui.helpers import SIZE, write_journal

OPEN: dict[str, tuple[Sequence[str], str]] = {
    "the dose form": (("plus",), "DoseForm"),
    "the dose form's leave question": (("e", "1", "escape"), "LeavePrompt"),
    "marking a dose hours early": (("end", "enter"), "ConfirmScreen"),
    "the step form": (("p", "a"), "StepForm"),
    "the step form's leave question": (("p", "a", "1", "escape"), "LeavePrompt"),
    "the plan editor's leave question": (("p", "shift+tab", "x", "escape"), "LeavePrompt"),
    "removing a step": (("p", "delete"), "ConfirmScreen"),
    "the anxiety question": (("b", "enter"), "AnxietyPrompt"),
    "the pattern form": (("b", "a"), "PatternForm"),
    "the pattern form's leave question": (("b", "a", "x", "escape"), "LeavePrompt"),
    "the check-in's leave question": (("c", "5", "escape"), "LeavePrompt"),
    "the contact form": (("s", "a"), "ContactForm"),
    "the contact form's leave question": (("s", "a", "x", "escape"), "LeavePrompt"),
    "the emergency number form": (("s", "n"), "NumberForm"),
    "the settings' leave question": (("comma", "tab", "backspace", "escape"), "LeavePrompt"),
    "help": (("question_mark",), "HelpScreen"),
    "help now": (("exclamation_mark",), "HelpNowScreen"),
    "the red-flag alert": (("c", "9", "ctrl+s"), "RedFlagScreen"),
}
"""Each dialog, and the keys that open it from Today."""


def centred(box: Region, size: tuple[int, int]) -> bool:
    """Whether `box` has as many cells left as right of it, and above as below (give or
    take the one an odd difference leaves over)."""
    width, height = size
    left, right = box.x, width - box.right
    top, bottom = box.y, height - box.bottom
    return abs(left - right) <= 1 and abs(top - bottom) <= 1 and box.x > 0 and box.y > 0


@pytest.mark.parametrize(("keys", "opens"), OPEN.values(), ids=OPEN.keys())
async def test_each_dialog_is_centred_and_lists_each_key_once(
    make_app: Callable[[], StepdownApp], data_path: Path, keys: Sequence[str], opens: str
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == opens
        assert isinstance(dialog, Dialog)
        box = dialog.query_one(".dialog").region
        # Centred in what the footer, where a dialog has one (the red-flag alert), leaves.
        footer = sum(widget.region.height for widget in dialog.query(AppFooter))
        area = (SIZE[0], SIZE[1] - footer)
        assert centred(box, area), f"{opens} drawn at {box} in {area}"
        keys_listed = [key for key, _, where in HelpScreen(dialog).rows if where == "this screen"]
        assert len(keys_listed) == len(set(keys_listed)), keys_listed


async def test_the_written_dialog_is_centred(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ExportedScreen("Report written", Path("report.html"), "About."))
        await pilot.pause()
        box = app.screen.query_one(".dialog").region
        assert centred(box, SIZE), f"drawn at {box} in {SIZE}"
