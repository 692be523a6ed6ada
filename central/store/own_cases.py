"""The cases bound to a device (``GET /v1/device/own-cases``): those whose number carries a
``HALL-WINDOW-DEVICE`` prefix the device holds in ``number_prefixes`` (its own, and those it
took over with ``--replaces``), in case-number order, with the newest version held and
where each case stands. A window restored from an older backup walks them to fetch back
what it synced after that backup."""

from __future__ import annotations

from typing import Any

from central.store.base import CentralStore, Device
from central.store.cases import case_state

# Scanned in case-number order along the unique index of ``cases.case_no``, from the page
# boundary on; the prefix held decides (a comparison of the number's first characters is
# the same in every collation, where a range over the prefix is not).
# The cases ``c`` of the hall (second parameter) whose number carries a prefix the device
# (first parameter) holds: its own cases, bound to it by its prefixes.
DEVICE_CASES = (
    "cases c JOIN number_prefixes p ON p.device_id = ?"
    " AND substr(c.case_no, 1, length(p.prefix) + 1) = p.prefix || '-' WHERE c.hall = ?"
)
_PAGE = (
    f"SELECT c.case_id, c.case_no, c.data_version FROM {DEVICE_CASES}"  # noqa: S608 - constants
    " AND c.case_no > ? ORDER BY c.case_no LIMIT ?"
)


def own_cases(
    store: CentralStore, device: Device, nonce: str, after: str, limit: int
) -> dict[str, Any]:
    """One page of ``device``'s cases after the case number ``after`` ("": from the first),
    at most ``limit``; the ``OwnCasesPage`` body."""
    store.consume_nonce(device.device_id, nonce)
    with store.snapshot() as cur:
        rows = store._exec(cur, _PAGE, (device.device_id, device.hall, after, limit + 1)).fetchall()
        items = [
            {
                "case_id": case_id,
                "case_no": case_no,
                "data_version": version,
                "state": case_state(store, cur, case_id).value,
            }
            for case_id, case_no, version in rows[:limit]
        ]
    return {
        "items": items,
        "after": items[-1]["case_no"] if items else after,
        "more": len(rows) > limit,
    }
