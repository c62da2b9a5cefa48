"""The old name of today_lines (the lines Today draws), kept only while week.py and
week_day.py import STATE_MARK from here; they import it from today_lines next."""

from __future__ import annotations

from stepdown.ui.screens.today_lines import STATE_MARK

__all__ = ["STATE_MARK"]
