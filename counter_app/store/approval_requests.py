"""The approval requests this window's clerks sent to the hall's supervisors through the
platform (``approval_requests``), and the decision each got, applied once and audited."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.errors import NotFound
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
    status: str  # pending, approved, refused, cancelled
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
    store: Store, request_id: str, *, status: str, decided_by: str, reason: str, decided_at: str
) -> bool:
    """Apply the decision the platform holds for a pending request, audited; False (and
    nothing changes) when this request was decided here already."""
    with store.transaction() as db:
        decided = db.execute(
            "UPDATE approval_requests SET status = ?, decided_by = ?, decision_reason = ?,"
            " decided_at = ? WHERE request_id = ? AND status = 'pending'",
            (status, decided_by, reason, decided_at, request_id),
        ).rowcount
        if decided:
            sent = sent_request(store, request_id)
            store.audit.record(
                decided_by,
                f"approval_request.{status}",
                sent.target,
                {"request_id": request_id, "kind": sent.kind, "reason": reason},
            )
    return bool(decided)


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
    """The requests ``requested_by`` sent for ``target`` still waiting for a decision (one
    left by a window closed or crashed while it waited), oldest first."""
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM approval_requests"  # noqa: S608 - constant columns
        " WHERE requested_by = ? AND target = ? AND status = 'pending' ORDER BY requested_at",
        (requested_by, target),
    ).fetchall()
    return [SentRequest(*row) for row in rows]
