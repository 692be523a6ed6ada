"""A notified case continued when the applicant returns (一次性告知 → 受理): the same case,
the materials already checked carried over, the promised date counted from the acceptance
day in working days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from counter_app.domain.checklist import MaterialStatus
from counter_app.errors import IllegalTransition
from counter_app.services import intake, later_materials
from counter_app.services.intake_checks import IntakeRejected
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"
# 2026-09-30, 10:00 in Shanghai: the day before the National Day holidays (Oct 1-7).
RETURN = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)


def test_returned_applicant_is_accepted_on_the_same_case(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    notified = intake.notify(intake_store, request_for(item, marks[:1]), clerk, now=MOMENT)

    version = later_materials.accept_returned(
        intake_store, notified.case_id, clerk, [m.code for m in marks[1:]], now=RETURN
    )

    assert version == 2
    record = case_rows.get_case(intake_store, notified.case_id)
    assert record.state == "accepted"
    assert record.accepted_at is not None and record.accepted_at.startswith("2026-09-30")
    # Counted from the acceptance day, not the notice's, and over the holidays.
    first_working_after_holiday = date(2026, 10, 9)
    assert date.fromisoformat(record.promised_date) >= first_working_after_holiday
    document = case_plaintext.case_document(intake_store, notified.case_id)
    assert document["promised_date"] == record.promised_date
    assert document["accepted_at"] == record.accepted_at
    assert document["shortfalls"] == []
    statuses = {m["code"]: m["status"] for m in document["materials"] if m["required"]}
    assert statuses == {m.code: MaterialStatus.RECEIVED.value for m in marks}


def test_still_missing_material_keeps_the_case_notified(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    notified = intake.notify(intake_store, request_for(item, marks[:1]), clerk, now=MOMENT)
    with pytest.raises(IntakeRejected) as refused:
        later_materials.accept_returned(
            intake_store, notified.case_id, clerk, [m.code for m in marks[1:-1]], now=RETURN
        )
    assert refused.value.problems[0].field == f"materials.{marks[-1].code}"
    with pytest.raises(IntakeRejected) as unknown:
        later_materials.accept_returned(intake_store, notified.case_id, clerk, ["NOPE"], now=RETURN)
    assert unknown.value.problems[0].field == "received"
    assert case_rows.get_case(intake_store, notified.case_id).state == "notified"


def test_only_a_notified_case_is_continued(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    accepted = intake.accept(
        intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT
    )
    with pytest.raises(IllegalTransition):
        later_materials.accept_returned(intake_store, accepted.case_id, clerk, [], now=RETURN)


def test_accepting_a_returned_applicant_against_the_rule_needs_a_reason(intake_store, clerk):
    # The notice needed none; accepting after it asks the same question as intake.
    item = item_named(intake_store, "敬老卡申领")  # S01: 本市户籍65周岁以上; born 1980
    marks = complete_marks(item)
    notified = intake.notify(intake_store, request_for(item, marks[:1]), clerk, now=MOMENT)
    codes = [m.code for m in marks[1:]]
    with pytest.raises(IntakeRejected) as caught:
        later_materials.accept_returned(intake_store, notified.case_id, clerk, codes, now=RETURN)
    assert [p.field for p in caught.value.problems] == ["eligibility_reason"]
    assert case_rows.get_case(intake_store, notified.case_id).state == "notified"

    reason = "出生日期登记有误，已核验户口簿"
    later_materials.accept_returned(
        intake_store, notified.case_id, clerk, codes, now=RETURN, eligibility_reason=reason
    )
    document = case_plaintext.case_document(intake_store, notified.case_id)
    assert document["eligibility_override"]["reason"] == reason
    assert [c["code"] for c in document["eligibility_override"]["concerns"]] == ["age"]
    event = history_rows.case_history(intake_store, notified.case_id).events[-1]
    assert event.detail["eligibility_reason"] == reason
