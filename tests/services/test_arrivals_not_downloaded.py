"""A day past the days the sync downloads is not "no appointments": the command says the
day's appointments are on the platform only (``downloaded`` false in --json)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from counter_app.domain.hall_time import hall_today
from tests.in_process import CliResult


def test_a_day_not_downloaded_says_so(cli: Callable[..., CliResult]) -> None:
    later = (hall_today() + timedelta(days=30)).isoformat()
    said = cli("arrivals", "--date", later)
    assert said.returncode == 0, said.stderr
    assert f"{later} 的预约尚未下载到本机" in said.stdout and "sync.arrival_days" in said.stdout
    listed = json.loads(cli("arrivals", "--date", later, "--json").stdout)
    assert listed["downloaded"] is False and listed["appointments"] == []
    today = json.loads(cli("arrivals", "--json").stdout)
    assert today["downloaded"] is True
