"""The identity line of a case's documents names what the number is: a person's document
by name (居民身份证, 护照), an enterprise's or organisation's 统一社会信用代码; in Chinese,
English and both, on A4 and on the 80 mm roll."""

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

CREDIT_CODE = "91310104MA1FL0000" + credit_check_character("91310104MA1FL0000")


@pytest.fixture(autouse=True)
def catalog(store: Store) -> None:
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)


def _refused(store: Store, clerk: User, applicant: ApplicantInput) -> str:
    """A refused case of ``applicant``, on an item that serves it (a refusal prints the
    identity line whoever applied)."""
    # An organisation never comes in person: its 经办人 does.
    staff = (
        None
        if applicant.applicant_type == "person"
        else AgentInput("经办人甲", "111", id_number(90), relation="单位员工")
    )
    refused = intake.refuse(
        store,
        request_serving(applicant, staff),
        clerk,
        now=CASE_TIME,
        reason="不属于本中心受理范围",
        legal_basis="依法",
    )
    return refused.case_id


def _text(
    store: Store, config: Config, home: Home, case_id: str, lang: str, fmt: PaperFormat
) -> str:
    """The document's text as drawn, without spaces and line breaks."""
    issued = issue_document(store, config, home, case_id, actor="c", lang=lang, fmt=fmt)
    return "".join(pdf_tools.drawn_text(issued.pdf_path).split())


PASSPORT = "E12345678"
RESIDENT = id_number(7)
# Per applicant: who, and the identity line each language prints (drawn order, no spaces).
APPLICANTS = {
    "resident": (
        ApplicantInput(name="王芳", id_type="111", id_number=RESIDENT),
        {
            "zh": f"证件号码{mask_id_number(RESIDENT)}（居民身份证）",
            "zh-en": f"证件号码IDNo.{mask_id_number(RESIDENT)}（居民身份证）(residentIDcard)",
            "en": f"IDNo.{mask_id_number(RESIDENT)}(residentIDcard)",
        },
    ),
    "passport": (
        ApplicantInput(name="史密斯", id_type="414", id_number=PASSPORT, english_name="JOHN SMITH"),
        {
            "zh": f"证件号码{mask_id_number(PASSPORT)}（护照）",
            "zh-en": f"证件号码IDNo.{mask_id_number(PASSPORT)}（护照）(passport)",
            "en": f"IDNo.{mask_id_number(PASSPORT)}(passport)",
        },
    ),
    "enterprise": (
        ApplicantInput(
            name="上海某某科技有限公司",
            id_type="990",
            id_number=CREDIT_CODE,
            applicant_type="enterprise",
        ),
        {
            # Public registration data, printed in full to check against the 营业执照.
            "zh": f"统一社会信用代码{CREDIT_CODE}",
            "zh-en": f"统一社会信用代码Unifiedsocialcreditcode{CREDIT_CODE}",
            "en": f"Unifiedsocialcreditcode{CREDIT_CODE}",
        },
    ),
}


@pytest.mark.parametrize("fmt", list(PaperFormat))
@pytest.mark.parametrize("lang", ["zh", "zh-en", "en"])
@pytest.mark.parametrize("who", list(APPLICANTS))
def test_the_identity_line_names_the_document(
    store: Store,
    config: Config,
    home: Home,
    clerk: User,
    who: str,
    lang: str,
    fmt: PaperFormat,
) -> None:
    applicant, lines = APPLICANTS[who]
    text = _text(store, config, home, _refused(store, clerk, applicant), lang=lang, fmt=fmt)
    assert lines[lang] in text
    if who == "enterprise":  # its number is no person's document (its 经办人's is)
        assert text.count("证件号码") == text.count("经办人证件号码")
        assert text.count("IDNo.") == text.count("Agent'sIDNo.")
