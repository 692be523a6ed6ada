"""doctor on a clock moved ahead offline: the clock and intake checks fail with what happened
and the fix; and once the platform has found the clock right again, cases taken on the
dates it ran ahead are a failure to act on, not entries to shrug at."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.doctor import Check, run_checks
from counter_app.store.database import Store
from counter_app.store.platform_clock import (
    BootReading,
    ClockNow,
    newest_written_at,
    record_platform_offset,
)
from tests.services.conftest import complete_marks, item_named, request_for

BOOT = BootReading("boot-1", 1000.0)


def _checks(home: Home, config: Config, now: ClockNow) -> dict[str, Check]:
    checks = run_checks(home, config, now=lambda: now.wall, boot=lambda: now.boot)
    return {check.name: check for check in checks}


def test_a_clock_moved_a_year_ahead_offline_fails_the_clock_and_intake_checks(
    home: Home, config: Config, store: Store
) -> None:
    production = replace(config, sync=replace(config.sync, url="https://127.0.0.1:9"))
    store.audit.record("it", "config_change")  # dated by the system clock: "now"
    measured = newest_written_at(store)
    assert measured is not None
    record_platform_offset(store, 0.4, measured, boot=BOOT)
    an_hour_later = BootReading(BOOT.boot_id, BOOT.seconds + 3600)

    checks = _checks(home, production, ClockNow(measured + timedelta(hours=1), an_hour_later))
    assert (checks["clock"].status, checks["intake"].status) == ("ok", "ok")

    checks = _checks(home, production, ClockNow(measured + timedelta(days=365), an_hour_later))
    assert checks["clock"].status == "fail"
    assert "被往前调过" in checks["clock"].detail
    assert "counter-app sync --once" in checks["clock"].detail
    assert "容缺到期终止暂缓执行" in checks["clock"].detail
    assert checks["intake"].status == "fail" and "不能受理" in checks["intake"].detail


def test_cases_taken_while_the_clock_ran_ahead_fail_once_it_is_found_right(
    home: Home, config: Config, intake_store: Store, clerk: User
) -> None:
    latest = newest_written_at(intake_store)
    assert latest is not None
    fast = latest + timedelta(days=365)
    item = item_named(intake_store, "老年综合津贴申领")
    taken = intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=fast)
    right = latest + timedelta(hours=1)
    record_platform_offset(intake_store, 0.5, right, boot=BOOT)
    later = ClockNow(right + timedelta(minutes=10), BootReading("boot-1", BOOT.seconds + 600))

    clock = _checks(home, config, later)["clock"]
    assert clock.status == "fail", clock.detail
    assert "已由中心平台核实" in clock.detail and "1 件办件的受理日期在未来" in clock.detail
    assert f"counter-app cases --day {taken.case_no.split('-')[-2][:4]}-" in clock.detail
    assert "请值班长逐件核对" in clock.detail and "无需处理" not in clock.detail
