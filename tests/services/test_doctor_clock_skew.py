"""A clock the platform refused: doctor fails its clock and intake checks with the offset
measured and the fix, intake is refused, until a sync run reaches the platform again; and
audit entries written while the clock ran fast only warn once the platform finds it right."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.clock_sanity import ClockRefusedByPlatform, refuse_skewed_clock
from counter_app.services.doctor import Check, run_checks
from counter_app.store.database import Store, open_store
from counter_app.store.platform_clock import record_platform_offset
from tests.services.conftest import complete_marks, item_named, request_for

TWO_DAYS = 2 * 24 * 3600.0


def _measure(home: Home, config: Config, seconds: float, now: datetime, refused: bool) -> None:
    store = open_store(home, config)
    try:
        record_platform_offset(store, seconds, now, refused=refused)
    finally:
        store.close()


def _checks(home: Home, config: Config, now: datetime) -> dict[str, Check]:
    return {check.name: check for check in run_checks(home, config, now=lambda: now)}


def test_a_clock_the_platform_refused_fails_doctor_and_stops_intake_until_a_sync_measures_it(
    home: Home, config: Config
) -> None:
    fast = datetime.now(UTC) + timedelta(days=2)
    assert _checks(home, config, fast)["clock"].status == "ok"  # nothing measured yet
    _measure(home, config, TWO_DAYS, fast, refused=True)
    checks = _checks(home, config, fast)
    assert checks["clock"].status == "fail"
    assert "比中心平台快约 48 小时" in checks["clock"].detail
    assert "请校准系统时间" in checks["clock"].detail
    assert checks["intake"].status == "fail" and "不能受理" in checks["intake"].detail
    store = open_store(home, config)
    try:
        with pytest.raises(ClockRefusedByPlatform) as refused:
            refuse_skewed_clock(store)
        assert "about 48 hours ahead of the platform's" in refused.value.en
        assert "set the date and time" in refused.value.en
    finally:
        store.close()
    # The clock set right, the next sync run's health report measures it: work goes on.
    now = datetime.now(UTC)
    _measure(home, config, 1.5, now, refused=False)
    checks = _checks(home, config, now)
    assert (checks["clock"].status, checks["intake"].status) == ("ok", "ok")


def test_doctor_says_the_refused_clock_in_english_when_asked(home: Home, config: Config) -> None:
    english = replace(config, ui=replace(config.ui, lang="en"))
    fast = datetime.now(UTC) + timedelta(days=2)
    _measure(home, english, TWO_DAYS, fast, refused=True)
    clock = _checks(home, english, fast)["clock"]
    assert clock.status == "fail" and "about 48 hours ahead of the platform's" in clock.detail
    assert "Set the system time" in clock.detail and "之" not in clock.detail


def test_entries_written_ahead_of_a_clock_the_platform_found_right_only_warn(
    home: Home, config: Config
) -> None:
    """The clock ran two days fast (the audit entries say so), IT set it right, and a sync
    run's health report found it right: nothing is wrong now but the entries' dates."""
    store = open_store(home, config)
    try:
        store.audit.record("it", "config_change")  # dated by the system clock: "now"
    finally:
        store.close()
    set_right = datetime.now(UTC) - timedelta(days=2)
    clock = _checks(home, config, set_right)["clock"]
    assert clock.status == "fail" and "时钟被往回调了" in clock.detail  # nothing confirms it
    _measure(home, config, 0.8, set_right, refused=False)
    clock = _checks(home, config, set_right + timedelta(minutes=10))["clock"]
    assert clock.status == "warn"
    assert "已由中心平台核实" in clock.detail and "本机时钟偏快时写下的" in clock.detail
    assert "请告知信息技术人员" in clock.detail
    # Set back again after the platform's finding: that finding no longer vouches for it.
    clock = _checks(home, config, set_right - timedelta(hours=1))["clock"]
    assert clock.status == "fail"


def test_intake_takes_no_case_while_the_refusal_stands(intake_store: Store, clerk: User) -> None:
    item = item_named(intake_store, "老年综合津贴申领")
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    fast = datetime.now(UTC) + timedelta(days=2)
    record_platform_offset(intake_store, TWO_DAYS, fast, refused=True)
    cases = intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0]
    with pytest.raises(ClockRefusedByPlatform) as refused:
        intake.accept(intake_store, request, clerk, now=fast)
    assert "已填写的内容仍在" in refused.value.zh
    assert intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == cases
    # Set right, and a sync run's health report found it so: the same request is taken.
    now = datetime.now(UTC)
    record_platform_offset(intake_store, 0.4, now)
    assert intake.accept(intake_store, request, clerk, now=now).case_id
