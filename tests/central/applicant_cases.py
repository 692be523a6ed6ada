"""Submissions of one applicant's cases and the hall queue's flags of them, for the tests of
the duplicate checks (``central.store.duplicates``)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from central.simulator import SimulatedDevice
from counter_app.identity.samples import gb11643
from tests.central.conftest import read_all


def new_person() -> str:
    """A valid ID number no other test uses."""
    drawn = uuid.uuid4().int
    born = date(1950, 1, 1) + timedelta(days=drawn % 18_000)
    return gb11643(f"310104{born:%Y%m%d}{drawn // 18_000 % 1000:03d}")


def case_of(
    device: SimulatedDevice, id_number: str, name: str, item: str = "310101-HJ-001", **more: Any
) -> dict[str, Any]:
    """A synthetic submission of ``device`` for this applicant and item."""
    case = device.case()
    payload = case["payload"]
    payload["applicant"] = {**payload["applicant"], "id_number": id_number, "name": name}
    payload["service_item"] = {**payload["service_item"], "code": item}
    payload.update(more)
    return device.case(case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=payload)


def hall_queue_flags(device: SimulatedDevice) -> dict[str, list[str]]:
    """The flags of the newest hall-queue item of each case of ``device``'s hall."""
    items, _, _ = read_all(device, "hall_queue", 100)
    return {i["case_id"]: i["flags"] for i in items}
