"""Intake keeps the applicant's document language (bilingual by default on a foreigner's
card) and the English name on the card; a situation's eligibility rule that the card
contradicts blocks acceptance until a reason is given, which the synced case keeps and the
audit log records."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.services import intake, intake_checks
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.intake_request import ApplicantInput
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from tests.services.conftest import (
    FOREIGNER,
    MOMENT,
    complete_marks,
    item_named,
    request_for,
    resident_number,
)

ALLOWANCE = "老年综合津贴申领"
SENIOR_CARD = "敬老卡申领"
CARD = IdentitySource(SourceKind.CARD, reader="sim", doc_type="resident_id", valid_to="2038-01-01")


def _document(store, case_id):
    return case_plaintext.case_document(store, case_id)


def test_a_foreigner_gets_bilingual_documents_and_the_english_name_is_kept(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    request = replace(request_for(item, complete_marks(item)), applicant=FOREIGNER)
    result = intake.accept(intake_store, request, clerk, now=MOMENT)
    document = _document(intake_store, result.case_id)
    assert document["document_language"] == "zh-en"
    assert document["applicant"]["english_name"] == "SMITH, JOHN MICHAEL"


def test_the_choice_overrides_the_default_and_a_resident_defaults_to_chinese(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    chosen = replace(
        request_for(item, complete_marks(item)), applicant=FOREIGNER, document_language="zh"
    )
    case = intake.accept(intake_store, chosen, clerk, now=MOMENT)
    assert _document(intake_store, case.case_id)["document_language"] == "zh"
    resident = intake.accept(
        intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT
    )
    document = _document(intake_store, resident.case_id)
    assert document["document_language"] == "zh"
    assert "english_name" not in document["applicant"]  # omitted when the card has none


def test_an_unknown_language_is_refused(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    request = replace(request_for(item, complete_marks(item)), document_language="fr")
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(intake_store, request, clerk, now=MOMENT)
    assert [p.field for p in caught.value.problems] == ["document_language"]


def test_accepting_against_the_card_needs_a_reason(intake_store, clerk):
    item = item_named(intake_store, SENIOR_CARD)
    # Born 1980, number issued in Shanghai: 46 on the hall's date, the rule wants 65.
    request = request_for(item, complete_marks(item))
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(intake_store, request, clerk, now=MOMENT)
    [problem] = caught.value.problems
    assert problem.field == "eligibility_reason"
    assert "46" in problem.zh and "65" in problem.zh and "46" in problem.en
    assert intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_the_reason_is_kept_in_the_synced_case_and_audited(intake_store, clerk, supervisor):
    item = item_named(intake_store, SENIOR_CARD)
    reason = "申请人出示户口簿，出生日期登记有误，已更正"
    request = replace(request_for(item, complete_marks(item)), eligibility_reason=f" {reason} ")
    result = intake.accept(intake_store, request, clerk, now=MOMENT)
    override = _document(intake_store, result.case_id)["eligibility_override"]
    assert override["reason"] == reason
    assert [c["code"] for c in override["concerns"]] == ["age"]
    assert "46" in override["concerns"][0]["zh"]
    outbox = intake_store.db.execute(
        "SELECT count(*) FROM outbox WHERE case_id = ?", (result.case_id,)
    ).fetchone()
    assert outbox[0] == 1  # the document carrying it is what the platform receives
    [event] = history_rows.case_history(intake_store, result.case_id).events
    assert event.detail["eligibility_reason"] == reason
    audited = intake_store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE action = 'case.eligibility_override'"
        " AND target = ?",
        (result.case_id,),
    ).fetchone()
    assert audited[0] == "clerk1"
    detail = json.loads(audited[1])
    assert detail["reason"] == reason and detail["concerns"] == ["age"]
    assert intake_store.audit.verify() == []


def test_the_card_address_and_a_foreign_card_speak_to_the_household(intake_store, clerk):
    item = item_named(intake_store, SENIOR_CARD)
    xinjiang = ApplicantInput(
        name="买买提·艾力",
        id_type="111",
        id_number=resident_number("65010219501102005"),
        address="新疆维吾尔自治区乌鲁木齐市天山区解放南路8号",
    )
    read = replace(
        request_for(item, complete_marks(item)), applicant=xinjiang, identity_source=CARD
    )
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(intake_store, read, clerk, now=MOMENT)
    assert "住址" in caught.value.problems[0].zh
    foreign = replace(request_for(item, complete_marks(item)), applicant=FOREIGNER)
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(intake_store, foreign, clerk, now=MOMENT)
    zh = caught.value.problems[0].zh
    assert "户籍" in zh and "39" in zh  # both facts named at once: no household, age 39


def test_an_eligible_applicant_needs_no_reason_and_others_decisions_none(intake_store, clerk):
    item = item_named(intake_store, SENIOR_CARD)
    shanghai = replace(
        request_for(item, complete_marks(item), number=resident_number("31010419580312001")),
        identity_source=CARD,
    )
    accepted = intake.accept(intake_store, shanghai, clerk, now=MOMENT)
    assert "eligibility_override" not in _document(intake_store, accepted.case_id)
    young = request_for(item, complete_marks(item), number=resident_number("31010419900101002"))
    refused = intake.refuse(
        intake_store,
        young,
        clerk,
        reason="申请人未满65周岁",
        legal_basis="《上海市老年人权益保障条例》",
    )
    assert "eligibility_override" not in _document(intake_store, refused.case_id)


def test_the_window_asks_the_same_question_before_deciding(intake_store):
    item = item_named(intake_store, SENIOR_CARD)
    situation = item.default_situation
    [concern] = intake_checks.eligibility_concerns(
        situation, request_for(item, []).applicant, None, MOMENT.date()
    )
    assert concern.code == "age"
    assert intake_checks.eligibility_concerns(item.situations[0], FOREIGNER, None, MOMENT.date())
