"""Background parts of the window that are not store work: the card reader and sync.

Each runs on its own thread and reports through signals of an object living in the GUI
thread, so slots always run there.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from counter_app.config import Config
from counter_app.errors import CounterError
from counter_app.home import Home
from counter_app.identity.errors import ReaderTimeout
from counter_app.identity.reader import CardReader
from counter_app.store.database import open_store
from sync import offline
from sync.credential import load_identity
from sync.engine import SyncEngine
from sync.feeds import DEFAULT_FEEDS
from sync.scheduler import SyncScheduler

log = logging.getLogger(__name__)

WAIT_SLICE_SECONDS = 0.25
RETRY_OPEN_SECONDS = 3.0


class CardReaderThread(QThread):
    """Waits for cards on the reader; a placed card is read once and sent to the form.

    The wait is sliced so ``stop()`` returns quickly; a reader that cannot be opened is
    retried every few seconds (unplugged USB readers come back).
    """

    document_read = Signal(object)
    card_removed = Signal()
    state_changed = Signal(str)
    problem = Signal(str)

    def __init__(
        self, make_reader: Callable[[], CardReader], lang: str = "zh", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card-reader")
        self.make_reader = make_reader
        self.lang = lang
        self.reader: CardReader | None = None
        self._stop = threading.Event()
        self._read_now = threading.Event()

    def read_now(self) -> None:
        """F2: read the card on the reader again (e.g. after a failed read)."""
        self._read_now.set()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                reader = self.make_reader()
                reader.open()
            except CounterError as exc:
                self.state_changed.emit(self.tr("不可用"))
                self.problem.emit(exc.message(self.lang))
                if self._stop.wait(RETRY_OPEN_SECONDS):
                    return
                continue
            self.reader = reader
            self.state_changed.emit(self.tr("就绪"))
            try:
                self._serve(reader)
            finally:
                reader.close()
                self.reader = None

    def _serve(self, reader: CardReader) -> None:
        present = False
        while not self._stop.is_set():
            try:
                if not present or self._read_now.is_set():
                    if not self._read_now.is_set():
                        reader.wait_for_card(WAIT_SLICE_SECONDS)
                    self._read_now.clear()
                    present = True
                    self.state_changed.emit(self.tr("正在读卡"))
                    document = reader.read()
                    self.document_read.emit(document)
                    self.state_changed.emit(self.tr("已读卡"))
                else:
                    reader.wait_for_removal(WAIT_SLICE_SECONDS)
                    present = False
                    self.card_removed.emit()
                    self.state_changed.emit(self.tr("就绪"))
            except ReaderTimeout:
                continue
            except CounterError as exc:
                # Say what went wrong, keep the form, and wait for the card to be taken off.
                self.problem.emit(exc.message(self.lang))
                self.state_changed.emit(self.tr("读卡失败"))
                present = True

    def stop(self) -> None:
        self._stop.set()
        reader = self.reader
        if reader is not None:
            reader._closing.set()  # cut a wait short; close() runs on the reader thread
        self.wait(10_000)


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
