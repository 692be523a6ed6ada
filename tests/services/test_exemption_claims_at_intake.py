"""An exemption claimed at intake stands only where it holds: an import line's made-up e-licence
or a city department's basis outside its scope is refused naming the material; a licence is
recorded with the consent the applicant gave (their card read here, or their code) and never
without one; a lookup is audited by whom, for which holder and item, and what came of it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.exemptions import LicenceFound, Verification
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.bundle_import import import_file_line
from counter_app.services.elicence_checks import ELICENCE_LOOKED_UP, LookupOutcome, record_lookup
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.intake_request import AgentInput, ApplicantInput, IntakeRequest
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import id_number_key
from counter_app.store.database import Store
from counter_app.store.elicence_checks import checks_in_state
from counter_app.store.timestamps import to_text
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

BIRTH_REGISTRATION = "生育登记"
MARRIAGE = "结婚证电子证照"
CARD_READ = IdentitySource(SourceKind.CARD, doc_type="resident_id")


def marriage(verification: Verification = Verification.VERIFIED) -> LicenceFound:
    if verification is Verification.PENDING:
        return LicenceFound("M03", MARRIAGE, None, None, None, None, None, verification)
    return LicenceFound(
        "M03",
        MARRIAGE,
        "J310104-2020-7",
        "上海市徐汇区民政局",
        None,
        None,
        "lookup-9",
        verification,
    )


def without_marriage(store: Store) -> list[SubmittedMaterial]:
    item = item_named(store, BIRTH_REGISTRATION)
    return [m for m in complete_marks(item) if m.code != "M03"]


def import_line(item_code: str, materials: list[dict[str, object]]) -> bytes:
    line = {
        "service_item": item_code,
        "decision": "accept",
        "applicant": {
            "type": "person",
            "id_type": "111",
            "id_number": resident_number(),
            "name": "王芳",
        },
        "materials": materials,
    }
    return json.dumps(line, ensure_ascii=False).encode()


def test_an_import_line_citing_an_e_licence_nobody_looked_up_is_refused(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, BIRTH_REGISTRATION)
    materials = [
        {"code": m.code, "status": "received", "form": m.forms[0].value, "count": m.count}
        for m in item.default_situation.materials
        if m.required and m.code != "M03"
    ]
    materials.append(
        {
            "code": "M03",
            "status": "exempt",
            "exemption": "电子证照：结婚证电子证照 FAKE-1（上海市民政局）",
        }
    )
    result = import_file_line(intake_store, clerk, 1, import_line(item.code, materials))
    assert result["status"] == "error"
    (problem,) = [
        e for e in result["errors"] if e["field"] == f"materials[{len(materials) - 1}].status"
    ]
    assert "“结婚证”免于提交的依据未经确认" in problem["message"]
    assert intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_a_city_department_basis_outside_its_scope_is_refused(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, "上海市居住证办理（首次申领）")
    marks = [m for m in complete_marks(item, "S01") if m.code != "M22"]
    marks.append(SubmittedMaterial("M22", MaterialStatus.EXEMPT, exemption="上海市房屋管理局"))
    guangdong = ApplicantInput(
        name="李雷", id_type="111", id_number=resident_number("44010619900101123"),
        address="广东省广州市天河区",
    )  # fmt: skip
    request = IntakeRequest(item.code, guangdong, marks, situation="S01")
    with pytest.raises(IntakeRejected) as refused:
        intake.accept(intake_store, request, clerk, now=MOMENT)
    assert any(
        "合法稳定居所证明" in p.zh and "不能免于提交" in p.zh for p in refused.value.problems
    )


def test_the_spouses_card_is_received_whatever_licence_the_applicant_holds(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, BIRTH_REGISTRATION)
    own_card = LicenceFound(
        "M01", "居民身份证电子证照", "ID-1", "上海市公安局", None, None, "lookup-1",
        Verification.VERIFIED,
    )  # fmt: skip
    request = request_for(
        item, without_marriage(intake_store), licences=[own_card, marriage()],
        identity_source=CARD_READ, card_read_at=MOMENT,
    )  # fmt: skip
    result = intake.accept(intake_store, request, clerk, now=MOMENT)
    lines = {m["code"]: m for m in case_document(intake_store, result.case_id)["materials"]}
    assert (lines["M01"]["status"], "licence" in lines["M01"]) == ("received", False)
    assert lines["M03"]["status"] == "exempt"


def test_a_licence_without_the_applicants_consent_is_refused(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, BIRTH_REGISTRATION)
    typed = request_for(item, without_marriage(intake_store), licences=[marriage()])
    with pytest.raises(IntakeRejected) as refused:
        intake.accept(intake_store, typed, clerk, now=MOMENT)
    assert any("须有申请人对查询的授权" in p.zh for p in refused.value.problems)
    assert checks_in_state(intake_store, "verified") == []


def test_the_agents_card_read_is_no_consent_of_the_applicant(
    intake_store: Store, clerk: User
) -> None:
    item = item_named(intake_store, BIRTH_REGISTRATION)
    agent = AgentInput(
        name="王强", id_type="111", id_number=resident_number("31010419880101123"),
        relation="配偶",
    )  # fmt: skip
    request = request_for(
        item, without_marriage(intake_store), licences=[marriage()], agent=agent,
        agent_identity_source=CARD_READ, card_read_at=MOMENT,
    )  # fmt: skip
    with pytest.raises(IntakeRejected) as refused:
        intake.accept(intake_store, request, clerk, now=MOMENT)
    assert any("须有申请人对查询的授权" in p.zh for p in refused.value.problems)


def test_the_consent_recorded_is_the_one_given(intake_store: Store, clerk: User) -> None:
    item = item_named(intake_store, BIRTH_REGISTRATION)
    read_at = MOMENT - timedelta(minutes=12)  # the card read when the applicant sat down
    by_card = request_for(
        item, without_marriage(intake_store), licences=[marriage(Verification.PENDING)],
        identity_source=CARD_READ, card_read_at=read_at,
    )  # fmt: skip
    intake.accept(intake_store, by_card, clerk, now=MOMENT)
    by_code = request_for(
        item, without_marriage(intake_store), number=resident_number("31010419850101123"),
        licences=[marriage(Verification.PENDING)], elicence_consent_code="AB12-CD34",
    )  # fmt: skip
    intake.accept(intake_store, by_code, clerk, now=MOMENT)
    card, code = checks_in_state(intake_store, "pending")
    assert (card.consent_kind, card.consent_code, card.consented_at) == (
        "card_read", None, to_text(read_at),
    )  # fmt: skip
    assert (code.consent_kind, code.consent_code) == ("code", "AB12-CD34")


def test_a_lookup_is_audited_under_the_holders_subject(intake_store: Store) -> None:
    holder = resident_number()
    record_lookup(
        intake_store, "clerk1", holder, serves="11310104002425311A004000100001/intake-1",
        outcome=LookupOutcome.FOUND, licences=1,
    )  # fmt: skip
    (entry,) = intake_store.db.execute(
        "SELECT actor, action, target, detail FROM audit_log WHERE action = ?",
        (ELICENCE_LOOKED_UP,),
    ).fetchall()
    detail = json.loads(entry[3])
    key = id_number_key(intake_store, holder)
    assert entry[:3] == ("clerk1", ELICENCE_LOOKED_UP, None)  # about a person, not a case
    assert detail == {
        "searched_by": "id_number", "subject": key.subject,
        "item": "11310104002425311A004000100001",
        "serves": "11310104002425311A004000100001/intake-1",
        "outcome": "found", "licences": 1,
    }  # fmt: skip
    assert holder not in entry[3]
