"""The duplicate checks read the applicant's other cases a batch at a time and write the
batch's applicant index rows a statement at a time (``central.store.applicants``), and flag
as before: a held case stands where the back office put it, and the newest of a case's
versions decides whose case it is, in one batch or across batches (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.simulator import SimulatedDevice
from central.store import CentralStore, progress
from counter_app.domain.hall_queue import SAME_APPLICANT_SAME_ITEM
from tests.central.applicant_cases import case_of, hall_queue_flags, new_person
from tests.central.conftest import push_ok

pytestmark = pytest.mark.integration


def _of_day(device: SimulatedDevice, case: dict[str, Any], day: str) -> dict[str, Any]:
    """``case`` numbered with another hall day (``YYYYMMDD``)."""
    case_no = case["case_no"].replace("-20261127-", f"-{day}-")
    payload = {**case["payload"], "case_no": case_no}
    return device.case(case_id=uuid.UUID(case["case_id"]), case_no=case_no, payload=payload)


def _version(
    device: SimulatedDevice, case: dict[str, Any], number: int, id_number: str
) -> dict[str, Any]:
    """Version ``number`` of ``case`` naming the applicant by ``id_number``."""
    payload = case["payload"]
    applicant = {**payload["applicant"], "id_number": id_number}
    return device.case(
        case_id=uuid.UUID(case["case_id"]),
        data_version=number,
        case_no=case["case_no"],
        payload={**payload, "data_version": number, "applicant": applicant},
    )


def test_a_held_case_stands_where_the_back_office_put_it(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device, later = enrol(), enrol()
    withdrawn_person, processed_person = new_person(), new_person()
    withdrawn = _of_day(device, case_of(device, withdrawn_person, "王五"), "20261126")
    processed = _of_day(device, case_of(device, processed_person, "赵六"), "20261126")
    push_ok(device, [withdrawn, processed])
    for case in (withdrawn, processed):
        progress.record_progress(store, case["case_no"], "in_process", "")
    # Its versions say 已受理; the platform withdrew it since: ended, and another day's.
    progress.record_progress(store, withdrawn["case_no"], "withdrawn", "申请人不再办理")
    retaken = case_of(later, withdrawn_person, "王五")
    still_open = case_of(later, processed_person, "赵六")
    push_ok(later, [retaken, still_open])
    flags = hall_queue_flags(later)
    assert flags[retaken["case_id"]] == []
    assert flags[still_open["case_id"]] == [SAME_APPLICANT_SAME_ITEM, processed["case_no"]]


def test_the_newest_version_decides_whose_case_it_is(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    device, other = enrol(), enrol()
    mistyped, corrected = new_person(), new_person()
    first = case_of(device, mistyped, "李四")
    # Two versions of one case in one batch: the second corrects the ID number.
    push_ok(device, [first, _version(device, first, 2, corrected)])
    again = case_of(other, corrected, "李四")
    unrelated = case_of(other, mistyped, "李四")
    push_ok(other, [again, unrelated])
    flags = hall_queue_flags(other)
    assert (flags[again["case_id"]], flags[unrelated["case_id"]]) == (
        [SAME_APPLICANT_SAME_ITEM, first["case_no"]],
        [],
    )
    # A later batch moves it back.
    push_ok(device, [_version(device, first, 3, mistyped)])
    with store.snapshot() as cur:
        row = store._exec(
            cur,
            "SELECT applicant_index FROM case_applicants WHERE case_id = ?",
            (first["case_id"],),
        ).fetchone()
    assert row == (store.sealer.holder_index(mistyped),)
