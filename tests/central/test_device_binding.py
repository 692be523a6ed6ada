"""The platform trusts each device for exactly what it is: its hall, window and case-number
prefix come from its signature, never from the body (docs/sync-protocol.md, "Device
binding"). Per-case refusals are ``rejected`` results the counter holds for a supervisor."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore
from central.store import cases as case_store
from central.store import devices as device_register
from sync.wire.signing import public_key_b64
from tests.central.conftest import error_of, push_ok, unique_hall
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration


def test_only_the_originating_device_adds_versions_of_a_case(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    first = enrol()
    second = enrol(hall=first.hall, window="W2")
    original = first.case()
    push_ok(first, [original])
    case_id = uuid.UUID(original["case_id"])
    as_theirs = second.case(case_id=case_id, data_version=2, case_no=original["case_no"])
    as_mine = second.case(case_id=case_id, data_version=3)
    results = push_ok(second, [as_theirs, as_mine])
    assert [(r["status"], r["reason"]) for r in results] == [("rejected", "not_case_owner")] * 2
    assert results[0]["message_zh"] and results[0]["message_en"]
    assert [v["data_version"] for v in case_store.case_versions(store, str(case_id))] == [1]
    (held,) = list(case_store.chosen_cases(store, case_store.CaseChoice(hall=first.hall)))
    assert (held["data_version"], held["device"]) == (1, first.device_id)
    # The originating device still adds its versions.
    v2 = first.case(case_id=case_id, data_version=2)
    assert push_ok(first, [v2])[0]["status"] == "stored"


def test_window_and_device_are_the_signers_not_the_bodys(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    claimed = {**device.case(), "window": "W9", "device": "SOMEONE"}
    assert push_ok(device, [claimed])[0]["status"] == "stored"
    (held,) = list(case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall)))
    assert (held["window"], held["device"]) == (device.window, device.device_id)


def test_case_numbers_must_carry_the_devices_own_prefix(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    neighbour = enrol(hall=device.hall, window=device.window)
    theirs = neighbour.case()
    push_ok(neighbour, [theirs])  # its prefix is now held
    own = device.case()
    day_and_seq = own["case_no"].rsplit("-", 2)[-2:]
    other_hall = device.case(case_no="-".join(["HOTHER", "W1", device.number_device, *day_and_seq]))
    other_window = device.case(
        case_no="-".join([device.hall, "W2", device.number_device, *day_and_seq])
    )
    other_device = device.case(
        case_no="-".join([device.hall, "W1", neighbour.number_device, *day_and_seq])
    )
    not_a_number = device.case(case_no="NOT-A-CASE-NUMBER")
    results = push_ok(device, [own, other_hall, other_window, other_device, not_a_number])
    assert [(r["status"], r["reason"]) for r in results] == [
        ("stored", None),
        ("rejected", "case_no_foreign"),
        ("rejected", "case_no_foreign"),
        ("rejected", "case_no_foreign"),
        ("rejected", "case_no_invalid"),
    ]
    assert {
        c["case_no"]
        for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))
    } == {
        own["case_no"],
        theirs["case_no"],
    }


def test_enrolment_refuses_a_prefix_a_live_device_holds_and_keeps_the_code(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """The prefix is bound when the device enrols, before it numbered anything: a PC
    stating a live device's prefix is refused and its code stays usable; once IT revoked
    the old device, the same code enrols it and it takes the prefix over (docs/operations.md
    §6: a replacement PC states its own id and the old PC's its restored cases carry)."""
    old = enrol()
    original = old.case()
    push_ok(old, [original])
    code, _ = device_register.create_enroll_code(store, old.hall, old.window, 60)
    replacement = SimulatedDevice(central.url, inherited_number_devices=(old.number_device,))
    refused = replacement.enroll(code)
    assert refused.status_code == 409, refused.text
    error = error_of(refused)
    assert error["code"] == "number_prefix_taken"
    prefix = f"{old.hall}-{old.window}-{old.number_device}".upper()
    assert prefix in error["message_zh"] and old.device_id in error["message_en"]
    twin = SimulatedDevice(central.url, number_device=old.number_device)
    assert twin.enroll(code).status_code == 409
    assert [d.device_id for d in device_register.devices(store, old.hall)] == [old.device_id]

    device_register.revoke_device(store, old.device_id)
    enrolled = replacement.enroll(code)
    assert enrolled.status_code == 200, enrolled.text
    correction = replacement.case(
        case_id=uuid.UUID(original["case_id"]), data_version=2, case_no=original["case_no"]
    )
    own = replacement.case()
    assert [r["status"] for r in push_ok(replacement, [correction, own])] == ["stored"] * 2


def test_a_device_numbers_only_with_the_prefixes_it_stated_at_enrolment(
    central: RunningCentral, enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    unheld = "NOTMINE1"  # not hex: never a simulated device's own
    day_and_seq = device.case()["case_no"].rsplit("-", 2)[-2:]
    other = device.case(case_no="-".join([device.hall, device.window, unheld, *day_and_seq]))
    (result,) = push_ok(device, [other])
    assert (result["status"], result["reason"]) == ("rejected", "case_no_foreign")
    assert result["message_zh"] and result["message_en"]
    # The refusal bound nothing: the device that states that prefix enrols and numbers with it.
    code, _ = device_register.create_enroll_code(store, device.hall, device.window, 60)
    holder = SimulatedDevice(central.url, number_device=unheld)
    assert holder.enroll(code).status_code == 200
    assert push_ok(holder, [holder.case()])[0]["status"] == "stored"


def test_an_enrolment_must_state_its_number_devices(
    central: RunningCentral, store: CentralStore
) -> None:
    """No new device can fall back to binding prefixes by first use."""
    code, _ = device_register.create_enroll_code(store, unique_hall(), "W1", 60)
    device = SimulatedDevice(central.url)
    unstated = requests.post(
        f"{central.url}/v1/enroll",
        json={"code": code, "public_key": public_key_b64(device.key)},
        timeout=10,
    )
    assert unstated.status_code == 422
    assert error_of(unstated)["code"] == "validation_failed"
    assert device.enroll(code).status_code == 200


def _as_enrolled_before_stated_prefixes(store: CentralStore, device: SimulatedDevice) -> None:
    """What a store from before enrolment stated prefixes holds for ``device``: the device,
    no prefix. (Raw SQL: the store offers no way to enrol like that any more.)"""
    with store.transaction() as cur:
        for table in ("stated_prefixes", "number_prefixes"):
            cur.execute(
                store.sql(f"DELETE FROM {table} WHERE device_id = ?"),
                (device.device_id,),
            )


def test_a_device_enrolled_before_stated_prefixes_binds_a_prefix_by_first_use(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """A second (such) device of the same window cannot pre-claim the first one's numbers;
    once the first is revoked, the PC that replaced it pushes and corrects the old PC's
    cases and numbers new ones with its own prefix."""
    first = enrol()
    _as_enrolled_before_stated_prefixes(store, first)
    original = first.case()
    push_ok(first, [original])
    second = enrol(hall=first.hall, window=first.window)
    _as_enrolled_before_stated_prefixes(store, second)
    prefix = original["case_no"].rsplit("-", 2)[0]
    claim = second.case(case_no=f"{prefix}-20261128-0001")
    (result,) = push_ok(second, [claim])
    assert (result["status"], result["reason"]) == ("rejected", "case_no_foreign")
    device_register.revoke_device(store, first.device_id)
    correction = second.case(
        case_id=uuid.UUID(original["case_id"]), data_version=2, case_no=original["case_no"]
    )
    own = second.case()
    statuses = [r["status"] for r in push_ok(second, [claim, correction, own])]
    assert statuses == ["stored"] * 3
