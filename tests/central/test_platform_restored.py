"""``counter-central restored`` after a restore from a backup, on SQLite and PostgreSQL: the
store gets a new epoch, which the health answer carries to every window, and a new cursor
secret, so a feed cursor issued before it is refused (``bad_cursor``) once the server
restarts and the window reads the feed again from the start. Without the command a restarted
platform still takes the old cursors: the store cannot tell it was restored."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from central.simulator import SimulatedDevice
from central.store import open_store
from sync.wire.device_reports import DeviceHealthReport, DeviceHealthResult, Printers
from tests.central.conftest import STORES, error_of, new_store_url, push_ok, read_all
from tests.central.server_fixture import RunningCentral, start_central

pytestmark = pytest.mark.integration


def health_answer(device: SimulatedDevice) -> DeviceHealthResult:
    report = DeviceHealthReport(
        program_version="0.1.0",
        clock_at=datetime.now(UTC),
        pending=0,
        doctor=None,
        reader="",
        printers=Printers(a4="", receipt=""),
    )
    body = json.dumps(report.model_dump(mode="json")).encode()
    answer = device.request("POST", "/v1/device-health", body)
    assert answer.status_code == 200, answer.text
    return DeviceHealthResult.model_validate(answer.json())


def epoch_in_store(central: RunningCentral) -> str:
    store = open_store(central.db, central.key_file)
    try:
        return store.store_epoch()
    finally:
        store.close()


@pytest.mark.parametrize("kind", STORES)
def test_restored_gives_a_new_epoch_and_refuses_the_old_cursors(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    central = start_central(tmp_path, new_store_url(kind, tmp_path, request))
    try:
        device = SimulatedDevice(central.url)
        assert device.enroll(central.enroll_code("HR", "W1")).status_code == 200
        push_ok(device, [device.case() for _ in range(3)])
        _, _, cursor = read_all(device, "hall_queue", limit=2)
        before = health_answer(device).store_epoch
        assert before == epoch_in_store(central)

        # Restarted alone, the platform keeps its epoch and takes the old cursor.
        central = central.restart()
        device.base_url = central.url
        assert health_answer(device).store_epoch == before
        assert device.feed("hall_queue", cursor=cursor).status_code == 200

        answer = central.cli("restored")
        assert answer["restored"] is True
        assert answer["store_epoch"] not in (before, None)
        assert epoch_in_store(central) == answer["store_epoch"]
        central = central.restart()
        device.base_url = central.url

        assert health_answer(device).store_epoch == answer["store_epoch"]
        refused = device.feed("hall_queue", cursor=cursor)
        assert refused.status_code == 400
        assert error_of(refused)["code"] == "bad_cursor"
        # From the start, the feed is read again whole.
        items, _, _ = read_all(device, "hall_queue", limit=2)
        assert len(items) == 3
    finally:
        central.stop()
