"""代办 / 经办: the person present for the applicant is recorded in the case document (their
card is the one read), an organisation's applicant is never taken without one, an agent who
is the applicant is refused, and the expiry rule applies to the card that was read."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counter_app.domain.idnumber import credit_check_character
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.intake_request import AgentInput, ApplicantInput, IntakeRequest
from counter_app.store import case_plaintext
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

ALLOWANCE = "老年综合津贴申领"
# An item that serves organisations (服务对象), for an organisation's case.
HEALTH_PERMIT = "公共场所卫生许可（新办）"
AGENT_NUMBER = resident_number("31010419900215002")
SPOUSE = AgentInput(
    name="李四", id_type="111", id_number=AGENT_NUMBER, phone="13800000000", relation="配偶"
)
CARD = IdentitySource(SourceKind.CARD, reader="sim", doc_type="resident_id", valid_to="2036-01-01")
EXPIRED = IdentitySource(
    SourceKind.CARD, reader="sim", doc_type="resident_id", valid_to="2020-03-01"
)
CREDIT_CODE = "91310104MA1FL0000" + credit_check_character("91310104MA1FL0000")
COMPANY = ApplicantInput(
    name="上海某某科技有限公司", id_type="990", id_number=CREDIT_CODE, applicant_type="enterprise"
)


def _request(store: Store, item_name: str = ALLOWANCE, **kw: object) -> IntakeRequest:
    item = item_named(store, item_name)
    return replace(request_for(item, complete_marks(item)), **kw)


def _problems(store: Store, request: IntakeRequest, clerk: User) -> list[tuple[str, str]]:
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(store, request, clerk, now=MOMENT)
    return [(p.field or "", p.zh) for p in caught.value.problems]


def test_the_agent_and_their_card_read_are_recorded_in_the_case_document(
    intake_store: Store, clerk: User
) -> None:
    request = _request(intake_store, agent=SPOUSE, agent_identity_source=CARD)
    result = intake.accept(intake_store, request, clerk, now=MOMENT)
    document = case_plaintext.case_document(intake_store, result.case_id)
    assert document["agent"] == {
        "name": "李四",
        "id_type": "111",
        "doc_kind": "resident_id",
        "id_number": AGENT_NUMBER,
        "phone": "13800000000",
        "relation": "配偶",
        "authorization": "power_of_attorney",
        "identity_source": CARD.to_json(),
    }
    # The applicant stays who applied: their number, their (typed) identity.
    assert document["applicant"]["id_number"] == resident_number()
    assert "identity_source" not in document["applicant"]


def test_a_case_without_an_agent_has_no_agent_in_its_document(
    intake_store: Store, clerk: User
) -> None:
    result = intake.accept(intake_store, _request(intake_store), clerk, now=MOMENT)
    assert "agent" not in case_plaintext.case_document(intake_store, result.case_id)


def test_an_organisation_without_its_agent_is_refused_on_agent(
    intake_store: Store, clerk: User
) -> None:
    request = _request(intake_store, HEALTH_PERMIT, applicant=COMPANY)
    problems = _problems(intake_store, request, clerk)
    assert problems == [
        ("agent", "申请人为法人或其他组织，须登记到场办理的经办人（读取经办人身份证）。")
    ]
    staff = AgentInput("王五", "111", AGENT_NUMBER, relation="单位员工")
    with_agent = replace(request, agent=staff)
    result = intake.accept(intake_store, with_agent, clerk, now=MOMENT)
    stored = case_plaintext.case_document(intake_store, result.case_id)["agent"]
    assert (stored["name"], stored["relation"]) == ("王五", "单位员工")


def test_an_agent_who_is_the_applicant_is_refused(intake_store: Store, clerk: User) -> None:
    himself = replace(SPOUSE, id_number=resident_number())
    problems = _problems(intake_store, _request(intake_store, agent=himself), clerk)
    assert problems == [("agent.id_number", "代办人与申请人为同一人，请取消代办。")]


# The agent's number with a check character it does not have.
WRONG_CHECK_CHARACTER = AGENT_NUMBER[:-1] + ("1" if AGENT_NUMBER.endswith("0") else "0")


@pytest.mark.parametrize(
    ("agent", "field"),
    [
        (replace(SPOUSE, relation="  "), "agent.relation"),
        (replace(SPOUSE, relation="关" * 21), "agent.relation"),
        (replace(SPOUSE, id_type="990", id_number=CREDIT_CODE), "agent.id_number"),
        (replace(SPOUSE, id_number=WRONG_CHECK_CHARACTER), "agent.id_number"),
        (replace(SPOUSE, name=""), "agent.name"),
        (replace(SPOUSE, phone="12"), "agent.phone"),
        (replace(SPOUSE, authorization="verbal"), "agent.authorization"),
        # Only an organisation's legal representative comes without a paper.
        (replace(SPOUSE, authorization="legal_representative"), "agent.authorization"),
    ],
)
def test_what_is_wrong_with_the_agent_is_refused_on_its_field(
    intake_store: Store, clerk: User, agent: AgentInput, field: str
) -> None:
    problems = _problems(intake_store, _request(intake_store, agent=agent), clerk)
    assert [f for f, _ in problems] == [field]


def test_the_expiry_rule_applies_to_the_agents_card_when_theirs_was_read(
    intake_store: Store, clerk: User
) -> None:
    request = _request(intake_store, agent=SPOUSE, agent_identity_source=EXPIRED)
    problems = _problems(intake_store, request, clerk)
    assert [f for f, _ in problems] == ["expired_id_reason"]
    assert "代办人证件已于 2020-03-01 过期" in problems[0][1]
    reason = "新证在办，持临时身份证明"
    result = intake.accept(
        intake_store, replace(request, expired_id_reason=reason), clerk, now=MOMENT
    )
    audited = intake_store.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'case.expired_id_accepted' AND target = ?",
        (result.case_id,),
    ).fetchone()
    assert audited is not None and "2020-03-01" in audited[0]
    # The applicant's own expired card counts no more once the agent's was read.
    valid = _request(
        intake_store, identity_source=EXPIRED, agent=SPOUSE, agent_identity_source=CARD
    )
    assert intake.accept(intake_store, valid, clerk, now=MOMENT).case_no
