"""The day's approval requests in the store: those whose decision was recorded within the
hall day (00:00-24:00 Shanghai time), and those sent by its end still pending."""

from __future__ import annotations

from datetime import date

from counter_app.store.approval_requests import SentRequest, record_decision, record_sent
from counter_app.store.database import Store
from counter_app.store.end_of_day import approvals_decided, approvals_pending

DAY = date(2026, 11, 27)
# 23:59 the day before, 10:00, and 00:00 the next day, in the hall.
BEFORE = "2026-11-26T15:59:00.000000Z"
DURING = "2026-11-27T02:00:00.000000Z"
AFTER = "2026-11-27T16:00:00.000000Z"


def sent(store: Store, request_id: str, at: str) -> None:
    record_sent(
        store,
        SentRequest(request_id, "reprint", "case", "补打", "遗失", "clerk07", at, "pending",
                    None, None, None),
    )  # fmt: skip


def decided(store: Store, request_id: str, at: str) -> None:
    record_decision(
        store, request_id, status="refused", decided_by="chief1", reason="不符", decided_at=at
    )


def test_only_the_days_decisions_and_what_waited_by_its_end(store: Store) -> None:
    sent(store, "a", BEFORE)
    decided(store, "a", BEFORE)  # decided the day before
    sent(store, "b", BEFORE)
    decided(store, "b", DURING)
    sent(store, "c", BEFORE)
    decided(store, "c", AFTER)  # decided the next day: neither list (as it stands now)
    sent(store, "d", DURING)  # still waiting
    sent(store, "e", AFTER)  # sent the next day
    assert [(a.request_id, a.status, a.decided_by) for a in approvals_decided(store, DAY)] == [
        ("b", "refused", "chief1")
    ]
    assert [a.request_id for a in approvals_pending(store, DAY)] == ["d"]
