"""A platform put back to a backup without ``counter-central restored`` keeps its cursor
secret, so the windows' cursors, issued past what the backup holds, still verify. The feed
refuses a cursor past its end (``cursor_ahead``) and logs an alert naming the command;
without it the window would skip every row the restored store numbers again."""

from __future__ import annotations

from pathlib import Path

from central.simulator import SimulatedDevice
from tests.central.conftest import error_of, push_ok, read_all
from tests.central.server_fixture import start_central
from tests.central.store_backup import copy_store


def test_a_cursor_past_the_feeds_end_is_refused_with_an_alert(tmp_path: Path) -> None:
    central = start_central(tmp_path)
    try:
        device = SimulatedDevice(central.url)
        assert device.enroll(central.enroll_code("HR", "W1")).status_code == 200
        push_ok(device, [device.case() for _ in range(2)])
        backup = tmp_path / "backup.sqlite3"
        copy_store(central.db, backup)
        push_ok(device, [device.case() for _ in range(3)])
        _, _, cursor = read_all(device, "hall_queue", limit=10)

        central.stop()
        copy_store(backup, central.db)  # no counter-central restored
        central = central.restart()
        device.base_url = central.url

        refused = device.feed("hall_queue", cursor=cursor)
        assert refused.status_code == 409
        error = error_of(refused)
        assert error["code"] == "cursor_ahead"
        assert "counter-central restored" in error["message_zh"]
        assert "counter-central restored" in error["message_en"]
        central.stop()  # its log is whole once it has stopped
        assert (
            "ALERT" in central.log_path.read_text() and "hall_queue" in central.log_path.read_text()
        )
        central = central.restart()
        device.base_url = central.url
        # A cursor up to the end, and none, are read as before.
        items, _, end = read_all(device, "hall_queue", limit=10)
        assert len(items) == 2
        assert device.feed("hall_queue", cursor=end).status_code == 200
    finally:
        central.stop()
