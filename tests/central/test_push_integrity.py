"""A push writes only the case it names, of the device's own hall: a payload naming another
case, number or version than its submission, or another hall, window or device than its
number, is refused, a payment reference belongs to one
case, and a fee or payment time the platform could not store is refused as invalid, each
per case and never as a 500 a window would retry forever (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, payments
from central.store import cases as case_store
from tests.central.conftest import error_of, push_ok

pytestmark = pytest.mark.integration

CARD_READ = "2026-11-27T08:52:00.000000Z"


def _changed(sender: SimulatedDevice, case: dict[str, Any], **payload: Any) -> dict[str, Any]:
    """``case`` under the same case id, number and version with its payload changed (and
    its content hash made again, as a ``sender`` that means it does)."""
    return sender.case(
        case_id=uuid.UUID(case["case_id"]),
        data_version=case["data_version"],
        case_no=case["case_no"],
        payload={**case["payload"], **payload},
    )


def _with_fee(device: SimulatedDevice, **payment: Any) -> dict[str, Any]:
    """A new case of ``device`` owing 20 yuan, payable with ``JF-`` and its number."""
    case = device.case()
    return _changed(device, case, fee_cents=2000, payment_reference=f"JF-{case['case_no']}")


def _rows(store: CentralStore, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with store.transaction() as cur:
        return [tuple(row) for row in store._exec(cur, sql, params).fetchall()]


def _what_the_hall_holds(store: CentralStore, case_id: str) -> dict[str, Any]:
    """Every row a push writes about a case: its record, versions, summaries and facts."""
    return {
        "case": _rows(
            store, "SELECT hall, case_no, data_version FROM cases WHERE case_id = ?", case_id
        ),
        "versions": [v["content_hash"] for v in case_store.case_versions(store, case_id)],
        "summaries": _rows(
            store,
            "SELECT hall, case_no, data_version FROM case_summaries WHERE case_id = ? ORDER BY seq",
            case_id,
        ),
        "facts": _rows(
            store,
            "SELECT card_read_at, rating_level, rating_declined FROM case_service_facts "
            "WHERE case_id = ?",
            case_id,
        ),
    }


def _payment(store: CentralStore, case_id: str) -> list[tuple[Any, ...]]:
    return _rows(
        store,
        "SELECT reference, hall, amount_cents, paid_at, method, receipt_no FROM payments "
        "WHERE case_id = ?",
        case_id,
    )


def _refusals(results: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    for result in results:
        if result["status"] == "rejected":
            assert result["message_zh"] and result["message_en"]
    return [(r["status"], r["reason"]) for r in results]


def test_a_payload_naming_another_case_number_or_version_is_refused_and_writes_nowhere(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    other_hall = enrol()
    theirs = other_hall.case()
    push_ok(other_hall, [theirs])
    held = _what_the_hall_holds(store, theirs["case_id"])

    device = enrol()
    fresh = device.case()
    into_theirs = _changed(device, fresh, case_id=theirs["case_id"], card_read_at=CARD_READ)
    their_number = _changed(device, device.case(), case_no=theirs["case_no"])
    other_version = _changed(device, device.case(), data_version=2)
    own = device.case()
    results = push_ok(device, [into_theirs, their_number, other_version, own])
    assert _refusals(results) == [
        ("rejected", "payload_mismatch"),
        ("rejected", "payload_mismatch"),
        ("rejected", "payload_mismatch"),
        ("stored", None),
    ]
    assert "case_id" in results[0]["message_en"] and "case_no" in results[1]["message_en"]
    assert "data_version" in results[2]["message_zh"]

    assert _what_the_hall_holds(store, theirs["case_id"]) == held
    assert [
        c["case_id"]
        for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))
    ] == [own["case_id"]]
    history = device.request("GET", f"/v1/hall/cases/{theirs['case_id']}/history")
    assert history.status_code == 404 and error_of(history)["code"] == "unknown_case"


def test_a_payload_naming_another_hall_window_or_device_than_its_number_is_refused(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """The progress page and the case's history show the payload's hall and window: one
    naming others than its number would show them as the ones that served the applicant.
    The codes' case does not matter (a window writes them in upper case)."""
    other = enrol()
    device = enrol()
    pushed = [
        _changed(device, device.case(), hall=other.hall.upper()),
        _changed(device, device.case(), window="W99"),
        _changed(device, device.case(), device=other.number_device),
        _changed(device, device.case(), hall=device.hall.lower(), window=device.window.lower()),
    ]
    results = push_ok(device, pushed)
    assert _refusals(results) == [
        ("rejected", "payload_mismatch"),
        ("rejected", "payload_mismatch"),
        ("rejected", "payload_mismatch"),
        ("stored", None),
    ]
    assert [r["message_en"].split("document's ")[1].split(" differ")[0] for r in results[:3]] == [
        "hall",
        "window",
        "device",
    ]
    assert [
        c["case_id"]
        for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))
    ] == [pushed[3]["case_id"]]


