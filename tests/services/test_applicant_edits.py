"""Supervisor-approved edits of the agent's data (代办人 / 经办人), and edits of one case of a
一件事 carried to every open case decided with it: one transaction, one approval, each case a
new data version with its outbox row and audit entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.errors import ValidationError
from counter_app.services import (
    applicant_edits,
    case_endings,
    case_progress,
    corrections,
    intake,
)
from counter_app.services.approval import SamePerson
from counter_app.services.auth import Accounts, User
from counter_app.services.bundle_intake import BundleRequest, BundleResult, decide_bundle
from counter_app.services.intake_request import AgentInput, ApplicantInput
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from tests.services.conftest import (
    MOMENT,
    PASSWORD,
    complete_marks,
    item_named,
    request_for,
    resident_number,
)

ALLOWANCE = "老年综合津贴申领"
SPOUSE = AgentInput(
    name="李四",
    id_type="111",
    id_number=resident_number("31010419900215002"),
    phone="13800000000",
    relation="配偶",
)
APPLICANT = ApplicantInput(
    name="张𠮷", id_type="111", id_number=resident_number(), phone="13900000000"
)
# 失业一件事 (失业登记 + 就业困难人员认定): its merged checklist, each row received.
UNEMPLOYMENT_ROWS = {
    "申请人居民身份证": "original",
    "申请人居民户口簿": "original",
    "解除或终止劳动合同证明": "copy",
    "失业登记表": "electronic",
    "就业困难人员认定申请表": "electronic",
    "失业登记证明": "original",
    "困难情形证明（残疾证、低保证明或年龄等）": "copy",
}
ASKED = datetime(2026, 9, 28, 2, 0, tzinfo=UTC)


def _with_agent(store: Store, clerk: User) -> intake.IntakeResult:
    item = item_named(store, ALLOWANCE)
    request = replace(request_for(item, complete_marks(item)), agent=SPOUSE)
    return intake.accept(store, request, clerk, now=MOMENT)


def _bundle(store: Store, clerk: User, agent: AgentInput | None = None) -> BundleResult:
    marks = {
        name: SubmittedMaterial(name, MaterialStatus.RECEIVED, MaterialForm(form), 1)
        for name, form in UNEMPLOYMENT_ROWS.items()
    }
    request = BundleRequest(bundle="YJS-0001", applicant=APPLICANT, materials=marks, agent=agent)
    return decide_bundle(store, request, clerk, now=MOMENT)


def _outbox(store: Store, case_id: str) -> list[int]:
    rows = store.db.execute(
        "SELECT data_version FROM outbox WHERE case_id = ? ORDER BY data_version", (case_id,)
    )
    return [row[0] for row in rows]


def _edits_audited(store: Store, case_id: str) -> list[str]:
    rows = store.db.execute(
        "SELECT actor FROM audit_log WHERE target = ? AND action = 'case.edit' ORDER BY seq",
        (case_id,),
    )
    return [row[0] for row in rows]


def test_the_agents_phone_is_corrected_with_approval_and_kept_masked_in_the_history(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    case = _with_agent(intake_store, clerk)
    done = applicant_edits.record_applicant_edit(
        intake_store,
        case.case_id,
        clerk,
        supervisor,
        field="agent_phone",
        value="13811112222",
        reason="代办人报错号码",
    )
    assert [(c.case_no, c.data_version) for c in done.cases] == [(case.case_no, 2)]
    assert _outbox(intake_store, case.case_id) == [1, 2]
    document = case_plaintext.case_document(intake_store, case.case_id)
    assert document["agent"]["phone"] == "13811112222"
    assert document["agent"]["id_number"] == SPOUSE.id_number
    assert document["applicant"]["phone"] == "13900000000"  # the applicant's is not touched
    assert document["applicant_edits"][-1]["field"] == "agent_phone"
    edit = history_rows.case_history(intake_store, case.case_id).events[-1]
    assert (edit.detail["old"], edit.detail["new"]) == ("138****0000", "138****2222")
    assert _edits_audited(intake_store, case.case_id) == ["clerk1"]
    (change,) = corrections.applicant_changes(intake_store, case.case_id, supervisor)
    assert (change.field, change.old, change.new) == ("agent_phone", "13800000000", "13811112222")


def test_the_agents_name_and_relation_are_checked_as_at_intake(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    case = _with_agent(intake_store, clerk)

    def edit(field: str, value: str) -> None:
        applicant_edits.record_applicant_edit(
            intake_store, case.case_id, clerk, supervisor, field=field, value=value, reason="错字"
        )

    edit("agent_name", "李思")
    edit("agent_relation", " 子女 ")
    agent = case_plaintext.case_document(intake_store, case.case_id)["agent"]
    assert (agent["name"], agent["relation"]) == ("李思", "子女")
    with pytest.raises(ValidationError) as too_long:
        edit("agent_relation", "关" * 21)
    assert too_long.value.field == "agent.relation" and too_long.value.zh.startswith("与申请人关系")
    # The agent's number was read from their card: never corrected, like the applicant's.
    with pytest.raises(ValidationError) as number:
        edit("agent_id_number", resident_number("31010419900215003"))
    assert "证件号码有误的须作废后重新受理" in number.value.zh
    assert _outbox(intake_store, case.case_id) == [1, 2, 3]


def test_a_case_without_an_agent_has_no_agent_data_to_correct(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    item = item_named(intake_store, ALLOWANCE)
    case = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    with pytest.raises(ValidationError) as refused:
        applicant_edits.record_applicant_edit(
            intake_store, case.case_id, clerk, supervisor, field="agent_phone",
            value="13811112222", reason="x",
        )  # fmt: skip
    assert refused.value.zh == f"办件 {case.case_no} 没有登记代办人或经办人，不能更正代办人信息。"
    assert _outbox(intake_store, case.case_id) == [1]


def test_a_correction_the_department_asked_for_may_concern_the_agent(
    intake_store: Store, clerk: User
) -> None:
    case = _with_agent(intake_store, clerk)
    case_progress.apply_progress(
        intake_store, case.case_id, "correction_requested", note="代办人电话有误", at=ASKED,
        fields=("agent_phone",),
    )  # fmt: skip
    done = corrections.correct(
        intake_store, case.case_id, clerk, [], {"agent_phone": "13811112222"}
    )
    assert done.fields == ("agent_phone",) and done.state == "in_process"
    document = case_plaintext.case_document(intake_store, case.case_id)
    assert document["agent"]["phone"] == "13811112222"


def test_a_name_corrected_on_one_bundle_case_is_corrected_on_all_in_one_transaction(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    first, second = _bundle(intake_store, clerk).cases
    statements: list[str] = []
    intake_store.db.conn.set_trace_callback(statements.append)
    try:
        done = applicant_edits.record_applicant_edit(
            intake_store, second.case_id, clerk, supervisor, field="name", value="张吉",
            reason="生僻字录错",
        )  # fmt: skip
    finally:
        intake_store.db.conn.set_trace_callback(None)
    assert [s for s in statements if s.startswith(("BEGIN", "COMMIT"))] == [
        "BEGIN IMMEDIATE",
        "COMMIT",
    ]
    # The case asked for first, then the rest of its 一件事.
    assert [(c.case_no, c.data_version) for c in done.cases] == [
        (second.case_no, 2),
        (first.case_no, 2),
    ]
    assert (done.closed, done.unchanged) == ((), ())
    for case in (first, second):
        assert case_rows.get_case(intake_store, case.case_id).applicant_name == "张吉"
        document = case_plaintext.case_document(intake_store, case.case_id)
        assert document["applicant"]["name"] == "张吉"
        assert document["applicant_edits"][-1]["approved_by"] == supervisor.username
        assert _outbox(intake_store, case.case_id) == [1, 2]
        assert _edits_audited(intake_store, case.case_id) == ["clerk1"]


def test_an_agent_correction_reaches_every_open_case_of_the_bundle_but_not_a_finished_one(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    first, second = _bundle(intake_store, clerk, agent=SPOUSE).cases
    case_endings.withdraw(intake_store, first.case_id, clerk, "不办了", applicant_confirmed=True)
    done = applicant_edits.record_applicant_edit(
        intake_store, second.case_id, clerk, supervisor, field="agent_name", value="李思",
        reason="代办人姓名录错",
    )  # fmt: skip
    assert [c.case_no for c in done.cases] == [second.case_no]
    assert done.closed == (first.case_no,)
    # The finished case keeps what it was decided with: its history.
    assert case_plaintext.case_document(intake_store, first.case_id)["agent"]["name"] == "李四"
    assert case_plaintext.case_document(intake_store, second.case_id)["agent"]["name"] == "李思"


def test_a_bundle_case_already_holding_the_new_value_is_left_as_it_is(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    first, second = _bundle(intake_store, clerk).cases
    # One case of the two corrected alone (as edits were before they reached the bundle).
    applicant_edits.edit_case(intake_store, first.case_id, clerk, phone="13911112222")
    done = applicant_edits.record_applicant_edit(
        intake_store, second.case_id, clerk, supervisor, field="phone", value="13911112222",
        reason="号码报错",
    )  # fmt: skip
    assert [c.case_no for c in done.cases] == [second.case_no]
    assert done.unchanged == (first.case_no,)
    assert _outbox(intake_store, first.case_id) == [1, 2]


def test_the_approval_of_a_bundle_edit_is_four_eyes_for_every_case_it_changes(
    intake_store: Store, accounts: Accounts, clerk: User
) -> None:
    accounts.add_user("chief9", PASSWORD, "supervisor")
    chief = accounts.authenticate("chief9", PASSWORD)
    first, second = _bundle(intake_store, chief).cases  # the supervisor decided the bundle
    with pytest.raises(SamePerson):
        applicant_edits.record_applicant_edit(
            intake_store, second.case_id, clerk, chief, field="name", value="张吉", reason="x"
        )
    assert _outbox(intake_store, first.case_id) == [1]
    assert _outbox(intake_store, second.case_id) == [1]


def _decided_by(store: Store, case_id: str, username: str) -> None:
    """``case_id`` as if ``username`` had decided it: ``decide_bundle`` gives every case of a
    bundle the one clerk, so a bundle whose cases have different clerks is set on the row."""
    store.db.execute("UPDATE cases SET clerk = ? WHERE case_id = ?", (username, case_id))


def test_the_approver_may_have_decided_a_finished_bundle_case_the_edit_leaves_as_it_was(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    first, second = _bundle(intake_store, clerk).cases
    case_endings.withdraw(intake_store, first.case_id, clerk, "不办了", applicant_confirmed=True)
    _decided_by(intake_store, first.case_id, supervisor.username)
    done = applicant_edits.record_applicant_edit(
        intake_store, second.case_id, clerk, supervisor, field="name", value="张吉",
        reason="生僻字录错",
    )  # fmt: skip
    assert [c.case_no for c in done.cases] == [second.case_no]
    assert done.closed == (first.case_no,)


def test_the_approver_may_have_decided_a_bundle_case_already_holding_the_new_value(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    first, second = _bundle(intake_store, clerk).cases
    applicant_edits.edit_case(intake_store, first.case_id, clerk, phone="13911112222")
    _decided_by(intake_store, first.case_id, supervisor.username)
    done = applicant_edits.record_applicant_edit(
        intake_store, second.case_id, clerk, supervisor, field="phone", value="13911112222",
        reason="号码报错",
    )  # fmt: skip
    assert [c.case_no for c in done.cases] == [second.case_no]
    assert done.unchanged == (first.case_no,)


def test_the_approver_may_not_have_decided_a_bundle_case_the_edit_changes(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    first, second = _bundle(intake_store, clerk).cases
    _decided_by(intake_store, first.case_id, supervisor.username)
    with pytest.raises(SamePerson):
        applicant_edits.record_applicant_edit(
            intake_store, second.case_id, clerk, supervisor, field="name", value="张吉",
            reason="x",
        )  # fmt: skip
    assert _outbox(intake_store, first.case_id) == [1]
    assert _outbox(intake_store, second.case_id) == [1]
