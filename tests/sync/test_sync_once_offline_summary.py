"""``counter-app sync --once`` with the platform out of reach: no summary that reads as a
success, the backlog the store holds, and ``--json`` keeping its fields."""

from __future__ import annotations

import json
from collections.abc import Callable

from counter_app.config import Config, update_user_config
from counter_app.home import Home
from counter_app.store.database import Store
from tests.in_process import CliResult
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, closed_address

Cli = Callable[..., CliResult]
# What `sync --once --json` has always said (docs/operations.md, /shared/CONTRACTS.md).
SUMMARY_FIELDS = {
    "pushed",
    "duplicates",
    "conflicts",
    "rejected",
    "pending",
    "pulled",
    "pulled_by_feed",
    "reachable",
    "error",
}


def test_an_unreachable_platform_is_not_reported_as_a_sync(
    cli: Cli, home: Home, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, 3, hall=HALL)
    update_user_config(home, {"sync": {"url": closed_address()}})

    failed = cli("sync", "--once")

    assert failed.returncode == 3
    assert failed.stderr.startswith("无法连接平台")
    assert failed.stdout == "同步未完成；本机仍有 3 件办件待上传。\n"
    english = cli("--lang", "en", "sync", "--once")
    assert english.returncode == 3
    assert english.stdout == "Sync did not finish; 3 case(s) still wait to be uploaded.\n"
    as_json = cli("sync", "--once", "--json")
    assert as_json.returncode == 3
    assert as_json.stderr.startswith("无法连接平台")  # errors go to stderr, JSON or not
    summary = json.loads(as_json.stdout)
    assert set(summary) >= SUMMARY_FIELDS
    assert (summary["reachable"], summary["pushed"], summary["pending"]) == (False, 0, 3)
    assert summary["error"]["code"] == "platform_unreachable"


def test_a_successful_run_still_says_its_counts(
    cli: Cli, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, 2, hall=HALL)
    synced = cli("sync", "--once")
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith(
        "已上传 2 件，重复确认 0 件，冲突 0 件，被拒 0 件，待上传 0 件；"
    )
