"""A case a window took offline on an older catalog, after the platform had published one
that withdrew its item, is stored all the same and flagged ``item_withdrawn`` in the hall
queue, with a warning in the platform's log; a case received before that publication, or
on an item the newer catalog still holds, is not."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, publishing
from counter_app.domain.catalog import parse_catalog_release
from counter_app.domain.hall_queue import ITEM_WITHDRAWN
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import push_ok, read_all
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

WITHDRAWN_NAME = "老年综合津贴申领"


@pytest.fixture(scope="module")
def v2_published_at(store: CentralStore) -> datetime:
    """Catalog v1 (the bundled one) and v2 without 老年综合津贴申领 published; when the
    platform published v2."""
    v1 = bundled_catalog()
    publishing.publish_document(store, "catalog", v1, 1)
    items = [item for item in v1["items"] if item["name"] != WITHDRAWN_NAME]
    kept = {item["code"] for item in items}
    v2 = {
        **v1,
        "version": 2,
        "items": items,
        # Its 一件事 goes with it (养老一件事).
        "bundles": [
            bundle
            for bundle in v1["bundles"]
            if all(member["item"] in kept for member in bundle["members"])
        ],
    }
    parse_catalog_release(v2)  # a catalog the platform would publish
    publishing.publish_document(store, "catalog", v2, 2)
    with store.transaction() as cur:
        published_at = store._exec(
            cur, "SELECT published_at FROM feed_documents WHERE feed = 'catalog' AND version = 2"
        ).fetchone()[0]
    return datetime.fromisoformat(published_at)


def item(name: str) -> dict[str, Any]:
    """The bundled catalog's item ``name`` as a case taken on v1 names it."""
    found = next(i for i in bundled_catalog()["items"] if i["name"] == name)
    return {"code": found["code"], "name": name}


def on_v1(device: SimulatedDevice, name: str, received_at: datetime) -> dict[str, Any]:
    """A submission of a case taken on catalog v1 for item ``name`` at ``received_at``."""
    case = device.case()
    payload = case["payload"]
    moment = received_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload.update(received_at=moment, accepted_at=moment)
    payload["service_item"].update(catalog_version=1, **item(name))
    return device.case(case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=payload)


def stored_flags(device: SimulatedDevice) -> dict[str, list[str]]:
    items, _, _ = read_all(device, "hall_queue", 100)
    return {i["case_id"]: i["flags"] for i in items}


def test_a_case_taken_on_an_item_withdrawn_before_it_was_received_is_flagged(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, v2_published_at: datetime
) -> None:
    device = enrol(window="W01")
    after = v2_published_at + timedelta(minutes=5)
    withdrawn = on_v1(device, WITHDRAWN_NAME, after)
    still_held = on_v1(device, "灵活就业登记", after)
    before = on_v1(device, WITHDRAWN_NAME, v2_published_at - timedelta(days=1))
    results = push_ok(device, [withdrawn, still_held, before])
    assert [r["status"] for r in results] == ["stored"] * 3  # accepted lawfully offline
    flags = stored_flags(device)
    assert ITEM_WITHDRAWN in flags[withdrawn["case_id"]]
    assert ITEM_WITHDRAWN not in flags[still_held["case_id"]]
    assert ITEM_WITHDRAWN not in flags[before["case_id"]]
    log = central.log_path.read_text(encoding="utf-8", errors="replace")
    warned = [line for line in log.splitlines() if "item_withdrawn" in line]
    assert len(warned) == 1 and withdrawn["case_id"] in warned[0] and "WARNING" in warned[0]


def test_a_case_taken_on_the_catalog_in_force_is_not_flagged(
    enrol: Callable[..., SimulatedDevice], v2_published_at: datetime
) -> None:
    device = enrol(window="W01")
    case = on_v1(device, WITHDRAWN_NAME, v2_published_at + timedelta(minutes=5))
    case["payload"]["service_item"]["catalog_version"] = 2
    case = device.case(
        case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=case["payload"]
    )
    (result,) = push_ok(device, [case])
    assert result["status"] == "stored"
    assert ITEM_WITHDRAWN not in stored_flags(device)[case["case_id"]]


def test_an_ended_case_waits_for_no_department(
    enrol: Callable[..., SimulatedDevice], v2_published_at: datetime
) -> None:
    device = enrol(window="W01")
    case = on_v1(device, WITHDRAWN_NAME, v2_published_at + timedelta(minutes=5))
    case["payload"]["state"] = "voided"
    case = device.case(
        case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=case["payload"]
    )
    (result,) = push_ok(device, [case])
    assert result["status"] == "stored"
    assert ITEM_WITHDRAWN not in stored_flags(device)[case["case_id"]]
