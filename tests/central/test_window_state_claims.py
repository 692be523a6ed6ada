"""What a window may claim of a case's state and version on the platform: the shared state
machine's window moves from where the platform holds the case, the states a window's case
starts in, every version in turn; anything else is kept in conflict for a supervisor and the
case stays where it stood. A case dated ahead of its arrival is flagged for the hall queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from central.simulator import SimulatedDevice
from central.store import CentralStore, progress
from central.store import cases as case_store
from tests.central.case_versions import version_of
from tests.central.conftest import push_ok


def _outcome(device: SimulatedDevice, submission: dict[str, Any]) -> tuple[str, str | None]:
    (result,) = push_ok(device, [submission])
    return result["status"], result.get("reason")


def _held(store: CentralStore, hall: str, case: dict[str, Any]) -> tuple[int, str]:
    (held,) = [
        c
        for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=hall))
        if c["case_id"] == case["case_id"]
    ]
    return held["data_version"], held["state"]


def test_a_window_cannot_declare_the_departments_decision(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = device.case()
    push_ok(device, [case])

    kept = push_ok(device, [version_of(device, case, 2, state="completed_approved")])[0]

    assert (kept["status"], kept["reason"]) == ("conflict", "illegal_transition")
    assert "已受理" in kept["message_zh"] and "办结（准予）" in kept["message_zh"]
    assert "a window may not make it 'Completed, approved'" in kept["message_en"]
    for version, state in ((3, "result_ready"), (4, "delivered")):
        assert _outcome(device, version_of(device, case, version, state=state)) == (
            "conflict",
            "illegal_transition",
        )
    assert _held(store, device.hall, case) == (1, "accepted")
    assert [(c["data_version"], c["reason"]) for c in case_store.conflicts(store, device.hall)] == [
        (2, "illegal_transition"),
        (3, "illegal_transition"),
        (4, "illegal_transition"),
    ]


def test_the_window_hands_over_a_result_the_platform_made_ready_and_cannot_reopen_it(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = device.case()
    push_ok(device, [case])
    for step in ("in_process", "completed_approved", "result_ready"):
        progress.record_progress(store, case["case_no"], step, "")

    assert _outcome(device, version_of(device, case, 2, state="delivered")) == ("stored", None)
    assert _outcome(device, version_of(device, case, 3, state="accepted")) == (
        "conflict",
        "illegal_transition",
    )
    assert _held(store, device.hall, case) == (2, "delivered")


def test_a_new_case_starts_where_a_window_can_take_it(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    decided = device.case()
    decided = version_of(device, decided, 1, state="completed_approved")
    refused = device.case()
    refused = version_of(device, refused, 1, state="refused")

    kept, stored = push_ok(device, [decided, refused])

    assert (kept["status"], kept["reason"]) == ("conflict", "illegal_transition")
    assert "已接件" in kept["message_zh"]
    assert stored["status"] == "stored"
    assert [
        c["case_id"]
        for c in case_store.chosen_cases(store, case_store.CaseChoice(hall=device.hall))
    ] == [refused["case_id"]]


def test_a_version_that_skips_numbers_is_kept_but_one_after_a_refused_version_is_not(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = device.case()
    push_ok(device, [case])

    kept = push_ok(device, [version_of(device, case, 999999)])[0]
    assert (kept["status"], kept["reason"]) == ("conflict", "version_gap")
    assert "999997" in kept["message_zh"]
    skipped_first = device.case()
    assert _outcome(device, version_of(device, skipped_first, 2)) == ("conflict", "version_gap")

    damaged = {**version_of(device, case, 2, remarks="edit"), "content_hash": "0" * 64}
    assert _outcome(device, damaged)[0] == "rejected"
    assert _outcome(device, version_of(device, case, 3, remarks="edit")) == ("stored", None)
    assert _held(store, device.hall, case) == (3, "accepted")


def test_a_window_ending_a_case_after_a_back_office_step_it_had_not_pulled_is_kept(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    case = device.case()
    push_ok(device, [case])
    progress.record_progress(store, case["case_no"], "in_process", "")

    kept = push_ok(device, [version_of(device, case, 2, state="voided")])[0]

    assert (kept["status"], kept["reason"]) == ("conflict", "ended_after_step")
    assert "办理中" in kept["message_zh"] and "已作废" in kept["message_zh"]
    assert "a window may not end it" in kept["message_en"]
    # Refusing is no move a window makes of an accepted case at all.
    assert _outcome(device, version_of(device, case, 3, state="refused")) == (
        "conflict",
        "illegal_transition",
    )
    assert _held(store, device.hall, case) == (1, "in_process")


def test_an_edit_written_before_a_step_was_pulled_is_stored_and_the_step_stands(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    edited, corrected = device.case(), device.case()
    push_ok(device, [edited, corrected])
    progress.record_progress(store, edited["case_no"], "in_process", "")
    progress.record_progress(
        store, corrected["case_no"], "correction_requested", "", materials=["M01"]
    )

    results = push_ok(
        device,
        [
            version_of(device, edited, 2, remarks="a late edit"),
            version_of(device, corrected, 2, state="in_process"),
        ],
    )

    assert [r["status"] for r in results] == ["stored", "stored"]
    assert _held(store, device.hall, edited) == (2, "in_process")
    assert _held(store, device.hall, corrected) == (2, "in_process")


def _flags(store: CentralStore, hall: str, case: dict[str, Any]) -> list[list[str]]:
    return [s["flags"] for s in case_store.case_history(store, hall, case["case_id"])]


def test_a_case_dated_ahead_of_its_arrival_is_flagged_and_stays_flagged(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device = enrol()
    ahead, updated_ahead, past = device.case(), device.case(), device.case()
    ahead = version_of(device, ahead, 1, received_at="2999-01-01T09:00:00.000000Z")
    updated_ahead = version_of(device, updated_ahead, 1, updated_at="2999-01-01T09:00:00Z")
    past = version_of(device, past, 1, received_at="2000-01-03T09:00:00.000000Z")
    push_ok(device, [ahead, updated_ahead, past])

    assert _flags(store, device.hall, ahead) == [["dated_ahead"]]
    assert _flags(store, device.hall, updated_ahead) == [["dated_ahead"]]
    assert _flags(store, device.hall, past) == [[]]
    progress.record_progress(store, ahead["case_no"], "in_process", "")
    progress.record_progress(store, ahead["case_no"], "withdrawn", "the applicant withdrew")
    assert _flags(store, device.hall, ahead)[-1] == ["dated_ahead"]
