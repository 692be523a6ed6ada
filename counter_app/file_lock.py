"""An exclusive OS lock on a file under the home: held by the open file description, so a
process killed with -9 releases it at once (the kernel closes its files) and no stale lock
file ever has to be cleaned up. The sync lock, the window lock and restore use it."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

from counter_app.durable_files import make_directory
from counter_app.errors import CounterError


class HomeBusy(CounterError):
    """Another program holds a lock this operation needs (the window, a sync, a restore)."""

    code = "home_busy"


# The most of a lock file read for the pid its holder wrote (a pid's digits, with room).
_PID_BYTES = 32


def written_holder(path: Path) -> int | None:
    """The pid the last holder of the lock file at ``path`` wrote into it (it may have
    ended since); None when it cannot be read: no file, a full disk refused the write, or
    Windows locks the held byte against reading."""
    try:
        with open(path, "rb") as lock_file:
            return int(lock_file.read(_PID_BYTES))
    except (OSError, ValueError):
        return None


class FileLock:
    """Exclusive lock on ``path`` (created 0600); reentrant use is a programming error."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float = 0.0, poll_seconds: float = 0.05) -> bool:
        """Take the lock, waiting at most ``timeout`` seconds; ``False`` when another holds it."""
        if self._fd is not None:
            raise RuntimeError(f"{self.path.name} already held by this object")
        # Durably: the window takes its lock before anything else, so on a first start this
        # makes the home itself, which must survive a power cut with what goes into it.
        make_directory(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            if _try_lock(fd):
                # The holder's pid, for a person who wonders who holds it: only a hint, so a
                # full disk that refuses it does not refuse the lock.
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                    os.write(fd, str(os.getpid()).encode())
                self._fd = fd
                return True
            if time.monotonic() >= deadline:
                os.close(fd)
                return False
            time.sleep(poll_seconds)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _unlock(fd)
        os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
