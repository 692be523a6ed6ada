"""Each window's latest health report (``POST /v1/device-health``) and the clock offset
measured when it arrived, for ``counter-central devices``.
"""

from __future__ import annotations

from typing import Any

from central.store.base import CentralStore, Device, iso, utc_now
from sync.wire.device_reports import DeviceHealthReport


def record_device_health(
    store: CentralStore, device: Device, nonce: str, report: DeviceHealthReport
) -> tuple[str, float]:
    """Keep ``report`` as ``device``'s latest health; returns when it arrived and the
    clock offset measured against the platform's clock (seconds the device is ahead)."""
    moment = utc_now()
    offset = round((report.clock_at - moment).total_seconds(), 3)
    now = iso(moment)
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        store._exec(
            cur,
            "INSERT INTO device_health (device_id, received_at, clock_offset_seconds, report)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET"
            " received_at = excluded.received_at,"
            " clock_offset_seconds = excluded.clock_offset_seconds, report = excluded.report",
            (device.device_id, now, offset, report.model_dump_json()),
        )
    return now, offset


def device_health(store: CentralStore, hall: str | None = None) -> list[dict[str, Any]]:
    """Every device (of ``hall``) with its latest health report (JSON text, None if it
    never sent one), when that arrived and the clock offset measured then."""
    return store._listing(
        "SELECT d.device_id, d.hall, d.window_code, d.label, d.enrolled_at, d.revoked_at,"
        " h.received_at, h.clock_offset_seconds, h.report FROM devices d"
        " LEFT JOIN device_health h ON h.device_id = d.device_id",
        hall,
        "d.hall, d.window_code, d.device_id",
        (
            "device_id",
            "hall",
            "window",
            "label",
            "enrolled_at",
            "revoked_at",
            "last_contact",
            "clock_offset_seconds",
            "report",
        ),
    )
