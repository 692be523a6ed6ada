"""``counter-central devices``: every window (device) of a hall with its latest health report
and last contact, for IT; a window not heard from for longer than the limit is stale."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from central.store import CentralStore, device_health

# A window open for business syncs every few minutes; an hour of silence is worth a look.
DEFAULT_STALE_AFTER = timedelta(minutes=60)


def device_rows(
    store: CentralStore, hall: str | None, *, stale_after: timedelta, now: datetime
) -> list[dict[str, Any]]:
    """The ``devices`` of ``counter-central devices --json``. ``stale``: an active device
    that never reported or last did longer than ``stale_after`` before ``now``."""
    rows = []
    for row in device_health.device_health(store, hall):
        report, offset = row.pop("report"), row.pop("clock_offset_seconds")
        contact = row["last_contact"]
        silent = contact is None or now - datetime.fromisoformat(contact) > stale_after
        health = None
        if report is not None:
            sent = json.loads(report)
            health = {
                "program_version": sent["program_version"],
                "pending": sent["pending"],
                "clock_offset_seconds": offset,
                "doctor": sent["doctor"],
                "reader": sent["reader"],
                "printers": sent["printers"],
                # None: a counter older than the field.
                "disk_free_mib": sent.get("disk_free_mib"),
            }
        rows.append({**row, "stale": row["revoked_at"] is None and silent, "health": health})
    return rows


def device_line(row: dict[str, Any]) -> str:
    """One device for a person reading the terminal."""
    health = row["health"]
    state = "revoked" if row["revoked_at"] else "STALE" if row["stale"] else "ok"
    if health is None:
        told = "no health report yet"
    else:
        doctor = health["doctor"]["worst"] if health["doctor"] else "never run"
        told = (
            f"v{health['program_version']}  pending {health['pending']}  "
            f"clock {health['clock_offset_seconds']:+.0f}s  doctor {doctor}  "
            f"reader {health['reader'] or '-'}  disk {_mib(health['disk_free_mib'])}"
        )
    return (
        f"{row['hall']}/{row['window']}  {row['device_id']}  {state}  "
        f"last contact {row['last_contact'] or 'never'}  {told}"
    )


def _mib(free: int | None) -> str:
    return "?" if free is None else f"{free} MiB free"
