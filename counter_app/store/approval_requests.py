"""The approval requests this window's clerks sent to the hall's supervisors through the
platform (``approval_requests``), and the decision each got, applied once and audited.

A decision reaches this window by the clerk's wait (its poll, or a withdrawal a decision
overtook) or by a sync run. One the sync run learnt first (``learnt_unwaited``) is still
news to a wait that comes back to its request (a case detail reopened), which acts on it
once: the run must never take an approval from under a clerk who waits for it."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.errors import NotFound
from counter_app.store.audit import SYSTEM_ACTOR
from counter_app.store.database import Store

_COLUMNS = (
    "request_id, kind, target, summary, reason, requested_by, requested_at, status, "
    "decided_by, decision_reason, decided_at"
)


@dataclass(frozen=True)
class SentRequest:
    """A request as this window holds it; ``status`` pending until the decision came."""

    request_id: str
    kind: str
    target: str  # what waits for it: the intake's request id or the case id
    summary: str
    reason: str
    requested_by: str
    requested_at: str
    status: str  # pending, approved, refused, cancelled, expired
    decided_by: str | None
    decision_reason: str | None
    decided_at: str | None


def record_sent(store: Store, request: SentRequest) -> None:
    """Keep a request the platform stored (sent again with the same id: kept once)."""
    with store.transaction() as db:
        inserted = db.execute(
            f"INSERT INTO approval_requests ({_COLUMNS}) "  # noqa: S608 - constant columns
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, NULL) "
            "ON CONFLICT (request_id) DO NOTHING",
            (
                request.request_id,
                request.kind,
                request.target,
                request.summary,
                request.reason,
                request.requested_by,
                request.requested_at,
            ),
        ).rowcount
        if inserted:
            store.audit.record(
                request.requested_by,
                "approval_request.sent",
                request.target,
                {"request_id": request.request_id, "kind": request.kind},
            )


def record_decision(
    store: Store,
    request_id: str,
    *,
    status: str,
    decided_by: str,
    reason: str,
    decided_at: str,
    waited: bool = True,
) -> bool:
    """Apply the decision the platform holds for a pending request, audited (by
    ``decided_by``; an expiry, which nobody decided, by the system); whether it is news to
    the caller. ``waited``: the caller is the clerk's wait, which acts on a decision it is
    the first wait to get, the sync run's recording included; else a sync run, for which
    news is a decision recorded now (kept for a wait that comes back to it)."""
    learnt = int(not waited)
    with store.transaction() as db:
        decided = db.execute(
            "UPDATE approval_requests SET status = ?, decided_by = ?, decision_reason = ?,"
            " decided_at = ?, learnt_unwaited = ? WHERE request_id = ? AND status = 'pending'",
            (status, decided_by, reason, decided_at, learnt, request_id),
        ).rowcount
        if decided:
            sent = sent_request(store, request_id)
            store.audit.record(
                decided_by or SYSTEM_ACTOR,
                f"approval_request.{status}",
                sent.target,
                {"request_id": request_id, "kind": sent.kind, "reason": reason},
            )
            return True
        if not waited:
            return False
        return bool(
            db.execute(
                "UPDATE approval_requests SET learnt_unwaited = 0"
                " WHERE request_id = ? AND learnt_unwaited = 1",
                (request_id,),
            ).rowcount
        )


def sent_request(store: Store, request_id: str) -> SentRequest:
    row = store.db.execute(
        f"SELECT {_COLUMNS} FROM approval_requests WHERE request_id = ?",  # noqa: S608
        (request_id,),
    ).fetchone()
    if row is None:
        raise NotFound(
            f"本机没有编号为 {request_id} 的审批请求。",
            f"This workstation sent no approval request {request_id}.",
        )
    return SentRequest(*row)


def pending_requests(store: Store, requested_by: str, target: str) -> list[SentRequest]:
    """The requests ``requested_by`` sent for ``target`` whose decision no wait here got yet
    (one left by a window closed or crashed while it waited: still pending, or decided as a
    sync run learnt), oldest first."""
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM approval_requests"  # noqa: S608 - constant columns
        " WHERE requested_by = ? AND target = ? AND (status = 'pending' OR learnt_unwaited = 1)"
        " ORDER BY requested_at",
        (requested_by, target),
    ).fetchall()
    return [SentRequest(*row) for row in rows]


def oldest_open(store: Store, limit: int) -> list[str]:
    """The ids of the ``limit`` oldest requests still waiting for a decision here, from every
    clerk of this window."""
    with store.reading():
        rows = store.db.execute(
            "SELECT request_id FROM approval_requests WHERE status = 'pending'"
            " ORDER BY requested_at, request_id LIMIT ?",
            (limit,),
        ).fetchall()
    return [row[0] for row in rows]
