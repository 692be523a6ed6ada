"""The platform's reading of 好差评 from a case version: the row ``counter-central
evaluations`` lists (overdue limits as of the platform's today), the listing itself on
SQLite and PostgreSQL (newest version, one hall), and the hall queue's ``bad_rating`` flag
while the follow-up is open."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from central.simulator import SimulatedDevice, synthetic_payload
from central.store import CentralStore, evaluations
from central.store.case_summaries import COLUMNS, version_summary
from central.store.evaluations import evaluation_row
from counter_app.domain.case_document import CaseDocument
from tests.central.conftest import push_ok, unique_hall

STORED = Path(__file__).parents[1] / "domain" / "data" / "case_documents_before_typing.json"


def _rated(steps: list[str], document: dict[str, Any] | None = None) -> CaseDocument:
    if document is None:
        document = json.loads(STORED.read_text(encoding="utf-8"))[0]
    document["evaluation"] = {
        "channel": "hall_evaluator",
        "level": 2,
        "declined": False,
        "reason_code": "waiting",
        "reason": None,
        "window": "W03",
        "clerk": "clerk3",
        "at": "2026-09-24T02:00:00.000000Z",
    }
    document["evaluation_followup"] = {
        "opened_at": "2026-09-24T02:00:00.000000Z",
        "due_contact": "2026-09-28",
        "due_settle": "2026-10-09",
        "due_rectify": "2026-10-22",
        "steps": [
            {"step": step, "note": "n", "by": "chief1", "at": "2026-09-25T02:00:00.000000Z"}
            for step in steps
        ],
    }
    return CaseDocument.from_json(document)


def _flags(document: CaseDocument) -> list[str]:
    row = version_summary(document, hall="H1", window="W03", at="2026-09-24T02:00:00Z")
    return json.loads(row[COLUMNS.index("flags")])


def test_the_listing_row_says_what_is_overdue_on_the_platforms_day() -> None:
    row = evaluation_row(_rated([]), hall="H1", today=date(2026, 10, 12))
    assert row is not None
    assert (row["window"], row["clerk"], row["level"], row["reason_code"]) == (
        "W03",
        "clerk3",
        2,
        "waiting",
    )
    assert (row["followup"]["state"], row["followup"]["overdue"]) == ("open", ["contact", "settle"])
    contacted = evaluation_row(_rated(["contacted"]), hall="H1", today=date(2026, 10, 12))
    assert contacted is not None and contacted["followup"]["overdue"] == ["settle"]


def test_an_open_follow_up_flags_the_case_in_the_hall_queue() -> None:
    assert "bad_rating" in _flags(_rated(["contacted"]))
    assert "bad_rating" not in _flags(_rated(["contacted", "finding", "rectified"]))
    assert "bad_rating" not in _flags(_rated(["appeal"]))


@pytest.mark.integration
def test_the_listing_reads_the_newest_version_of_the_halls_cases(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    device, stranger = enrol(hall, "W3"), enrol()
    case_id = uuid.uuid4()
    first = synthetic_payload(
        case_id,
        1,
        device.case_number(case_id),
        hall=device.hall,
        window=device.window,
        device=device.number_device,
    )
    rated = _rated(["contacted"], first.to_json() | {"data_version": 2})
    push_ok(device, [device.case(case_id=case_id, payload=first.to_json())])
    assert evaluations.evaluations(store, hall) == []
    second = device.case(case_id=case_id, data_version=2, payload=rated.to_json())
    assert [r["status"] for r in push_ok(device, [second, device.case()])] == ["stored", "stored"]
    push_ok(stranger, [stranger.case()])
    (row,) = evaluations.evaluations(store, hall)
    assert (row["case_no"], row["hall"], row["level"]) == (first.case_no, hall, 2)
    assert [step["step"] for step in row["followup"]["steps"]] == ["contacted"]
