"""A card read older than the applicant's visit stands as consent only for the case it was
read for: the verification after a sync of a material marked 待核验 offline serves
``<item code>/<case number>``, a case of that item and of the device's hall the platform
holds, of that holder, and sends the very card read that case records."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from central.simulator import SimulatedDevice, synthetic_id_number, synthetic_payload
from central.store import elicences
from tests.central.conftest import error_of, push_ok
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

BIRTH = "11310104002425311A004000100001"  # 生育登记: its materials take 结婚证 e-licences
HOUSING = "11310104MB2F00218W007000100001"  # 廉租住房申请: so do its


@pytest.fixture(scope="module", autouse=True)
def catalog(central: RunningCentral) -> None:
    """The bundled catalog published, as lookups need it."""
    central.publish_bundled_catalog()


def lookup(device: SimulatedDevice, holder: str, serves: str, read_at: datetime) -> Any:
    body = {
        "holder_id_number": holder,
        "types": ["结婚证电子证照"],
        "consent": {"kind": "card_read", "read_at": read_at.isoformat()},
        "clerk": "clerk07",
        "serves": serves,
    }
    return device.request("POST", "/v1/elicences:lookup", json.dumps(body).encode())


def pushed_case(device: SimulatedDevice, read_at: datetime) -> tuple[str, str]:
    """A 生育登记 case of ``device`` with a card read at ``read_at``, pushed; its number and
    holder."""
    case_id = uuid.uuid4()
    case_no = device.case_number(case_id)
    payload = synthetic_payload(case_id, 1, case_no).to_json()
    payload["card_read_at"] = read_at.isoformat()
    payload["service_item"]["code"] = BIRTH
    push_ok(device, [device.case(case_id=case_id, case_no=case_no, payload=payload)])
    return case_no, synthetic_id_number(case_id)


def test_an_old_card_read_stands_for_its_own_case_of_the_hall_only(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    device, elsewhere = enrol(), enrol()
    read_at = datetime.now(UTC) - timedelta(days=2)
    case_no, holder = pushed_case(device, read_at)
    other_holder = synthetic_id_number(uuid.uuid4())

    assert lookup(device, holder, f"{BIRTH}/{case_no}", read_at).status_code == 200
    for who, number in ((elsewhere, holder), (device, other_holder)):
        refused = lookup(who, number, f"{BIRTH}/{case_no}", read_at)
        assert (refused.status_code, error_of(refused)["code"]) == (403, "consent_required")


def test_a_card_read_older_than_the_consent_days_stands_for_nothing(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    device = enrol()
    too_old = datetime.now(UTC) - timedelta(days=elicences.CARD_READ_CONSENT_DAYS, hours=1)
    case_no, holder = pushed_case(device, too_old)

    refused = lookup(device, holder, f"{BIRTH}/{case_no}", too_old)
    assert error_of(refused)["code"] == "consent_required"


def test_an_old_card_read_stands_only_with_the_read_time_the_case_records(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    device = enrol()
    read_at = datetime.now(UTC) - timedelta(days=2)
    case_no, holder = pushed_case(device, read_at)

    # The same moment written in another zone is the same card read.
    in_shanghai = read_at.astimezone(timezone(timedelta(hours=8)))
    assert lookup(device, holder, f"{BIRTH}/{case_no}", in_shanghai).status_code == 200
    for other in (read_at - timedelta(hours=1), read_at + timedelta(microseconds=1)):
        refused = lookup(device, holder, f"{BIRTH}/{case_no}", other)
        assert (refused.status_code, error_of(refused)["code"]) == (403, "consent_required")


def test_an_old_card_read_stands_only_for_the_item_of_its_case(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice]
) -> None:
    device = enrol()
    read_at = datetime.now(UTC) - timedelta(days=2)
    case_no, holder = pushed_case(device, read_at)

    refused = lookup(device, holder, f"{HOUSING}/{case_no}", read_at)
    assert (refused.status_code, error_of(refused)["code"]) == (403, "consent_required")
