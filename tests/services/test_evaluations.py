"""好差评 at the core: a rating (or the applicant declining) is a synced case version with
the national fields; a bad rating names a reason category and opens a follow-up due in the
hall's working days ("1·5·15"), worked through step by step, overdue when a limit passes."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.evaluation import FollowupState, FollowupStep
from counter_app.errors import NotFound
from counter_app.services import case_endings, intake
from counter_app.services.evaluations import (
    REASON_MAX_CHARS,
    EvaluationRejected,
    get_evaluation,
    list_followups,
    record_evaluation,
    record_followup_step,
)
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"


@pytest.fixture
def case_id(intake_store: Store, clerk) -> str:
    item = item_named(intake_store, ALLOWANCE)
    return intake.accept(
        intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT
    ).case_id


def _outbox_versions(store: Store, case_id: str) -> list[int]:
    return [
        row[0]
        for row in store.db.execute(
            "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version", (case_id,)
        )
    ]


def test_a_rating_is_a_new_synced_version_with_the_national_fields(intake_store, case_id) -> None:
    evaluation = record_evaluation(intake_store, case_id, 5, actor="clerk1", now=MOMENT)
    assert get_evaluation(intake_store, case_id) == evaluation
    assert (evaluation.level, evaluation.declined, evaluation.reason) == (5, False, None)
    document = CaseDocument.from_json(case_plaintext.case_document(intake_store, case_id))
    assert document.data_version == 2 and _outbox_versions(intake_store, case_id) == [1, 2]
    rating = document.evaluation
    assert rating is not None
    assert (rating.channel, rating.level, rating.window, rating.clerk, rating.at) == (
        "hall_evaluator",
        5,
        intake_store.config.hall.window_code,
        "clerk1",
        "2026-09-24T02:00:00.000000Z",
    )
    assert document.evaluation_followup is None
    events = history_rows.case_history(intake_store, case_id).events
    assert (events[-1].kind, events[-1].actor) == ("evaluation", "clerk1")
    assert events[-1].detail["level"] == 5
    audit = intake_store.audit.entries(limit=1000)
    assert [e["action"] for e in audit if e["target"] == case_id][-1] == "case.evaluation"
    assert intake_store.audit.verify() == []


def test_declining_to_rate_is_recorded_too(intake_store, case_id) -> None:
    evaluation = record_evaluation(intake_store, case_id, None, actor="clerk1")
    assert (evaluation.level, evaluation.declined) == (None, True)
    document = case_plaintext.case_document(intake_store, case_id)
    assert document["evaluation"]["declined"] is True
    assert document["evaluation"]["level"] is None
    assert _outbox_versions(intake_store, case_id) == [1, 2]
    assert list_followups(intake_store) == []


@pytest.mark.parametrize("level", [1, 2])
def test_a_bad_rating_needs_a_reason_category(intake_store, case_id, level) -> None:
    with pytest.raises(EvaluationRejected) as raised:
        record_evaluation(intake_store, case_id, level, reason="太慢", actor="clerk1")
    assert raised.value.field == "reason_code"
    assert "原因类别" in raised.value.zh and "reason category" in raised.value.en
    with pytest.raises(EvaluationRejected):
        record_evaluation(intake_store, case_id, level, reason_code="nonsense", actor="clerk1")
    assert get_evaluation(intake_store, case_id) is None
    stored = record_evaluation(
        intake_store, case_id, level, reason_code="waiting", reason=" 等候太久 ", actor="clerk1"
    )
    assert (stored.reason_code, stored.reason) == ("waiting", "等候太久")


def test_a_good_rating_takes_no_reason(intake_store, case_id) -> None:
    with pytest.raises(EvaluationRejected):
        record_evaluation(intake_store, case_id, 4, reason_code="waiting", actor="clerk1")


@pytest.mark.parametrize("level", [0, 6, -1])
def test_only_five_levels(intake_store, case_id, level) -> None:
    with pytest.raises(EvaluationRejected) as raised:
        record_evaluation(intake_store, case_id, level, actor="clerk1")
    assert raised.value.field == "level"


def test_an_overlong_reason_is_refused(intake_store, case_id) -> None:
    with pytest.raises(EvaluationRejected):
        record_evaluation(
            intake_store,
            case_id,
            1,
            reason_code="other",
            reason="慢" * (REASON_MAX_CHARS + 1),
            actor="clerk1",
        )


def test_a_case_is_rated_once(intake_store, case_id) -> None:
    record_evaluation(intake_store, case_id, None, actor="clerk1")
    with pytest.raises(EvaluationRejected) as raised:
        record_evaluation(intake_store, case_id, 5, actor="clerk1")
    assert "已评价" in raised.value.zh
    assert _outbox_versions(intake_store, case_id) == [1, 2]


def test_a_withdrawn_case_can_still_be_rated(intake_store, case_id, clerk) -> None:
    case_endings.withdraw(intake_store, case_id, clerk, "不办了", applicant_confirmed=True)
    record_evaluation(intake_store, case_id, 3, actor="clerk1")
    assert case_plaintext.case_document(intake_store, case_id)["state"] == "withdrawn"


def test_an_unknown_case_cannot_be_rated(intake_store) -> None:
    with pytest.raises(NotFound):
        record_evaluation(intake_store, "00000000-0000-4000-8000-000000000000", 5, actor="c")


def test_a_bad_rating_opens_a_follow_up_due_in_working_days(intake_store, case_id) -> None:
    # Rated Thursday 24 September 2026; Friday 25 is 中秋节 and 1-7 October 国庆节, so the
    # "1·5·15" working days end on Monday 28 September, 9 October and 22 October.
    record_evaluation(intake_store, case_id, 1, reason_code="attitude", actor="clerk1", now=MOMENT)
    (followup,) = list_followups(intake_store, today=date(2026, 9, 24))
    assert (followup.level, followup.reason_code, followup.state) == (1, "attitude", "open")
    assert (followup.due.contact, followup.due.settle, followup.due.rectify) == (
        date(2026, 9, 28),
        date(2026, 10, 9),
        date(2026, 10, 22),
    )
    assert followup.overdue == []
    synced = case_plaintext.case_document(intake_store, case_id)["evaluation_followup"]
    assert (
        synced["due_contact"],
        synced["due_settle"],
        synced["due_rectify"],
        synced["steps"],
    ) == (
        "2026-09-28",
        "2026-10-09",
        "2026-10-22",
        [],
    )


def test_overdue_limits_stand_out_until_their_step_is_recorded(intake_store, case_id) -> None:
    record_evaluation(intake_store, case_id, 2, reason_code="waiting", actor="clerk1", now=MOMENT)
    on_due_day = list_followups(intake_store, today=date(2026, 9, 28))[0]
    assert on_due_day.overdue == []
    late = list_followups(intake_store, today=date(2026, 10, 12))[0]
    assert late.overdue == ["contact", "settle"]
    record_followup_step(
        intake_store, case_id, FollowupStep.UNREACHABLE, "电话无人接听", by="chief1"
    )
    assert list_followups(intake_store, today=date(2026, 10, 12))[0].overdue == ["settle"]
    assert list_followups(intake_store, today=date(2026, 10, 23))[0].overdue == [
        "settle",
        "rectify",
    ]


def test_the_supervisor_works_the_follow_up_through_to_rectification(intake_store, case_id) -> None:
    record_evaluation(intake_store, case_id, 1, reason_code="attitude", actor="clerk1")
    with pytest.raises(EvaluationRejected) as early:
        record_followup_step(intake_store, case_id, FollowupStep.FINDING, "x", by="chief1")
    assert early.value.field == "step"
    with pytest.raises(EvaluationRejected) as empty:
        record_followup_step(intake_store, case_id, FollowupStep.CONTACTED, "  ", by="chief1")
    assert empty.value.field == "note"
    steps = [
        (FollowupStep.CONTACTED, "已电话联系申请人", FollowupState.CONTACTED),
        (FollowupStep.FINDING, "窗口人员解释不耐心", FollowupState.FOUND),
        (FollowupStep.RECTIFIED, "已约谈并培训", FollowupState.RECTIFIED),
    ]
    for step, note, state in steps:
        assert record_followup_step(intake_store, case_id, step, note, by="chief1") == state
    with pytest.raises(EvaluationRejected):
        record_followup_step(intake_store, case_id, FollowupStep.APPEAL, "x", by="chief1")
    document = case_plaintext.case_document(intake_store, case_id)
    assert [(s["step"], s["by"]) for s in document["evaluation_followup"]["steps"]] == [
        ("contacted", "chief1"),
        ("finding", "chief1"),
        ("rectified", "chief1"),
    ]
    assert document["data_version"] == 5 and _outbox_versions(intake_store, case_id)[-1] == 5
    (followup,) = list_followups(intake_store, today=date(2027, 1, 1))
    assert (followup.state, followup.overdue) == ("rectified", [])
    assert followup.last_note == "已约谈并培训"
    actions = [e["action"] for e in intake_store.audit.entries(limit=1000)]
    assert actions.count("case.evaluation_followup") == 3


def test_a_step_needs_a_bad_rating(intake_store, case_id) -> None:
    record_evaluation(intake_store, case_id, 5, actor="clerk1")
    with pytest.raises(EvaluationRejected) as raised:
        record_followup_step(intake_store, case_id, FollowupStep.CONTACTED, "x", by="chief1")
    assert raised.value.field == "case"


def test_the_rating_is_the_clerks_who_took_the_case_not_the_recorders(
    intake_store, case_id
) -> None:
    record_evaluation(intake_store, case_id, 1, reason_code="attitude", actor="chief1", now=MOMENT)
    document = case_plaintext.case_document(intake_store, case_id)
    assert (document["evaluation"]["clerk"], document["evaluation"]["window"]) == (
        document["clerk"],
        document["window"],
    )
    assert document["clerk"] == "clerk1"
    stored = intake_store.db.execute(
        "SELECT clerk FROM evaluations WHERE case_id = ?", (case_id,)
    ).fetchone()
    assert stored == ("clerk1",)
    (followup,) = list_followups(intake_store, today=MOMENT.date())
    assert followup.clerk == "clerk1"
    # Who entered it is kept where an actor belongs: the event and the audit entry.
    events = history_rows.case_history(intake_store, case_id).events
    assert (events[-1].kind, events[-1].actor) == ("evaluation", "chief1")
    audit = intake_store.audit.entries(limit=1000)
    (entry,) = [e for e in audit if e["action"] == "case.evaluation"]
    assert (entry["actor"], entry["target"]) == ("chief1", case_id)


def test_a_voided_case_is_not_rated(intake_store, case_id, clerk, supervisor) -> None:
    case_endings.void_case(intake_store, case_id, clerk, supervisor, "录入错误")
    versions = _outbox_versions(intake_store, case_id)
    with pytest.raises(EvaluationRejected) as raised:
        record_evaluation(intake_store, case_id, 1, reason_code="attitude", actor="clerk1")
    assert "作废" in raised.value.zh and "voided" in raised.value.en
    assert get_evaluation(intake_store, case_id) is None
    assert list_followups(intake_store) == []
    assert _outbox_versions(intake_store, case_id) == versions


def test_the_follow_up_names_whom_to_call_with_the_phone_masked(intake_store, case_id) -> None:
    record_evaluation(intake_store, case_id, 2, reason_code="waiting", actor="clerk1")
    (followup,) = list_followups(intake_store)
    assert followup.applicant_name == "张𠮷"
    assert followup.applicant_masked_phone is not None
    assert "13900000000" not in followup.applicant_masked_phone
    assert followup.applicant_masked_phone[:3] == "139"
