"""The store's lock with a window on it, for tests of the window's two workers on one
connection: put in place of ``Store._lock`` (an ``RLock``), it tells when a thread has to
wait for it and whether the calling thread holds it.

    lock = ObservedLock()
    monkeypatch.setattr(store, "_lock", lock)
"""

from __future__ import annotations

import threading


class ObservedLock:
    """A reentrant lock that sets ``waiting`` when a thread finds it held by another."""

    def __init__(self, waiting: threading.Event | None = None) -> None:
        self._lock = threading.RLock()
        self.waiting = waiting if waiting is not None else threading.Event()
        self._owner: int | None = None
        self._depth = 0

    def __enter__(self) -> bool:
        if not self._lock.acquire(blocking=False):
            self.waiting.set()
            self._lock.acquire()
        self._owner = threading.get_ident()
        self._depth += 1
        return True

    def __exit__(self, *exc_info: object) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
        self._lock.release()

    def held_here(self) -> bool:
        """Whether the calling thread holds the lock."""
        return self._owner == threading.get_ident()
