"""A clock days fast, refused by the real platform: the offset measured by the refusal is
kept, so doctor fails the clock and intake stops; the run after the clock is set right
measures it again and intake goes on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.clock_sanity import refused_skew
from counter_app.services.doctor import run_checks
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.sync.conftest import make_engine
from tests.sync.offset_clock import OffsetClock


def test_the_offset_of_a_refused_clock_is_kept_until_a_run_measures_it_again(
    home: Home, enrolled: Config, sync_store: Store, central: RunningCentral
) -> None:
    fast = OffsetClock(timedelta(days=2))
    summary = make_engine(home, enrolled, sync_store, clock=fast).run_once()
    assert summary.error is not None and summary.error["code"] == "clock_skew"
    refused = refused_skew(sync_store)
    assert refused is not None and abs(refused.offset_seconds - 2 * 86400) < 60
    checks = {c.name: c for c in run_checks(home, enrolled, now=fast.now)}
    assert checks["clock"].status == "fail" and "快约 48 小时" in checks["clock"].detail
    assert checks["intake"].status == "fail"
    # IT sets the clock right; the next run reaches the platform and measures it again.
    fixed = make_engine(home, enrolled, sync_store).run_once()
    assert fixed.error is None
    assert refused_skew(sync_store) is None
    checks = {c.name: c for c in run_checks(home, enrolled, now=lambda: datetime.now(UTC))}
    assert checks["intake"].status == "ok"
