"""The receipt QR's progress page and 全市通办 with a real window and the real platform: the
window makes the case's token offline, the platform serves the page by it after the push;
a 全市通办 case is routed to its handling department, whose step comes back to the accepting
window; an online rating comes back too and joins the case beside the hall's own."""

from __future__ import annotations

import requests

from counter_app.config import Config
from counter_app.domain.tracking import TOKEN_PATTERN
from counter_app.home import Home
from counter_app.services.evaluations import record_evaluation
from counter_app.store.case_plaintext import case_document
from counter_app.store.cases import get_case
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.sync.city_wide import DEPARTMENT, accept_city_wide
from tests.sync.conftest import make_engine


def test_a_city_wide_case_is_tracked_routed_rated_and_its_news_reach_the_window(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    case = accept_city_wide(sync_store)
    document = case_document(sync_store, case.case_id)
    token = document["track_token"]
    assert TOKEN_PATTERN.fullmatch(token) and case.case_id not in token
    assert document["service_item"]["handling_department"] == DEPARTMENT
    record_evaluation(sync_store, case.case_id, 5, actor="clerk1")  # at the hall's evaluator

    engine = make_engine(home, enrolled, sync_store)
    assert engine.run_once().error is None
    page = requests.get(f"{central.url}/track/{token}", timeout=10)
    assert page.status_code == 200
    assert "办理部门（全市通办）" in page.text and "浦东新区残疾人联合会" in page.text
    # The accepting hall by the name its receipt prints, not its code.
    assert f"{enrolled.hall.hall_name} · {enrolled.hall.window_code}" in page.text

    hall, window = enrolled.hall.hall_code, enrolled.hall.window_code
    [routed] = central.cli("routed", "--department", DEPARTMENT, "--json")["cases"]
    assert (routed["case_no"], routed["accepting_hall"], routed["accepting_window"]) == (
        case.case_no,
        hall,
        window,
    )
    assert routed["accepting_hall_name"] == enrolled.hall.hall_name
    central.cli("progress", case.case_no, "--to", "in_process", "--department", DEPARTMENT)
    rated = requests.post(
        f"{central.url}/track/{token}/rating",
        data={"level": "1", "reason_code": "attitude"},
        allow_redirects=False,
        timeout=10,
    )
    assert rated.status_code == 303

    assert engine.run_once().error is None  # pulls the step and the rating
    assert get_case(sync_store, case.case_id).state == "in_process"
    updated = case_document(sync_store, case.case_id)
    assert updated["evaluation"]["level"] == 5  # the hall's rating stands
    online = updated["online_evaluation"]
    assert (online["channel"], online["level"], online["reason_code"]) == ("online", 1, "attitude")
    assert (online["window"], online["clerk"]) == (window, "clerk1")

    assert engine.run_once().error is None  # the rated version goes up
    listed = central.cli("evaluations", "--hall", hall, "--json")["evaluations"]
    assert sorted((row["channel"], row["level"]) for row in listed) == [
        ("hall_evaluator", 5),
        ("online", 1),
    ]
