"""The hall queue carries no level for a bad rating whose appeal the platform upheld (a
city-level reviewer's decision, ``rating_appeal_decisions``): every other window's
statistics and end of day leave it out, as the accepting window's own do. A window's version
claiming the appeal upheld without that decision leaves the level where it was; a pending or
rejected appeal changes nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from central.simulator import SimulatedDevice, synthetic_payload
from central.store import CentralStore
from central.store.evaluations import REVIEW_REGISTER, decide_appeal
from central.store.staff import change_staff
from counter_app.domain.case_document import EvaluationRecord
from counter_app.domain.evaluation import EvaluationChannel
from tests.central.conftest import push_ok, read_all, unique_hall

pytestmark = pytest.mark.integration

AT = "2026-11-27T09:10:00.000000Z"
PASSWORD = "Review-2026-ok"


def _rated(
    device: SimulatedDevice,
    level: int,
    *steps: str,
    case_id: uuid.UUID | None = None,
    version: int = 1,
) -> dict[str, Any]:
    """Version ``version`` of a case rated ``level`` at the hall's evaluator, its follow-up
    with ``steps``."""
    case_id = case_id or uuid.uuid4()
    document = synthetic_payload(case_id, version, device.case_number(case_id))
    rating = EvaluationRecord(
        channel=EvaluationChannel.HALL_EVALUATOR,
        level=level,
        declined=False,
        reason_code="other" if level <= 2 else None,
        reason=None,
        window=device.window,
        clerk="sim",
        at=AT,
    )
    payload = document.model_copy(update={"evaluation": rating}).to_json()
    payload["evaluation_followup"] = {
        "opened_at": AT,
        "due_contact": "2026-11-28",
        "due_settle": "2026-12-04",
        "due_rectify": "2026-12-18",
        "steps": [{"step": step, "note": "n", "by": "chief1", "at": AT} for step in steps],
    }
    return device.case(case_id=case_id, data_version=version, payload=payload)


def _levels(device: SimulatedDevice) -> dict[str, Any]:
    """The newest level the hall queue carries of each case, as another window reads it."""
    items, _, _ = read_all(device, "hall_queue", limit=10)
    return {item["case_id"]: item["rating_level"] for item in items}


def test_only_the_platforms_upheld_decision_takes_the_level_out_of_the_queue(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    w1, w2 = enrol(hall, "W1"), enrol(hall, "W2")
    change_staff(
        store, REVIEW_REGISTER, "reviewer1", "add", by="test", role="supervisor", password=PASSWORD
    )
    cases = {
        "claimed": _rated(w1, 1, "appeal", "appeal_upheld"),  # no reviewer decided it
        "upheld": _rated(w1, 1, "contacted", "appeal"),
        "pending": _rated(w1, 2, "contacted", "appeal"),
        "rejected": _rated(w1, 1, "appeal", "appeal_rejected"),
    }
    push_ok(w1, list(cases.values()))
    upheld_id = uuid.UUID(cases["upheld"]["case_id"])

    decide_appeal(
        store,
        cases["upheld"]["case_no"],
        upheld=True,
        reason="录像显示系误操作",
        by="reviewer1",
        password=PASSWORD,
    )
    # The accepting window records the decision it took from its progress feed.
    push_ok(
        w1, [_rated(w1, 1, "contacted", "appeal", "appeal_upheld", case_id=upheld_id, version=2)]
    )

    levels = _levels(w2)
    assert {name: levels[case["case_id"]] for name, case in cases.items()} == {
        "claimed": 1,
        "upheld": None,
        "pending": 2,
        "rejected": 1,
    }
