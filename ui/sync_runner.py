"""Sync in the window: H6's scheduler on its own thread, its status delivered to the GUI thread.

Imported on the worker thread when the store is open, so the sync stack's imports never
delay the login screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import offline_policy as offline
from counter_app.store.database import open_store
from sync.credential import load_identity
from sync.engine import SyncEngine
from sync.feeds import DEFAULT_FEEDS
from sync.scheduler import SyncScheduler


def open_sync_scheduler(home: Home, config: Config) -> SyncScheduler:
    """The sync engine on its own store connection, and its scheduler (not started).

    Call on the worker thread after the main store is open (it has migrated the database).
    """
    engine = SyncEngine(home, config, open_store(home, config, role="sync"), DEFAULT_FEEDS)
    engine.board.update(
        enrolled=load_identity(home) is not None, backlog=offline.backlog(engine.store)
    )
    return SyncScheduler(engine, interval_seconds=config.sync.interval_seconds)


class SyncRunner(QObject):
    """Owns the sync scheduler's thread (H6's ``SyncScheduler``); its status reaches
    ``bridge.publish``, a GUI-thread object, so slots run on the GUI thread."""

    def __init__(
        self, scheduler: SyncScheduler, bridge: Any, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.scheduler = scheduler
        self._unsubscribe = scheduler.engine.board.subscribe(bridge.publish)
        bridge.publish(scheduler.engine.board.status)

    def start(self) -> None:
        self.scheduler.start()

    def sync_now(self) -> None:
        self.scheduler.sync_now()

    def case_accepted(self) -> None:
        self.scheduler.notify_new_case()

    def stop(self) -> None:
        self._unsubscribe()
        self.scheduler.stop()
        self.scheduler.engine.store.close()
