"""The platform trusts each device for exactly what it is: its hall, window and case-number
prefix come from its signature, never from the body (docs/sync-protocol.md, "Device
binding"). Per-case refusals are ``rejected`` results the counter holds for a supervisor."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore
from tests.central.conftest import push_ok

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
    assert [v["data_version"] for v in store.case_versions(str(case_id))] == [1]
    (held,) = store.cases(first.hall)
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
    (held,) = store.cases(device.hall)
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
    assert {c["case_no"] for c in store.cases(device.hall)} == {own["case_no"], theirs["case_no"]}


def test_a_number_prefix_is_one_devices_until_that_device_is_revoked(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """A second device of the same window cannot pre-claim the first one's numbers; once
    the first is revoked, the PC that replaced it pushes and corrects the old PC's cases
    and numbers new ones with its own prefix (docs/operations.md, replacing a PC)."""
    first = enrol()
    original = first.case()
    push_ok(first, [original])
    second = enrol(hall=first.hall, window=first.window)
    prefix = original["case_no"].rsplit("-", 2)[0]
    claim = second.case(case_no=f"{prefix}-20261128-0001")
    (result,) = push_ok(second, [claim])
    assert (result["status"], result["reason"]) == ("rejected", "case_no_foreign")
    store.revoke_device(first.device_id)
    correction = second.case(case_id=uuid.UUID(original["case_id"]), data_version=2)
    correction["case_no"] = original["case_no"]
    own = second.case()
    statuses = [r["status"] for r in push_ok(second, [claim, correction, own])]
    assert statuses == ["stored"] * 3
