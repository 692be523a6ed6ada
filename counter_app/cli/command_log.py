"""The log of a command run from the command line: ``<home>/logs/cli.log``.

A command's log records (English, for support: UUIDs and codes, never personal data) go to
that file, not to the terminal, where Python would print a warning as a bare English line
among the command's own output (``sync --once`` printed ``sync run failed: …`` before its
Chinese summary). What the person needs to act on is in the command's output; a command
that logged warnings ends by saying how many, and where they are.

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


class CommandLog:
    """One command's ``cli.log`` handler on the root logger, from :meth:`start` to
    :meth:`finish`."""

    def __init__(self) -> None:
        self._handler: logging.Handler | None = None
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
        self._handler, self._root_level = handler, level
        self._path = home.logs_dir / LOG_FILE_NAME

    def finish(self) -> None:
        """Close the log; when the command logged warnings, say so on stderr, in the
        command's language."""
        if self._handler is None:
            return
        root = logging.getLogger()
        root.removeHandler(self._handler)
        root.setLevel(self._root_level)
        self._handler.close()
        self._handler = None
        count = self._count.warnings
        if count:
            print(
                f"This command logged {count} warning{'s' if count > 1 else ''}: {self._path}"
                if self._lang == "en"
                else f"本次命令记录了 {count} 条警告，见日志 {self._path}",
                file=sys.stderr,
            )
