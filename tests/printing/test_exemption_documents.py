"""The receipt names why an exempt material was not handed in (两个免于提交): a Shanghai
household register is printed 免提交 with 本市部门核发 as its basis."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from counter_app.config import Config
from counter_app.domain.catalog import MaterialForm
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.exemptions import LicenceFound, Verification
from counter_app.domain.idnumber import check_character
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.database import Store
from printing.service import issue_document
from tests.printing import pdf_tools
from tests.printing.fixtures import CaseFactory
from tests.services.conftest import complete_marks, item_named, request_for

SENIOR_CARD = "11310104002425207D006001200001"  # 敬老卡申领, S01: 本市户籍65周岁以上


def test_the_receipt_prints_the_basis_of_an_exempt_household_register(
    store: Store, config: Config, home: Home, clerk: User, make_case: CaseFactory
) -> None:
    number = "31010419500101123" + check_character("31010419500101123")
    request = IntakeRequest(
        service_item=SENIOR_CARD,
        applicant=ApplicantInput(name="周老伯", id_type="111", id_number=number),
        materials=[
            SubmittedMaterial(code, MaterialStatus.RECEIVED, MaterialForm.ORIGINAL, 1)
            for code in ("M01", "M03", "M04")
        ],
        request_id=str(uuid.uuid4()),
    )
    accepted = intake.accept(store, request, clerk, now=datetime(2026, 11, 26, 2, tzinfo=UTC))
    receipt = issue_document(store, config, home, accepted.case_id, actor="clerk07")
    text = "".join(pdf_tools.text(receipt.pdf_path).split())
    assert "申请人居民户口簿" in text and "免提交" in text
    assert "本市部门核发（上海市公安局），免于提交" in text


def test_an_acceptance_resting_on_an_e_licence_still_to_verify_says_what_follows(
    store: Store, config: Config, home: Home, clerk: User, make_case: CaseFactory
) -> None:
    """Taken offline, an e-licence exempts its material 待核验: the receipt does not simply
    call the materials complete, it says the register is still to confirm it."""
    item = item_named(store, "生育登记")
    marks = [m for m in complete_marks(item) if m.code != "M03"]
    at = datetime(2026, 11, 26, 2, tzinfo=UTC)
    pending = LicenceFound(
        "M03", "结婚证电子证照", None, None, None, None, None, Verification.PENDING
    )
    texts = []
    for licences in ([pending], []):
        case_marks = marks if licences else complete_marks(item)
        request = request_for(
            item, case_marks, licences=licences, request_id=str(uuid.uuid4()),
            elicence_consent_code="AB12-CD34",  # the applicant's authorisation of the lookup
        )  # fmt: skip
        accepted = intake.accept(store, request, clerk, now=at)
        receipt = issue_document(
            store, config, home, accepted.case_id, actor="clerk07", lang="zh-en"
        )
        texts.append(" ".join(pdf_tools.text(receipt.pdf_path).split()))
    flat = "".join(texts[0].split())
    assert (
        "电子证照待核验" in flat
        and "尚待电子证照库核验；核验未通过的，将通知您补交纸质材料" in flat
    )
    assert "if one is not, you will be asked to bring the paper material" in texts[0]
    assert "尚待电子证照库核验" not in "".join(texts[1].split())
