"""Instructions, problems and reviews on the platform, on SQLite and PostgreSQL: only a device
of the hall issues an instruction, signed with its own key; it goes to the device that owns
the case, which alone answers it, once; the platform's version of a case is masked for every
device but its owner; a rejection needs a reason."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore
from counter_app.services import intake_checks
from sync.wire.base import REASON_MAX_CHARS
from sync.wire.feeds import FeedPage
from sync.wire.problems import Instruction, PlatformVersion, instruction_message
from tests.central.conftest import error_of, push_ok, read_all, unique_hall
from tests.central.enrolled import register_staff

pytestmark = pytest.mark.integration


def post(device: SimulatedDevice, path: str, body: dict[str, Any]) -> requests.Response:
    return device.request("POST", path, json.dumps(body, ensure_ascii=False).encode())


def draft(
    device: SimulatedDevice,
    case_id: str,
    action: str = "void",
    instruction_id: str | None = None,
    **changes: Any,
) -> dict:
    """An instruction ``device`` signs; ``changes`` alter it after signing."""
    body = {
        "instruction_id": instruction_id or str(uuid.uuid4()),
        "case_id": case_id,
        "action": action,
        "reason": "重复受理",
        "issued_by": "chief1",
        "issued_at": datetime.now(UTC).isoformat(),
    }
    message = instruction_message(
        instruction_id=uuid.UUID(body["instruction_id"]),
        case_id=uuid.UUID(case_id),
        action=action,
        reason=body["reason"],
        issued_by="chief1",
        issued_at=datetime.fromisoformat(body["issued_at"]),
        issuer_device_id=device.device_id,
    )
    body["signature"] = base64.b64encode(device.key.sign(message)).decode()
    return {**body, **changes}


def test_an_instruction_goes_to_the_owning_device_which_alone_answers_it_once(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    register_staff(store, hall, ("chief1", "supervisor"))
    owner, console, stranger = enrol(hall, "W1"), enrol(hall, "W2"), enrol()
    case = owner.case()
    push_ok(owner, [case])

    tampered = post(console, "/v1/hall/instructions", draft(console, case["case_id"], reason="x"))
    assert tampered.status_code == 401
    assert error_of(tampered)["code"] == "bad_instruction_signature"
    foreign = post(stranger, "/v1/hall/instructions", draft(stranger, case["case_id"]))
    assert foreign.status_code == 404 and error_of(foreign)["code"] == "unknown_case"

    sent = draft(console, case["case_id"])
    issued = post(console, "/v1/hall/instructions", sent)
    assert issued.status_code == 200, issued.text
    item = Instruction.model_validate(issued.json())
    assert (item.target_device_id, item.target_window, item.state) == (
        owner.device_id,
        "W1",
        "issued",
    )
    assert item.platform_version == 1 and item.issuer_device_id == console.device_id
    again = post(console, "/v1/hall/instructions", sent)  # an answer lost: sent again
    assert again.json()["sequence"] == item.sequence
    other = draft(console, case["case_id"], "resend", instruction_id=sent["instruction_id"])
    taken = post(console, "/v1/hall/instructions", other)
    assert taken.status_code == 409 and error_of(taken)["code"] == "instruction_id_taken"

    answer_path = f"/v1/hall/instructions/{item.instruction_id}/answer"
    not_owner = post(console, answer_path, {"state": "done", "outcome": "v2"})
    assert not_owner.status_code == 403 and error_of(not_owner)["code"] == "not_case_owner"
    done = post(owner, answer_path, {"state": "done", "outcome": "v2"})
    assert done.status_code == 200 and done.json()["state"] == "done"
    late = post(owner, answer_path, {"state": "refused", "outcome": "changed my mind"})
    assert (late.json()["state"], late.json()["outcome"]) == ("done", "v2")  # the first kept

    items, _, cursor = read_all(console, "instructions", limit=1)
    FeedPage[Instruction].model_validate({"items": items, "cursor": cursor, "more": False})
    assert [(i["instruction_id"], i["state"]) for i in items] == [
        (str(item.instruction_id), "issued"),
        (str(item.instruction_id), "done"),
    ]
    assert read_all(stranger, "instructions", limit=10)[0] == []


def test_the_platforms_version_is_whole_only_for_the_owner_and_problems_reach_the_hall(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    hall = unique_hall()
    owner, console = enrol(hall, "W1"), enrol(hall, "W2")
    case = owner.case()
    push_ok(owner, [case])
    changed = json.loads(json.dumps(case))
    changed["payload"]["remarks"] = "changed"
    changed["content_hash"] = owner.case(
        case_id=uuid.UUID(case["case_id"]), payload=changed["payload"]
    )["content_hash"]
    assert push_ok(owner, [changed])[0]["status"] == "conflict"

    path = f"/v1/hall/cases/{case['case_id']}/platform-version"
    theirs = PlatformVersion.model_validate(console.request("GET", path).json())
    mine = PlatformVersion.model_validate(owner.request("GET", path).json())
    assert theirs.document is None and mine.document is not None
    id_number = case["payload"]["applicant"]["id_number"]
    shown = {f.path: f.value for f in theirs.fields}
    assert (
        shown["applicant.id_number"] != id_number
        and shown["applicant.id_number"][:4] == (id_number[:4])
    )
    assert mine.document.applicant.id_number == id_number
    assert (theirs.conflict_version, theirs.conflict_reason) == (1, "content_differs")
    assert {f.path: f.value for f in theirs.conflict_fields or []}["remarks"] == "changed"
    unknown = console.request("GET", f"/v1/hall/cases/{uuid.uuid4()}/platform-version")
    assert unknown.status_code == 404 and error_of(unknown)["code"] == "unknown_case"

    problems = read_all(console, "problems", limit=10)[0]
    assert [(p["case_no"], p["window_code"], p["status"], p["reason"]) for p in problems] == [
        (case["case_no"], "W1", "conflict", "content_differs")
    ]


def test_another_window_is_told_which_fields_differ_even_when_masked_alike(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    hall = unique_hall()
    owner, console = enrol(hall, "W1"), enrol(hall, "W2")
    case = owner.case()
    push_ok(owner, [case])
    changed = json.loads(json.dumps(case))
    name = changed["payload"]["applicant"]["name"]
    changed["payload"]["applicant"]["name"] = name[0] + "另" * (len(name) - 1)
    changed["content_hash"] = owner.case(
        case_id=uuid.UUID(case["case_id"]), payload=changed["payload"]
    )["content_hash"]
    assert push_ok(owner, [changed])[0]["status"] == "conflict"

    path = f"/v1/hall/cases/{case['case_id']}/platform-version"
    theirs = PlatformVersion.model_validate(console.request("GET", path).json())
    masked = {f.path: f.value for f in theirs.fields}["applicant.name"]
    kept = {f.path: f.value for f in theirs.conflict_fields or []}["applicant.name"]
    assert masked == kept and name not in (masked, kept)  # alike, and nothing in clear
    assert theirs.differing_paths == ["applicant.name"]


def test_a_review_reaches_the_hall_and_a_rejection_needs_a_reason(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    register_staff(store, hall, ("chief1", "supervisor"))
    owner, console = enrol(hall, "W1"), enrol(hall, "W2")
    case = owner.case()
    push_ok(owner, [case])
    review = {
        "review_id": str(uuid.uuid4()),
        "case_id": case["case_id"],
        "data_version": 1,
        "state": "rejected",
        "reason": "",
        "reviewed_by": "chief1",
        "reviewed_at": datetime.now(UTC).isoformat(),
    }
    unexplained = post(console, "/v1/hall/reviews", review)
    assert unexplained.status_code == 422
    kept = post(console, "/v1/hall/reviews", {**review, "reason": "copies differ"})
    assert kept.status_code == 200, kept.text
    assert (kept.json()["state"], kept.json()["window_code"]) == ("rejected", "W2")
    again = post(console, "/v1/hall/reviews", {**review, "reason": "copies differ"})
    assert again.json()["sequence"] == kept.json()["sequence"]
    reviews = read_all(owner, "reviews", limit=10)[0]
    assert [(r["case_no"], r["state"], r["reason"]) for r in reviews] == [
        (case["case_no"], "rejected", "copies differ")
    ]


def test_the_wire_takes_every_reason_the_counter_takes() -> None:
    assert REASON_MAX_CHARS == intake_checks.REASON_MAX_CHARS
