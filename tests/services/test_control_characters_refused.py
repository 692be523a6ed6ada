"""Free text a clerk, a supervisor or an import script gives is refused where it enters the
core when it holds a control character other than a line break: a refusal's reason, legal
basis and where to apply instead, an expired document's and an eligibility override's
reason, a material's note and exemption, a corrected address and the remarks, a rating's
reason and a follow-up's note. Each refusal names the field and the character; nothing is
stored, so no terminal escape reaches ``case show``, the refusal notice or the progress page."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from counter_app.domain.evaluation import FollowupStep
from counter_app.errors import ValidationError
from counter_app.services import applicant_edits, intake
from counter_app.services.auth import User
from counter_app.services.bundle_import import import_file_line
from counter_app.services.evaluations import (
    EvaluationRejected,
    record_evaluation,
    record_followup_step,
)
from counter_app.services.intake_checks import IntakeRejected
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.database import Store
from tests.services.case_documents import EXPIRED
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for
from tests.services.import_lines import MATERIALS, line

ALLOWANCE = "老年综合津贴申领"
SENIOR_CARD = "敬老卡申领"  # asks for 65 or older, which the sample number is not
CLEAR_AND_RETITLE = "不符合\x1b[2J\x1b]0;pwned\x07条件"


def _imported(store: Store, clerk: User, text: str) -> dict:
    return import_file_line(store, clerk, 1, text.encode(), now=MOMENT)


def test_an_imported_refusal_with_escapes_is_refused_naming_field_and_character(
    intake_store: Store, clerk: User
) -> None:
    result = _imported(
        intake_store,
        clerk,
        line(
            1,
            decision="refuse",
            reason=CLEAR_AND_RETITLE,
            legal_basis="《行政许可法》第三十二条\x07",
            redirect_to="\x1b[41m别处",
        ),
    )
    assert result["status"] == "error" and result["case_id"] is None
    errors = {e["field"]: (e["message"], e["message_en"]) for e in result["errors"]}
    assert errors == {
        "reason": (
            "不予受理原因含有不可见的控制字符 U+001B，请删去后再提交。",
            "The reason for refusal holds the control character U+001B; remove it.",
        ),
        "legal_basis": (
            "法律依据含有不可见的控制字符 U+0007，请删去后再提交。",
            "The legal basis holds the control character U+0007; remove it.",
        ),
        "redirect_to": (
            "建议申请机关含有不可见的控制字符 U+001B，请删去后再提交。",
            "Where to apply instead holds the control character U+001B; remove it.",
        ),
    }
    assert case_rows.list_cases(intake_store, state="refused") == []


def test_a_refusal_over_several_lines_is_still_taken(intake_store: Store, clerk: User) -> None:
    item = item_named(intake_store, ALLOWANCE)
    refused = intake.refuse(
        intake_store,
        request_for(item, []),
        clerk,
        reason="户籍不在本区：\r\n请到户籍地办理\t（附清单）",
        legal_basis="《行政许可法》第三十二条",
        redirect_to="长宁区社区事务受理服务中心",
        now=MOMENT,
    )
    assert case_rows.get_case(intake_store, refused.case_id).decision_reason == (
        "户籍不在本区：\r\n请到户籍地办理\t（附清单）"
    )


def test_a_material_note_or_exemption_with_an_escape_is_refused(
    intake_store: Store, clerk: User
) -> None:
    materials = [dict(m) for m in MATERIALS]
    materials[0]["note"] = "\x1b[31m复印件模糊"
    materials[1]["exemption"] = "本市\x9b2J部门核发"  # C1 CSI, one character
    result = _imported(intake_store, clerk, line(2, materials=materials))
    assert result["status"] == "error"
    assert [(e["field"], e["message"]) for e in result["errors"]] == [
        ("materials[0].note", "材料备注含有不可见的控制字符 U+001B，请删去后再提交。"),
        ("materials[1].exemption", "免于提交的依据含有不可见的控制字符 U+009B，请删去后再提交。"),
    ]
    materials[0]["note"] = "复印件模糊，\n已请申请人补原件"
    del materials[1]["exemption"]
    taken = _imported(intake_store, clerk, line(2, materials=materials))
    assert taken["status"] == "accepted", json.dumps(taken, ensure_ascii=False)
    document = case_plaintext.case_document(intake_store, taken["case_id"])
    assert document["materials"][0]["note"] == "复印件模糊，\n已请申请人补原件"


def test_the_reasons_for_an_expired_card_and_an_eligibility_override(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, ALLOWANCE)
    expired = replace(
        request_for(item, complete_marks(item)),
        identity_source=EXPIRED,
        expired_id_reason="新证在办\x1b[8m",
    )
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(intake_store, expired, clerk, now=MOMENT)
    assert [(p.field, p.en) for p in caught.value.problems] == [
        (
            "expired_id_reason",
            "The reason for accepting on an expired document holds the control character "
            "U+001B; remove it.",
        )
    ]
    senior = item_named(intake_store, SENIOR_CARD)
    overridden = request_for(senior, complete_marks(senior), eligibility_reason="已核验\x00")
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(intake_store, overridden, clerk, now=MOMENT)
    assert [(p.field, p.zh) for p in caught.value.problems] == [
        ("eligibility_reason", "仍受理的理由含有不可见的控制字符 U+0000，请删去后再提交。")
    ]


def test_a_corrected_address_and_the_remarks(intake_store: Store, clerk: User) -> None:
    item = item_named(intake_store, ALLOWANCE)
    case = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    for field, value in (("address", "徐汇区\x1b[2J漕溪北路"), ("remarks", "\x1b]0;pwned\x07")):
        with pytest.raises(ValidationError) as caught:
            applicant_edits.edit_case(intake_store, case.case_id, clerk, **{field: value})
        assert "U+001B" in caught.value.zh and "U+001B" in caught.value.en
    assert case_rows.get_case(intake_store, case.case_id).data_version == 1
    # A correction is kept as intake keeps an address: on one line.
    applicant_edits.edit_case(
        intake_store, case.case_id, clerk, address="上海市徐汇区\n漕溪北路999弄8号"
    )
    document = case_plaintext.case_document(intake_store, case.case_id)
    assert document["applicant"]["address"] == "上海市徐汇区 漕溪北路999弄8号"


def test_a_ratings_reason_and_a_follow_up_note(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    item = item_named(intake_store, ALLOWANCE)
    case = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    with pytest.raises(EvaluationRejected) as caught:
        record_evaluation(
            intake_store,
            case.case_id,
            1,
            reason_code="attitude",
            reason="态度差\x1b[5m",
            actor=clerk.username,
            now=MOMENT,
        )
    assert caught.value.field == "reason"
    assert caught.value.zh == "评价原因含有不可见的控制字符 U+001B，请删去后再提交。"
    record_evaluation(
        intake_store,
        case.case_id,
        1,
        reason_code="attitude",
        reason="态度差",
        actor=clerk.username,
        now=MOMENT,
    )
    with pytest.raises(EvaluationRejected) as caught:
        record_followup_step(
            intake_store,
            case.case_id,
            FollowupStep.CONTACTED,
            "已电话联系\x07",
            by=supervisor.username,
            now=MOMENT,
        )
    assert (caught.value.field, caught.value.en) == (
        "note",
        "The follow-up note holds the control character U+0007; remove it.",
    )