def test_a_payload_naming_an_unknown_case_is_refused_every_time_not_a_retryable_500(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    nowhere = str(uuid.uuid4())
    submission = _changed(device, device.case(), case_id=nowhere)
    for _ in range(2):  # a resend gets the same answer: the window holds the case, no retry
        assert _refusals(push_ok(device, [submission])) == [("rejected", "payload_mismatch")]
    assert list(case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))) == []
    assert _what_the_hall_holds(store, nowhere)["case"] == []
    assert _what_the_hall_holds(store, submission["case_id"])["case"] == []


def test_a_later_version_updates_its_fee_and_may_not_change_its_reference(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """Version 2 of a case owing a fee updates its row (it was a 500 when the reference
    changed); a reference other than the case's own is refused, not stored."""
    device = enrol()
    first = _with_fee(device)
    push_ok(device, [first])
    reference = first["payload"]["payment_reference"]

    def version(number: int, **payment: Any) -> dict[str, Any]:
        return device.case(
            case_id=uuid.UUID(first["case_id"]),
            data_version=number,
            case_no=first["case_no"],
            payload={**first["payload"], "data_version": number, **payment},
        )

    assert _refusals(push_ok(device, [version(2, fee_cents=2500)])) == [("stored", None)]
    assert _payment(store, first["case_id"]) == [(reference, device.hall, 2500, None, None, None)]
    renamed = version(3, payment_reference=f"{reference}-2")
    assert _refusals(push_ok(device, [renamed])) == [("rejected", "payment_reference_taken")]
    assert _payment(store, first["case_id"]) == [(reference, device.hall, 2500, None, None, None)]
    assert payments.confirm_payment(store, reference)["case_id"] == first["case_id"]


def test_another_cases_payment_reference_is_refused_never_taken_over(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    owner = enrol()
    owed = _with_fee(owner)
    neighbour = owner.case()  # the same hall: a second case reusing the reference
    push_ok(owner, [owed])
    before = _payment(store, owed["case_id"])
    reference = owed["payload"]["payment_reference"]
    paid_elsewhere = {
        "fee_cents": 1,
        "payment_reference": reference,
        "paid_at": "2026-11-27T03:00:00.000000Z",
        "payment_method": "pos",
        "payment_receipt_no": "STOLEN-1",
    }

    stranger = enrol()
    takeover = _changed(stranger, stranger.case(), **paid_elsewhere)
    assert _refusals(push_ok(stranger, [takeover])) == [("rejected", "payment_reference_taken")]
    reuse = _changed(owner, neighbour, **paid_elsewhere)
    assert _refusals(push_ok(owner, [reuse])) == [("rejected", "payment_reference_taken")]

    assert (
        _payment(store, owed["case_id"])
        == before
        == [(reference, owner.hall, 2000, None, None, None)]
    )
    assert list(case_store.chosen_cases(store, case_store.CaseChoice(hall=stranger.hall))) == []
    assert [
        c["case_id"] for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=owner.hall))
    ] == [owed["case_id"]]
    assert payments.confirm_payment(store, reference)["case_id"] == owed["case_id"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fee_cents", 10**30),
        ("fee_cents", 2**63),
        ("fee_cents", -1),
        ("paid_at", "garbage\u0000"),
        ("paid_at", "2026-11-27T03:00:00"),  # no zone: not a moment
    ],
)
def test_a_fee_or_payment_time_the_platform_cannot_hold_is_refused_as_invalid(
    enrol: Callable[..., SimulatedDevice], store: CentralStore, field: str, value: Any
) -> None:
    device = enrol()
    bad = _changed(device, _with_fee(device), **{field: value})
    response = device.push([device.case(), bad])
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["code"] == "validation_failed" and error["retryable"] is False
    assert [e["loc"] for e in error["details"]["errors"]] == [["cases", 1, "payload", field]]
    assert list(case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))) == []


def test_a_reference_not_the_cases_own_is_refused_so_none_is_claimed_first(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """Another hall's device claiming the reference of a case not pushed yet (its number is
    easy to guess) would otherwise have that case's own fee refused when it comes."""
    owner, squatter = enrol(), enrol()
    coming = _with_fee(owner)  # not pushed yet
    claim = _changed(
        squatter, squatter.case(), fee_cents=1, payment_reference=f"JF-{coming['case_no']}"
    )
    assert _refusals(push_ok(squatter, [claim])) == [("rejected", "payment_reference_taken")]
    assert _refusals(push_ok(owner, [coming])) == [("stored", None)]
    assert _payment(store, coming["case_id"])[0][:3] == (
        f"JF-{coming['case_no']}",
        owner.hall,
        2000,
    )
