"""The clock-skew advice does not blame this PC alone (probe q6): when the platform's clock is
the wrong one, IT would set a right clock wrong; every place that tells a clerk or IT to set
the clock says to compare it with a phone first and, if it is right, to tell the platform's
operator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.clock_sanity import ClockRefusedByPlatform, refuse_skewed_clock
from counter_app.services.doctor import run_checks
from counter_app.store.database import Store, open_store
from counter_app.store.platform_clock import record_platform_offset

FOURTEEN_HOURS = 14 * 3600.0


def test_the_refusal_of_intake_says_the_platform_s_clock_may_be_the_wrong_one(
    store: Store,
) -> None:
    record_platform_offset(store, FOURTEEN_HOURS, refused=True)
    with pytest.raises(ClockRefusedByPlatform) as refused:
        refuse_skewed_clock(store)
    assert "快约 14 小时" in refused.value.zh and "对照手机" in refused.value.zh
    assert "中心平台的时钟有误" in refused.value.zh and "运维人员" in refused.value.zh
    assert "the platform's clock is wrong" in refused.value.en
    assert "platform's operator" in refused.value.en


@pytest.mark.parametrize(("offset", "status"), [(FOURTEEN_HOURS, "fail"), (-95.0, "warn")])
def test_doctor_s_clock_advice_says_so_too(
    home: Home, config: Config, offset: float, status: str
) -> None:
    now = datetime.now(UTC) + timedelta(seconds=offset)
    opened = open_store(home, config)
    try:
        record_platform_offset(opened, offset, now, refused=offset > 0)
    finally:
        opened.close()
    clock = {c.name: c for c in run_checks(home, config, now=lambda: now)}["clock"]
    assert clock.status == status
    assert "对照手机" in clock.detail and "中心平台的时钟有误" in clock.detail
