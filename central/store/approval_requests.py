"""Approval requests on the platform: a clerk's window asks the hall's supervisors
(``ApprovalRequestDraft``), a supervisor at another window of the hall decides, the asking
window reads the decision. Each function is one transaction (its nonce included).

Exactly once: a request is stored once per ``request_id`` and decided once; the same
decision (``decision_id``) sent again answers the request as decided, any other decision of
a decided request is refused. Four eyes: nobody decides their own request but to cancel it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from central.errors import (
    ApprovalAlreadyDecided,
    ApprovalRequestIdTaken,
    OwnApproval,
    UnknownInHall,
    ValidationFailed,
)
from central.store.acting_staff import check_acting
from central.store.base import DbCursor, Device, iso, utc_now
from sync.wire.approvals import DECIDED_WORDS, ApprovalDecision, ApprovalRequestDraft

if TYPE_CHECKING:
    from central.store.base import CentralStore

log = logging.getLogger("central.store")

_COLUMNS = (
    "request_id",
    "hall",
    "window_code",
    "kind",
    "summary",
    "reason",
    "requested_by",
    "requested_at",
    "status",
    "decided_by",
    "decision_reason",
    "decided_at",
    "decision_id",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM approval_requests"  # noqa: S608 - constants


def create_request(
    store: CentralStore, device: Device, nonce: str, draft: ApprovalRequestDraft
) -> dict[str, Any]:
    """Keep a request from ``device``'s window (the caller checked the hall); the request as
    held. The same draft again answers the request stored the first time."""
    request_id = str(draft.request_id)
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        check_acting(
            store, cur, device, draft.requested_by, act="asks for an approval", supervising=False
        )
        stored = store._exec(
            cur,
            "INSERT INTO approval_requests (request_id, hall, window_code, device_id, kind, "
            "summary, reason, requested_by, requested_at, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (request_id) DO NOTHING",
            (
                request_id,
                device.hall,
                device.window,
                device.device_id,
                draft.kind,
                draft.summary,
                draft.reason,
                draft.requested_by,
                iso(utc_now()),
            ),
        ).rowcount
        held = _request(store, cur, request_id)
        assert held is not None  # stored now or before
        if (held["hall"], held["requested_by"], held["kind"]) != (
            device.hall,
            draft.requested_by,
            draft.kind,
        ):
            raise ApprovalRequestIdTaken(
                "该审批请求编号已被另一个请求使用，请重新发送请求。",
                "This approval request id already names another request; send the request again.",
                details={"request_id": request_id},
            )
    if stored == 1:
        log.info(
            "approval request %s (%s) from %s at window %s of hall %s",
            request_id,
            draft.kind,
            draft.requested_by,
            device.window,
            device.hall,
        )
    return held


def pending_requests(store: CentralStore, device: Device, nonce: str) -> list[dict[str, Any]]:
    """The pending requests of ``device``'s hall, from every window, oldest first."""
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        rows = store._exec(
            cur,
            f"{_SELECT} WHERE hall = ? AND status = 'pending' ORDER BY requested_at, request_id",
            (device.hall,),
        ).fetchall()
    return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]


def one_request(store: CentralStore, device: Device, nonce: str, request_id: str) -> dict[str, Any]:
    """One request of ``device``'s hall (what the asking window polls for its answer)."""
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        return _hall_request(store, cur, device, request_id)


def decide(
    store: CentralStore, device: Device, nonce: str, request_id: str, decision: ApprovalDecision
) -> dict[str, Any]:
    """Record ``decision`` on a request of ``device``'s hall, once; the request as decided.

    A supervisor approves or refuses (with a reason) someone else's request; only the asking
    window cancels, and only its pending request."""
    if decision.decision == "refused" and not decision.reason.strip():
        raise ValidationFailed(
            "拒绝审批请求须写明理由。",
            "Refusing an approval request needs a reason.",
            details={"errors": [{"loc": ["body", "reason"], "type": "missing", "msg": "empty"}]},
        )
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        held = _hall_request(store, cur, device, request_id)
        if held["status"] != "pending":
            if held["decision_id"] == str(decision.decision_id):
                return held  # the same decision again: its answer was lost on the way
            status_zh, status_en = DECIDED_WORDS[held["status"]]
            raise ApprovalAlreadyDecided(
                f"该审批请求已由 {held['decided_by']} {status_zh}，不能再次处理。",
                f"This approval request was {status_en} already by {held['decided_by']}; it "
                "is decided once.",
                details={"request_id": request_id, "status": held["status"]},
            )
        _check_decider(store, cur, device, held, decision)
        decided = store._exec(
            cur,
            "UPDATE approval_requests SET status = ?, decision_id = ?, decided_by = ?, "
            "decided_device = ?, decision_reason = ?, decided_at = ? "
            "WHERE request_id = ? AND status = 'pending'",
            (
                decision.decision,
                str(decision.decision_id),
                decision.decided_by,
                device.device_id,
                decision.reason,
                iso(utc_now()),
                request_id,
            ),
        ).rowcount
        if decided != 1:  # another decision committed after this transaction read the row
            raise ApprovalAlreadyDecided(
                "该审批请求刚刚已由他人处理，不能再次处理。",
                "This approval request was decided by someone else just now; it is decided once.",
                details={"request_id": request_id},
            )
        log.info(
            "approval request %s %s by %s at window %s",
            request_id,
            decision.decision,
            decision.decided_by,
            device.window,
        )
        return _hall_request(store, cur, device, request_id)


def _check_decider(
    store: CentralStore,
    cur: DbCursor,
    device: Device,
    held: dict[str, Any],
    decision: ApprovalDecision,
) -> None:
    if decision.decision == "cancelled":
        asked_from = store._exec(
            cur,
            "SELECT device_id FROM approval_requests WHERE request_id = ?",
            (held["request_id"],),
        ).fetchone()[0]
        if asked_from != device.device_id or decision.decided_by != held["requested_by"]:
            raise OwnApproval(
                "只有提出请求的受理员可以在本窗口撤回该请求。",
                "Only the clerk who asked may cancel the request, at their window.",
                details={"request_id": held["request_id"]},
            )
        return
    if decision.decided_by == held["requested_by"]:
        raise OwnApproval(
            f"{decision.decided_by} 不能审批本人提出的请求（双人复核）：请另一位值班长审批。",
            f"{decision.decided_by} cannot decide their own request (four eyes): another "
            "supervisor must.",
            details={"request_id": held["request_id"]},
        )
    check_acting(
        store,
        cur,
        device,
        decision.decided_by,
        act=f"decided approval request {held['request_id']}",
        supervising=True,
    )


def _hall_request(
    store: CentralStore, cur: DbCursor, device: Device, request_id: str
) -> dict[str, Any]:
    held = _request(store, cur, request_id)
    # Another hall's request: its existence is not this device's to know.
    if held is None or held["hall"] != device.hall:
        raise UnknownInHall(
            "unknown_approval_request",
            "本大厅没有这个审批请求。",
            "There is no such approval request in this hall.",
        )
    return held


def _request(store: CentralStore, cur: DbCursor, request_id: str) -> dict[str, Any] | None:
    row = store._exec(cur, f"{_SELECT} WHERE request_id = ?", (request_id,)).fetchone()
    return None if row is None else dict(zip(_COLUMNS, row, strict=True))
