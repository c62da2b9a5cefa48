"""Stepdown: a terminal daily companion for tapering off baclofen on a provider's plan."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("stepdown")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
