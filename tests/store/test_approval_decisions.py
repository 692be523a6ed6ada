"""A decision on this window's approval request is recorded and audited once, whether the
clerk's wait or a sync run learns it first; one the sync run learnt first is still news to
the wait that comes back to its request, which acts on it once."""

from __future__ import annotations

from counter_app.store.approval_requests import (
    SentRequest,
    oldest_open,
    pending_requests,
    record_decision,
    record_sent,
    sent_request,
)
from counter_app.store.audit import SYSTEM_ACTOR
from counter_app.store.database import Store

CASE_ID = "0b6f5c1e-2a41-4f59-9d1e-8a3f0e2b7c11"


def sent(store: Store, request_id: str, at: str) -> None:
    record_sent(
        store,
        SentRequest(
            request_id, "void", CASE_ID, "作废", "录错", "clerk02", at, "pending", None, None, None
        ),
    )


def decided(store: Store, request_id: str, *, waited: bool, status: str = "approved") -> bool:
    by = "" if status == "expired" else "chief1"
    return record_decision(
        store,
        request_id,
        status=status,
        decided_by=by,
        reason="",
        decided_at="2026-03-02T02:00:00.000000Z",
        waited=waited,
    )


def audited(store: Store) -> list[tuple[str, str]]:
    rows = store.db.execute(
        "SELECT actor, action FROM audit_log WHERE action LIKE 'approval_request.%'"
        " AND action != 'approval_request.sent' ORDER BY seq"
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def test_a_decision_the_sync_run_learnt_first_is_acted_on_by_the_wait_once(store: Store) -> None:
    sent(store, "r-1", "2026-03-02T01:00:00.000000Z")
    assert decided(store, "r-1", waited=False)  # the sync run records it
    assert not decided(store, "r-1", waited=False)  # and only once
    assert [r.request_id for r in pending_requests(store, "clerk02", CASE_ID)] == ["r-1"]
    assert oldest_open(store, 10) == []  # nothing left to ask the platform
    assert decided(store, "r-1", waited=True)  # the reopened case detail's wait acts on it
    assert not decided(store, "r-1", waited=True)  # once
    assert pending_requests(store, "clerk02", CASE_ID) == []
    assert audited(store) == [("chief1", "approval_request.approved")]


def test_a_decision_the_wait_got_first_is_no_news_to_the_sync_run(store: Store) -> None:
    sent(store, "r-2", "2026-03-02T01:00:00.000000Z")
    sent(store, "r-3", "2026-03-02T01:30:00.000000Z")
    assert oldest_open(store, 1) == ["r-2"]  # oldest first, bounded
    assert decided(store, "r-2", waited=True)
    assert not decided(store, "r-2", waited=False)
    assert decided(store, "r-3", waited=False, status="expired")
    assert sent_request(store, "r-3").status == "expired"
    assert audited(store) == [
        ("chief1", "approval_request.approved"),
        (SYSTEM_ACTOR, "approval_request.expired"),  # nobody decided it
    ]
