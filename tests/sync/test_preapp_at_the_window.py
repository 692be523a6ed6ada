"""Issue 14's done criterion for pre-applications, through a real platform: a
pre-application made on the platform (``counter-central preapp create``) reaches the
window's encrypted cache with a sync, becomes an accepted case at the window while the
platform is STOPPED (``counter-app case from-preapp``), and the platform learns it was
consumed at the first sync after it returns - exactly once."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from counter_app.config import Config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.store.database import Store, open_store
from sync.backoff import Backoff
from tests.central.open_halls import open_every_day_command
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sample_items import ENDORSEMENT, ID_NUMBER, NAME
from tests.sync.conftest import HALL, make_engine
from tests.sync.preapp_pulled import pulled_preapp
from tests.sync.preapps import ok_json

pytestmark = pytest.mark.integration


def book(central: RunningCentral, day: date) -> dict[str, Any]:
    central.cli(*open_every_day_command(HALL))  # the days ahead may be a weekend or holiday
    booked: dict[str, Any] = central.cli(
        "appointment", "create", "--hall", HALL, "--item", ENDORSEMENT,
        "--id-number", ID_NUMBER, "--name", NAME, "--at", f"{day}T10:00", "--json",
    )  # fmt: skip
    return booked


def test_a_pre_application_becomes_a_case_offline_and_is_reported_consumed_once(
    cli: Callable[..., CliResult],
    tmp_path: Path,
    home: Home,
    central: RunningCentral,
    enrolled: Config,
    sync_store: Store,
) -> None:
    preapp, engine = pulled_preapp(
        central,
        tmp_path,
        (home, enrolled, sync_store),
        run_backoff=Backoff(0.01, 0.02),
        run_retries=1,
    )
    # Sealed at rest: neither the name nor the ID number is in the cache's columns.
    raw = sync_store.db.execute("SELECT * FROM arrivals").fetchall()
    assert NAME.encode() not in repr(raw).encode() and ID_NUMBER not in repr(raw)

    central.stop()
    listed = ok_json(cli("arrivals", "--json"))
    assert listed["appointments"] == []
    [cached] = listed["preapps"]
    assert (cached["preapp_id"], cached["arrival_id"], cached["headline"]) == (
        preapp["preapp_id"],
        preapp["arrival_id"],
        "网上预审已通过：上海市居住证办理（首次申领）",
    )
    assert f"{preapp['arrival_id']}" in (words := cli("arrivals").stdout) and "[待受理]" in words
    person = ok_json(cli("lookup", "--id-number", ID_NUMBER, "--json"))
    assert [p["arrival_id"] for p in person["preapps"]] == [preapp["arrival_id"]]

    accepted = ok_json(
        cli(
            "case", "from-preapp", preapp["arrival_id"], "--received", "M01,M20,M21,M22",
            "--json",
        )
    )  # fmt: skip
    assert (accepted["status"], accepted["errors"], accepted["replayed"]) == ("accepted", [], False)
    shown = ok_json(cli("case", "show", accepted["case_id"], "--json"))
    by_code = {m["code"]: m for m in shown["materials"]}
    assert (by_code["M10"]["form"], by_code["M10"]["status"]) == ("electronic", "received")
    assert by_code["M10"]["note"].startswith("已电子提交（申请表.pdf，SHA-256 ")
    document = sync_store.db.execute(
        "SELECT case_id FROM cases WHERE case_id = ?", (accepted["case_id"],)
    ).fetchone()
    assert document is not None
    # Taken again (a retry): the same case, and the pre-application is no longer open.
    again = ok_json(cli("case", "from-preapp", preapp["arrival_id"], "--json"))
    assert (again["case_id"], again["replayed"]) == (accepted["case_id"], True)
    offline = engine.run_once()
    assert not offline.reachable and offline.preapps_reported == 0

    platform = central.restart()
    try:
        engine.config = replace(enrolled, sync=replace(enrolled.sync, url=platform.url))
        back = engine.run_once()
        assert back.error is None and back.preapps_reported == 1 and back.pushed == 1
        assert engine.run_once().preapps_reported == 0  # exactly once
        on_platform = platform.cli("preapp", "show", preapp["arrival_id"], "--json")
        assert (on_platform["state"], on_platform["consumed_case_id"]) == (
            "consumed",
            accepted["case_id"],
        )
        pushed = platform.cli("cases", "--json")["cases"]
        assert [c["case_id"] for c in pushed] == [accepted["case_id"]]
        # The platform confirmed the report: the cache forgets the applicant's
        # pre-application (the feed's consumed item does not bring it back), and taking it
        # again names the case it became.
        person = ok_json(cli("lookup", "--id-number", ID_NUMBER, "--json"))
        assert person["preapps"] == []
        assert sync_store.db.execute("SELECT COUNT(*) FROM arrivals").fetchone()[0] == 0
        taken = cli("case", "from-preapp", preapp["arrival_id"], "--json")
        assert taken.returncode == 1
        [error] = json.loads(taken.stdout)["errors"]
        assert accepted["case_no"] in error["message"] and "已在本窗口受理" in error["message"]
    finally:
        platform.stop()


def test_a_wider_window_of_days_reads_the_feed_again_and_brings_the_later_appointments(
    cli: Callable[..., CliResult],
    tmp_path: Path,
    home: Home,
    central: RunningCentral,
    enrolled: Config,
    sync_store: Store,
) -> None:
    central.publish_bundled_catalog()
    tomorrow, later = (hall_today() + timedelta(days=n) for n in (1, 5))
    booked = [book(central, day) for day in (tomorrow, later)]
    engine = make_engine(home, enrolled, sync_store)  # sync.arrival_days = 3
    assert engine.run_once().pulled_by_feed["arrivals"] == 1
    shown = ok_json(cli("arrivals", "--date", tomorrow.isoformat(), "--json"))
    assert [(a["appointment_id"], a["number"]) for a in shown["appointments"]] == [
        (booked[0]["appointment_id"], booked[0]["number"])
    ]
    assert ok_json(cli("arrivals", "--date", later.isoformat(), "--json"))["appointments"] == []

    # The window of days moves (a new day, or more days configured at a restart): its old
    # cursor is refused and the feed is read again from the start; what is held stays.
    sync_store.close()
    wider = replace(enrolled, sync=replace(enrolled.sync, arrival_days=7))
    with open_store(home, wider) as store:
        again = make_engine(home, wider, store).run_once()
    assert again.error is None and again.pulled_by_feed["arrivals"] == 1
    later_day = ok_json(cli("arrivals", "--date", later.isoformat(), "--json"))
    assert [a["headline"] for a in later_day["appointments"]] == [
        f"预约 10:00 上海市居住证签注（预约号 {booked[1]['appointment_no']}）"
    ]
