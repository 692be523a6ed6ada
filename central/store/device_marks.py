"""Per-device entries the platform keeps in its ``meta`` table under one prefix and the
device id (``PREFIX`` + device id → a JSON object): a device found cloned
(``central.store.cloned_devices``), a device's last refused request
(``central.store.refused_contacts``)."""

from __future__ import annotations

import json
from typing import Any

from central.store.base import CentralStore


def marks_by_device(store: CentralStore, prefix: str) -> dict[str, dict[str, Any]]:
    """Every entry kept under ``prefix``, by device id."""
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            "SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?",
            (len(prefix), prefix),
        ).fetchall()
    return {key[len(prefix) :]: json.loads(value) for key, value in rows}
