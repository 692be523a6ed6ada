"""Push semantics: stored / duplicate / conflict / rejected, versions kept, batch limits."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Callable

import pytest

from central.simulator import SimulatedDevice, synthetic_payload
from central.store import CentralStore, progress
from central.store import cases as case_store
from counter_app.domain.case_document import hash_canonical
from sync.wire.case_push import CaseSubmission
from tests.central.batch_plans import empty_plan
from tests.central.conftest import error_of, push_ok
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

RACE_ROUNDS = 8


def test_new_cases_are_stored_with_a_reference(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    cases = [device.case() for _ in range(5)]
    results = push_ok(device, cases)
    assert [r["status"] for r in results] == ["stored"] * 5
    assert [r["case_id"] for r in results] == [c["case_id"] for c in cases]
    assert len({r["reference"] for r in results}) == 5
    held = {
        c["case_id"]: c
        for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))
    }
    assert set(held) == {c["case_id"] for c in cases}
    first = cases[0]
    (version,) = case_store.case_versions(store, first["case_id"])
    assert version["payload"] == first["payload"]  # contents equal, 𠮷 intact
    assert version["content_hash"] == first["content_hash"]


def test_resend_is_duplicate_with_the_same_reference(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    cases = [device.case() for _ in range(3)]
    first = push_ok(device, cases)
    again = push_ok(device, cases)
    assert [r["status"] for r in again] == ["duplicate"] * 3
    assert [r["reference"] for r in again] == [r["reference"] for r in first]
    assert len(list(case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall)))) == 3


def test_same_version_other_content_is_a_kept_conflict(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    original = device.case()
    push_ok(device, [original])
    changed = device.case(
        case_id=uuid.UUID(original["case_id"]),
        case_no=original["case_no"],
        payload={**original["payload"], "remarks": "edited without a new version"},
    )
    (result,) = push_ok(device, [changed])
    assert result["status"] == "conflict" and result["reason"] == "content_differs"
    assert result["message_zh"] and result["message_en"]
    (again,) = push_ok(device, [changed])  # resending a conflict is idempotent
    assert again["status"] == "conflict"
    kept = [
        c for c in case_store.conflicts(store, device.hall) if c["case_id"] == original["case_id"]
    ]
    assert len(kept) == 1 and kept[0]["content_hash"] == changed["content_hash"]
    (version,) = case_store.case_versions(store, original["case_id"])
    assert version["content_hash"] == original["content_hash"]  # not overwritten


def test_every_version_is_kept(
    enrol: Callable[..., SimulatedDevice], store: CentralStore, central: RunningCentral
) -> None:
    device = enrol()
    case_id = uuid.uuid4()
    v1 = device.case(case_id=case_id, data_version=1)
    v2 = device.case(case_id=case_id, data_version=2, case_no=v1["case_no"])
    v3 = device.case(case_id=case_id, data_version=3, case_no=v1["case_no"])
    stored = push_ok(device, [v1, v2])  # two versions in one batch
    assert [r["status"] for r in stored] == ["stored", "stored"]
    assert stored[0]["reference"] == stored[1]["reference"]
    push_ok(device, [v3])
    assert [v["data_version"] for v in case_store.case_versions(store, str(case_id))] == [1, 2, 3]
    assert [
        v["payload"]["data_version"] for v in case_store.case_versions(store, str(case_id))
    ] == [1, 2, 3]
    listed = list(case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall)))
    assert [(c["case_id"], c["data_version"]) for c in listed] == [(str(case_id), 3)]
    # An old version resent unchanged is a duplicate; changed, it is a conflict.
    assert push_ok(device, [v2])[0]["status"] == "duplicate"
    changed = device.case(
        case_id=case_id,
        data_version=2,
        case_no=v1["case_no"],
        payload={**synthetic_payload(case_id, 2, v1["case_no"]).to_json(), "remarks": "other"},
    )
    assert push_ok(device, [changed])[0]["reason"] == "content_differs"


def test_stale_version_never_seen_is_conflict_stale(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case_id = uuid.uuid4()
    v1 = device.case(case_id=case_id)
    v2 = device.case(case_id=case_id, data_version=2, case_no=v1["case_no"])
    v3 = device.case(case_id=case_id, data_version=3, case_no=v1["case_no"])
    # Version 2 arrived damaged and was refused: the platform never saw it before version 3.
    push_ok(device, [v1, {**v2, "content_hash": "0" * 64}, v3])
    (result,) = push_ok(device, [v2])
    assert (result["status"], result["reason"]) == ("conflict", "stale_version")
    (held,) = case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))
    assert held["data_version"] == 3


def test_a_withdrawal_written_before_a_back_office_step_was_pulled_is_a_kept_conflict(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """Once the platform put a case in process only the platform withdraws it: a window that
    withdrew before it pulled that step leaves the case in process and the withdrawal for a
    supervisor. A correction request the window may answer with a withdrawal is no bar."""
    device = enrol()
    in_process, correcting = device.case(), device.case()
    push_ok(device, [in_process, correcting])
    progress.record_progress(store, in_process["case_no"], "in_process", "")
    progress.record_progress(
        store, correcting["case_no"], "correction_requested", "", materials=["M01"]
    )

    def withdrawn(case: dict) -> dict:
        payload = {**case["payload"], "data_version": 2, "state": "withdrawn"}
        return device.case(
            case_id=uuid.UUID(case["case_id"]),
            case_no=case["case_no"],
            data_version=2,
            payload=payload,
        )

    kept, stored = push_ok(device, [withdrawn(in_process), withdrawn(correcting)])
    assert (kept["status"], kept["reason"]) == ("conflict", "withdrawn_after_step")
    assert "办理中" in kept["message_zh"] and "中心平台" in kept["message_zh"]
    assert "only the platform may withdraw" in kept["message_en"]
    assert stored["status"] == "stored"
    held = {
        c["case_id"]: c
        for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))
    }
    assert (held[in_process["case_id"]]["data_version"], held[in_process["case_id"]]["state"]) == (
        1,
        "in_process",
    )
    assert held[correcting["case_id"]]["state"] == "withdrawn"
    assert [(c["case_id"], c["reason"]) for c in case_store.conflicts(store, device.hall)] == [
        (in_process["case_id"], "withdrawn_after_step")
    ]


def test_a_reference_is_dated_by_the_hall_day_not_the_utc_one() -> None:
    """At 00:30 in the hall on 7 December it is still 6 December in UTC: the reference
    carries the 7th, as the case number does."""
    case_id = uuid.uuid4()
    case_no = "H1-W1-D1-20261207-0001"
    document = synthetic_payload(case_id, 1, case_no)
    plan = empty_plan("2026-12-06T16:30:00.000000Z")
    plan.add(
        CaseSubmission(
            case_id=case_id,
            data_version=1,
            content_hash=hash_canonical(document.canonical()),
            hall="H1",
            window="W1",
            device="D1",
            case_no=case_no,
            payload=document,
        )
    )
    (result,) = plan.results
    assert result.status == "stored" and (result.reference or "").startswith("P20261207-")


def test_case_number_collision_is_a_conflict(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    first = device.case()
    second = device.case(case_no=first["case_no"])
    results = push_ok(device, [first, second])
    assert [r["status"] for r in results] == ["stored", "conflict"]
    assert results[1]["reason"] == "case_no_taken"


def test_bad_hash_is_rejected_others_still_stored(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    good = device.case()
    damaged = device.case()
    damaged["payload"]["clerk"] = "tampered"
    results = push_ok(device, [damaged, good])
    assert [r["status"] for r in results] == ["rejected", "stored"]
    assert results[0]["reason"] == "content_hash_mismatch"
    assert results[0]["message_zh"] and results[0]["message_en"]
    assert [
        c["case_id"]
        for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))
    ] == [good["case_id"]]


def test_a_payload_that_is_not_a_case_document_is_422_naming_its_entry_and_field(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    good = device.case()
    empty = device.case(payload={})
    misspelt = device.case()
    misspelt["payload"]["applicant"]["nmae"] = misspelt["payload"]["applicant"].pop("name")
    response = device.push([good, empty, misspelt])
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_failed"
    locs = [tuple(e["loc"]) for e in error["details"]["errors"]]
    assert ("cases", 1, "payload", "case_id") in locs
    assert ("cases", 2, "payload", "applicant", "name") in locs
    assert ("cases", 2, "payload", "applicant", "nmae") in locs
    assert {loc[:2] for loc in locs} == {("cases", 1), ("cases", 2)}
    assert list(case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))) == []


def test_structurally_invalid_batch_is_422_with_the_field(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol()
    case = device.case()
    case["case_id"] = "not-a-uuid"
    response = device.push([case])
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_failed"
    assert error["details"]["errors"][0]["loc"][:3] == ["cases", 0, "case_id"]
    response = device.request("POST", "/v1/cases:batch", b"{broken")
    assert response.status_code == 400 and error_of(response)["code"] == "bad_json"


def test_batch_limits_answer_413_with_the_limit(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol()
    response = device.push([device.case() for _ in range(51)])  # server limit: 50 cases
    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "batch_too_large" and error["details"]["limit_cases"] == 50
    big = device.case()
    big["payload"]["remarks"] = "字" * 120_000  # > 300,000 bytes as UTF-8
    response = device.push([big])
    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "body_too_large" and error["details"]["limit_bytes"] == 300_000
    assert device.push([device.case() for _ in range(50)]).status_code == 200


def test_racing_resends_store_a_case_once(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    """One device sends the same new cases twice at the same moment (a retry racing the
    first attempt, on two connections): each case is stored once, the other answer is
    duplicate. Several rounds, so one batch committing while the other reads is exercised."""
    first = enrol()
    second = SimulatedDevice(first.base_url, first.device_id, first.hall, first.window, first.key)
    stored = 0
    for _ in range(RACE_ROUNDS):
        cases = [first.case() for _ in range(30)]
        answers: list[list[dict]] = []
        barrier = threading.Barrier(2)

        def send(device: SimulatedDevice, cases: list[dict] = cases) -> None:
            barrier.wait()
            answers.append(push_ok(device, cases))

        threads = [threading.Thread(target=send, args=(d,)) for d in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert len(answers) == 2
        for index in range(len(cases)):
            pair = sorted(answer[index]["status"] for answer in answers)
            assert pair == ["duplicate", "stored"]
            assert answers[0][index]["reference"] == answers[1][index]["reference"]
        stored += len(cases)
        assert (
            len(list(case_store.chosen_cases(store, case_store.CaseChoice(hall=first.hall))))
            == stored
        )


def test_platform_log_names_cases_by_uuid_never_by_content(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    device = enrol()
    case = device.case()
    case["payload"]["applicant"].update(name="龙𪚥·测试", phone="13900001234")
    case = device.case(
        case_id=uuid.UUID(case["case_id"]), case_no=case["case_no"], payload=case["payload"]
    )
    push_ok(device, [case])
    push_ok(device, [case])  # the duplicate is logged with its UUID
    log = central.log_path.read_text(encoding="utf-8", errors="replace")
    assert case["case_id"] in log
    assert "龙𪚥" not in log and "13900001234" not in log


def test_nan_and_infinity_in_a_payload_are_refused_not_a_crash(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol()
    good = device.case()
    odd = device.case()
    # Placeholders, replaced in the text: json.dumps writes neither NaN nor 1e999 as given.
    odd["payload"]["data_version"] = "<data_version>"
    odd["payload"]["materials"][0]["count"] = "<count>"
    body = json.dumps({"cases": [odd, good]}, ensure_ascii=False)
    body = body.replace('"<data_version>"', "NaN").replace('"<count>"', "1e999")
    response = device.request("POST", "/v1/cases:batch", body.encode("utf-8"))
    assert response.status_code == 422, response.text
    locs = {tuple(e["loc"]) for e in error_of(response)["details"]["errors"]}
    assert locs == {
        ("cases", 0, "payload", "data_version"),
        ("cases", 0, "payload", "materials", 0, "count"),
    }


def test_an_oversize_chunked_body_is_413_before_it_ends_and_unauthenticated(
    central: RunningCentral,
) -> None:
    """No Content-Length and no signature: the platform answers 413 as soon as the body
    crosses the limit (64 KiB unsigned, ``BodyBounds``) while the rest was never sent."""
    host, port = central.url.removeprefix("http://").rsplit(":", 1)
    chunk = b"x" * 50_000
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(
            b"POST /v1/cases:batch HTTP/1.1\r\nHost: platform\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        try:
            for _ in range(7):  # 350,000 bytes, and the closing empty chunk never comes
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the platform answered and closed while these were still on their way
        answer = read_until_closed(conn)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), head
    assert json.loads(body)["error"]["code"] == "body_too_large"


def read_until_closed(conn: socket.socket) -> bytes:
    answer = b""
    try:
        while data := conn.recv(65536):
            answer += data
    except ConnectionResetError:
        pass  # closed with body bytes unread: what was answered before is kept
    return answer
