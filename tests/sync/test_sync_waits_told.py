"""The window's sync child, stuck on a platform request that trickles in, says so: in
``logs/sync.log`` and in the stall the window shows, which names the request and since when
instead of "the sync program may be hung"."""

from __future__ import annotations

import queue
from dataclasses import replace

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.background import SyncProcess
from sync.status import SyncStatus
from tests.central.server_fixture import RunningCentral
from tests.sync.hostile_platform import EVERY_REQUEST, hostile_platform, http_answer
from tests.waiting import wait_until

pytestmark = pytest.mark.integration


def test_a_stall_names_the_platform_request_the_sync_waits_on(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    trickle = http_answer("200 OK", b"{}" + b" " * 10_000)
    statuses: queue.Queue[SyncStatus] = queue.Queue()
    seen: list[SyncStatus] = []

    def stall_told() -> SyncStatus | None:
        while not statuses.empty():
            seen.append(statuses.get_nowait())
        return next((s for s in seen if "一直在等平台的应答" in (s.last_error_zh or "")), None)

    with hostile_platform(central.url, {EVERY_REQUEST: trickle}, drip_seconds=0.5) as proxy:
        config = replace(enrolled, sync=replace(enrolled.sync, url=proxy.url, interval_seconds=1))
        process = SyncProcess(home, config, statuses.put)
        process.start()
        try:
            stalled = wait_until(stall_told, "the stall naming the request waited on")
        finally:
            proxy.stopping.set()  # the trickle ends; the child's request fails at once
            process.stop()
    assert stalled.last_error_code == "sync_process_stalled"
    assert proxy.url in (stalled.last_error_zh or "")
    assert "waiting since" in (stalled.last_error_en or "")
    assert "network or a proxy" in (stalled.last_error_en or "")
    log = (home.logs_dir / "sync.log").read_text(encoding="utf-8")
    assert "still waiting on the platform: " in log and proxy.url in log
