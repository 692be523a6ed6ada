"""An organisation's receipt: its unified social credit code printed in full (the company
checks it against its 营业执照) under a label on one line, a person's number still masked;
a legal representative in person printed as 法定代表人, not as 经办人 with a relation."""

from __future__ import annotations

import pytest

from counter_app.config import Config
from counter_app.domain.idnumber import credit_check_character, mask_id_number
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.intake_request import AgentInput, ApplicantInput
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from printing.document_data import PaperFormat
from printing.service import issue_document
from tests.printing import pdf_tools
from tests.printing.fixtures import CASE_TIME, id_number, request_serving

CREDIT_CODE = "92310104MA1FL0001" + credit_check_character("92310104MA1FL0001")
COMPANY = ApplicantInput(
    name="徐汇区张三小吃店", id_type="990", id_number=CREDIT_CODE, applicant_type="enterprise"
)
PERSON_NUMBER = id_number(12)
OWNER_NUMBER = id_number(13)


@pytest.fixture(autouse=True)
def catalog(store: Store) -> None:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)


def _accepted(
    store: Store, clerk: User, applicant: ApplicantInput, agent: AgentInput | None
) -> str:
    return intake.accept(store, request_serving(applicant, agent), clerk, now=CASE_TIME).case_id


def _lines(store: Store, config: Config, home: Home, case_id: str, fmt: PaperFormat) -> list[str]:
    """The receipt's lines as drawn, each without its spaces."""
    issued = issue_document(store, config, home, case_id, actor="c", fmt=fmt)
    return ["".join(text.split()) for text in pdf_tools.drawn_text(issued.pdf_path).splitlines()]


@pytest.mark.parametrize("fmt", list(PaperFormat))
def test_an_organisations_code_is_printed_in_full(
    store: Store, config: Config, home: Home, clerk: User, fmt: PaperFormat
) -> None:
    staff = AgentInput("王经办", "111", id_number(90), relation="单位员工")
    lines = _lines(store, config, home, _accepted(store, clerk, COMPANY, staff), fmt)
    text = "".join(lines)
    assert f"统一社会信用代码{CREDIT_CODE}" in text
    assert mask_id_number(CREDIT_CODE) not in text
    assert mask_id_number(id_number(90)) in text and id_number(90) not in text
    if fmt is PaperFormat.A4:  # the label is on one line, not 统一社会信用代 / 码
        assert any(line.startswith("统一社会信用代码") for line in lines)


def test_a_persons_number_stays_masked(
    store: Store, config: Config, home: Home, clerk: User
) -> None:
    person = ApplicantInput(name="王芳", id_type="111", id_number=PERSON_NUMBER)
    text = "".join(
        _lines(store, config, home, _accepted(store, clerk, person, None), PaperFormat.A4)
    )
    assert mask_id_number(PERSON_NUMBER) in text
    assert PERSON_NUMBER not in text


def test_a_legal_representative_in_person_is_printed_as_one(
    store: Store, config: Config, home: Home, clerk: User
) -> None:
    owner = AgentInput(
        "张三", "111", OWNER_NUMBER, relation="经营者", authorization="legal_representative"
    )
    lines = _lines(store, config, home, _accepted(store, clerk, COMPANY, owner), PaperFormat.A4)
    text = "".join(lines)
    assert f"法定代表人张三法定代表人证件号码{mask_id_number(OWNER_NUMBER)}" in text
    assert "经营者" not in text and "经办人" not in text
    assert "法定代表人（签字）" in text
    assert any(line.startswith("法定代表人证件号码") for line in lines)
