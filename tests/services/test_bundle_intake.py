"""高效办成一件事: one decision on the 失业一件事 (失业登记 + 就业困难人员认定) makes one case per
member in one transaction, each decided by its own share of the merged checklist."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from counter_app.domain.case_states import CaseState
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.services import (
    bundle_intake,
    intake,
    intake_checks,
    intake_validation,
    offline_policy,
)
from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, decide_bundle, plan_bundle
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.intake_request import ApplicantInput
from counter_app.store import case_writes
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import bundle_cases, get_case
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

UNEMPLOYMENT = "11310104002425223R005002200001"  # 失业登记
HARDSHIP = "11310104002425223R005002300001"  # 就业困难人员认定
# The merged checklist of YJS-0001, each row as the clerk marks it received.
ROWS = {
    "申请人居民身份证": "original",
    "申请人居民户口簿": "original",
    "解除或终止劳动合同证明": "copy",
    "失业登记表": "electronic",
    "就业困难人员认定申请表": "electronic",
    "失业登记证明": "original",
    "困难情形证明（残疾证、低保证明或年龄等）": "copy",
}
APPLICANT = ApplicantInput(
    name="张𠮷", id_type="111", id_number=resident_number(), phone="13900000000"
)


def marks(*leaving_out: str, **changed: SubmittedMaterial) -> dict[str, SubmittedMaterial]:
    given = {
        name: SubmittedMaterial(name, MaterialStatus.RECEIVED, MaterialForm(form), 1)
        for name, form in ROWS.items()
        if name not in leaving_out
    }
    return given | changed


def request(**kw: Any) -> BundleRequest:
    return BundleRequest(
        **{"bundle": "YJS-0001", "applicant": APPLICANT, "materials": marks(), **kw}
    )


def case_count(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM cases").fetchone()[0])


def test_a_complete_bundle_accepts_every_member_in_one_transaction(
    intake_store: Store, clerk: User
) -> None:
    statements: list[str] = []
    intake_store.db.conn.set_trace_callback(statements.append)
    try:
        result = decide_bundle(intake_store, request(), clerk, now=MOMENT)
    finally:
        intake_store.db.conn.set_trace_callback(None)
    assert [s for s in statements if s.startswith(("BEGIN", "COMMIT"))] == [
        "BEGIN IMMEDIATE",
        "COMMIT",
    ]
    assert result.created and (result.code, result.name) == ("YJS-0001", "失业一件事")
    assert [case.state for case in result.cases] == [CaseState.ACCEPTED, CaseState.ACCEPTED]
    first, second = (int(case.case_no.rsplit("-", 1)[1]) for case in result.cases)
    assert second == first + 1
    stored = bundle_cases(intake_store, result.bundle_id)
    assert [r.case_no for r in stored] == [case.case_no for case in result.cases]
    assert [r.service_item_code for r in stored] == [UNEMPLOYMENT, HARDSHIP]
    assert [c.item_code for c in result.cases] == [UNEMPLOYMENT, HARDSHIP]
    assert {(r.bundle_id, r.bundle_code, r.bundle_name) for r in stored} == {
        (result.bundle_id, "YJS-0001", "失业一件事")
    }
    document = case_document(intake_store, result.cases[1].case_id, 1)
    assert document["bundle"] == {
        "id": result.bundle_id,
        "code": "YJS-0001",
        "name": "失业一件事",
        "items": [UNEMPLOYMENT, HARDSHIP],
    }
    # The ID card, marked once, is received in both cases under each item's own code.
    assert [m["code"] for m in document["materials"] if m["status"] == "received"][:2] == [
        "M01",
        "M02",
    ]
    audited = intake_store.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'case.accepted' ORDER BY seq"
    ).fetchall()
    assert all('"bundle":"YJS-0001"' in row[0].replace(" ", "") for row in audited)
    assert len(audited) == 2


def test_a_member_missing_a_core_material_is_notified_the_other_accepted(
    intake_store: Store, clerk: User
) -> None:
    lacking = request(materials=marks("就业困难人员认定申请表"))
    outcomes = plan_bundle(intake_store, lacking, with_supervisor=False, now=MOMENT)
    assert [o.state for o in outcomes] == [CaseState.ACCEPTED, CaseState.NOTIFIED]
    assert [s.line.requirement.name for s in outcomes[1].shortfalls] == ["就业困难人员认定申请表"]
    assert case_count(intake_store) == 0  # the plan writes nothing
    result = decide_bundle(intake_store, lacking, clerk, now=MOMENT)
    assert [case.state for case in result.cases] == [CaseState.ACCEPTED, CaseState.NOTIFIED]
    assert [s["name"] for s in result.cases[1].shortfalls] == ["就业困难人员认定申请表"]
    assert result.cases[1].promised_date is None


def test_with_a_supervisor_a_member_lacking_only_non_core_materials_is_deferred(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    lacking = request(materials=marks("失业登记证明"))
    unapproved = plan_bundle(intake_store, lacking, with_supervisor=False, now=MOMENT)
    assert [o.state for o in unapproved] == [CaseState.ACCEPTED, CaseState.NOTIFIED]
    result = decide_bundle(intake_store, lacking, clerk, supervisor=supervisor, now=MOMENT)
    assert [case.state for case in result.cases] == [
        CaseState.ACCEPTED,
        CaseState.ACCEPTED_DEFERRED,
    ]
    document = case_document(intake_store, result.cases[1].case_id, 1)
    deferred = [m for m in document["materials"] if m["status"] == "deferred"]
    assert [m["name"] for m in deferred] == ["失业登记证明"] and deferred[0]["deadline"]
    assert document["approved_by"] == supervisor.username
    assert case_document(intake_store, result.cases[0].case_id, 1)["approved_by"] is None


def test_a_core_material_is_never_deferred_even_with_a_supervisor(
    intake_store: Store, supervisor: User
) -> None:
    outcomes = plan_bundle(
        intake_store, request(materials=marks("申请人居民户口簿")), with_supervisor=True, now=MOMENT
    )
    # Optional for 失业登记, core for 就业困难人员认定.
    assert [o.state for o in outcomes] == [CaseState.ACCEPTED, CaseState.NOTIFIED]


def test_invalid_input_for_one_member_names_it_and_writes_nothing(
    intake_store: Store, clerk: User
) -> None:
    formless = SubmittedMaterial("x", MaterialStatus.RECEIVED, None, 1)
    bad = request(materials=marks(**{"失业登记证明": formless}))
    with pytest.raises(IntakeRejected) as rejected:
        decide_bundle(intake_store, bad, clerk, now=MOMENT)
    (problem,) = rejected.value.problems
    assert problem.field == f"items[{HARDSHIP}].materials.失业登记证明.form"
    assert problem.zh.startswith("“就业困难人员认定”：")
    assert case_count(intake_store) == 0


def test_a_problem_of_the_applicant_is_said_once(intake_store: Store, clerk: User) -> None:
    wrong = BundleRequest(
        bundle="YJS-0001",
        applicant=ApplicantInput(name="张三", id_type="111", id_number="310104198001011230"),
        materials=marks(),
    )
    with pytest.raises(IntakeRejected) as rejected:
        decide_bundle(intake_store, wrong, clerk, now=MOMENT)
    assert [p.field for p in rejected.value.problems] == ["applicant.id_number"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bundle": "YJS-9999"}, "bundle"),
        ({"items": ("NOPE",)}, "items"),
        ({"situations": {HARDSHIP: "S09"}}, f"items[{HARDSHIP}].situation"),
        (
            {"materials": {"结婚证": SubmittedMaterial("x", MaterialStatus.RECEIVED)}},
            "materials.结婚证",
        ),
    ],
)
def test_a_bad_bundle_request_is_refused_naming_the_field(
    intake_store: Store, clerk: User, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(IntakeRejected) as rejected:
        decide_bundle(intake_store, request(**change), clerk, now=MOMENT)
    assert field in [p.field for p in rejected.value.problems]
    assert case_count(intake_store) == 0


def test_only_the_members_taken_are_decided(intake_store: Store, clerk: User) -> None:
    # The rows of 失业登记 alone are no longer on the checklist.
    alone = marks("解除或终止劳动合同证明", "失业登记表")
    result = decide_bundle(
        intake_store, request(items=(HARDSHIP,), materials=alone), clerk, now=MOMENT
    )
    (case,) = result.cases
    document = case_document(intake_store, case.case_id, 1)
    assert document["service_item"]["code"] == HARDSHIP
    assert document["bundle"]["items"] == [HARDSHIP]


def test_a_resubmission_returns_the_earlier_cases(intake_store: Store, clerk: User) -> None:
    submission = request(request_id=str(uuid.uuid4()))
    first = decide_bundle(intake_store, submission, clerk, now=MOMENT)
    again = decide_bundle(intake_store, submission, clerk, now=MOMENT)
    assert not again.created and again.bundle_id == first.bundle_id
    assert (again.code, again.name) == (first.code, first.name)
    assert [c.case_no for c in again.cases] == [c.case_no for c in first.cases]
    assert [c.state for c in again.cases] == [c.state for c in first.cases]
    assert not any(c.created for c in again.cases)
    assert case_count(intake_store) == 2


def test_a_fault_between_members_leaves_no_case_of_the_bundle(
    intake_store: Store, clerk: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    real: Callable[..., None] = case_writes.insert_case
    written: list[str] = []

    def failing_second(db: Any, case: case_writes.CaseRow) -> None:
        if written:
            raise OSError("disk gone")  # the fault this test injects
        written.append(case.case_no)
        real(db, case)

    monkeypatch.setattr(case_writes, "insert_case", failing_second)
    with pytest.raises(OSError):
        decide_bundle(intake_store, request(), clerk, now=MOMENT)
    monkeypatch.undo()
    assert written and case_count(intake_store) == 0
    assert (
        intake_store.db.execute(
            "SELECT count(*) FROM audit_log WHERE action LIKE 'case.%'"
        ).fetchone()[0]
        == 0
    )
    assert intake_store.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    # The numbers the failed bundle took are free again.
    result = decide_bundle(intake_store, request(), clerk, now=MOMENT)
    assert result.cases[0].case_no == written[0]


def test_a_plain_accept_writes_no_bundle(intake_store: Store, clerk: User) -> None:
    item = item_named(intake_store, "失业登记")
    statements: list[str] = []
    intake_store.db.conn.set_trace_callback(statements.append)
    try:
        result = intake.accept(
            intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT
        )
    finally:
        intake_store.db.conn.set_trace_callback(None)
    # The bundle id goes in the case's own INSERT; nothing else of an accept names bundles.
    assert [s.split(" (")[0] for s in statements if "bundle" in s] == ["INSERT INTO cases"]
    assert "bundle" not in case_document(intake_store, result.case_id, 1)
    record = get_case(intake_store, result.case_id)
    assert (record.bundle_id, record.bundle_code, record.bundle_name) == (None, None, None)
    assert result.item_code == item.code


def test_a_problem_found_when_a_later_member_is_decided_rolls_back_the_earlier(
    intake_store: Store, clerk: User
) -> None:
    """YJS-0002: 老年综合津贴申领 has no age rule, 敬老卡申领 asks 65 or older; a 46-year-old
    without a stated reason is refused at 敬老卡's decision, after the first case was
    written: the bundle leaves nothing."""
    received = SubmittedMaterial("x", MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
    rows = (
        "申请人居民身份证",
        "申请人居民户口簿",
        "本人社会保障卡或本市银行借记卡",
        "上海市老年综合津贴申请表",
        "近期免冠照片",
        "上海市敬老卡申请表",
    )
    young = BundleRequest(
        bundle="YJS-0002", applicant=APPLICANT, materials=dict.fromkeys(rows, received)
    )
    with pytest.raises(IntakeRejected) as rejected:
        decide_bundle(intake_store, young, clerk, now=MOMENT)
    (problem,) = rejected.value.problems
    assert problem.field == "items[11310104002425207D006001200001].eligibility_reason"
    assert problem.zh.startswith("“敬老卡申领”：")
    assert case_count(intake_store) == 0


def test_each_member_is_validated_once_and_the_clock_and_pause_read_once(
    intake_store: Store, clerk: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_validate = intake_validation.validate_request
    real_pause = offline_policy.intake_pause

    def validating(*args: Any) -> Any:
        calls.append("validate")
        return real_validate(*args)

    def pausing(*args: Any) -> Any:
        calls.append("pause")
        return real_pause(*args)

    monkeypatch.setattr(bundle_intake, "validate_request", validating)
    monkeypatch.setattr(intake_checks, "validate_request", validating)
    monkeypatch.setattr(offline_policy, "intake_pause", pausing)
    result = decide_bundle(intake_store, request(), clerk, now=MOMENT)
    assert [case.state for case in result.cases] == [CaseState.ACCEPTED, CaseState.ACCEPTED]
    assert calls == ["pause", "validate", "validate"]
