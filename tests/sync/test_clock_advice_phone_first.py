"""Every place on the window side that finds this PC's clock off from the platform's tells
IT to check it against a phone first, and to leave a right clock alone and tell the platform
when the platform's is the wrong one (``counter_app.domain.clock_advice``): the sync's
``ClockSkew``, the offline warning while the platform refuses the clock, and doctor's live
``sync_platform`` check."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from counter_app.config import Config
from counter_app.domain.clock_advice import CHECK_AGAINST_A_PHONE, PLATFORM_CLOCK_WRONG
from counter_app.home import Home
from counter_app.services import clock_sanity, offline_policy
from counter_app.store.database import Store
from counter_app.store.platform_clock import record_platform_offset
from counter_app.store.timestamps import utc_now
from sync import platform_check
from sync.clock import SystemClock
from sync.errors import ClockSkew


def _advises_a_phone_first(zh: str, en: str) -> bool:
    return all(
        (
            CHECK_AGAINST_A_PHONE[0] in zh,
            PLATFORM_CLOCK_WRONG[0] in zh,
            CHECK_AGAINST_A_PHONE[1] in en,
            PLATFORM_CLOCK_WRONG[1] in en,
        )
    )


def test_the_advice_is_the_one_doctor_and_the_intake_refusal_give() -> None:
    assert clock_sanity.PLATFORM_CLOCK_WRONG == PLATFORM_CLOCK_WRONG


@pytest.mark.parametrize("skew", [-3720.0, 2 * 86400.0])
def test_a_sync_refused_for_the_clock_says_check_against_a_phone_first(skew: float) -> None:
    refused = ClockSkew(skew)
    assert _advises_a_phone_first(refused.zh, refused.en)
    assert "不会丢失" in refused.zh and "stay safe" in refused.en


def test_the_offline_warning_for_a_refused_clock_says_check_against_a_phone_first(
    sync_store: Store,
) -> None:
    config = replace(
        sync_store.config,
        sync=replace(sync_store.config.sync, url="https://platform.example", offline_warn_hours=4),
    )
    start = utc_now()
    offline_policy.record_success(sync_store, start)
    fast = timedelta(days=2)
    record_platform_offset(sync_store, fast.total_seconds(), start + fast, refused=True)
    warning = offline_policy.offline_warning(sync_store, config, start + fast + timedelta(hours=5))
    assert warning is not None and _advises_a_phone_first(*warning)


class _ClockAhead(SystemClock):
    """This PC's clock ``ahead`` of the real one."""

    ahead = timedelta()

    def now(self) -> datetime:
        return super().now() + self.ahead


@pytest.mark.parametrize(("ahead", "status"), [(90, "warn"), (900, "fail")])
def test_doctor_s_live_clock_offset_says_check_against_a_phone_first(
    home: Home,
    enrolled: Config,
    monkeypatch: pytest.MonkeyPatch,
    ahead: int,
    status: str,
) -> None:
    monkeypatch.setattr(_ClockAhead, "ahead", timedelta(seconds=ahead))
    monkeypatch.setattr(platform_check, "SystemClock", _ClockAhead)
    zh = platform_check.platform_check(home, enrolled, en=False)
    en = platform_check.platform_check(home, enrolled, en=True)
    assert (zh.status, en.status) == (status, status)
    assert _advises_a_phone_first(zh.detail, en.detail)
