"""A window long offline whose hall policy paused intake: ``sync status`` and ``doctor`` say
it is paused, never that intake goes on; the limit and the count are the intake check's."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from counter_app.config import Config, update_user_config
from counter_app.home import Home
from counter_app.services import offline_policy
from counter_app.store.database import Store
from counter_app.store.timestamps import utc_now
from tests.in_process import CliResult
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL

Cli = Callable[..., CliResult]
GOES_ON = "办件仍可照常受理"
PAUSED = "新受理已按大厅规定暂停"


def _checks(cli: Cli, *options: str) -> dict[str, dict[str, str]]:
    done = cli(*options, "doctor", "--json")
    return {check["name"]: check for check in json.loads(done.stdout)["checks"]}


def test_the_offline_warning_says_intake_is_paused_when_it_is(
    cli: Cli, home: Home, enrolled: Config, sync_store: Store
) -> None:
    seed_cases(sync_store, 3, hall=HALL)
    offline_policy.record_success(sync_store, utc_now() - timedelta(hours=30))
    assert GOES_ON in cli("sync", "status").stdout  # no hard stop: intake goes on

    update_user_config(home, {"sync": {"hard_stop_cases": 3}})

    status = cli("sync", "status").stdout
    assert PAUSED in status and GOES_ON not in status
    checks = _checks(cli)
    assert checks["intake"]["status"] == "fail"
    assert checks["intake"]["detail"].startswith("本机有3件办件尚未上传（上限3件）")
    sync_detail = checks["sync"]["detail"]
    assert PAUSED in sync_detail and GOES_ON not in sync_detail
    assert "上限3件" not in sync_detail  # said once, by the intake check
    english = _checks(cli, "--lang", "en")["sync"]["detail"]
    assert "New intake is paused under hall policy" in english
    assert "Intake continues" not in english
