"""The daily sequences behind case numbers and document serials: each day counts from 1,
days count apart, and a number taken in a transaction that rolled back is taken again."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.store.database import Store
from counter_app.store.sequences import (
    CASE_NUMBERS,
    DOCUMENT_SERIALS,
    SequenceTable,
    last_taken,
    take_next,
)

DAY = date(2026, 9, 24)
NEXT_DAY = date(2026, 9, 25)


def _take(store: Store, table: SequenceTable, day: date) -> int:
    with store.transaction() as db:
        return take_next(db, table, day)


@pytest.mark.parametrize("table", [CASE_NUMBERS, DOCUMENT_SERIALS])
def test_each_day_counts_from_one(store: Store, table: SequenceTable) -> None:
    assert [_take(store, table, DAY) for _ in range(3)] == [1, 2, 3]
    assert _take(store, table, NEXT_DAY) == 1
    assert _take(store, table, DAY) == 4
    assert last_taken(store.db.conn, table) == {"2026-09-24": 4, "2026-09-25": 1}


def test_a_number_rolled_back_is_taken_again(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as db:
        take_next(db, CASE_NUMBERS, DAY)  # the day's first number: its row is new
        raise RuntimeError
    assert _take(store, CASE_NUMBERS, DAY) == 1
    with pytest.raises(RuntimeError), store.transaction() as db:
        take_next(db, CASE_NUMBERS, DAY)  # a later number: the day's row is updated
        raise RuntimeError
    assert _take(store, CASE_NUMBERS, DAY) == 2


def test_a_number_is_taken_only_inside_a_transaction(store: Store) -> None:
    """Outside one, another writer could insert the day's row between the UPDATE that
    found none and the INSERT."""
    with pytest.raises(RuntimeError, match="open transaction"):
        take_next(store.db, CASE_NUMBERS, DAY)
    assert last_taken(store.db.conn, CASE_NUMBERS) == {}
