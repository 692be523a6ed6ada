"""Two windows of one hall against a real platform: a command at W02 that names a case W01
accepted (W02 knows it only from the hall queue) is refused naming W01 and what the applicant
does there; a 容缺 case the platform took into processing before its material came can still
be supplied at W01, and the new version reaches the platform."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest

from central.store import cases as case_store
from central.store import open_store as open_central_store
from central.store import progress
from counter_app.config import Config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services.auth import Accounts, User
from counter_app.store import cases as case_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.services.conftest import PASSWORD
from tests.services.deferral_cases import backdate_deadlines, deferred_case, deferred_codes
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, make_engine, platform_versions

pytestmark = pytest.mark.integration


def test_a_command_at_w02_naming_a_w01_case_says_where_it_is_handled(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    second_window: tuple[Home, Config, Store],
    central: RunningCentral,
) -> None:
    (theirs,) = seed_cases(sync_store, 1, hall=HALL)
    assert make_engine(home, enrolled, sync_store).run_once().pushed == 1
    home2, config2, store2 = second_window
    assert make_engine(home2, config2, store2).run_once().error is None  # the hall feed
    Accounts(store2).add_user("clerk02", PASSWORD, "clerk")

    def at_w02(*args: str, lang: str = "zh") -> CliResult:
        return cli("--lang", lang, *args, input=PASSWORD + "\n", home_dir=home2.root)

    asked = {
        "handover": ("case", "handover", theirs.case_no, "--id-number", theirs.id_number),
        "correct": ("case", "correct", theirs.case_no, "--material", "M01"),
        "supply": (
            "case", "supply", theirs.case_no, "--material", "M03", "--by", "clerk02",
            "--password-stdin",
        ),
        "accept": ("case", "accept", theirs.case_id, "--received", "M01"),
    }  # fmt: skip
    told = {
        "handover": "办理结果须在 W01 窗口领取，请引导申请人到 W01 窗口。",
        "correct": "补正材料须在 W01 窗口提交，请引导申请人到 W01 窗口。",
        "supply": "容缺材料须在 W01 窗口补交，请引导申请人到 W01 窗口。",
        "accept": "一次性告知后补齐材料的受理须在 W01 窗口办理，请引导申请人到 W01 窗口。",
    }
    for operation, args in asked.items():
        refused = at_w02(*args)
        assert refused.returncode == 2, (operation, refused.stdout)
        zh, en = refused.stderr.splitlines()
        assert zh.startswith(f"办件 {theirs.case_no} 由 W01 窗口受理（已受理），本窗口（W02）"), zh
        assert zh.endswith(told[operation]), zh
        assert en.startswith(f"Case {theirs.case_no} was accepted at window W01 (Accepted)"), en
        assert "找不到办件" not in refused.stderr
    shown = at_w02("case", "show", theirs.case_id, lang="en")
    assert shown.returncode == 2
    assert f"counter-app queue --hall --search {theirs.case_no}" in shown.stderr
    # Nothing was written at W02, and nothing went to the platform: still W01's version 1.
    assert case_rows.list_cases(store2) == []
    assert make_engine(home2, config2, store2).run_once().pushed == 0
    assert [v for v, _ in platform_versions(central.db)[theirs.case_id]] == [1]
    # A number the hall does not know at all is still "not found", and W01 itself is not
    # sent elsewhere for a case it holds.
    unknown = at_w02("case", "handover", "310104-TRAIN-W01-ABCDEF12-20261127-000099",
                     "--id-number", theirs.id_number)  # fmt: skip
    assert unknown.returncode == 2 and "找不到办件" in unknown.stderr


def test_a_deferral_taken_into_processing_is_still_supplied_at_its_window(
    cli: Callable[..., CliResult], home: Home, enrolled: Config, sync_store: Store,
    central: RunningCentral,
) -> None:  # fmt: skip
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    accounts.add_user("clerk01", PASSWORD, "clerk")
    supervisor = accounts.authenticate("chief1", PASSWORD)
    case_id = deferred_case(sync_store, User("clerk1", "窗口一", "clerk", None, False), supervisor)
    (owed,) = deferred_codes(sync_store, case_id)
    backdate_deadlines(sync_store, case_id, hall_today() + timedelta(days=3))
    assert make_engine(home, enrolled, sync_store).run_once().pushed == 1
    platform = open_central_store(central.db)
    try:
        progress.record_progress(platform, case_id, "in_process", "部门先行审查")
    finally:
        platform.close()
    assert make_engine(home, enrolled, sync_store).run_once().error is None
    assert case_rows.get_case(sync_store, case_id).state == "in_process"
    # Overdue now, but in the department's hands: the sync run's expiry leaves it.
    backdate_deadlines(sync_store, case_id, hall_today() - timedelta(days=1))
    later = make_engine(home, enrolled, sync_store).run_once()
    assert (later.error, later.deferrals_terminated, later.pushed) == (None, 0, 0)
    assert case_rows.get_case(sync_store, case_id).state == "in_process"

    listed = json.loads(cli("deferrals", "--json").stdout)["deferrals"]
    assert [(d["case_id"], d["state"], d["materials"], d["overdue"]) for d in listed] == [
        (case_id, "in_process", [owed], True)
    ]
    supplied = cli(
        "--lang", "en", "case", "supply", case_id, "--material", owed, "--by", "clerk01",
        "--password-stdin", "--json", input=PASSWORD + "\n",
    )  # fmt: skip
    assert supplied.returncode == 0, supplied.stderr
    assert json.loads(supplied.stdout) | {"data_version": 2} == {
        "case_id": case_id,
        "case_no": case_rows.get_case(sync_store, case_id).case_no,
        "data_version": 2,
        "state": "in_process",
        "remaining": [],
    }
    assert json.loads(cli("deferrals", "--json").stdout)["deferrals"] == []
    assert make_engine(home, enrolled, sync_store).run_once().pushed == 1
    platform = open_central_store(central.db)
    try:
        (stored,) = [
            v for v in case_store.case_versions(platform, case_id) if v["data_version"] == 2
        ]
    finally:
        platform.close()
    assert stored["payload"]["state"] == "in_process"
    material = next(m for m in stored["payload"]["materials"] if m["code"] == owed)
    assert material["status"] == "received" and material["deadline"] is not None
