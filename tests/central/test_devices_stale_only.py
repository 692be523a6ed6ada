"""``counter-central devices --stale-only``: only the live windows not heard from for longer
than ``--stale-after``; a window heard from, or revoked, is left out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from central.store import device_health
from central.store import devices as device_register
from sync.wire.device_reports import DeviceHealthReport
from sync.wire.signing import new_nonce
from tests.central.conftest import CliRun, Platform
from tests.central.enrolled import enrol_window


def test_only_the_silent_live_windows_are_listed(
    platform: Platform, run_cli: Callable[..., CliRun]
) -> None:
    heard = enrol_window(platform.store, platform.hall, "W2")
    revoked = enrol_window(platform.store, platform.hall, "W3")
    device_register.revoke_device(platform.store, revoked.device_id)
    report = DeviceHealthReport.model_validate(
        {
            "program_version": "0.1.0",
            "clock_at": datetime.now(UTC).isoformat(),
            "pending": 0,
            "doctor": None,
            "reader": "pcsc",
            "printers": {"a4": "", "receipt": ""},
        }
    )
    device_health.record_device_health(platform.store, heard, new_nonce(), report)
    listing = ("devices", "--hall", platform.hall, *platform.db)

    stale = run_cli(*listing, "--stale-only", "--json").json()["devices"]
    assert [row["window"] for row in stale] == ["W1"]  # the fixture's, never heard from
    assert {row["window"] for row in run_cli(*listing, "--json").json()["devices"]} == {
        "W1",
        "W2",
        "W3",
    }
    assert len(run_cli(*listing, "--stale-only").stdout.splitlines()) == 1
