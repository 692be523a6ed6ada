"""A hall queue feed item keeps the platform's statistics facts of the case (first stored,
card read, rating) in the workstation's hall queue, where the statistics read them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from counter_app.store.database import Store
from sync.feeds import apply_hall_case
from sync.wire.feeds import HallCase


def test_the_feed_item_facts_reach_the_hall_queue(store: Store) -> None:
    item = HallCase(
        sequence=7,
        case_id=uuid.UUID(int=7),
        case_no="310104-TRAIN-W02-D1-20261127-000007",
        window_code="W02",
        clerk="clerk09",
        item_code="ITEM-1",
        item_name="模拟事项",
        state="accepted",
        data_version=2,
        kind="version",
        actor="clerk09",
        note="",
        at=datetime(2026, 11, 27, 9, 10, tzinfo=UTC),
        received_at="2026-11-27T09:00:00.000000Z",
        accepted_at="2026-11-27T09:00:00.000000Z",
        promised_date=None,
        deferral_due=None,
        flags=[],
        acknowledged_at="2026-11-27T09:01:30.000000Z",
        card_read_at="2026-11-27T08:52:00.000000Z",
        rating_level=None,
        rating_declined=True,
    )
    with store.transaction():
        assert apply_hall_case(store, item)
    row = store.db.execute(
        "SELECT acknowledged_at, card_read_at, rating_level, rating_declined, flags"
        " FROM hall_queue WHERE case_id = ?",
        (str(item.case_id),),
    ).fetchone()
    assert row == (
        "2026-11-27T09:01:30.000000Z",
        "2026-11-27T08:52:00.000000Z",
        None,
        1,
        "[]",
    )
