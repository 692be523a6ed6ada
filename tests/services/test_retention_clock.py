"""The background purge of personal data runs only on a clock the platform confirmed: a clock
set a year ahead purges nothing (a purge cannot be undone); once confirmed, it runs, and a run
that fails is not counted as the day's: the next call runs it again."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from counter_app.config import Config
from counter_app.errors import StoreError
from counter_app.home import Home
from counter_app.services import retention
from counter_app.services.auth import User
from counter_app.services.retention import purge_once_a_day
from counter_app.store.database import Store
from counter_app.store.platform_clock import BootReading, ClockNow, record_platform_offset
from tests.services.retention_cases import LATER, every_kind

BOOT = BootReading("boot-1", 1000.0)


@pytest.fixture
def config(home: Home, config: Config) -> Config:
    """A production window with a platform to confirm its clock."""
    return replace(config, sync=replace(config.sync, url="https://127.0.0.1:9"))


def _on_one_boot(moment: datetime, since: datetime) -> ClockNow:
    """The clocks at ``moment``, the boot clock having counted every second since ``since``."""
    return ClockNow(
        moment, BootReading(BOOT.boot_id, BOOT.seconds + (moment - since).total_seconds())
    )


def test_an_unconfirmed_clock_purges_nothing_and_a_confirmed_one_does(
    intake_store: Store, clerk: User
) -> None:
    every_kind(intake_store, clerk)

    assert purge_once_a_day(intake_store, now=ClockNow(LATER, BOOT)) is None

    record_platform_offset(intake_store, 0.3, LATER, boot=BOOT)
    run = purge_once_a_day(intake_store, now=_on_one_boot(LATER, LATER))
    assert run is not None and run.cases == 2


def test_a_failed_run_is_tried_again_the_same_day(
    intake_store: Store, clerk: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    every_kind(intake_store, clerk)
    record_platform_offset(intake_store, 0.3, LATER, boot=BOOT)

    def disk_failed(*_args: object, **_kwargs: object) -> object:
        raise StoreError("磁盘故障", "The disk failed")

    with monkeypatch.context() as patched:
        patched.setattr(retention, "purge_expired", disk_failed)
        with pytest.raises(StoreError):
            purge_once_a_day(intake_store, now=_on_one_boot(LATER, LATER))
    run = purge_once_a_day(intake_store, now=_on_one_boot(LATER, LATER))
    assert run is not None and run.cases == 2
