"""Each window's latest health report (``POST /v1/device-health``) and the clock offset
measured when it arrived, and its last contact, for ``counter-central devices``.
"""

from __future__ import annotations

from typing import Any

from central.store.base import CentralStore, Device, iso, utc_now
from sync.wire.device_reports import DeviceHealthReport

# When a device ``d`` was last heard from by each of its reports: its health report, its
# audit-head report (whatever the outcome) and its push batch. Each is one row per device,
# so a city's listing never reads the versions a device pushed.
CONTACT_COLUMNS = "h.received_at, a.reported_at, d.last_push_at"
CONTACT_JOINS = (
    " LEFT JOIN device_health h ON h.device_id = d.device_id"
    " LEFT JOIN audit_heads a ON a.device_id = d.device_id"
)


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
    never sent one), when it arrived (``health_at``) and the clock offset measured then, and
    its last contact (None: never heard from)."""
    rows = store._listing(
        "SELECT d.device_id, d.hall, d.window_code, d.label, d.enrolled_at,"  # noqa: S608
        f" d.revoked_at, h.clock_offset_seconds, h.report, {CONTACT_COLUMNS}"
        f" FROM devices d{CONTACT_JOINS}",
        hall,
        "d.hall, d.window_code, d.device_id",
        (
            "device_id",
            "hall",
            "window",
            "label",
            "enrolled_at",
            "revoked_at",
            "clock_offset_seconds",
            "report",
            "health_at",
            "audit_head_at",
            "push_at",
        ),
    )
    for row in rows:
        row["last_contact"] = last_contact(
            row["health_at"], row.pop("audit_head_at"), row.pop("push_at")
        )
    return rows


def last_contact(*contacts: str | None) -> str | None:
    """The latest of a device's ``CONTACT_COLUMNS`` (stored times, which sort as text as
    they happened); None when it was never heard from."""
    return max((c for c in contacts if c is not None), default=None)
