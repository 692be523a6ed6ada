"""两个免于提交 at intake: a material a city department issued for this applicant is exempt by
rule — recorded with its basis whatever the clerk marked, never a shortfall — and an e-licence
the register confirmed exempts its material with the licence attached to the case."""

from __future__ import annotations

from unittest.mock import ANY

import pytest

from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.exemptions import LicenceFound, Verification
from counter_app.errors import IllegalTransition
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.elicence_checks import settle_check, settle_with_paper
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import Store
from counter_app.store.elicence_checks import ElicenceCheck, checks_in_state
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

SENIOR = resident_number("31010419500101123")  # 76 on the test day, born in Shanghai


def test_a_shanghai_household_register_is_never_asked_for_at_the_senior_card(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "敬老卡申领")  # S01: 本市户籍65周岁以上
    marks = [m for m in complete_marks(item) if m.code != "M02"]  # no 户口簿 handed in
    result = intake.accept(intake_store, request_for(item, marks, number=SENIOR), clerk, now=MOMENT)
    lines = {m["code"]: m for m in case_document(intake_store, result.case_id)["materials"]}
    assert lines["M02"]["status"] == "exempt"
    assert lines["M02"]["exemption_kind"] == "city_department"
    assert lines["M02"]["exemption"] == "本市部门核发（上海市公安局），免于提交"
    assert "exemption_kind" not in lines["M01"]  # received, as the clerk marked it


def test_an_exempt_material_marked_received_by_hand_is_still_recorded_exempt(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "敬老卡申领")
    result = intake.accept(
        intake_store, request_for(item, complete_marks(item), number=SENIOR), clerk, now=MOMENT
    )
    lines = {m["code"]: m for m in case_document(intake_store, result.case_id)["materials"]}
    assert (lines["M02"]["status"], lines["M02"]["form"]) == ("exempt", None)


def test_a_confirmed_e_licence_exempts_its_material_and_is_attached_to_the_case(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "生育登记")
    marks = [m for m in complete_marks(item) if m.code not in ("M02", "M03")]
    marks.append(
        SubmittedMaterial(
            "M02", MaterialStatus.RECEIVED, item.situations[0].materials[1].forms[0], 1
        )
    )
    licence = LicenceFound(
        "M03", "结婚证电子证照", "J310104-2020-001", "上海市徐汇区民政局", None, "ab" * 32,
        "lookup-1", Verification.VERIFIED,
    )  # fmt: skip
    result = intake.accept(
        intake_store,
        request_for(item, marks, licences=[licence], card_read_at=MOMENT),
        clerk,
        now=MOMENT,
    )
    line = next(
        m for m in case_document(intake_store, result.case_id)["materials"] if m["code"] == "M03"
    )
    assert line["status"] == "exempt"
    assert line["exemption"] == "电子证照：结婚证电子证照 J310104-2020-001（上海市徐汇区民政局）"
    assert line["licence"]["number"] == "J310104-2020-001"
    assert line["licence"]["verification"] == "verified"
    assert line["licence"]["lookup_id"] == "lookup-1"


def test_a_pending_e_licence_gives_way_to_the_paper_the_clerk_received(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "生育登记")
    pending = [
        LicenceFound(code, kind, None, None, None, None, None, Verification.PENDING)
        for code, kind in (("M01", "居民身份证电子证照"), ("M03", "结婚证电子证照"))
    ]  # the platform was unreachable: every e-licence material came back 待核验
    marks = [m for m in complete_marks(item) if m.code != "M03"]  # the ID card is at hand
    result = intake.accept(
        intake_store,
        request_for(item, marks, licences=pending, card_read_at=MOMENT),
        clerk,
        now=MOMENT,
    )
    lines = {m["code"]: m for m in case_document(intake_store, result.case_id)["materials"]}
    assert (lines["M01"]["status"], "licence" in lines["M01"]) == ("received", False)
    assert lines["M03"]["status"] == "exempt"
    assert lines["M03"]["licence"]["verification"] == "pending"
    assert checks_in_state(intake_store, "pending") == [
        ElicenceCheck(
            result.case_id, result.case_no, "M03", "结婚证电子证照", "card_read", None,
            ANY, "clerk1", "pending", None, None, None,
        )
    ]  # fmt: skip


def test_a_task_settled_twice_at_once_changes_the_case_once(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "生育登记")
    pending = LicenceFound(
        "M03", "结婚证电子证照", None, None, None, None, None, Verification.PENDING
    )
    marks = [m for m in complete_marks(item) if m.code != "M03"]
    result = intake.accept(
        intake_store,
        request_for(item, marks, licences=[pending], card_read_at=MOMENT),
        clerk,
        now=MOMENT,
    )
    (check,) = checks_in_state(intake_store, "pending")
    settle_check(intake_store, check, None, lookup_id=None, detail="not found", now=MOMENT)
    (task,) = checks_in_state(intake_store, "failed")  # the clerk and the supervisor see it
    version = settle_with_paper(intake_store, task, "clerk1", MOMENT)
    with pytest.raises(IllegalTransition, match="已由他人处理"):
        settle_with_paper(intake_store, task, "super1", MOMENT)  # the supervisor, a moment late
    assert case_document(intake_store, result.case_id)["data_version"] == version
    assert [c.state for c in checks_in_state(intake_store, "paper")] == ["paper"]
