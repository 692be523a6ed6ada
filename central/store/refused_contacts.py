"""The last request the platform refused in each device's name that it is sure is the
device's or about it (``device_revoked``, ``device_cloned``, a signed request's
``clock_skew``: ``central.refusal_log``): when, why (the wire error's code), and for a clock
refusal the offset it measured. ``counter-central devices`` shows it beside the last
contact, which only accepted requests move: a revoked PC that came back, or a window whose
clock the platform refuses, shows there. A refusal anyone could provoke in a device's name
(``bad_signature``, ``unknown_device``) is not kept: it would show a healthy window refused.
"""

from __future__ import annotations

import json
from typing import Any

from central.store.base import CentralStore, iso, utc_now
from central.store.device_marks import marks_by_device

_PREFIX = "refused_contact:"


def record_refused_contact(
    store: CentralStore, device_id: str, reason: str, skew_seconds: float | None
) -> None:
    """Keep a refusal of a request in the name of ``device_id``, an enrolled device (a
    name no device has is not kept)."""
    refusal = {"at": iso(utc_now()), "reason": reason, "skew_seconds": skew_seconds}
    with store.transaction() as cur:
        store._exec(
            cur,
            "INSERT INTO meta (key, value) SELECT ?, ? WHERE EXISTS "
            "(SELECT 1 FROM devices WHERE device_id = ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_PREFIX + device_id, json.dumps(refusal), device_id),
        )


def refused_contacts(store: CentralStore) -> dict[str, dict[str, Any]]:
    """Every device's last refused request (``at``, ``reason``, ``skew_seconds``), by id."""
    return marks_by_device(store, _PREFIX)
