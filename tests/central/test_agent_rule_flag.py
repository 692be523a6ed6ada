"""A case that breaks its situation's rule on a 代办人 as the catalog it was taken on states
it (委托他人代办 without one: a window whose program predates the rule took it) is stored
all the same and flagged ``agent_rule_broken`` in the hall queue, with a warning in the
platform's log; the same case with its 代办人 is not flagged."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, publishing
from counter_app.domain.hall_queue import AGENT_RULE_BROKEN
from counter_app.store.catalog import bundled_catalog
from tests.central.conftest import push_ok, read_all
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

ALLOWANCE = "老年综合津贴申领"  # its S02 委托他人代办 requires the 代办人
AGENT = {
    "name": "王小明",
    "id_type": "111",
    "doc_kind": "resident_id",
    "id_number": "310104198001010014",
    "relation": "子女",
    "authorization": "power_of_attorney",
}


@pytest.fixture(scope="module", autouse=True)
def catalog(store: CentralStore) -> None:
    publishing.publish_document(store, "catalog", bundled_catalog(), 1)


def on_s02(device: SimulatedDevice, agent: dict[str, Any] | None) -> dict[str, Any]:
    """A submission of 老年综合津贴申领, situation S02, taken on catalog v1."""
    found = next(i for i in bundled_catalog()["items"] if i["name"] == ALLOWANCE)
    case = device.case()
    payload = case["payload"]
    payload["service_item"].update(catalog_version=1, code=found["code"], name=ALLOWANCE)
    situation = next(s for s in found["situations"] if s["code"] == "S02")
    payload["situation"] = {"code": "S02", "name": situation["name"]}
    if agent is not None:
        payload["agent"] = agent
    return device.case(case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=payload)


def test_a_case_without_the_agent_its_situation_requires_is_flagged(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    device = enrol(window="W01")
    without, with_agent = on_s02(device, None), on_s02(device, AGENT)
    results = push_ok(device, [without, with_agent])
    assert [r["status"] for r in results] == ["stored", "stored"]
    items, _, _ = read_all(device, "hall_queue", 100)
    flags = {i["case_id"]: i["flags"] for i in items}
    assert AGENT_RULE_BROKEN in flags[without["case_id"]]
    assert AGENT_RULE_BROKEN not in flags[with_agent["case_id"]]
    log = central.log_path.read_text(encoding="utf-8", errors="replace")
    warned = [line for line in log.splitlines() if "agent_rule_broken" in line]
    assert len(warned) == 1 and without["case_id"] in warned[0] and "WARNING" in warned[0]
