"""A case taken past the hall's offline limit with a supervisor's approval reaches the real
platform with the approval in its document (the platform validates every push against the
one document type, so an unknown field would be refused)."""

from __future__ import annotations

from dataclasses import replace

from central.store import cases as case_store
from central.store import open_store as open_central_store
from counter_app.config import Config
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import Accounts
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.services.offline_policy import OverLimitApproval
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog, get_item
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import make_engine

SENIOR_CARD = "11310104002425207D006001200001"
PASSWORD = "correct-horse-9"


def test_an_approval_past_the_limit_reaches_the_platform(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    sync_store.config = replace(enrolled, sync=replace(enrolled.sync, hard_stop_cases=1))
    accounts = Accounts(sync_store)
    clerk = accounts.add_user("clerk33", PASSWORD, "clerk")
    accounts.add_user("chief33", PASSWORD, "supervisor")
    supervisor = accounts.authenticate("chief33", PASSWORD)
    item = get_item(sync_store, SENIOR_CARD)
    marks = [
        SubmittedMaterial(m.code, MaterialStatus.RECEIVED, m.forms[0], m.count)
        for m in item.default_situation.materials
    ]
    cases = []
    for number, approval in (
        ("310104195001011235", None),
        ("310104195002021232", OverLimitApproval(supervisor, "系统故障期间当日须受理")),
    ):
        request = IntakeRequest(
            service_item=SENIOR_CARD,
            applicant=ApplicantInput(name="李四", id_type="111", id_number=number),
            materials=marks,
        )
        cases.append(intake.accept(sync_store, request, clerk, over_limit=approval))
    summary = make_engine(home, sync_store.config, sync_store).run_once()
    assert summary.error is None and summary.pending == 0
    platform = open_central_store(central.db)
    try:
        (first,) = case_store.case_versions(platform, cases[0].case_id)
        (approved,) = case_store.case_versions(platform, cases[1].case_id)
    finally:
        platform.close()
    assert "over_limit_approval" not in first["payload"]
    assert approved["payload"]["over_limit_approval"] == {
        "approved_by": "chief33",
        "reason": "系统故障期间当日须受理",
        "limit": "cases",
        "allowed": 1,
        "reached": 1,
    }
