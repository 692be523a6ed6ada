"""补正 and supervised edits of the applicant's data after acceptance: each a new data version
with its one outbox row, audited with the authenticated actor; a correction moves the
promised date by the working days the case waited for it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counter_app.errors import IllegalTransition, ValidationError
from counter_app.services import applicant_edits, case_endings, case_progress, corrections, intake
from counter_app.services.approval import SamePerson
from counter_app.services.auth import Accounts, User
from counter_app.services.intake_checks import IntakeRejected
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, PASSWORD, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"
# Monday 28 Sep 2026 and Tuesday 29 Sep 2026, 10:00 in Shanghai.
ASKED = datetime(2026, 9, 28, 2, 0, tzinfo=UTC)
BROUGHT = datetime(2026, 9, 29, 2, 0, tzinfo=UTC)


def _accepted(store: Store, clerk: User) -> intake.IntakeResult:
    item = item_named(store, ALLOWANCE)
    return intake.accept(store, request_for(item, complete_marks(item)), clerk, now=MOMENT)


def _asked(store: Store, clerk: User, **request: object) -> intake.IntakeResult:
    """An accepted allowance case the department asked to correct, on Monday 28 Sep."""
    accepted = _accepted(store, clerk)
    assert case_progress.apply_progress(
        store,
        accepted.case_id,
        "correction_requested",
        note="申请表签名不清",
        at=ASKED,
        **({"materials": ("M04",)} | request),  # type: ignore[arg-type]
    )
    return accepted


def _outbox(store: Store, case_id: str) -> list[int]:
    rows = store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version", (case_id,)
    )
    return [row[0] for row in rows]


def _audit(store: Store, case_id: str) -> list[tuple[str, str]]:
    rows = store.db.execute(
        "SELECT actor, action FROM audit_log WHERE target = ? ORDER BY seq", (case_id,)
    )
    return [(row[0], row[1]) for row in rows]


def test_the_request_says_what_to_correct(intake_store: Store, clerk: User) -> None:
    asked = _asked(intake_store, clerk, fields=("phone",))
    request = history_rows.open_correction_request(intake_store, asked.case_id)
    assert request is not None
    assert request.materials == ("M04",)
    assert request.fields == ("phone",)
    assert request.note == "申请表签名不清"
    assert request.requested_at.startswith("2026-09-28T02:00")
    # A progress step makes no data version: it came from the platform.
    assert _outbox(intake_store, asked.case_id) == [1]


def test_a_correction_returns_the_case_to_processing_and_moves_the_promised_date(
    intake_store: Store, clerk: User
) -> None:
    asked = _asked(intake_store, clerk)
    before = case_rows.get_case(intake_store, asked.case_id)
    assert before.promised_date == "2026-10-15"  # 10 working days from Thursday 24 Sep

    done = corrections.correct(intake_store, asked.case_no, clerk, ["M04"], now=BROUGHT)

    assert (done.data_version, done.state) == (2, "in_process")
    # Asked Monday, brought Tuesday: one working day waited, so one more is allowed.
    assert (done.promised_before, done.promised_date) == ("2026-10-15", "2026-10-16")
    after = case_rows.get_case(intake_store, asked.case_id)
    assert (after.state, after.promised_date, after.sync_state) == (
        "in_process",
        "2026-10-16",
        "pending",
    )
    document = case_plaintext.case_document(intake_store, asked.case_id)
    assert document["promised_date"] == "2026-10-16"
    assert document["statutory_date"] == "2026-10-30"  # 20 working days, +1
    (record,) = document["corrections"]
    assert record["materials"] == ["M04"]
    assert record["note"] == "申请表签名不清"
    assert record["waited_working_days"] == 1
    assert record["promised_before"] == "2026-10-15"
    assert _outbox(intake_store, asked.case_id) == [1, 2]
    assert ("clerk1", "case.in_process") in _audit(intake_store, asked.case_id)
    assert history_rows.open_correction_request(intake_store, asked.case_id) is None


def test_a_correction_must_bring_everything_asked_for(intake_store: Store, clerk: User) -> None:
    asked = _asked(intake_store, clerk, materials=("M03", "M04"))
    with pytest.raises(IntakeRejected) as caught:
        corrections.correct(intake_store, asked.case_no, clerk, ["M04"], now=BROUGHT)
    assert "本人社会保障卡或本市银行借记卡" in str(caught.value.problems[0].zh)
    with pytest.raises(IntakeRejected) as unknown:
        corrections.correct(intake_store, asked.case_no, clerk, ["M03", "M04", "M99"])
    assert "M99" in unknown.value.problems[0].en
    assert _outbox(intake_store, asked.case_id) == [1]


def test_a_correction_takes_nothing_the_department_did_not_ask_for(
    intake_store: Store, clerk: User
) -> None:
    """Not a way round 容缺后补 or a supervisor-approved edit of the applicant's data."""
    asked = _asked(intake_store, clerk)  # M04 only, no field
    with pytest.raises(IntakeRejected) as caught:
        corrections.correct(
            intake_store, asked.case_no, clerk, ["M04", "M03"], {"name": "张三"}, now=BROUGHT
        )
    texts = [problem.zh for problem in caught.value.problems]
    assert any("没有要求补正材料" in text and "M03" not in text for text in texts)
    assert any("没有要求补正姓名" in text and "值班长审批" in text for text in texts)
    assert _outbox(intake_store, asked.case_id) == [1]  # nothing recorded


