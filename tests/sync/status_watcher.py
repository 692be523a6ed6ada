"""The statuses a sync engine's board reported (delivered on the sync thread), and waiting
for one that fits: what the scheduler and stall tests watch a running sync by."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sync.status import SyncStatus
from tests.waiting import DEFAULT_TIMEOUT


class StatusWatcher:
    """Collects status changes and waits for a condition (subscribe it to a board)."""

    def __init__(self) -> None:
        self.seen: list[SyncStatus] = []
        self._changed = threading.Condition()

    def __call__(self, status: SyncStatus) -> None:
        with self._changed:
            self.seen.append(status)
            self._changed.notify_all()

    def mark(self) -> int:
        """Take before triggering: ``wait_for`` then sees changes made after this point only."""
        with self._changed:
            return len(self.seen)

    def wait_for(self, predicate: Callable[[SyncStatus], bool], since: int = 0) -> SyncStatus:
        with self._changed:
            start = since
            assert self._changed.wait_for(
                lambda: any(predicate(s) for s in self.seen[start:]), DEFAULT_TIMEOUT
            ), self.seen[-3:]
            return next(s for s in self.seen[start:] if predicate(s))
