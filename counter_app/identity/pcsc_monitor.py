"""Watches PC/SC readers and cards, and survives pcscd restarts.

A background thread polls ``SCardGetStatusChange``; when the service goes away (pcscd
stopped, crashed or restarted) it drops its context and re-establishes one until the
service answers again, then reports the readers afresh. Events go to a callback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from smartcard.scard import (
    SCARD_E_NO_READERS_AVAILABLE,
    SCARD_E_TIMEOUT,
    SCARD_S_SUCCESS,
    SCARD_SCOPE_USER,
    SCARD_STATE_PRESENT,
    SCARD_STATE_UNAWARE,
    SCardEstablishContext,
    SCardGetStatusChange,
    SCardListReaders,
    SCardReleaseContext,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MonitorEvent:
    kind: str  # service_up | service_down | reader_added | reader_removed | card_inserted | card_removed
    reader: str = ""


class PcscWatchdog:
    def __init__(
        self, on_event: Callable[[MonitorEvent], None], *, poll_seconds: float = 0.2
    ) -> None:
        self.on_event = on_event
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context: int | None = None
        self._readers: dict[str, bool] = {}  # name -> card present
        self._service_up: bool | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="pcsc-watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._drop_context()

    def _emit(self, kind: str, reader: str = "") -> None:
        try:
            self.on_event(MonitorEvent(kind, reader))
        except Exception:
            log.exception("PC/SC event handler failed for %s", kind)

    def _drop_context(self) -> None:
        if self._context is not None:
            SCardReleaseContext(self._context)
            self._context = None

    def _service(self, up: bool) -> None:
        if self._service_up != up:
            self._service_up = up
            self._emit("service_up" if up else "service_down")
            if not up:
                for name in list(self._readers):
                    self._emit("reader_removed", name)
                self._readers.clear()

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self._poll_once():
                self._drop_context()
                self._service(False)
                self._stop.wait(self.poll_seconds)

    def _poll_once(self) -> bool:
        """One round; False when the service is unreachable."""
        if self._context is None:
            result, context = SCardEstablishContext(SCARD_SCOPE_USER)
            if result != SCARD_S_SUCCESS:
                return False
            self._context = context
        result, names = SCardListReaders(self._context, [])
        if result == SCARD_E_NO_READERS_AVAILABLE:
            names = []
        elif result != SCARD_S_SUCCESS:
            return False
        self._service(True)
        for gone in set(self._readers) - set(names):
            del self._readers[gone]
            self._emit("reader_removed", gone)
        for new in [n for n in names if n not in self._readers]:
            self._readers[new] = False
            self._emit("reader_added", new)
        if not names:
            self._stop.wait(self.poll_seconds)
            return True
        states = [(name, SCARD_STATE_UNAWARE) for name in names]
        result, states = SCardGetStatusChange(self._context, int(self.poll_seconds * 1000), states)
        if result not in (SCARD_S_SUCCESS, SCARD_E_TIMEOUT):
            return False
        for name, event_state, _atr in states:
            present = bool(event_state & SCARD_STATE_PRESENT)
            if name in self._readers and present != self._readers[name]:
                self._readers[name] = present
                self._emit("card_inserted" if present else "card_removed", name)
        self._stop.wait(self.poll_seconds)
        return True
