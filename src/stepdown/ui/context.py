"""Typed access from any widget to the running Stepdown app, its journal and clock."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp


def stepdown(node: DOMNode) -> StepdownApp:
    """The app that `node` belongs to, typed as Stepdown's."""
    return cast("StepdownApp", node.app)
