"""Stepdown: a terminal daily companion for tapering off baclofen on a provider's plan."""

__version__ = "0.2.0.dev0"
"""The one place the version is written; the build reads it from here."""
