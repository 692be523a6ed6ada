"""A job run once a hall day: a second call the same hall day (in the hall's time zone) does
not run it, the next hall day does, and a run that raised is not counted as the day's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from counter_app.store.database import Store
from counter_app.store.once_a_day import once_a_hall_day

KEY = "test.job_ran_on"
MORNING = datetime(2027, 3, 1, 1, 0, tzinfo=UTC)  # 09:00 in the hall


def test_the_job_runs_once_a_hall_day(store: Store) -> None:
    runs: list[datetime] = []

    def job(at: datetime) -> int:
        runs.append(at)
        return len(runs)

    assert once_a_hall_day(store, KEY, MORNING, lambda: job(MORNING)) == 1
    evening = MORNING + timedelta(hours=14)  # 23:00 in the hall, 15:00 UTC
    assert once_a_hall_day(store, KEY, evening, lambda: job(evening)) is None
    next_day = MORNING + timedelta(hours=16)  # 01:00 the next day in the hall
    assert once_a_hall_day(store, KEY, next_day, lambda: job(next_day)) == 2
    assert runs == [MORNING, next_day]


def test_a_run_that_raised_runs_again_at_the_next_call(store: Store) -> None:
    def failing() -> int:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        once_a_hall_day(store, KEY, MORNING, failing)
    assert store.meta(KEY) is None
    assert once_a_hall_day(store, KEY, MORNING, lambda: 7) == 7
    assert store.meta(KEY) == "2027-03-01"
