"""A case a window took offline on an older catalog, after the platform had published one
that changed what binds the hall for its item (a new required material, the time limits,
the fee), is stored all the same and flagged ``catalog_changed`` in the hall queue with what
changed, with a warning in the platform's log; a case received before that publication, on
an item whose terms stayed, or in a situation whose materials stayed, is flagged for no
material. A case naming a catalog version the platform never published is stored and
flagged ``catalog_unknown``."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, publishing
from counter_app.domain.hall_queue import (
    CATALOG_CHANGED,
    CATALOG_UNKNOWN,
    FEE_CHANGED,
    MATERIALS_ADDED,
    TIME_LIMIT_CHANGED,
)
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import push_ok, read_all
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

CHANGED_NAME = "上海市居住证卡补领、换领"  # fee 20.00, promised 10 days in the bundled v1
KEPT_NAME = "灵活就业登记"


def changed_catalog(v1: dict[str, Any]) -> dict[str, Any]:
    """v2: the item ``CHANGED_NAME`` promises 5 days, costs 30.00 and asks, in situation
    S01 only, for a new core material."""
    v2 = copy.deepcopy(v1)
    v2["version"] = 2
    item = next(i for i in v2["items"] if i["name"] == CHANGED_NAME)
    item.update(promised_days=5, fee_cents=3000)
    new = {**item["situations"][0]["materials"][0], "code": "M99", "name": "居住证遗失声明"}
    new.update(exempt_elicence=None, exempt_city_department=None)
    item["situations"][0]["materials"].append(new)
    return v2


@pytest.fixture(scope="module")
def v2_published_at(store: CentralStore) -> datetime:
    """Catalog v1 (the bundled one) and v2 with ``CHANGED_NAME`` changed published; when the
    platform published v2."""
    v1 = bundled_catalog()
    publishing.publish_document(store, "catalog", v1, 1)
    publishing.publish_document(store, "catalog", changed_catalog(v1), 2)
    with store.transaction() as cur:
        published_at = store._exec(
            cur, "SELECT published_at FROM feed_documents WHERE feed = 'catalog' AND version = 2"
        ).fetchone()[0]
    return datetime.fromisoformat(published_at)


def taken(
    device: SimulatedDevice,
    name: str,
    received_at: datetime,
    *,
    situation: str = "S01",
    version: int = 1,
) -> dict[str, Any]:
    """A submission of a case taken on catalog ``version`` for item ``name`` in
    ``situation`` at ``received_at``."""
    found = next(i for i in bundled_catalog()["items"] if i["name"] == name)
    case = device.case()
    payload = case["payload"]
    moment = received_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload.update(received_at=moment, accepted_at=moment)
    payload["service_item"].update(catalog_version=version, code=found["code"], name=name)
    payload["situation"] = {"code": situation, "name": situation}
    return device.case(case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=payload)


def stored_flags(device: SimulatedDevice) -> dict[str, list[str]]:
    items, _, _ = read_all(device, "hall_queue", 100)
    return {i["case_id"]: i["flags"] for i in items}


def test_a_case_taken_on_terms_changed_before_it_was_received_is_flagged_with_what_changed(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, v2_published_at: datetime
) -> None:
    device = enrol(window="W01")
    after = v2_published_at + timedelta(minutes=5)
    more_materials = taken(device, CHANGED_NAME, after)
    same_materials = taken(device, CHANGED_NAME, after, situation="S02")
    kept = taken(device, KEPT_NAME, after)
    before = taken(device, CHANGED_NAME, v2_published_at - timedelta(days=1))
    on_v2 = taken(device, CHANGED_NAME, after, version=2)
    cases = [more_materials, same_materials, kept, before, on_v2]
    results = push_ok(device, cases)
    assert [r["status"] for r in results] == ["stored"] * 5  # accepted lawfully offline
    flags = stored_flags(device)
    catalog_flags = (CATALOG_CHANGED, MATERIALS_ADDED, TIME_LIMIT_CHANGED, FEE_CHANGED)
    assert [[f for f in flags[c["case_id"]] if f in catalog_flags] for c in cases] == [
        [CATALOG_CHANGED, MATERIALS_ADDED, TIME_LIMIT_CHANGED, FEE_CHANGED],
        [CATALOG_CHANGED, TIME_LIMIT_CHANGED, FEE_CHANGED],
        [],
        [],
        [],
    ]
    log = central.log_path.read_text(encoding="utf-8", errors="replace")
    warned = [line for line in log.splitlines() if "flagged catalog_changed" in line]
    assert len(warned) == 2 and "WARNING" in warned[0]
    assert more_materials["case_id"] in warned[0] and same_materials["case_id"] in warned[1]
    assert MATERIALS_ADDED in warned[0] and MATERIALS_ADDED not in warned[1]


def test_a_case_on_a_catalog_version_never_published_is_stored_and_flagged(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral, v2_published_at: datetime
) -> None:
    device = enrol(window="W01")
    after = v2_published_at + timedelta(minutes=5)
    unknown = taken(device, KEPT_NAME, after, version=9)
    results = push_ok(device, [unknown])
    assert [r["status"] for r in results] == ["stored"]
    assert stored_flags(device)[unknown["case_id"]] == [CATALOG_UNKNOWN]
    log = central.log_path.read_text(encoding="utf-8", errors="replace")
    warned = [line for line in log.splitlines() if "flagged catalog_unknown" in line]
    assert len(warned) == 1 and unknown["case_id"] in warned[0] and "v9" in warned[0]


def test_an_ended_case_on_changed_terms_waits_for_no_department(
    enrol: Callable[..., SimulatedDevice], v2_published_at: datetime
) -> None:
    device = enrol(window="W01")
    case = taken(device, CHANGED_NAME, v2_published_at + timedelta(minutes=5))
    case["payload"]["state"] = "voided"
    case = device.case(
        case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=case["payload"]
    )
    (result,) = push_ok(device, [case])
    assert result["status"] == "stored"
    assert stored_flags(device)[case["case_id"]] == []
