"""Doctor's sync lines tell the platform as it is now: a last attempt older than five sync
intervals is warned of even with the window closed and nothing waiting (operations §4),
and ``sync_platform`` asks the platform itself (reachable, clock offset), skipped with a
word on a workstation not enrolled."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from counter_app.config import Config, load_config
from counter_app.home import Home
from counter_app.services import offline_policy
from counter_app.store.database import Store
from counter_app.store.timestamps import utc_now
from sync.doctor import sync_checks
from tests.sync.conftest import closed_address


def _checks(home: Home, config: Config) -> dict[str, tuple[str, str]]:
    return {check.name: (check.status, check.detail) for check in sync_checks(home, config)}


def test_a_last_attempt_fourteen_hours_old_is_warned_of_with_the_window_closed(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    offline_policy.record_success(sync_store, utc_now() - timedelta(hours=14))
    state, detail = _checks(home, enrolled)["sync"]
    assert state == "warn", detail
    assert "上次同步尝试" in detail and "柜台窗口没有打开" in detail


def test_the_platform_answering_is_told_with_its_clock_offset(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    state, detail = _checks(home, enrolled)["sync_platform"]
    assert state == "ok", detail
    assert "有应答" in detail and "秒" in detail


def test_a_stopped_platform_fails_the_live_check_while_the_last_report_says_online(
    home: Home, enrolled: Config, sync_store: Store
) -> None:
    offline_policy.record_success(sync_store, utc_now())
    stopped = replace(enrolled, sync=replace(enrolled.sync, url=closed_address()))
    checks = _checks(home, stopped)
    assert checks["sync"][0] == "ok"  # what the sync process last reported
    state, detail = checks["sync_platform"]
    assert state == "fail" and "中心平台现在没有应答" in detail, detail


def test_not_enrolled_the_live_check_is_skipped_with_a_word(home: Home) -> None:
    config = load_config(home)
    production = replace(
        config,
        hall=replace(config.hall, training=False),
        sync=replace(config.sync, url=closed_address()),
    )
    state, detail = _checks(home, production)["sync_platform"]
    assert state == "ok" and "已跳过" in detail
