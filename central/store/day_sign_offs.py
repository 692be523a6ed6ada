"""Supervisors' end-of-day sign-offs (日结), one per window and day as each window sent it,
kept once (``counter-central day-sign-offs``); each marked when its signer was no account
in use of the hall's staff register when signing (a leaver at a window that had not synced
her disabling), and the windows of a hall day that have none.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from central.errors import SignOffIdTaken
from central.store.acting_staff import out_of_use_at
from central.store.base import CentralStore, Device, iso, utc_now
from central.store.devices import succeeds
from sync.wire.device_reports import DaySignOff


def record_day_sign_off(
    store: CentralStore, device: Device, nonce: str, sign_off: DaySignOff
) -> tuple[str, str]:
    """Keep a supervisor's sign-off of a day at ``device``'s hall and window, once: the
    same ``sign_off_id`` again is a ``duplicate`` and changes nothing. Returns the status
    and when the platform first received it.

    The id is the signing device's choice, so one held for another device (of any hall) is
    ``SignOffIdTaken``: never a duplicate of that device's sign-off, which would drop this
    one and tell the caller when the other arrived; unless ``device`` took over from that
    one (``devices.succeeds``: the replaced PC's sign-off sent again from its backup)."""
    now = iso(utc_now())
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        stored = store._exec(
            cur,
            "INSERT INTO day_sign_offs (sign_off_id, hall, window_code, device_id, day, "
            "signed_by, signed_at, reconciled, unacknowledged, flagged_windows, windows, "
            "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (sign_off_id) DO NOTHING",
            (
                str(sign_off.sign_off_id),
                device.hall,
                device.window,
                device.device_id,
                sign_off.day.isoformat(),
                sign_off.signed_by,
                iso(sign_off.signed_at),
                int(sign_off.reconciled),
                json.dumps(sign_off.unacknowledged),
                json.dumps(sign_off.flagged_windows),
                json.dumps([w.model_dump() for w in sign_off.windows]),
                now,
            ),
        ).rowcount
        signer, received = store._exec(
            cur,
            "SELECT device_id, received_at FROM day_sign_offs WHERE sign_off_id = ?",
            (str(sign_off.sign_off_id),),
        ).fetchone()
        if signer != device.device_id and not succeeds(store, cur, device, signer):
            raise SignOffIdTaken(
                "该日结编号已用于另一台设备的日结，平台未保存本次日结。请重新日结。",
                "This sign-off id already names another device's sign-off; the platform did "
                "not keep this one. Sign the day off again.",
                details={"sign_off_id": str(sign_off.sign_off_id)},
            )
    return ("stored" if stored == 1 else "duplicate"), received


def day_sign_offs(store: CentralStore, hall: str | None = None) -> list[dict[str, Any]]:
    """Every sign-off kept, by hall, day and window (``counter-central day-sign-offs``)."""
    rows = store._listing(
        "SELECT sign_off_id, hall, window_code, device_id, day, signed_by, signed_at, "
        "reconciled, unacknowledged, flagged_windows, windows, received_at FROM day_sign_offs",
        hall,
        "hall, day, window_code, signed_at",
        (
            "sign_off_id",
            "hall",
            "window",
            "device",
            "day",
            "signed_by",
            "signed_at",
            "reconciled",
            "unacknowledged",
            "flagged_windows",
            "windows",
            "received_at",
        ),
    )
    with store.snapshot() as cur:
        for row in rows:
            row["reconciled"] = bool(row["reconciled"])
            for key in ("unacknowledged", "flagged_windows", "windows"):
                row[key] = json.loads(row[key])
            row["signer_out_of_use"] = out_of_use_at(
                store, cur, row["hall"], row["signed_by"], row["signed_at"]
            )
    return rows


# The windows of a hall that worked a hall day: those whose cases received then the platform
# holds, by the day in the case number (the hall day the window numbered it on). A window
# merely enrolled may have been closed that day (a weekend, a holiday, no clerk).
_WORKING_WINDOWS = (
    "SELECT window_code, COUNT(*) FROM cases WHERE hall = ? AND case_no LIKE ? GROUP BY window_code"
)


def windows_without_sign_off(store: CentralStore, hall: str, day: date) -> list[dict[str, Any]]:
    """The windows of ``hall`` the platform received cases of ``day`` from (the case
    number's day) that sent no sign-off of it, by window: each with how many of that day's
    cases it holds."""
    numbered = f"%-{day:%Y%m%d}-%"
    with store.snapshot() as cur:
        rows = store._exec(cur, _WORKING_WINDOWS, (hall, numbered)).fetchall()
        signed = {
            row[0]
            for row in store._exec(
                cur,
                "SELECT window_code FROM day_sign_offs WHERE hall = ? AND day = ?",
                (hall, day.isoformat()),
            ).fetchall()
        }
    return [
        {"window": window, "cases": int(count)}
        for window, count in sorted(rows)
        if window not in signed
    ]
