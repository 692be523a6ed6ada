"""The PC/SC watchdog sees readers and cards, and recovers when pcscd is restarted."""

from __future__ import annotations

import queue

import pytest

from counter_app.identity.pcsc_monitor import MonitorEvent, PcscWatchdog
from tests.pcsc_rig import VPCD_READER, PcscService

pytestmark = pytest.mark.integration


def _next(
    events: queue.Queue[MonitorEvent], kind: str, reader: str = "", timeout: float = 15
) -> MonitorEvent:
    while True:
        event = events.get(timeout=timeout)  # queue.Empty fails the test with the wait bounded
        if event.kind == kind and (not reader or event.reader == reader):
            return event


def test_card_events_and_recovery_after_pcscd_restart(pcscd: PcscService, vicc_sscard: str) -> None:
    assert pcscd.owned, (
        "this test restarts pcscd and needs the one the fixture started; stop the system pcscd"
    )
    events: queue.Queue[MonitorEvent] = queue.Queue()
    watchdog = PcscWatchdog(events.put, poll_seconds=0.1)
    watchdog.start()
    try:
        _next(events, "service_up")
        _next(events, "reader_added", VPCD_READER)
        _next(events, "card_inserted", VPCD_READER)
        pcscd.kill()
        _next(events, "service_down")
        _next(events, "reader_removed", VPCD_READER)
        pcscd.start()
        _next(events, "service_up")
        _next(events, "reader_added", VPCD_READER)
    finally:
        watchdog.stop()
