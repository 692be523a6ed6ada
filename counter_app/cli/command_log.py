"""The log of a command run from the command line: ``<home>/logs/cli.log``.

A command's log records (English, for support: UUIDs and codes, never personal data) go to
that file, not to the terminal, where Python would print a warning as a bare English line
among the command's own output (``sync --once`` printed ``sync run failed: …`` before its
Chinese summary). What the person needs to act on is in the command's output; a command
that logged warnings ends by saying how many, and where they are.

The log's own failures (its disk full, or failing) never end a command with a traceback nor
change its exit status: the command's own output already says what the person must do, so
it ends with one line saying the log could not be written, and why, instead of pointing at
a log that lacks its records. IT reading the terminal or the service's journal learns that
``cli.log`` is incomplete and that its disk needs space.

:func:`counter_app.cli.main.run_command` gives each command one :class:`CommandLog`;
:func:`counter_app.cli.context.cli_context` starts it once the command's home is known; the
window (``gui``) keeps its own ``gui.log`` and has none.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from counter_app.home import Home

log = logging.getLogger(__name__)

LOG_FILE_NAME = "cli.log"


class _WarningCount(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.warnings = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            self.warnings += 1
        return True


class _WriteFailures:
    """A log handler's ``handleError``: keeps the first time its file refused a record (a
    full or failing disk) instead of printing a "--- Logging error ---" traceback among the
    command's output for each one; any other fault (a record whose arguments do not fit its
    message) is reported as logging does."""

    def __init__(self, handler: logging.Handler) -> None:
        self._report = handler.handleError
        self.first: OSError | None = None

    def __call__(self, record: logging.LogRecord) -> None:
        failure = sys.exc_info()[1]  # called inside the handler's ``except``
        if not isinstance(failure, OSError):
            self._report(record)
        elif self.first is None:
            self.first = failure


class CommandLog:
    """One command's ``cli.log`` handler on the root logger, from :meth:`start` to
    :meth:`finish`."""

    def __init__(self) -> None:
        self._handler: logging.Handler | None = None
        self._failures: _WriteFailures | None = None
        self._count = _WarningCount()
        self._root_level = logging.NOTSET
        self._path: Path | None = None
        self._lang = "zh"

    def start(self, home: Home, lang: str) -> None:
        """Log to ``home``'s ``cli.log`` (a second call, for the same command, changes
        nothing). A log that cannot be opened (a home IT may read but not write) leaves the
        command running as before, its warnings on the terminal."""
        self._lang = lang
        if self._handler is not None:
            return
        root = logging.getLogger()
        level = root.level
        try:
            handler = home.log_to_file(LOG_FILE_NAME)
        except OSError as exc:
            log.warning("no command log in %s: %s", home.logs_dir, exc)
            return
        handler.addFilter(self._count)
        self._failures = _WriteFailures(handler)
        handler.handleError = self._failures  # type: ignore[method-assign]
        self._handler, self._root_level = handler, level
        self._path = home.logs_dir / LOG_FILE_NAME

    def finish(self) -> None:
        """Close the log; when the command logged warnings, say so on stderr, in the
        command's language; when the log could not be written, say that instead."""
        if self._handler is None:
            return
        root = logging.getLogger()
        root.removeHandler(self._handler)
        root.setLevel(self._root_level)
        unwritten = self._failures.first if self._failures else None
        try:
            self._handler.close()  # writes what is still buffered: the disk may refuse it
        except OSError as exc:
            unwritten = unwritten or exc
        self._handler = None
        count = self._count.warnings
        if unwritten is not None:
            print(self._unwritten_words(unwritten), file=sys.stderr)
        elif count:
            print(
                f"This command logged {count} warning{'s' if count > 1 else ''}: {self._path}"
                if self._lang == "en"
                else f"本次命令记录了 {count} 条警告，见日志 {self._path}",
                file=sys.stderr,
            )

    def _unwritten_words(self, failure: OSError) -> str:
        """The one line that replaces the count of warnings when the log refused them."""
        why = failure.strerror or str(failure)
        if self._lang == "en":
            return (
                f"The command log {self._path} could not be written ({why}): this command's "
                "log records are missing from it. Free space on that disk."
            )
        return f"命令日志 {self._path} 写不进去（{why}），本次命令的日志记录缺失；请清理该磁盘。"
