"""好差评 at the core: five levels, a reason below 3, one rating per case, event and audit."""

from __future__ import annotations

import pytest

from counter_app.errors import NotFound
from counter_app.services import intake
from counter_app.services.evaluations import (
    REASON_MAX_CHARS,
    EvaluationRejected,
    get_evaluation,
    record_evaluation,
)
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"


@pytest.fixture
def case_id(intake_store: Store, clerk) -> str:
    item = item_named(intake_store, ALLOWANCE)
    return intake.accept(
        intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT
    ).case_id


def test_a_good_rating_is_stored_with_an_event_and_an_audit_entry(intake_store, case_id) -> None:
    evaluation = record_evaluation(intake_store, case_id, 5, "  ", actor="clerk1")
    assert get_evaluation(intake_store, case_id) == evaluation
    assert (evaluation.level, evaluation.reason) == (5, None)
    events = case_rows.case_history(intake_store, case_id).events
    assert (events[-1].kind, events[-1].actor, events[-1].detail) == (
        "evaluation",
        "clerk1",
        {"level": 5},
    )
    audit = intake_store.audit.entries(limit=1000)
    assert [e["action"] for e in audit if e["target"] == case_id][-1] == "case.evaluation"
    assert intake_store.audit.verify() == []


@pytest.mark.parametrize("level", [1, 2])
def test_a_bad_rating_needs_a_reason(intake_store, case_id, level) -> None:
    with pytest.raises(EvaluationRejected) as raised:
        record_evaluation(intake_store, case_id, level, "   ", actor="clerk1")
    assert raised.value.field == "reason"
    assert "原因" in raised.value.zh and "why" in raised.value.en
    assert get_evaluation(intake_store, case_id) is None
    stored = record_evaluation(intake_store, case_id, level, " 等候太久 ", actor="clerk1")
    assert stored.reason == "等候太久"


@pytest.mark.parametrize("level", [0, 6, -1])
def test_only_five_levels(intake_store, case_id, level) -> None:
    with pytest.raises(EvaluationRejected) as raised:
        record_evaluation(intake_store, case_id, level, "x", actor="clerk1")
    assert raised.value.field == "level"


def test_an_overlong_reason_is_refused(intake_store, case_id) -> None:
    with pytest.raises(EvaluationRejected):
        record_evaluation(intake_store, case_id, 1, "慢" * (REASON_MAX_CHARS + 1), actor="clerk1")


def test_rating_again_replaces_the_rating_and_keeps_both_events(intake_store, case_id) -> None:
    record_evaluation(intake_store, case_id, 2, "窗口人员态度", actor="clerk1")
    record_evaluation(intake_store, case_id, 4, "", actor="clerk1")
    current = get_evaluation(intake_store, case_id)
    assert current is not None and (current.level, current.reason) == (4, None)
    kinds = [e.kind for e in case_rows.case_history(intake_store, case_id).events]
    assert kinds.count("evaluation") == 2


def test_an_unknown_case_cannot_be_rated(intake_store) -> None:
    with pytest.raises(NotFound):
        record_evaluation(intake_store, "00000000-0000-4000-8000-000000000000", 5, actor="c")
