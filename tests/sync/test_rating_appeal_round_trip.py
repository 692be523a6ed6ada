"""A hall's appeal of a bad rating with a real window and the real platform: filed at the
window it goes up with the next sync and waits there, overdue limits and all; the
city-level reviewer's decision on the platform comes down with the progress feed, closes the
follow-up (upheld) and takes the rating out of the window's figures."""

from __future__ import annotations

from counter_app.config import Config
from counter_app.domain.evaluation import AppealState, FollowupState, FollowupStep
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.evaluations import (
    list_followups,
    record_evaluation,
    record_followup_step,
)
from counter_app.services.statistics import Period, compute
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import complete_marks, item_named, request_for
from tests.sync.conftest import make_engine

CLERK = User("clerk1", "窗口一", "clerk", None, False)
PASSWORD = "Review-2026-ok"


def test_an_appeal_upheld_on_the_platform_closes_the_follow_up_at_the_window(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    item = item_named(sync_store, "老年综合津贴申领")
    case = intake.accept(sync_store, request_for(item, complete_marks(item)), CLERK)
    record_evaluation(sync_store, case.case_id, 1, reason_code="other", actor="clerk1")
    record_followup_step(sync_store, case.case_id, FollowupStep.APPEAL, "恶意差评", by="chief1")
    engine = make_engine(home, enrolled, sync_store)
    assert engine.run_once().error is None  # the case, its rating and the appeal go up
    (waiting,) = list_followups(sync_store)
    assert (waiting.state, waiting.appeal) == (FollowupState.OPEN, AppealState.PENDING)
    hall = enrolled.hall.hall_code
    (row,) = central.cli("evaluations", "--hall", hall, "--json")["evaluations"]
    assert row["followup"]["appeal"] == "pending"

    central.cli(
        *("staff", "add", "--hall", "city-review", "--name", "reviewer1", "--role", "supervisor"),
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    central.cli(
        *("evaluations", "appeal", case.case_no, "--uphold", "--reason", "录像显示系误操作"),
        *("--by", "reviewer1", "--password-stdin", "--json"),
        input=PASSWORD + "\n",
    )
    assert engine.run_once().error is None  # the decision comes down

    (decided,) = list_followups(sync_store)
    assert (decided.state, decided.appeal, decided.overdue) == (
        FollowupState.APPEALED,
        AppealState.UPHELD,
        [],
    )
    today = hall_today()
    satisfaction = compute(sync_store, Period(today, today)).satisfaction
    assert (satisfaction.rated, satisfaction.levels[0]) == (0, 0)
    assert engine.run_once().error is None  # the window's version with the decision goes up
    (row,) = central.cli("evaluations", "--hall", hall, "--json")["evaluations"]
    assert (row["followup"]["state"], row["counted"]) == ("appealed", False)
    assert [s["step"] for s in row["followup"]["steps"]] == ["appeal", "appeal_upheld"]
