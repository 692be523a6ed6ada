"""A job that runs at most once a hall day per store: the hall day of its last finished run
is kept in ``meta`` under the job's own key, so every process that calls it (the window, a
``sync --once`` every few minutes) runs it once that day. The day is marked only after the
job returns: a run that raised is tried again at the next call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from counter_app.domain.hall_time import hall_today
from counter_app.store.database import Store

T = TypeVar("T")


def once_a_hall_day(store: Store, key: str, now: datetime, job: Callable[[], T]) -> T | None:
    """``job()``'s result, or None without running it when a run already finished on the
    hall day of ``now``."""
    day = hall_today(now).isoformat()
    if store.meta(key) == day:
        return None
    result = job()
    store.set_meta(key, day)
    return result
