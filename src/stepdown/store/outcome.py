"""What the store says back to the UI: a change it is given, what became of it, and why.

A change is a pure function from one journal to the next (`Change`); every update()
answers with a `SaveOutcome`. The words for the user that a save gives in more than one
place, or at length, are made here, so the save (draft.py) reads as what it does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stepdown.domain.journal import Journal
from stepdown.store import files

Change = Callable[[Journal], Journal]
"""A change the user made: a pure function from one journal to the next.

It may be applied again, on top of a file another program edited meanwhile, so it
must depend on nothing but its argument and what it captured, and should say what
the user meant ("the 08:00 dose of 25 November was taken") rather than where
("replace doses[12]").
"""

MERGED_NOTICE = "The file changed on disk; your change was added to it."


def newer_schema_message(schema: int) -> str:
    """Why a file written by a newer Stepdown is read-only."""
    return (
        f"This file was written by a newer Stepdown (schema {schema}); "
        "it is opened read-only and never rewritten."
    )


@dataclass(frozen=True)
class SaveOutcome:
    """What became of a change: saved to disk, or not and why (words for the user)."""

    saved: bool
    message: str | None = None
    notice: str | None = None
    """Words to tell the user although the change was saved: what else happened to the
    file (another program changed it, or the path now names another file)."""
    can_write_back: bool = False
    """Set when the save failed because another program left the file with errors (or
    empty) while the store holds the whole journal: `write_back()` can put it back."""


def invalid_message(path: Path) -> str:
    """Why a file with errors is not changed."""
    return (
        f"{path} has errors, so Stepdown does not change it. "
        "Fix them (`stepdown check` lists them) and start Stepdown again."
    )


def backup_failed(path: Path, error: files.BackupFailed) -> SaveOutcome:
    """The backup a save waits for could not be written: the journal was not touched."""
    return SaveOutcome(
        False,
        f"Could not write today's backup {error.path}: {error.reason}. "
        f"{path} was not changed; your change is kept, and Stepdown will "
        "try again at the next change.",
    )


def save_failed(path: Path, error: OSError) -> SaveOutcome:
    """The file could not be written; the change stays pending."""
    return SaveOutcome(
        False,
        f"Could not save to {path}: {files.plain_reason(error)}. "
        "Your change is kept; Stepdown will try again at the next change.",
    )


def empty_refused(path: Path) -> SaveOutcome:
    """A change that would leave nothing in a file that holds entries."""
    return SaveOutcome(
        False,
        f"Stepdown will not replace {path}, which holds your entries, "
        "with an empty journal. Nothing was changed.",
    )


def kept_changing(path: Path) -> SaveOutcome:
    """Another program wrote at every attempt of one save."""
    return SaveOutcome(
        False,
        f"{path} kept changing while Stepdown saved. Your change is kept; Stepdown will try again.",
    )


def write_back_failed(path: Path, error: OSError) -> SaveOutcome:
    """Stepdown's copy could not be written over a broken file."""
    return SaveOutcome(
        False,
        f"Could not write Stepdown's copy back to {path}: "
        f"{files.plain_reason(error)}. Nothing was changed; your journal is "
        "still kept in this window.",
        can_write_back=True,
    )


def write_back_raced(path: Path) -> SaveOutcome:
    """Another program wrote the file while Stepdown wrote its copy back."""
    return SaveOutcome(
        False,
        f"{path} changed again while Stepdown wrote its copy back. Nothing was written; try again.",
        can_write_back=True,
    )


def written_back(path: Path, kept: Path) -> SaveOutcome:
    """Stepdown's copy is in place; the broken file is kept as `kept`."""
    return SaveOutcome(
        True,
        f"Wrote Stepdown's copy of your journal back to {path}. "
        f"The file with errors is kept as {kept}.",
    )
