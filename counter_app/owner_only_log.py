"""The home's rotating log files, owner-only (0600) like the rest of the home
(docs/operations.md §2.3) whatever the umask: each made so before it is opened, at the first
record and at every rotation; an older home's, made at the umask, narrowed. Each log is at
most :data:`LOG_FILES_KEPT` + 1 files of :data:`LOG_FILE_BYTES`: the program's own, and a
child program's output copied line by line (:func:`follow_output`)."""

from __future__ import annotations

import contextlib
import logging.handlers
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

LOG_FILE_BYTES = 5_000_000
LOG_FILES_KEPT = 5  # rotated files beside the one being written


class OwnerOnlyLog(logging.handlers.RotatingFileHandler):
    """A ``RotatingFileHandler`` at ``path`` whose files only their owner may read."""

    def __init__(self, path: Path, *, max_bytes: int, backups: int) -> None:
        for older in path.parent.glob(f"{path.name}.*"):
            owner_only(older)
        owner_only(path)
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self._heading: tuple[str, Callable[[], str]] | None = None

    def head_each_file(self, logger: str, heading: Callable[[], str]) -> None:
        """Write ``heading()`` as an INFO record of ``logger`` now, and again at the top of
        each file a rotation starts, so that every file says whose log it is. Buffered, not
        flushed: a disk that refuses it fails the next record's write, which goes to
        whatever ``handleError`` the caller has installed by then."""
        self._heading = (logger, heading)
        self._write_heading()

    def doRollover(self) -> None:
        super().doRollover()
        self._write_heading()

    def _write_heading(self) -> None:
        if self._heading is None or self.stream is None:
            return
        logger, heading = self._heading
        record = logging.makeLogRecord(
            {"name": logger, "levelno": logging.INFO, "levelname": "INFO", "msg": heading()}
        )
        self.stream.write(self.format(record) + self.terminator)

    def rotate(self, source: str, dest: str) -> None:
        """The full file moved aside, and the next one made owner-only before it is opened."""
        super().rotate(source, dest)
        owner_only(Path(source))


def owner_only(path: Path) -> None:
    """``path`` present and owner-only; what it holds is kept. Another account's file keeps
    the mode its owner gave it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    if os.name == "posix":
        with contextlib.suppress(PermissionError):
            os.chmod(path, 0o600)


def follow_output(output: IO[bytes], log: OwnerOnlyLog) -> threading.Thread:
    """Copy ``output`` (a child process's stdout, its stderr joined to it) line by line into
    ``log`` on a thread of its own, returned started; it closes both at the end of
    ``output``, when the child ends. A child's stdout opened on the file itself would grow
    it without bound: only the writer of a file can rotate it."""
    log.setFormatter(logging.Formatter("%(message)s"))

    def copy() -> None:
        try:
            with output:
                for line in output:
                    text = line.decode("utf-8", "replace").rstrip("\r\n")
                    log.handle(logging.makeLogRecord({"msg": text}))
        finally:
            log.close()

    # A daemon: a grandchild holding the pipe open must not keep this process from ending.
    thread = threading.Thread(target=copy, name=f"log {log.baseFilename}", daemon=True)
    thread.start()
    return thread
