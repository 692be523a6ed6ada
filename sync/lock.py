"""One sync at a time per home: an OS file lock, so the GUI and ``counter-app sync`` exclude each other.

The lock is held by the open file description, so a process killed with -9 releases it
at once (the kernel closes its files); no stale lock file has to be cleaned up.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType

from sync.errors import SyncAlreadyRunning

LOCK_FILE_NAME = "sync.lock"


class SyncLock:
    """Exclusive lock on ``<home>/sync.lock``; reentrant use is a programming error."""

    def __init__(self, home_dir: Path) -> None:
        self.path = Path(home_dir) / LOCK_FILE_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float = 0.0, poll_seconds: float = 0.05) -> bool:
        """Take the lock, waiting at most ``timeout`` seconds; ``False`` when another holds it."""
        if self._fd is not None:
            raise RuntimeError("sync lock already held by this object")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            if _try_lock(fd):
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
                self._fd = fd
                return True
            if time.monotonic() >= deadline:
                os.close(fd)
                return False
            time.sleep(poll_seconds)

    def acquire_or_raise(self, timeout: float = 0.0) -> None:
        if not self.acquire(timeout):
            raise SyncAlreadyRunning(
                "同步正在另一个程序中进行（界面或命令行），请稍后再试。",
                "A sync is already running in another program (GUI or command line); try again shortly.",
            )

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> SyncLock:
        self.acquire_or_raise()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


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
