"""代办 / 经办 on paper: a case's documents name the 代办人 (an organisation's 经办人) beside
the applicant, with their masked number and their relation to the applicant, and the signature
line is theirs instead of the applicant's; the 一件事 receipt too."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from counter_app.config import Config
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.idnumber import check_character, credit_check_character, mask_id_number
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.bundle_intake import BundleRequest, decide_bundle
from counter_app.services.intake_request import AgentInput, ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from printing.document_data import DocumentKind, PaperFormat
from printing.service import issue_document
from tests.printing import pdf_tools
from tests.printing.fixtures import CASE_TIME, id_number, item_serving

ELDER = "31010419500315001" + check_character("31010419500315001")  # 76 at CASE_TIME
AGENT_NUMBER = id_number(77)
SON = AgentInput("王小明", "111", AGENT_NUMBER, relation="子女")
CREDIT_CODE = "91310104MA1FL0000" + credit_check_character("91310104MA1FL0000")
COMPANY = ApplicantInput(
    name="上海某某科技有限公司", id_type="990", id_number=CREDIT_CODE, applicant_type="enterprise"
)


@pytest.fixture(autouse=True)
def catalog(store: Store) -> None:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)


def _request(applicant: ApplicantInput, agent: AgentInput | None, *codes: str) -> IntakeRequest:
    """A request for an item that serves ``applicant``, with ``codes`` received."""
    return IntakeRequest(
        service_item=item_serving(applicant)[0],
        applicant=applicant,
        materials=[
            SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
            for code in codes
        ],
        request_id=str(uuid.uuid4()),
        agent=agent,
    )


def _text(store: Store, config: Config, home: Home, case_id: str, **kw: Any) -> str:
    issued = issue_document(store, config, home, case_id, actor="c", **kw)
    return "".join(pdf_tools.drawn_text(issued.pdf_path).split())


@pytest.mark.parametrize("fmt", list(PaperFormat))
@pytest.mark.parametrize("decision", ["accept", "notify"])
def test_the_agent_is_named_and_signs_on_the_receipt_and_the_notice(
    store: Store, config: Config, home: Home, clerk: User, decision: str, fmt: PaperFormat
) -> None:
    elder = ApplicantInput(name="王秀英", id_type="111", id_number=ELDER)
    codes = ("M01", "M02", "M03", "M04") if decision == "accept" else ("M02",)
    decide = intake.accept if decision == "accept" else intake.notify
    case = decide(store, _request(elder, SON, *codes), clerk, now=CASE_TIME)
    text = _text(store, config, home, case.case_id, fmt=fmt)
    assert f"代办人王小明（子女）代办人证件号码{mask_id_number(AGENT_NUMBER)}" in text
    assert AGENT_NUMBER not in text
    assert "代办人（签字）" in text and "申请人（签字）" not in text
    english = _text(store, config, home, case.case_id, fmt=fmt, lang="en")
    assert "Agent王小明(子女)" in english and "Agent(signature)" in english
    assert "Applicant(signature)" not in english


def test_an_organisations_agent_is_its_jingbanren(
    store: Store, config: Config, home: Home, clerk: User
) -> None:
    staff = AgentInput("赵六", "111", AGENT_NUMBER, relation="单位员工")
    case = intake.refuse(
        store,
        _request(COMPANY, staff, "M01"),
        clerk,
        now=CASE_TIME,
        reason="不属于本中心受理范围",
        legal_basis="依法",
    )
    text = _text(store, config, home, case.case_id)
    assert f"经办人赵六（单位员工）经办人证件号码{mask_id_number(AGENT_NUMBER)}" in text
    assert "申请人（签字）" not in text and "代办人" not in text


def test_a_case_without_an_agent_is_signed_by_the_applicant(
    store: Store, config: Config, home: Home, clerk: User
) -> None:
    elder = ApplicantInput(name="王秀英", id_type="111", id_number=ELDER)
    case = intake.notify(store, _request(elder, None, "M02"), clerk, now=CASE_TIME)
    text = _text(store, config, home, case.case_id)
    assert "申请人（签字）" in text and "代办人" not in text


def test_the_bundle_receipt_names_the_agent(
    store: Store, config: Config, home: Home, clerk: User
) -> None:
    marks = {
        name: SubmittedMaterial(name, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
        for name in ("申请人居民身份证", "申请人居民户口簿", "上海市老年综合津贴申请表")
    }
    request = BundleRequest(
        bundle="YJS-0002",
        applicant=ApplicantInput(name="王秀英", id_type="111", id_number=ELDER),
        materials=marks,
        request_id=str(uuid.uuid4()),
        agent=SON,
    )
    first = decide_bundle(store, request, clerk, now=CASE_TIME).cases[0]
    text = _text(store, config, home, first.case_id, kind=DocumentKind.BUNDLE_RECEIPT)
    assert "一件事受理回执" in text
    assert f"代办人王小明（子女）代办人证件号码{mask_id_number(AGENT_NUMBER)}" in text
    assert "代办人（签字）" in text and "申请人（签字）" not in text
