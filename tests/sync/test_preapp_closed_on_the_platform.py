"""A pre-application the platform changes after the window cached it, through a real
platform: the hall's pre-review returning it for correction reaches the window at the next
sync (shown, and refused without ``--despite-review``); withdrawn by its applicant, or
superseded by the corrected one, it leaves the window's cache with its applicant's data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store.database import Store
from sync.pull import drop_cursors
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sample_items import ID_NUMBER, NAME
from tests.sync.preapp_pulled import pulled_preapp
from tests.sync.preapps import create_preapp, ok_json

pytestmark = pytest.mark.integration

NOTE = "照片不合格，请重新上传"
TAKEN = ("--received", "M01,M20,M21,M22", "--json")


def _cached_ids(sync_store: Store) -> list[str]:
    return [row[0] for row in sync_store.db.execute("SELECT arrival_id FROM arrivals")]


def test_a_failed_review_then_a_correction_reach_the_window(
    cli: Callable[..., CliResult],
    tmp_path: Path,
    home: Home,
    central: RunningCentral,
    enrolled: Config,
    sync_store: Store,
) -> None:
    first, engine = pulled_preapp(central, tmp_path, (home, enrolled, sync_store))
    central.cli("preapp", "review", first["arrival_id"], "--failed", "--note", NOTE, "--json")
    assert engine.run_once().pulled_by_feed["arrivals"] == 1

    [held] = ok_json(cli("lookup", "--id-number", ID_NUMBER, "--json"))["preapps"]
    assert (held["review"], held["review_note"]) == ("failed", NOTE)
    assert held["headline"] == f"网上预审未通过：上海市居住证办理（首次申领）（{NOTE}）"
    refused = json.loads(cli("case", "from-preapp", first["arrival_id"], *TAKEN).stdout)
    [error] = refused["errors"]
    assert f"网上预审未通过（{NOTE}）" in error["message"]

    corrected = create_preapp(central, tmp_path)  # supersedes the failed one
    engine.run_once()
    assert _cached_ids(sync_store) == [corrected["arrival_id"]]
    listed = ok_json(cli("arrivals", "--json"))["preapps"]
    assert [p["arrival_id"] for p in listed] == [corrected["arrival_id"]]


def test_a_withdrawn_pre_application_leaves_the_window_with_its_applicants_data(
    cli: Callable[..., CliResult],
    tmp_path: Path,
    home: Home,
    central: RunningCentral,
    enrolled: Config,
    sync_store: Store,
) -> None:
    preapp, engine = pulled_preapp(central, tmp_path, (home, enrolled, sync_store))
    assert _cached_ids(sync_store) == [preapp["arrival_id"]]

    central.cli("preapp", "withdraw", preapp["arrival_id"], "--reason", "不办了", "--json")
    engine.run_once()
    assert _cached_ids(sync_store) == []
    assert ok_json(cli("lookup", "--id-number", ID_NUMBER, "--json"))["preapps"] == []
    refused = json.loads(cli("case", "from-preapp", preapp["arrival_id"], *TAKEN).stdout)
    [error] = refused["errors"]
    assert error["message"].startswith(f"本窗口没有网上申报 {preapp['arrival_id']}")
    assert NAME not in cli("arrivals").stdout

    # The next day's first sync reads the feed from the start: it does not come back.
    drop_cursors(sync_store, ["arrivals"])
    engine.run_once()
    assert _cached_ids(sync_store) == []
