"""The boot clock kept with the platform's measurement of this clock: read back as kept,
forgotten with a lifted refusal, and how far the wall clock drifted from it since; and the
latest moment the store wrote down."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from counter_app.store.database import Store
from counter_app.store.platform_clock import (
    BootReading,
    ClockNow,
    lift_refusal,
    newest_written_at,
    platform_clock_reading,
    record_platform_offset,
)
from counter_app.store.timestamps import from_text

MEASURED = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
BOOT = BootReading("boot-1", 500.0)


def test_the_boot_reading_is_kept_with_the_measurement_and_gone_with_a_lifted_refusal(
    store: Store,
) -> None:
    record_platform_offset(store, 2.0, MEASURED, boot=BOOT)
    reading = platform_clock_reading(store)
    assert reading is not None and reading.boot == BOOT
    record_platform_offset(store, 9e5, MEASURED, refused=True, boot=BootReading(None, 7.0))
    reading = platform_clock_reading(store)
    assert reading is not None and reading.boot == BootReading(None, 7.0)
    lift_refusal(store)
    assert platform_clock_reading(store) is None
    record_platform_offset(store, 2.0, MEASURED)  # no boot clock read: none kept
    reading = platform_clock_reading(store)
    assert reading is not None and reading.boot is None


def test_the_drift_is_what_the_wall_clock_counted_beyond_the_boot_clock(store: Store) -> None:
    record_platform_offset(store, 0.0, MEASURED, boot=BOOT)
    reading = platform_clock_reading(store)
    assert reading is not None
    hour = timedelta(hours=1)
    assert reading.drift(ClockNow(MEASURED + hour, BootReading("boot-1", 500.0 + 3600))) == (
        timedelta(0)
    )
    moved = ClockNow(MEASURED + timedelta(days=365), BootReading("boot-1", 500.0 + 3600))
    assert reading.drift(moved) == timedelta(days=365) - hour
    assert reading.drift(ClockNow(MEASURED + hour, BootReading("boot-2", 9000.0))) is None
    assert reading.drift(ClockNow(MEASURED + hour, BootReading("boot-1", 100.0))) is None


def test_the_newest_written_moment_is_the_latest_entry(store: Store) -> None:
    assert newest_written_at(store) is None
    store.audit.record("it", "config_change")
    [(at,)] = store.db.execute("SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()
    assert newest_written_at(store) == from_text(at)
