"""Doctor tells whether this window's previous working day was signed off (probe q6: nobody
was told yesterday's 日结 was never signed); a window that took no case that day is not asked."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.doctor import Check, run_checks
from counter_app.services.end_of_day import day_report, sign_off_day
from counter_app.store.database import Store
from tests.services.conftest import complete_marks, item_named, request_for
from tests.services.monday_clock import MONDAY_0910

TUESDAY_0910 = MONDAY_0910 + timedelta(days=1)


def _checks(home: Home, config: Config, now: datetime = TUESDAY_0910) -> dict[str, Check]:
    return {c.name: c for c in run_checks(home, config, now=lambda: now)}


def test_an_unsigned_previous_working_day_warns_until_a_supervisor_signs_it(
    intake_store: Store, clerk: User, supervisor: User, home: Home, config: Config, tmp_path: Path
) -> None:
    assert "day_sign_off" not in _checks(home, config)  # no case yet: not asked
    item = item_named(intake_store, "老年综合津贴申领")
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    intake.accept(intake_store, request, clerk, now=MONDAY_0910)

    unsigned = _checks(home, config)["day_sign_off"]
    assert (
        unsigned.status == "warn" and "2026-12-07 的日结尚未在本窗口（W01）签署" in unsigned.detail
    )
    assert "值班长" in unsigned.detail and "counter-app eod --date 2026-12-07 --sign-off" in (
        unsigned.detail
    )

    sign_off_day(
        intake_store,
        day_report(intake_store, date(2026, 12, 7)),
        supervisor,
        lambda _signed: tmp_path / "eod.pdf",
    )
    signed = _checks(home, config)["day_sign_off"]
    assert signed.status == "ok" and f"已由 {supervisor.username}" in signed.detail


def test_a_previous_working_day_the_window_took_no_case_on_is_not_asked(
    intake_store: Store, clerk: User, home: Home, config: Config
) -> None:
    """Closed on Tuesday (a day off): nothing to sign for it on Wednesday, though the window
    took a case on Monday."""
    item = item_named(intake_store, "老年综合津贴申领")
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    intake.accept(intake_store, request, clerk, now=MONDAY_0910)
    assert "day_sign_off" in _checks(home, config)  # Monday is asked on Tuesday
    assert "day_sign_off" not in _checks(home, config, now=MONDAY_0910 + timedelta(days=2))
