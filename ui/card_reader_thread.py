"""The card reader on its own thread, reporting through signals (slots run on the GUI thread)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from counter_app.errors import CounterError
from counter_app.identity.errors import ReaderTimeout, ReaderUnavailable
from counter_app.identity.mrz import BacKey
from counter_app.identity.reader import CardReader

log = logging.getLogger(__name__)

WAIT_SLICE_SECONDS = 0.25
RETRY_OPEN_SECONDS = 3.0


class CardReaderThread(QThread):
    """Waits for cards on the reader; a placed card is read once and sent to the form.

    The wait is sliced so ``stop()`` returns quickly; a reader that cannot be opened, is
    lost or stops answering is shown 不可用 and reopened every few seconds (unplugged USB
    readers come back). After a passport's MRZ
    is given (``read_chip``), its chip is read with that BAC key: at once if the passport
    is on the reader, else when it is placed.
    """

    document_read = Signal(object)
    card_removed = Signal()
    state_changed = Signal(str)
    prompt = Signal(str)  # the line under the photo: a problem, or what to do now

    def __init__(
        self, make_reader: Callable[[], CardReader], lang: str = "zh", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card-reader")
        self.make_reader = make_reader
        self.lang = lang
        self.reader: CardReader | None = None
        self.reader_name = ""  # the open reader's name, for the case's identity source
        self._stop = threading.Event()
        self._read_now = threading.Event()
        self._chip_requested = threading.Event()
        self._bac_key: BacKey | None = None

    def read_now(self) -> None:
        """F2: read the card on the reader again (e.g. after a failed read)."""
        self._read_now.set()

    def read_chip(self, key: BacKey | None) -> None:
        """Read the passport chip with ``key`` (from the typed or scanned MRZ); None forgets
        the key (next applicant)."""
        self._bac_key = key
        if key is not None:
            self._chip_requested.set()

    def run(self) -> None:
        unavailable = False
        while not self._stop.is_set():
            try:
                reader = self.make_reader()
                reader.open()
                self.reader = reader
                self.reader_name = reader.name
                self.state_changed.emit(self.tr("就绪"))
                if unavailable:  # the line under the photo still says the reader was missing
                    self.prompt.emit(self.tr("读卡器已连接，请将证件放在读卡器上"))
                    unavailable = False
                try:
                    self._serve(reader)
                finally:
                    reader.close()
                    self.reader = None
            except CounterError as exc:  # cannot be opened, lost, or not answering
                self.state_changed.emit(self.tr("不可用"))
                self.prompt.emit(exc.message(self.lang))
                unavailable = True
                if self._stop.wait(RETRY_OPEN_SECONDS):
                    return

    def _serve(self, reader: CardReader) -> None:
        """Until stopped; a reader that is lost or does not answer raises to ``run``, which
        closes it and opens it again after a pause."""
        present = False
        while not self._stop.is_set():
            try:
                if self._chip_requested.is_set():
                    self._chip_requested.clear()
                    if not reader.reads_passport_chips:
                        self.prompt.emit(self.tr("此读卡器不能读取护照芯片，已按机读码录入"))
                    elif reader.card_present():
                        self._read_now.set()
                    else:
                        self.prompt.emit(self.tr("请将护照放在读卡器上，以读取芯片"))
                if not present or self._read_now.is_set():
                    if not self._read_now.is_set() and not _within_slice(reader.wait_for_card):
                        continue
                    self._read_now.clear()
                    present = True
                    self.state_changed.emit(self.tr("正在读卡"))
                    document = reader.read(bac_key=self._bac_key)
                    self.document_read.emit(document)
                    self.state_changed.emit(self.tr("已读卡"))
                elif _within_slice(reader.wait_for_removal):
                    present = False
                    self.card_removed.emit()
                    self.state_changed.emit(self.tr("就绪"))
            except (ReaderUnavailable, ReaderTimeout):
                raise
            except CounterError as exc:
                # Say what went wrong, keep the form, and wait for the card to be taken off.
                self.prompt.emit(exc.message(self.lang))
                self.state_changed.emit(self.tr("读卡失败"))
                present = True

    def stop(self) -> None:
        self._stop.set()
        reader = self.reader
        if reader is not None:
            reader.cancel_waits()  # close() itself runs on the reader thread
        self.wait(10_000)


def _within_slice(wait: Callable[[float], object]) -> bool:
    """Wait one slice for the card to come or go: False when the slice ran out (or the
    reader was closed). A reader that does not answer also raises ReaderTimeout, but of the
    kind that is trouble, not the end of a wait: that one is passed on."""
    try:
        wait(WAIT_SLICE_SECONDS)
    except ReaderTimeout as exc:
        if not exc.ended_a_wait:
            raise
        return False
    return True
