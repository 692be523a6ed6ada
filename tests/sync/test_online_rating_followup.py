"""A bad online rating (一事一评 on the progress page) with a real window and the real
platform: the progress feed brings it to the accepting window, which opens its follow-up
there and counts it in its figures; the supervisor's step goes up with the next sync and the
platform's ``evaluations`` listing shows it on that online rating."""

from __future__ import annotations

import requests

from counter_app.config import Config
from counter_app.domain.evaluation import FollowupStep
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.end_of_day import day_report
from counter_app.services.evaluations import list_followups, record_followup_step
from counter_app.services.statistics import Period, compute
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.case_plaintext import case_document
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import make_engine

CLERK = User("clerk1", "窗口一", "clerk", None, False)


def test_a_bad_online_rating_is_followed_up_at_the_window_and_the_platform_sees_the_steps(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    item = item_named(sync_store, "老年综合津贴申领")
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), CLERK)
    token = case_document(sync_store, case.case_id)["track_token"]
    engine = make_engine(home, enrolled, sync_store)
    assert engine.run_once().error is None
    rated = requests.post(
        f"{central.url}/track/{token}/rating",
        data={"level": "2", "reason_code": "waiting"},
        allow_redirects=False,
        timeout=10,
    )
    assert rated.status_code == 303
    assert engine.run_once().error is None  # the rating comes down

    (followup,) = list_followups(sync_store)
    assert (followup.case_no, followup.level, followup.reason_code) == (case.case_no, 2, "waiting")
    today = hall_today()
    satisfaction = compute(sync_store, Period(today, today)).satisfaction
    assert (satisfaction.rated, satisfaction.not_rated, satisfaction.levels[1]) == (1, 0, 1)
    report = day_report(sync_store, today)
    assert [(r.case_no, r.channel) for r in report.low_ratings] == [(case.case_no, "online")]

    record_followup_step(
        sync_store, case.case_id, FollowupStep.CONTACTED, "已电话联系申请人", by="chief1"
    )
    assert engine.run_once().error is None  # the step goes up
    hall = enrolled.hall.hall_code
    (row,) = central.cli("evaluations", "--hall", hall, "--json")["evaluations"]
    assert (row["channel"], row["level"], row["reason_code"]) == ("online", 2, "waiting")
    assert row["followup"]["state"] == "contacted"
    assert [(s["step"], s["note"]) for s in row["followup"]["steps"]] == [
        ("contacted", "已电话联系申请人")
    ]
