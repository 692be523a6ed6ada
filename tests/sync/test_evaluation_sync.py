"""好差评 round trip with the real platform: a bad rating, its follow-up step and an
applicant's refusal to rate go up as case versions, and ``counter-central evaluations``
shows them for the hall (and not for another hall)."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.domain.evaluation import FollowupStep
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.evaluations import record_evaluation, record_followup_step
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import make_engine

ALLOWANCE = "老年综合津贴申领"
CLERK = User("clerk1", "窗口一", "clerk", None, False)


def test_ratings_and_their_follow_up_reach_the_platform(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    item = item_named(sync_store, ALLOWANCE)
    bad, declined, _unrated = (  # the third is never rated: not listed
        intake.accept(sync_store, request_for(item, complete_marks(item)), CLERK) for _ in range(3)
    )
    record_evaluation(
        sync_store, bad.case_id, 1, reason_code="waiting", reason="等了两小时", actor="clerk1"
    )
    record_evaluation(sync_store, declined.case_id, None, actor="clerk1")
    record_followup_step(sync_store, bad.case_id, FollowupStep.CONTACTED, "已电话联系", by="chief1")
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert summary.error is None and summary.pushed == 6

    hall = enrolled.hall.hall_code
    listed = central.cli("evaluations", "--hall", hall, "--json")["evaluations"]
    by_case = {row["case_no"]: row for row in listed}
    assert set(by_case) == {bad.case_no, declined.case_no}
    rating = by_case[bad.case_no]
    assert (rating["hall"], rating["window"], rating["clerk"], rating["channel"]) == (
        hall,
        enrolled.hall.window_code,
        "clerk1",
        "hall_evaluator",
    )
    assert (rating["item_code"], rating["level"], rating["reason_code"], rating["reason"]) == (
        item.code,
        1,
        "waiting",
        "等了两小时",
    )
    followup = rating["followup"]
    assert followup["state"] == "contacted"
    assert [step["step"] for step in followup["steps"]] == ["contacted"]
    assert followup["due_contact"] and followup["overdue"] == []
    assert (by_case[declined.case_no]["declined"], by_case[declined.case_no]["level"]) == (
        True,
        None,
    )
    assert by_case[declined.case_no]["followup"] is None
    assert central.cli("evaluations", "--hall", "OTHER-HALL", "--json") == {"evaluations": []}
