"""One sync at a time per home: an OS file lock, so the GUI and ``counter-app sync`` exclude
each other (and restore excludes both)."""

from __future__ import annotations

from pathlib import Path

from counter_app.file_lock import FileLock
from counter_app.home import Home
from sync.errors import SyncAlreadyRunning


class SyncLock(FileLock):
    """Exclusive lock on ``<home>/sync.lock``; reentrant use is a programming error."""

    def __init__(self, home_dir: Path) -> None:
        super().__init__(Home(Path(home_dir)).sync_lock_path)

    def acquire_or_raise(self, timeout: float = 0.0) -> None:
        if not self.acquire(timeout):
            raise SyncAlreadyRunning(
                "同步正在另一个程序中进行（界面或命令行），请稍后再试。",
                "A sync is already running in another program (GUI or command line); try again shortly.",
            )
