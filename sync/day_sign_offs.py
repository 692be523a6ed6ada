"""Supervisors' end-of-day sign-offs to the platform (``POST /v1/day-sign-offs``), at every
sync run, oldest first.

A sign-off is marked delivered only once the platform answered for it; one whose answer was
lost is sent again with the same ``sign_off_id`` and the platform answers ``duplicate``
without keeping a second copy: each reaches the platform exactly once.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

from counter_app.store.database import Store
from counter_app.store.end_of_day import (
    SignOffRow,
    mark_sign_off_delivered,
    mark_sign_off_failed,
    undelivered_sign_offs,
)
from counter_app.store.timestamps import to_text
from sync.errors import PlatformRefused, PlatformUnreachable
from sync.transport import PlatformTransport
from sync.wire.device_reports import DaySignOff, DaySignOffResult, DayWindowFigures

log = logging.getLogger(__name__)

DAY_SIGN_OFFS_PATH = "/v1/day-sign-offs"
_FIGURES = tuple(DayWindowFigures.model_fields)


def deliver_sign_offs(store: Store, transport: PlatformTransport, now: datetime) -> int:
    """Send every sign-off the platform has not confirmed; how many it confirmed now.

    A transient failure is recorded on the sign-off and re-raised (the run ends as offline);
    a refusal is recorded, logged and skipped, so it never holds up the cases' sync."""
    delivered = 0
    for row in undelivered_sign_offs(store):
        try:
            transport.parsed(
                DaySignOffResult,
                transport.request_json(
                    "POST", DAY_SIGN_OFFS_PATH, sign_off_body(row).model_dump(mode="json")
                ),
            )
        except (PlatformUnreachable, PlatformRefused) as exc:
            with store.transaction() as db:
                mark_sign_off_failed(db.conn, row.sign_off_id, exc.en)
            if isinstance(exc, PlatformUnreachable):
                raise
            log.warning(
                "the platform refused the sign-off of %s (%s): %s", row.day, row.sign_off_id, exc.en
            )
            continue
        with store.transaction() as db:
            mark_sign_off_delivered(db.conn, row.sign_off_id, to_text(now))
        delivered += 1
    return delivered


def sign_off_body(row: SignOffRow) -> DaySignOff:
    summary = json.loads(row.summary)
    return DaySignOff.model_validate(
        {
            "sign_off_id": row.sign_off_id,
            "day": row.day,
            "signed_by": row.signed_by,
            "signed_at": row.signed_at,
            "reconciled": row.reconciled,
            "unacknowledged": summary["unacknowledged"],
            "flagged_windows": summary["flagged_windows"],
            # A sign-off kept before a figure was counted goes without it (the wire's default).
            "windows": [
                {name: window[name] for name in _FIGURES if name in window}
                for window in summary["windows"]
            ],
        }
    )
