"""Two windows of one hall take the same pre-application (``case from-preapp`` at W01 and
at W02): the platform refuses W02's report that it consumed it, and W02's case becomes a
problem case for its supervisor - counted by the sync, listed by ``queue --problems`` with
why and what to do - until the supervisor voids the duplicate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store.database import Store
from sync.problems import resolve
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.services.conftest import PASSWORD
from tests.sync.conftest import make_engine, platform_versions
from tests.sync.preapps import create_preapp, ok_json

pytestmark = pytest.mark.integration


def test_a_pre_application_taken_at_two_windows_makes_the_second_case_a_problem(
    cli: Callable[..., CliResult],
    tmp_path: Path,
    home: Home,
    enrolled: Config,
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
    central: RunningCentral,
) -> None:
    central.publish_bundled_catalog()
    preapp = create_preapp(central, tmp_path)
    home2, _config, store2 = second_window
    engine1, engine2 = make_engine(home, enrolled, sync_store), make_engine(*second_window)
    assert engine1.run_once().pulled_by_feed["arrivals"] == 1
    assert engine2.run_once().pulled_by_feed["arrivals"] == 1
    taken = ("case", "from-preapp", preapp["arrival_id"], "--received", "M01,M20,M21,M22")
    first = ok_json(cli(*taken, "--json"))
    second = ok_json(cli(*taken, "--json", home_dir=home2.root))
    assert first["status"] == second["status"] == "accepted"

    at_w01 = engine1.run_once()
    assert (at_w01.preapps_reported, at_w01.pushed, at_w01.rejected) == (1, 1, 0)
    at_w02 = engine2.run_once()
    assert at_w02.error is None
    assert (at_w02.preapps_reported, at_w02.pushed, at_w02.rejected) == (0, 1, 1)

    (problem,) = ok_json(cli("queue", "--problems", "--json", home_dir=home2.root))["cases"]
    assert (problem["case_id"], problem["sync_state"], problem["local"]) == (
        second["case_id"],
        "rejected",
        True,
    )
    assert problem["problem"]["reason"] == "preapp_consumed_elsewhere"
    # The other case as clerks know it (the platform's 409 names its number and window).
    w01 = ok_json(cli("case", "show", first["case_id"], "--json"))["window_code"]
    said = problem["problem"]["message_zh"]
    assert f"窗口 {w01} 的另一个办件（办件编号 {first['case_no']}）" in said
    assert first["case_id"] not in said
    assert "重复受理" in problem["problem"]["message_zh"]
    assert "--void" in problem["problem"]["todo_zh"] and "--void" in problem["problem"]["todo_en"]
    shown = ok_json(cli("case", "show", second["case_id"], "--json", home_dir=home2.root))
    assert shown["sync_state"] == "rejected"
    assert engine2.run_once().rejected == 0  # counted once, when the platform refused it

    Accounts(store2).add_user("chief2", PASSWORD, "supervisor")
    chief = Accounts(store2).authenticate("chief2", PASSWORD)
    voided = resolve(store2, chief, second["case_id"], "void", "同一网上申报重复受理 duplicate")
    assert voided.state == "done"  # type: ignore[union-attr]  # this workstation's case
    assert engine2.run_once().pushed == 1
    assert ok_json(cli("queue", "--problems", "--json", home_dir=home2.root))["cases"] == []
    # The void reaches the platform above the duplicate's version it holds.
    assert [v for v, _ in platform_versions(central.db)[second["case_id"]]] == [1, 2]
    states = {c["case_id"]: c["state"] for c in central.cli("cases", "--json")["cases"]}
    assert states[second["case_id"]] == "voided"
