"""A clock set back behind the window's newest case takes no case (probe q6: a case
numbered and dated yesterday changed a closed day's figures), unless the platform confirmed
the clock since; doctor fails its clock and intake checks for it."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.clock_sanity import ClockUnconfirmed, this_boot
from counter_app.services.doctor import Check, run_checks
from counter_app.store.database import Store
from counter_app.store.platform_clock import record_platform_offset
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for
from tests.services.monday_clock import MONDAY_0910


@pytest.fixture
def config(home: Home, config: Config) -> Config:
    """A production window with a platform to confirm its clock."""
    return replace(config, sync=replace(config.sync, url="https://127.0.0.1:9"))


def _cases(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM cases").fetchone()[0])


def _take(store: Store, clerk: User, now: datetime) -> str:
    item = item_named(store, "老年综合津贴申领")
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    return intake.accept(store, request, clerk, now=now).case_no


def _checks(home: Home, config: Config, now: datetime) -> dict[str, Check]:
    return {check.name: check for check in run_checks(home, config, now=lambda: now)}


@pytest.mark.parametrize("back", [timedelta(hours=20), timedelta(hours=1)], ids=["20h", "1h"])
def test_a_clock_set_back_behind_the_newest_case_takes_no_case(
    intake_store: Store, clerk: User, home: Home, config: Config, back: timedelta
) -> None:
    _take(intake_store, clerk, MONDAY_0910)
    taken = _cases(intake_store)

    with pytest.raises(ClockUnconfirmed) as refused:
        _take(intake_store, clerk, MONDAY_0910 - back)

    assert _cases(intake_store) == taken
    assert "时钟被往回调过" in refused.value.zh and "2026-12-07 09:10" in refused.value.zh
    assert "请对照手机核对" in refused.value.zh and "已填写的内容仍在" in refused.value.zh
    assert "set back" in refused.value.en
    assert refused.value.to_dict()["code"] == "clock_unconfirmed"
    checks = _checks(home, config, MONDAY_0910 - back)
    assert checks["clock"].status == "fail" and "时钟被往回调过" in checks["clock"].detail
    assert checks["intake"].status == "fail" and "不能受理" in checks["intake"].detail


def test_a_few_minutes_behind_are_network_time_and_a_confirmed_clock_is_taken(
    intake_store: Store, clerk: User
) -> None:
    _take(intake_store, clerk, MOMENT)
    _take(intake_store, clerk, MOMENT - timedelta(minutes=4))  # within the tolerance
    # The clock had run a day fast; IT set it right and the platform confirmed it.
    right = MOMENT - timedelta(days=1)
    record_platform_offset(intake_store, 0.3, right, boot=this_boot())
    assert _take(intake_store, clerk, right + timedelta(seconds=1)).split("-")[-2] == "20260923"
