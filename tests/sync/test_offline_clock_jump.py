"""The probe's year-ahead clock against a real platform: confirmed by a sync run, then moved a
year ahead with the platform gone, the window takes no case and its offline run ends no 容缺
case; a clock refused for being a year slow and then set a year fast is said to be fast."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counter_app.config import Config
from counter_app.domain.hall_time import hall_today
from counter_app.home import Home
from counter_app.services.auth import Accounts, User
from counter_app.services.clock_sanity import ClockUnconfirmed, refuse_unconfirmed_clock
from counter_app.services.doctor import run_checks
from counter_app.store import cases as case_rows
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.services.conftest import PASSWORD
from tests.services.deferral_cases import backdate_deadlines, deferred_case
from tests.sync.conftest import make_engine
from tests.sync.offset_clock import OffsetClock

YEAR = timedelta(days=365)


def test_a_clock_moved_a_year_ahead_offline_takes_no_case_and_ends_no_deferral(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    ensure_bundled_catalog(sync_store)
    ensure_bundled_calendar(sync_store)
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    supervisor = accounts.authenticate("chief1", PASSWORD)
    waiting = deferred_case(sync_store, User("clerk1", "窗口一", "clerk", None, False), supervisor)
    backdate_deadlines(sync_store, waiting, hall_today() + timedelta(days=3))
    assert make_engine(home, enrolled, sync_store).run_once().error is None  # clock confirmed

    central.stop()
    ahead = OffsetClock(YEAR)
    offline = make_engine(home, enrolled, sync_store, clock=ahead).run_once()
    assert offline.error is not None and not offline.reachable
    assert offline.deferrals_terminated == 0
    assert case_rows.get_case(sync_store, waiting).state == "accepted_deferred"
    with pytest.raises(ClockUnconfirmed):
        refuse_unconfirmed_clock(sync_store, ahead.now())
    checks = {c.name: c for c in run_checks(home, enrolled, now=ahead.now)}
    assert checks["clock"].status == "fail" and "被往前调过" in checks["clock"].detail
    assert checks["intake"].status == "fail"


def test_a_clock_refused_a_year_slow_and_then_set_a_year_fast_is_said_to_be_fast(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    slow = make_engine(home, enrolled, sync_store, clock=OffsetClock(-YEAR)).run_once()
    assert slow.error is not None and slow.error["code"] == "clock_skew"
    checks = {c.name: c for c in run_checks(home, enrolled, now=OffsetClock(YEAR).now)}
    assert checks["clock"].status == "fail"
    assert "比中心平台快约 8760 小时" in checks["clock"].detail
    assert "比中心平台快约 8760 小时" in checks["intake"].detail
