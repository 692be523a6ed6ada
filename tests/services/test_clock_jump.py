"""A clock moved ahead while the platform cannot be reached: within one boot, the boot clock
tells; after a reboot, a jump past the latest known moment larger than an offline holiday
does. Intake is refused with what happened and what to do, and 容缺 deadlines end no case
until the platform has confirmed the clock; a clock the platform refused is said as it
reads now, not as it was measured."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import deferrals
from counter_app.services.auth import User
from counter_app.services.clock_sanity import (
    ClockRefusedByPlatform,
    ClockUnconfirmed,
    clock_confirmed,
    clock_doubt,
    refuse_skewed_clock,
    refuse_unconfirmed_clock,
)
from counter_app.store import cases as case_rows
from counter_app.store.database import Store, open_store
from counter_app.store.platform_clock import (
    BootReading,
    ClockNow,
    newest_written_at,
    record_platform_offset,
)
from tests.services.conftest import MOMENT
from tests.services.deferral_cases import deferred_case

BOOT = BootReading("boot-1", 1000.0)
YEAR = timedelta(days=365)


@pytest.fixture
def config(home: Home, config: Config) -> Config:
    """A production window with a platform to confirm its clock."""
    return replace(config, sync=replace(config.sync, url="https://127.0.0.1:9"))


def _later(boot: BootReading, passed: timedelta) -> BootReading:
    return BootReading(boot.boot_id, boot.seconds + passed.total_seconds())


def _deadline(store: Store, case_id: str) -> date:
    record = case_rows.get_case(store, case_id)
    return date.fromisoformat(next(m.deadline for m in record.materials if m.deadline))


def test_a_clock_moved_a_year_ahead_within_a_boot_takes_no_case_and_ends_no_deferral(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    case_id = deferred_case(intake_store, clerk, supervisor)
    record_platform_offset(intake_store, 0.4, MOMENT, boot=BOOT)
    jumped = ClockNow(MOMENT + YEAR, _later(BOOT, timedelta(hours=1)))

    assert not clock_confirmed(intake_store, jumped)
    with pytest.raises(ClockUnconfirmed) as refused:
        refuse_unconfirmed_clock(intake_store, jumped.wall, jumped.boot)
    assert "被往前调过" in refused.value.zh and "多出约 365 天" in refused.value.zh
    assert "联网同步一次" in refused.value.zh and "已填写的内容仍在" in refused.value.zh
    assert "moved ahead" in refused.value.en and "about 365 days" in refused.value.en
    assert refused.value.to_dict()["code"] == "clock_unconfirmed"
    ended = deferrals.expire_overdue(
        intake_store, actor="system:test", now=jumped.wall, boot=jumped.boot
    )
    assert ended == []
    assert case_rows.get_case(intake_store, case_id).state == "accepted_deferred"


def test_a_year_the_boot_clock_counted_is_no_jump_and_ends_the_overdue_deferral(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    case_id = deferred_case(intake_store, clerk, supervisor)
    record_platform_offset(intake_store, 0.4, MOMENT, boot=BOOT)
    passed = datetime.combine(_deadline(intake_store, case_id), MOMENT.timetz()) - MOMENT
    day_after = ClockNow(
        MOMENT + passed + timedelta(days=1), _later(BOOT, passed + timedelta(days=1))
    )

    assert clock_confirmed(intake_store, day_after)
    refuse_unconfirmed_clock(intake_store, day_after.wall, day_after.boot)
    ended = deferrals.expire_overdue(
        intake_store, actor="system:test", now=day_after.wall, boot=day_after.boot
    )
    assert [d.case_id for d in ended] == [case_id]


def test_after_a_reboot_a_holiday_is_taken_but_a_year_is_not_and_nothing_ends_unconfirmed(
    intake_store: Store, clerk: User, supervisor: User
) -> None:
    case_id = deferred_case(intake_store, clerk, supervisor)
    record_platform_offset(intake_store, 0.4, MOMENT, boot=BOOT)
    latest = newest_written_at(intake_store)
    assert latest is not None
    rebooted = BootReading("boot-2", 40.0)

    holiday = ClockNow(latest + timedelta(days=10), rebooted)
    assert clock_doubt(intake_store, holiday) is None
    assert not clock_confirmed(intake_store, holiday)  # the deadline waits for a sync
    assert deferrals.expire_overdue(intake_store, actor="t", now=holiday.wall, boot=rebooted) == []

    year = ClockNow(latest + YEAR, rebooted)
    doubt = clock_doubt(intake_store, year)
    assert doubt is not None and "晚约 365 天" in doubt[0] and "没有核实" in doubt[0]
    assert clock_doubt(intake_store, year, offline_bound=YEAR + timedelta(days=1)) is None
    # The platform confirms the clock after the reboot: the deadline's day has come.
    record_platform_offset(intake_store, 0.2, year.wall, boot=rebooted)
    confirmed = ClockNow(year.wall + timedelta(minutes=1), _later(rebooted, timedelta(minutes=1)))
    ended = deferrals.expire_overdue(
        intake_store, actor="t", now=confirmed.wall, boot=confirmed.boot
    )
    assert [d.case_id for d in ended] == [case_id]


def test_without_boot_ids_the_boot_clock_still_vouches_and_a_large_jump_is_refused(
    intake_store: Store,
) -> None:
    nameless = BootReading(None, 1000.0)
    record_platform_offset(intake_store, 0.4, MOMENT, boot=nameless)
    week = timedelta(days=7)
    assert clock_confirmed(intake_store, ClockNow(MOMENT + week, _later(nameless, week)))
    # A reboot or a jump, it cannot tell: no termination, and no refusal under the bound.
    moved = ClockNow(MOMENT + timedelta(days=2), _later(nameless, timedelta(hours=1)))
    assert not clock_confirmed(intake_store, moved)
    latest = max(MOMENT, newest_written_at(intake_store) or MOMENT)
    assert clock_doubt(intake_store, replace(moved, wall=latest + timedelta(days=2))) is None
    assert clock_doubt(intake_store, replace(moved, wall=latest + YEAR)) is not None


def test_no_platform_to_confirm_it_leaves_the_clock_as_it_was(home: Home, config: Config) -> None:
    offline_hall = replace(config, sync=replace(config.sync, url=""))
    with open_store(home, offline_hall) as store:
        record_platform_offset(store, 0.4, MOMENT, boot=BOOT)
        jumped = ClockNow(MOMENT + YEAR, _later(BOOT, timedelta(hours=1)))
        assert clock_doubt(store, jumped) is None
        assert clock_confirmed(store, jumped)


def test_a_refused_clock_is_said_as_it_reads_now(intake_store: Store) -> None:
    """Measured a year slow (refused), then set a year fast: it is fast now."""
    slow = MOMENT - YEAR
    record_platform_offset(intake_store, -YEAR.total_seconds(), slow, refused=True, boot=BOOT)
    fast = ClockNow(MOMENT + YEAR, _later(BOOT, timedelta(minutes=3)))
    with pytest.raises(ClockRefusedByPlatform) as now_words:
        refuse_skewed_clock(intake_store, fast)
    assert "比中心平台快约 8760 小时" in now_words.value.zh
    assert "about 8760 hours ahead of the platform's" in now_words.value.en
    assert "测得" not in now_words.value.zh
    with pytest.raises(ClockRefusedByPlatform) as measured:
        refuse_skewed_clock(intake_store)  # no clock reading: the measurement, and when
    assert "比中心平台慢约 8760 小时（平台时间" in measured.value.zh
    # Another boot: the boot clock cannot tell, so the measurement is said as measured.
    with pytest.raises(ClockRefusedByPlatform) as rebooted:
        refuse_skewed_clock(intake_store, replace(fast, boot=BootReading("boot-2", 5.0)))
    assert "慢约 8760 小时（平台时间" in rebooted.value.zh
