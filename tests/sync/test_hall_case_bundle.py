"""A hall queue feed item naming the bundle (一件事) its case was decided in keeps it in the
workstation's hall queue, where the supervisor's queue reads it; an item from a platform
from before bundles names none."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from counter_app.services.hall_queue import read_queue
from counter_app.store.database import Store
from counter_app.store.hall_queue import QueueQuery
from sync.feeds import apply_hall_case
from sync.wire.feeds import HallCase

BUNDLE_ID = "b0000000-0000-4000-8000-000000000001"


def feed_item(index: int, **bundle: Any) -> HallCase:
    return HallCase(
        sequence=index,
        case_id=uuid.UUID(int=index),
        case_no=f"310104-TRAIN-W02-D1-20261127-{index:06d}",
        window_code="W02",
        clerk="clerk09",
        item_code="11310104002425223R005002200001",
        item_name="失业登记",
        state="accepted",
        data_version=1,
        kind="version",
        actor="clerk09",
        note="",
        at=datetime(2026, 11, 27, 9, 10, tzinfo=UTC),
        received_at=f"2026-11-27T09:{index:02d}:00.000000Z",
        accepted_at=f"2026-11-27T09:{index:02d}:00.000000Z",
        promised_date=None,
        deferral_due=None,
        flags=[],
        **bundle,
    )


def test_the_feed_items_bundle_reaches_the_queue(store: Store) -> None:
    with store.transaction():
        assert apply_hall_case(store, feed_item(1, bundle_id=BUNDLE_ID, bundle_name="失业一件事"))
        assert apply_hall_case(store, feed_item(2))
    entries = read_queue(store, QueueQuery(), today=date(2026, 11, 27))
    assert {(e.case_no[-1], e.bundle_id, e.bundle_name) for e in entries} == {
        ("1", BUNDLE_ID, "失业一件事"),
        ("2", None, None),
    }
