"""The statistics and the end of day count the cases of the hall this workstation is enrolled
in now: a PC moved to another hall (docs/operations.md §3.1) keeps the old hall's cases, and
they are none of the new hall's figures."""

from __future__ import annotations

from counter_app.domain.hall_time import hall_today
from counter_app.services.end_of_day import day_report
from counter_app.services.statistics import Period, compute
from counter_app.store.database import Store
from tests.sync.backlog import SEEDED_AT, seed_cases

OLD_HALL = "310104-001"


def test_the_old_halls_cases_count_in_neither_the_statistics_nor_the_day(store: Store) -> None:
    here = store.config.hall.hall_code
    window = store.config.hall.window_code
    own = seed_cases(store, 2, hall=here, window=window)
    left = seed_cases(store, 3, hall=OLD_HALL, window=window, start=2)
    day = hall_today(SEEDED_AT)

    figures = compute(store, Period(day, day))
    report = day_report(store, day)

    assert figures.cases == 2
    assert [(w.window_code, w.cases) for w in figures.per_window] == [(window, 2)]
    assert figures.sync_waiting == 2
    assert [(w.window_code, w.accepted) for w in report.windows] == [(window, 2)]
    assert sorted(u.case_no for u in report.unacknowledged) == sorted(c.case_no for c in own)
    assert not {c.case_no for c in left} & {u.case_no for u in report.unacknowledged}
