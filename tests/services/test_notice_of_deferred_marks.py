"""A one-time notice grants no 容缺: a material the clerk marked deferred on a case that is
notified, alone or as a bundle's member, is recorded as not handed in (missing, without a
deadline), so the notice lists it to bring. 容缺 acceptance keeps the mark as it is."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from counter_app.domain.case_states import CaseState
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, ShortfallKind, SubmittedMaterial
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, decide_bundle, plan_bundle
from counter_app.services.intake_request import ApplicantInput
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import get_case
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

ALLOWANCE = "老年综合津贴申领"  # its bank card (M03) is not core
CLERKS_DEADLINE = date(2026, 9, 24)  # the day of MOMENT: 失业登记 is promised on the day
CONTRACT = "解除或终止劳动合同证明"  # 失业登记's M03, not core; not 就业困难人员认定's
# The merged checklist of 失业一件事 (YJS-0001), each row as the clerk marks it received.
ROWS = {
    "申请人居民身份证": "original",
    "申请人居民户口簿": "original",
    CONTRACT: "copy",
    "失业登记表": "electronic",
    "就业困难人员认定申请表": "electronic",
    "失业登记证明": "original",
    "困难情形证明（残疾证、低保证明或年龄等）": "copy",
}


def _materials(store: Store, case_id: str) -> dict[str, tuple[str, str | None]]:
    """Each material of a stored case, by code: its row's status and deadline, which its
    case document says too."""
    rows = {m.code: (m.status, m.deadline) for m in get_case(store, case_id).materials}
    document = {
        m["code"]: (m["status"], m["deadline"])
        for m in case_document(store, case_id, 1)["materials"]
    }
    assert rows == document
    return rows


def _bundle_request(**kw: Any) -> BundleRequest:
    marks = {
        name: SubmittedMaterial(name, MaterialStatus.RECEIVED, MaterialForm(form), 1)
        for name, form in ROWS.items()
    }
    marks[CONTRACT] = SubmittedMaterial(CONTRACT, MaterialStatus.DEFERRED, deadline=CLERKS_DEADLINE)
    applicant = ApplicantInput(
        name="张𠮷", id_type="111", id_number=resident_number(), phone="13900000000"
    )
    return BundleRequest(bundle="YJS-0001", applicant=applicant, materials=marks, **kw)


def test_a_notified_case_records_a_material_marked_deferred_as_missing(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    marks[2] = SubmittedMaterial("M03", MaterialStatus.DEFERRED, deadline=CLERKS_DEADLINE)
    result = intake.notify(intake_store, request_for(item, marks), clerk, now=MOMENT)
    assert result.state == CaseState.NOTIFIED
    assert _materials(intake_store, result.case_id)["M03"] == ("missing", None)
    assert [(s["code"], s["kind"]) for s in result.shortfalls] == [("M03", "missing")]


def test_a_deferral_keeps_the_mark_and_the_clerks_deadline(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    item = item_named(intake_store, ALLOWANCE)
    marks = complete_marks(item)
    marks[2] = replace(marks[2], status=MaterialStatus.DEFERRED, deadline=CLERKS_DEADLINE)
    result = intake.accept_deferred(
        intake_store, request_for(item, marks), clerk, supervisor, now=MOMENT
    )
    assert _materials(intake_store, result.case_id)["M03"] == ("deferred", "2026-09-24")


def test_a_bundles_notified_member_records_a_material_marked_deferred_as_missing(
    intake_store: Store, clerk: User
) -> None:
    outcomes = plan_bundle(intake_store, _bundle_request(), with_supervisor=False, now=MOMENT)
    assert [o.state for o in outcomes] == [CaseState.NOTIFIED, CaseState.ACCEPTED]
    assert [(s.line.requirement.name, s.kind) for s in outcomes[0].shortfalls] == [
        (CONTRACT, ShortfallKind.MISSING)
    ]
    result = decide_bundle(intake_store, _bundle_request(), clerk, now=MOMENT)
    notified, accepted = result.cases
    assert (notified.state, accepted.state) == (CaseState.NOTIFIED, CaseState.ACCEPTED)
    assert _materials(intake_store, notified.case_id)["M03"] == ("missing", None)
    assert [(s["name"], s["kind"]) for s in notified.shortfalls] == [(CONTRACT, "missing")]


def test_with_a_supervisor_the_bundles_member_is_deferred_as_marked(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    result = decide_bundle(
        intake_store, _bundle_request(), clerk, supervisor=supervisor, now=MOMENT
    )
    deferred, accepted = result.cases
    assert (deferred.state, accepted.state) == (CaseState.ACCEPTED_DEFERRED, CaseState.ACCEPTED)
    assert _materials(intake_store, deferred.case_id)["M03"] == ("deferred", "2026-09-24")
