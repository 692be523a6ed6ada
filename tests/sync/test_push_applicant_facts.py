"""What intake records about the applicant's language and eligibility reaches the real
platform in the synced case document: the document language, the English name on the card,
and the reason a case was accepted against the situation's eligibility rule."""

from __future__ import annotations

from central.store import cases as case_store
from central.store import open_store as open_central_store
from counter_app.config import Config
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog, get_item
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import make_engine

SENIOR_CARD = "11310104002425207D006001200001"  # 敬老卡申领, S01: 本市户籍65周岁以上


def test_language_english_name_and_eligibility_reason_reach_the_platform(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    clerk = Accounts(sync_store).add_user("clerk32", "correct-horse-9", "clerk")
    item = get_item(sync_store, SENIOR_CARD)
    marks = [
        SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
        for m in item.default_situation.materials
    ]
    accepted = intake.accept(
        sync_store,
        IntakeRequest(
            service_item=SENIOR_CARD,
            applicant=ApplicantInput(
                name="史密斯",
                id_type="990",
                id_number="USA310087060015",
                doc_kind="foreign_permanent_2017",
                english_name="SMITH, JOHN MICHAEL",
                birth_date="1950-06-04",
                nationality="USA",
            ),
            materials=marks,
            eligibility_reason="持永久居留身份证，经民政部门确认可申领",
        ),
        clerk,
    )
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert summary.error is None and summary.pending == 0
    platform = open_central_store(central.db)
    try:
        (held,) = case_store.case_versions(platform, accepted.case_id)
    finally:
        platform.close()
    payload = held["payload"]
    assert payload["document_language"] == "zh-en"
    assert payload["applicant"]["english_name"] == "SMITH, JOHN MICHAEL"
    override = payload["eligibility_override"]
    assert override["reason"] == "持永久居留身份证，经民政部门确认可申领"
    assert [c["code"] for c in override["concerns"]] == ["household"]