def test_a_case_nobody_asked_to_correct_is_refused(intake_store: Store, clerk: User) -> None:
    accepted = _accepted(intake_store, clerk)
    with pytest.raises(ValidationError) as caught:
        corrections.correct(intake_store, accepted.case_no, clerk, ["M04"])
    assert "补正" in caught.value.zh and "correction" in caught.value.en
    assert _outbox(intake_store, accepted.case_id) == [1]


def test_requested_fields_are_corrected_with_the_materials(
    intake_store: Store, clerk: User
) -> None:
    asked = _asked(intake_store, clerk, fields=("phone",))
    with pytest.raises(IntakeRejected) as caught:
        corrections.correct(intake_store, asked.case_no, clerk, ["M04"], now=BROUGHT)
    assert "phone" in caught.value.problems[0].en
    done = corrections.correct(
        intake_store, asked.case_no, clerk, ["M04"], {"phone": "13812345678"}, now=BROUGHT
    )
    assert done.state == "in_process"
    revealed = case_plaintext.reveal_applicant(
        intake_store, asked.case_id, actor="clerk1", purpose="test"
    )
    assert revealed.phone == "13812345678"
    assert case_plaintext.case_document(intake_store, asked.case_id)["corrections"][0][
        "fields"
    ] == ["phone"]


@pytest.fixture
def chief(accounts: Accounts) -> User:
    accounts.add_user("chief2", PASSWORD, "supervisor")
    return accounts.authenticate("chief2", PASSWORD)


def test_a_supervisor_approved_edit_keeps_old_and_new_in_the_history(
    intake_store: Store, clerk: User, chief: User
) -> None:
    accepted = _accepted(intake_store, clerk)
    done = applicant_edits.record_applicant_edit(
        intake_store,
        accepted.case_id,
        clerk,
        chief,
        field="phone",
        value="13911112222",
        reason="申请人报错号码",
    )
    assert [(c.case_no, c.data_version) for c in done.cases] == [(accepted.case_no, 2)]
    assert _outbox(intake_store, accepted.case_id) == [1, 2]
    edit = history_rows.case_history(intake_store, accepted.case_id).events[-1]
    assert edit.kind == "edit" and edit.actor == "clerk1"
    # The history holds the values masked; the clear ones stay in the encrypted versions.
    assert edit.detail["field"] == "phone"
    assert edit.detail["old"] == "139****0000" and edit.detail["new"] == "139****2222"
    assert edit.detail["approved_by"] == "chief2"
    document = case_plaintext.case_document(intake_store, accepted.case_id)
    assert document["applicant"]["phone"] == "13911112222"
    assert document["applicant_edits"][0]["approved_by"] == "chief2"
    assert ("clerk1", "case.edit") in _audit(intake_store, accepted.case_id)

    # Whoever holds the right sees old and new in clear (an audited reveal).
    (change,) = corrections.applicant_changes(intake_store, accepted.case_id, chief)
    assert (change.field, change.old, change.new) == ("phone", "13900000000", "13911112222")
    assert ("chief2", "applicant.reveal") in _audit(intake_store, accepted.case_id)
    (masked,) = corrections.applicant_changes(intake_store, accepted.case_id, clerk)
    assert (masked.old, masked.new) == ("139****0000", "139****2222")


def test_a_name_typo_is_corrected_and_found_by_the_new_name(
    intake_store: Store, clerk: User, chief: User
) -> None:
    accepted = _accepted(intake_store, clerk)
    applicant_edits.record_applicant_edit(
        intake_store, accepted.case_id, clerk, chief, field="name", value="张三", reason="错字"
    )
    assert case_rows.get_case(intake_store, accepted.case_id).applicant_name == "张三"
    assert [r.case_id for r in case_rows.search_cases(intake_store, "张三").records] == [
        accepted.case_id
    ]
    assert case_rows.search_cases(intake_store, "张𠮷").records == []
    edit = history_rows.case_history(intake_store, accepted.case_id).events[-1]
    assert edit.detail["old"] == "张*" and edit.detail["new"] == "张*"


def test_an_edit_needs_another_persons_supervisor_approval(
    intake_store: Store, accounts: Accounts, clerk: User, chief: User
) -> None:
    accepted = _accepted(intake_store, clerk)
    with pytest.raises(ValidationError):
        applicant_edits.record_applicant_edit(
            intake_store, accepted.case_id, clerk, clerk, field="phone", value="13911112222",
            reason="x",
        )  # fmt: skip
    with pytest.raises(SamePerson):
        applicant_edits.record_applicant_edit(
            intake_store, accepted.case_id, chief, chief, field="phone", value="13911112222",
            reason="x",
        )  # fmt: skip
    with pytest.raises(ValidationError) as same:
        applicant_edits.record_applicant_edit(
            intake_store, accepted.case_id, clerk, chief, field="phone", value="13900000000",
            reason="x",
        )  # fmt: skip
    assert "相同" in same.value.zh
    with pytest.raises(ValidationError):
        applicant_edits.record_applicant_edit(
            intake_store, accepted.case_id, clerk, chief, field="id_number", value="1",
            reason="x",
        )  # fmt: skip
    assert _outbox(intake_store, accepted.case_id) == [1]


def test_a_closed_case_is_not_edited(intake_store: Store, clerk: User, chief: User) -> None:
    accepted = _accepted(intake_store, clerk)
    case_endings.withdraw(intake_store, accepted.case_id, clerk, "不办了", applicant_confirmed=True)
    with pytest.raises(IllegalTransition):
        applicant_edits.record_applicant_edit(
            intake_store, accepted.case_id, clerk, chief, field="phone", value="13911112222",
            reason="x",
        )  # fmt: skip
