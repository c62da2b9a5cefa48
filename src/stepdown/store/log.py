"""Stepdown's log file: the failures it recovered from, each with its traceback.

The store and the cache go on after many failures (a damaged cache is ignored, a cache
that cannot be written is not written, a change that does not fit another program's
edit is kept unsaved) and tell the user in words where it matters; the traceback,
which the user never sees, is written here, for whoever looks into a problem later.

Where: `user_state_dir("stepdown")/stepdown.log` (`stepdown path --log` prints it), in
the private state folder the lock files are in (store/paths.py), created 0600 and
rotated at 256 KB with two older files kept (`stepdown.log.1`, `stepdown.log.2`).

Nothing is set up before the first failure: `logging` alone takes longer to import
than the store, and most runs never log a line. The log follows the state folder
(tests give each test its own). Writing the log never fails the caller: a log that
cannot be written is no log, and nothing is printed instead.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from stepdown.store.paths import FolderNotPrivate, private_folder, state_folder

if TYPE_CHECKING:
    import logging

LOG_NAME = "stepdown.log"
MAX_BYTES = 256 * 1024
BACKUPS = 2
LOGGER_NAME = "stepdown"

_CREATE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
)

_setting_up = threading.Lock()
_handler: logging.Handler | None = None
_handler_path: Path | None = None


def log_path() -> Path:
    """Where the log file is, e.g. `~/.local/state/stepdown/stepdown.log`."""
    return state_folder() / LOG_NAME


def log_swallowed(message: str, *args: object) -> None:
    """Write `message` (%-formatted with `args`) to the log file, with the exception
    being handled and its traceback; call it from an `except` block of a failure the
    caller recovers from. Never raises, never prints."""
    try:
        logger = _logger()
        if logger is not None:
            logger.warning(message, *args, exc_info=True, stacklevel=2)
    except Exception:
        pass  # the log is the last resort: there is nowhere else to say it failed


def _logger() -> logging.Logger | None:
    """The logger writing to the log file in the state folder of now; None when that
    folder is not a private one of this user's."""
    global _handler, _handler_path
    import logging

    path = log_path()
    logger = logging.getLogger(LOGGER_NAME)
    with _setting_up:
        if _handler_path != path:
            if _handler is not None:
                logger.removeHandler(_handler)
                _handler.close()
                _handler, _handler_path = None, None
            try:
                private_folder(path.parent)
                _create_private(path)
            except (OSError, FolderNotPrivate):
                return None
            _handler, _handler_path = _open_handler(path), path
            logger.addHandler(_handler)
            logger.setLevel(logging.INFO)
            # Only this file: not the app's handlers, nor logging's last resort (stderr).
            logger.propagate = False
    return logger


def _create_private(path: Path) -> None:
    """Make `path` a regular file of this user's, 0600, if it is not one already: the
    handler then appends to it, and opening it keeps its mode."""
    fd = os.open(path, _CREATE_FLAGS, 0o600)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            raise OSError(f"{path} is not a file of this user's")
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _open_handler(path: Path) -> logging.Handler:
    """A handler appending to `path`, rotated at MAX_BYTES, that never prints its own
    failures (logging's default prints a traceback to stderr, on the app's screen)."""
    import logging.handlers

    class QuietRotatingHandler(logging.handlers.RotatingFileHandler):
        def handleError(self, record: logging.LogRecord) -> None:
            """A record that cannot be written is dropped."""

    def rotate(source: str, dest: str) -> None:
        # The handler opens `source` again after the rotation: made here, it is 0600.
        os.replace(source, dest)
        _create_private(Path(source))

    handler = QuietRotatingHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.rotator = rotate
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(module)s.%(funcName)s: %(message)s")
    )
    return handler
