"""一事一评 from the progress page at the window: the platform's progress feed brings it, a
new version carries it beside the hall's own rating, and a bad one opens the case's one
follow-up like the hall's (``apply_online_evaluation``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from counter_app.domain.evaluation import FollowupLimits, followup_due
from counter_app.services import intake
from counter_app.services.evaluations import (
    EvaluationRejected,
    apply_online_evaluation,
    list_followups,
    record_evaluation,
)
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store.calendar import working_calendar
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

RATED_AT = datetime(2026, 9, 24, 6, 0, tzinfo=UTC)


@pytest.fixture
def case_id(intake_store: Store, clerk) -> str:
    item = item_named(intake_store, "老年综合津贴申领")
    return intake.accept(
        intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT
    ).case_id


def test_an_online_rating_is_a_new_version_beside_the_halls(intake_store, case_id) -> None:
    record_evaluation(intake_store, case_id, 4, actor="clerk1", now=MOMENT)
    taken_by = case_plaintext.case_document(intake_store, case_id)["clerk"]
    assert apply_online_evaluation(intake_store, case_id, 5, None, RATED_AT)
    document = case_plaintext.case_document(intake_store, case_id)
    assert document["data_version"] == 3
    assert document["evaluation"]["level"] == 4
    assert document["online_evaluation"] == {
        "channel": "online",
        "level": 5,
        "declined": False,
        "reason_code": None,
        "reason": None,
        "window": intake_store.config.hall.window_code,
        "clerk": taken_by,
        "at": "2026-09-24T06:00:00.000000Z",
    }
    assert "evaluation_followup" not in document
    events = history_rows.case_history(intake_store, case_id).events
    assert (events[-1].kind, events[-1].actor) == ("evaluation", "platform")
    audit = intake_store.audit.entries(limit=1000)
    assert [e["action"] for e in audit if e["target"] == case_id][-1] == "case.evaluation_online"
    # The feed repeating itself changes nothing.
    assert not apply_online_evaluation(intake_store, case_id, 5, None, RATED_AT)
    assert case_plaintext.case_document(intake_store, case_id)["data_version"] == 3


def test_a_bad_online_rating_opens_the_follow_up_and_the_halls_later_one_adds_none(
    intake_store, case_id
) -> None:
    assert apply_online_evaluation(intake_store, case_id, 1, "waiting", RATED_AT)
    (followup,) = list_followups(intake_store, today=date(2026, 9, 24))
    taken_by = case_plaintext.case_document(intake_store, case_id)["clerk"]
    assert (followup.level, followup.reason_code, followup.clerk) == (1, "waiting", taken_by)
    assert followup.state == "open" and followup.reason is None
    # "1·5·15" counts from the day the applicant rated, not the day the feed brought it.
    limits = FollowupLimits(
        *(
            getattr(intake_store.config.hall, f"followup_{k}_days")
            for k in ("contact", "settle", "rectify")
        )
    )
    assert followup.due == followup_due(RATED_AT.date(), limits, working_calendar(intake_store))
    assert case_plaintext.case_document(intake_store, case_id)["evaluation_followup"]["steps"] == []

    record_evaluation(
        intake_store,
        case_id,
        2,
        reason_code="attitude",
        reason="态度差",
        actor="clerk1",
        now=MOMENT,
    )
    (still,) = list_followups(intake_store, today=date(2026, 9, 24))
    assert (still.level, still.reason_code, still.opened_at) == (1, "waiting", followup.opened_at)


def test_after_a_bad_hall_rating_a_bad_online_one_adds_no_second_follow_up(
    intake_store, case_id
) -> None:
    record_evaluation(
        intake_store,
        case_id,
        2,
        reason_code="attitude",
        reason="态度差",
        actor="clerk1",
        now=MOMENT,
    )
    assert apply_online_evaluation(intake_store, case_id, 1, "waiting", RATED_AT)
    (followup,) = list_followups(intake_store, today=date(2026, 9, 24))
    assert (followup.level, followup.reason_code, followup.reason) == (2, "attitude", "态度差")


@pytest.mark.parametrize(("level", "code"), [(7, None), (2, None), (2, "no-such-reason")])
def test_a_rating_the_hall_would_refuse_is_refused(intake_store, case_id, level, code) -> None:
    with pytest.raises(EvaluationRejected):
        apply_online_evaluation(intake_store, case_id, level, code, RATED_AT)
    assert case_plaintext.case_document(intake_store, case_id)["data_version"] == 1
