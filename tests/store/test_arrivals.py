"""The arrivals cache: sealed and found by the ID number's blind index, the feed's newest
item of an arrival kept (an older one read again changes nothing), and an arrival gone
after its last day - from reads at once, from the store when purged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from counter_app.store.arrivals import (
    arrivals_of,
    arrivals_on,
    purge_past_arrivals,
    store_arrival,
)
from counter_app.store.database import Store
from tests.sample_items import APPOINTMENT, DAY


def test_an_arrival_is_sealed_found_by_id_number_and_the_newest_item_wins(store: Store) -> None:
    with store.transaction():
        assert store_arrival(store, APPOINTMENT)
        cancelled = replace(APPOINTMENT, sequence=9, state="cancelled")
        assert store_arrival(store, cancelled)
        assert not store_arrival(store, APPOINTMENT)  # read again from the start: older
    raw = repr(store.db.execute("SELECT * FROM arrivals").fetchall())
    assert "王建国" not in raw and "310104195803120011" not in raw
    assert arrivals_of(store, "310104195803120011", DAY) == [cancelled]
    assert arrivals_of(store, "31010419580312001x", DAY) == []
    assert APPOINTMENT.headline()[0] == "预约 09:30 上海市居住证签注（预约号 A1204001）"


def test_an_arrival_is_gone_after_its_day(store: Store) -> None:
    with store.transaction():
        store_arrival(store, APPOINTMENT)
    assert arrivals_on(store, DAY) == [APPOINTMENT]
    next_day = date(2026, 12, 5)
    assert arrivals_on(store, next_day) == []
    assert arrivals_of(store, APPOINTMENT.id_number, next_day) == []
    assert purge_past_arrivals(store, DAY) == 0
    assert purge_past_arrivals(store, next_day) == 1
    assert store.db.execute("SELECT COUNT(*) FROM arrivals").fetchone()[0] == 0
