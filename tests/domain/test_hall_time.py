"""Timestamps shown to people are the hall's wall clock, whatever the workstation's zone."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest

from counter_app.domain.hall_time import hall_day_span, hall_time_text


def test_a_utc_timestamp_reads_as_the_halls_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert hall_time_text("2026-03-01T16:30:05Z") == "2026-03-02 00:30:05"
        assert hall_time_text("2026-03-01T16:30:05+00:00") == "2026-03-02 00:30:05"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_missing_and_unreadable_timestamps() -> None:
    assert hall_time_text(None) == "—"
    assert hall_time_text("") == "—"
    assert hall_time_text("yesterday") == "yesterday"


def test_a_hall_day_spans_its_midnights_in_hall_time() -> None:
    start, end = hall_day_span(date(2026, 3, 2))
    assert (start.astimezone(UTC), end.astimezone(UTC)) == (
        datetime(2026, 3, 1, 16, tzinfo=UTC),
        datetime(2026, 3, 2, 16, tzinfo=UTC),
    )
