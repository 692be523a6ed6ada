"""The receipt of a 全市通办 case (收受分离: accepted at this hall, decided by another
district's department) promises the completion in the handling department's name, in each
language of the paper, never "本机关" (which reads as the accepting hall)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from counter_app.config import Config
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.database import Store
from printing.service import issue_document
from tests.printing import pdf_tools
from tests.printing.fixtures import RARE_NAME, CaseFactory, id_number

CITY_WIDE_ITEM = "11310115425014033B008000200001"  # 残疾人证换领（全市通办）
DEPARTMENT = "浦东新区残疾人联合会"


def test_the_promise_names_the_handling_department_in_both_languages(
    store: Store, config: Config, home: Home, clerk: User, make_case: CaseFactory
) -> None:
    make_case("accept")  # the catalog and calendar loaded
    request = IntakeRequest(
        service_item=CITY_WIDE_ITEM,
        applicant=ApplicantInput(name=RARE_NAME, id_type="111", id_number=id_number(8)),
        materials=[
            SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, count)
            for code, count in (("M01", 1), ("M02", 1), ("M03", 2))
        ],
    )
    case = intake.accept(store, request, clerk, now=datetime(2026, 11, 26, 2, 0, tzinfo=UTC))

    issued = issue_document(store, config, home, case.case_id, lang="zh-en", actor="clerk07")

    text = re.sub(r"\s+", " ", pdf_tools.text(issued.pdf_path))
    joined = text.replace(" ", "")
    assert re.search(f"由{DEPARTMENT}在\\d+个工作日内", joined)
    assert "本机关将在" not in joined
    assert re.search(f"{DEPARTMENT} will complete it within \\d+ working days", text)
    assert "We will complete it" not in text
