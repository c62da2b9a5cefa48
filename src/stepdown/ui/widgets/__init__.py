"""Widgets shared between screens."""
