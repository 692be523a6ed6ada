"""A hall's appeal of a bad rating (国办发〔2019〕51号): filed by a supervisor, it waits for
the platform's city-level reviewer with the follow-up still open and its "1·5·15" limits
running (an appeal never clears a missed deadline by itself); the decision comes with the
progress feed. Upheld closes the follow-up and takes the bad rating out of the figures;
rejected leaves the follow-up where it stood, and the rating is not appealed again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from counter_app.domain.evaluation import AppealState, FollowupState, FollowupStep
from counter_app.domain.hall_time import hall_today
from counter_app.services import intake
from counter_app.services.evaluations import (
    EvaluationRejected,
    apply_appeal_decision,
    list_followups,
    record_evaluation,
    record_followup_step,
)
from counter_app.services.statistics import Period, compute
from counter_app.store import case_plaintext, rating_writes
from counter_app.store.database import Store
from counter_app.store.migrations.case_records import m0045_appeals_wait_for_the_platform
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"
DECIDED = datetime(2026, 9, 25, 3, 0, tzinfo=UTC)
# Long after every limit of a rating given on MOMENT's day.
LATE = date(2026, 12, 1)


@pytest.fixture
def case_id(intake_store: Store, clerk) -> str:
    item = item_named(intake_store, ALLOWANCE)
    case = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    record_evaluation(
        intake_store, case.case_id, 1, reason_code="other", reason="乱评", actor="c1", now=MOMENT
    )
    return case.case_id


def _followup(store: Store, today: date = LATE):
    (followup,) = list_followups(store, today=today)
    return followup


def test_an_appeal_waits_for_the_platform_and_the_missed_limits_stay_missed(
    intake_store, case_id
) -> None:
    state = record_followup_step(
        intake_store, case_id, FollowupStep.APPEAL, "申请人误操作，申诉", by="chief1"
    )
    assert state == FollowupState.OPEN  # not closed: the reviewer decides
    followup = _followup(intake_store)
    assert followup.appeal == AppealState.PENDING
    assert followup.overdue == ["contact", "settle", "rectify"]
    document = case_plaintext.case_document(intake_store, case_id)
    assert [s["step"] for s in document["evaluation_followup"]["steps"]] == ["appeal"]

    with pytest.raises(EvaluationRejected) as again:
        record_followup_step(intake_store, case_id, FollowupStep.APPEAL, "再次申诉", by="chief1")
    assert "等待平台审核" in again.value.zh
    with pytest.raises(EvaluationRejected) as own:
        record_followup_step(intake_store, case_id, FollowupStep.APPEAL_UPHELD, "成立", by="chief1")
    assert "市级平台" in own.value.zh and "reviewer" in own.value.en
    # The supervisor goes on with the follow-up meanwhile.
    assert (
        record_followup_step(intake_store, case_id, FollowupStep.CONTACTED, "已联系", by="chief1")
        == FollowupState.CONTACTED
    )


def test_an_upheld_appeal_closes_the_follow_up_and_leaves_the_figures(
    intake_store, case_id
) -> None:
    record_followup_step(intake_store, case_id, FollowupStep.APPEAL, "恶意差评", by="chief1")
    day = hall_today(MOMENT)
    before = compute(intake_store, Period(day, day)).satisfaction
    assert (before.rated, before.levels[0]) == (1, 1)

    decided = dict(upheld=True, reason="录像显示系误操作", by="reviewer1", at=DECIDED)
    assert apply_appeal_decision(intake_store, case_id, **decided)
    assert not apply_appeal_decision(intake_store, case_id, **decided)  # a repeated feed item

    followup = _followup(intake_store)
    assert (followup.state, followup.appeal, followup.overdue) == (
        FollowupState.APPEALED,
        AppealState.UPHELD,
        [],
    )
    assert followup.last_note == "录像显示系误操作"
    document = case_plaintext.case_document(intake_store, case_id)
    assert document["evaluation_followup"]["steps"][-1] == {
        "step": "appeal_upheld",
        "note": "录像显示系误操作",
        "by": "reviewer1",
        "at": "2026-09-25T03:00:00.000000Z",
    }
    after = compute(intake_store, Period(day, day)).satisfaction
    assert (after.rated, after.levels[0], after.not_rated) == (0, 0, before.not_rated + 1)
    with pytest.raises(EvaluationRejected):
        record_followup_step(intake_store, case_id, FollowupStep.CONTACTED, "x", by="chief1")


def test_a_rejected_appeal_leaves_the_follow_up_where_it_was(intake_store, case_id) -> None:
    record_followup_step(intake_store, case_id, FollowupStep.CONTACTED, "已联系", by="chief1")
    record_followup_step(intake_store, case_id, FollowupStep.APPEAL, "恶意差评", by="chief1")
    assert apply_appeal_decision(
        intake_store, case_id, upheld=False, reason="证据不足", by="reviewer1", at=DECIDED
    )
    followup = _followup(intake_store)
    assert (followup.state, followup.appeal) == (FollowupState.CONTACTED, AppealState.REJECTED)
    assert followup.overdue == ["settle", "rectify"]
    with pytest.raises(EvaluationRejected) as again:
        record_followup_step(intake_store, case_id, FollowupStep.APPEAL, "再申诉", by="chief1")
    assert "不能再次申诉" in again.value.zh
    day = hall_today(MOMENT)
    assert compute(intake_store, Period(day, day)).satisfaction.levels[0] == 1


def test_a_decision_without_an_appeal_here_is_refused(intake_store, case_id) -> None:
    with pytest.raises(EvaluationRejected) as raised:
        apply_appeal_decision(
            intake_store, case_id, upheld=True, reason="x", by="reviewer1", at=DECIDED
        )
    assert raised.value.field == "appeal"
    assert _followup(intake_store).appeal is None


def test_a_follow_up_an_appeal_closed_before_reopens_with_the_upgrade(
    intake_store, case_id
) -> None:
    # As the earlier release left it: the hall's own appeal had closed the follow-up.
    with intake_store.transaction() as db:
        for step, state in (("contacted", "contacted"), ("appeal", "appealed")):
            rating_writes.record_followup_step(
                db, case_id=case_id, step=step, note="n", by="chief1", at="t", state=state
            )
    assert _followup(intake_store).state == FollowupState.APPEALED
    m0045_appeals_wait_for_the_platform(intake_store.db)
    followup = _followup(intake_store)
    assert (followup.state, followup.appeal) == (FollowupState.CONTACTED, AppealState.PENDING)
    assert followup.overdue == ["settle", "rectify"]
