"""The home's rotating log files, owner-only (0600) like the rest of the home
(docs/operations.md §2.3) whatever the umask: each made so before it is opened, at the first
record and at every rotation; an older home's, made at the umask, narrowed."""

from __future__ import annotations

import contextlib
import logging.handlers
import os
from pathlib import Path


class OwnerOnlyLog(logging.handlers.RotatingFileHandler):
    """A ``RotatingFileHandler`` at ``path`` whose files only their owner may read."""

    def __init__(self, path: Path, *, max_bytes: int, backups: int) -> None:
        for older in path.parent.glob(f"{path.name}.*"):
            owner_only(older)
        owner_only(path)
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")

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
