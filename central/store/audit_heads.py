"""Each window's audit-chain head as it last reported it (``POST /v1/audit-head``): kept only
when it moves forward, so a window whose chain was cut back or forked shows up as an
anomaly (``counter-central audit-heads``) instead of overwriting what the platform held.
"""

from __future__ import annotations

import logging
from typing import Any

from central.store.base import CentralStore, DbCursor, Device, iso, utc_now
from sync.wire.device_reports import AuditHeadReport, AuditHeadStatus

log = logging.getLogger("central.store")


def record_audit_head(
    store: CentralStore, device: Device, nonce: str, report: AuditHeadReport
) -> tuple[AuditHeadStatus, dict[str, Any]]:
    """Keep ``report`` if it is ahead of the head held for ``device``; refuse (and keep
    as an anomaly) one that is behind it or differs at the same seq. Returns the
    outcome and the head held afterwards."""
    now = iso(utc_now())
    sent = (report.seq, report.head, report.keyed_from)
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        # One statement, so two reports racing each other can only ever raise the head.
        raised = store._exec(
            cur,
            "INSERT INTO audit_heads (device_id, seq, head, keyed_from, received_at, "
            "reported_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
            "seq = excluded.seq, head = excluded.head, keyed_from = excluded.keyed_from, "
            "received_at = excluded.received_at, reported_at = excluded.reported_at "
            "WHERE audit_heads.seq < excluded.seq",
            (device.device_id, *sent, now, now),
        ).rowcount
        store._exec(
            cur,
            "UPDATE audit_heads SET reported_at = ? WHERE device_id = ?",
            (now, device.device_id),
        )
        held = _held_audit_head(store, cur, device.device_id)
        assert held is not None  # just inserted or already there
        status: AuditHeadStatus
        if raised == 1:
            status = "stored"
        elif (held["seq"], held["head"], held["keyed_from"]) == sent:
            status = "unchanged"
        else:
            status = "refused"
            store._exec(
                cur,
                "INSERT INTO audit_head_anomalies (device_id, held_seq, held_head, sent_seq, "
                "sent_head, sent_keyed_from, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (device.device_id, held["seq"], held["head"], *sent, now),
            )
    if status == "refused":
        log.warning(
            "device %s reported audit head %d, behind or forked from the held head %d: "
            "kept the held one, recorded an anomaly",
            device.device_id,
            report.seq,
            held["seq"],
        )
    return status, held


def _held_audit_head(store: CentralStore, cur: DbCursor, device_id: str) -> dict[str, Any] | None:
    row = store._exec(
        cur,
        "SELECT seq, head, keyed_from, received_at FROM audit_heads WHERE device_id = ?",
        (device_id,),
    ).fetchone()
    keys = ("seq", "head", "keyed_from", "received_at")
    return None if row is None else dict(zip(keys, row, strict=True))


def audit_head(store: CentralStore, device: Device, nonce: str) -> dict[str, Any] | None:
    """The head held for ``device`` (asked by the device itself, hence the nonce)."""
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        return _held_audit_head(store, cur, device.device_id)


def audit_heads(store: CentralStore, hall: str | None = None) -> list[dict[str, Any]]:
    """Every device with the last audit head it reported (``None`` if never) and how
    many of its reports were refused."""
    return store._listing(
        "SELECT d.device_id, d.hall, d.window_code, h.seq, h.head, h.keyed_from, "
        "h.received_at, h.reported_at, (SELECT count(*) FROM audit_head_anomalies a "
        "WHERE a.device_id = d.device_id) FROM devices d "
        "LEFT JOIN audit_heads h ON h.device_id = d.device_id",
        hall,
        "d.hall, d.window_code, d.device_id",
        (
            "device",
            "hall",
            "window",
            "seq",
            "head",
            "keyed_from",
            "time",
            "last_report",
            "anomalies",
        ),
    )
