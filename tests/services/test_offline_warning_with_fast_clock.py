"""The offline warning of a window whose clock the platform refused for running two days
fast: the hours without a sync are the platform's, not the fast clock's, and the warning
names the clock (which also stops intake), not the network; once the clock is set right
(before any sync) its own hours count again."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from counter_app.config import Config
from counter_app.services import intake, offline_policy
from counter_app.services.auth import User
from counter_app.store.database import Store
from counter_app.store.platform_clock import record_platform_offset
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

FAST = timedelta(days=2)


def warned_after_four_hours(store: Store) -> Config:
    config = store.config
    return replace(
        config,
        sync=replace(config.sync, url="https://platform.example.gov.cn", offline_warn_hours=4),
    )


def test_the_hours_are_the_platform_s_while_the_fast_clock_stands_refused(
    intake_store: Store,
) -> None:
    config = warned_after_four_hours(intake_store)
    offline_policy.record_success(intake_store, MOMENT)
    # An hour later the clock jumps two days ahead; the next sync is refused for it.
    refused_at = MOMENT + timedelta(hours=1) + FAST
    record_platform_offset(intake_store, FAST.total_seconds(), refused_at, refused=True)
    assert offline_policy.offline_warning(intake_store, config, refused_at) is None
    five_hours_on = MOMENT + timedelta(hours=5) + FAST
    warning = offline_policy.offline_warning(intake_store, config, five_hours_on)
    assert warning is not None
    zh, en = warning
    assert (
        "已约5小时（按中心平台的时间）未与中心平台同步成功" in zh and "48" not in zh.split("：")[0]
    )
    assert "本机时钟比中心平台快约 48 小时" in zh and "新受理已暂停" in zh
    assert "检查网络" not in zh and "照常受理" not in zh
    assert "about 5 hours (by the platform's time)" in en and "48 hours ahead" in en


def test_the_clock_set_right_before_a_sync_counts_its_own_hours(intake_store: Store) -> None:
    config = warned_after_four_hours(intake_store)
    offline_policy.record_success(intake_store, MOMENT)
    refused_at = MOMENT + timedelta(hours=1) + FAST
    record_platform_offset(intake_store, FAST.total_seconds(), refused_at, refused=True)
    warning = offline_policy.offline_warning(intake_store, config, MOMENT + timedelta(hours=6))
    assert warning is not None and "已约6小时（按中心平台的时间）" in warning[0]


def test_a_hard_stop_counts_the_platform_s_days(intake_store: Store, clerk: User) -> None:
    config = intake_store.config
    config = intake_store.config = replace(
        config, sync=replace(config.sync, url="https://platform.example.gov.cn", hard_stop_days=1)
    )
    offline_policy.record_success(intake_store, MOMENT)
    item = item_named(intake_store, "老年综合津贴申领")
    intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)
    refused_at = MOMENT + timedelta(hours=1) + FAST
    record_platform_offset(intake_store, FAST.total_seconds(), refused_at, refused=True)
    assert offline_policy.intake_pause(intake_store, config, refused_at) is None
    days_on = MOMENT + timedelta(days=1, hours=1) + FAST
    paused = offline_policy.intake_pause(intake_store, config, days_on)
    assert paused is not None and paused.reached == 1 and "本机已1天" in paused.zh
