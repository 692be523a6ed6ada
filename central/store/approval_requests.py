"""Approval requests on the platform: a clerk's window asks the hall's supervisors
(``ApprovalRequestDraft``), a supervisor at another window of the hall decides, the asking
window reads the decision. Each function a device calls is one transaction (its nonce
included).

Exactly once: a request is stored once per ``request_id`` and decided once; the same
decision (``decision_id``) sent again answers the request as decided, any other decision of
a decided request is refused. Four eyes: nobody decides their own request but to cancel it,
nor a request about a case they made (``makers``), which the asking window would refuse.

A request lives for its hall day: pending until 24:00 hall time of the day it was made,
``expired`` after (read so, never stored: no job has to run), and never decided then. The
day ends at midnight, not at the hall's closing (``hall-hours``): the applicant inside at
closing is still served, and the window's own hall day ends at midnight too. A window (a
hall's window code, whichever device it runs on) keeps at most ``OPEN_PER_WINDOW`` requests
pending: a runaway client cannot fill every inbox.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from central.errors import (
    ApprovalAlreadyDecided,
    ApprovalExpired,
    ApprovalRequestIdTaken,
    OwnApproval,
    TooManyOpenApprovals,
    UnknownInHall,
    ValidationFailed,
)
from central.store.acting_staff import check_acting
from central.store.base import DbCursor, Device, iso, utc_now
from central.store.cases import hall_day_bounds
from counter_app.domain.four_eyes import own_approval_words
from counter_app.domain.hall_time import hall_time_text, hall_today
from sync.wire.approvals import (
    CASE_KINDS,
    DECIDED_WORDS,
    ApprovalDecision,
    ApprovalRequestDraft,
)

if TYPE_CHECKING:
    from central.store.base import CentralStore

log = logging.getLogger("central.store")

# Requests one window may keep pending: a clerk waits on one at a time, a few more are
# left by windows closed while they waited; more is a fault or a flood.
OPEN_PER_WINDOW = 10

_COLUMNS = (
    "request_id",
    "hall",
    "window_code",
    "device_id",
    "kind",
    "summary",
    "reason",
    "requested_by",
    "requested_at",
    "makers",
    "status",
    "decided_by",
    "decided_device",
    "decision_reason",
    "decided_at",
    "decision_id",
)
# What a request as held (``_as_held``) holds: its columns and when its hall day ends.
HELD_KEYS = (*_COLUMNS, "expires_at")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM approval_requests"  # noqa: S608 - constants
# A pending request made since the start of this hall day (the parameter) is open.
_OPEN = "status = 'pending' AND requested_at >= ?"


def create_request(
    store: CentralStore, device: Device, nonce: str, draft: ApprovalRequestDraft
) -> dict[str, Any]:
    """Keep a request from ``device``'s window (the caller checked the hall); the request as
    held. The same draft again answers the request stored the first time. A request about
    a case needs a reason; a window with ``OPEN_PER_WINDOW`` open requests is refused."""
    request_id = str(draft.request_id)
    if draft.kind in CASE_KINDS and not draft.reason.strip():
        raise ValidationFailed(
            "补打、作废和更正的审批请求须写明理由。",
            "A request for a reprint, a void or a correction needs a reason.",
            details={"errors": [{"loc": ["body", "reason"], "type": "missing", "msg": "empty"}]},
        )
    makers = None if draft.makers is None else json.dumps(sorted(set(draft.makers)))
    now = utc_now()
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        check_acting(
            store, cur, device, draft.requested_by, act="asks for an approval", supervising=False
        )
        stored = 0
        if _request(store, cur, request_id) is None:
            _refuse_too_many(store, cur, device, now)
            stored = store._exec(
                cur,
                "INSERT INTO approval_requests (request_id, hall, window_code, device_id, kind, "
                "summary, reason, requested_by, requested_at, makers, status) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (request_id) DO NOTHING",
                (
                    request_id,
                    device.hall,
                    device.window,
                    device.device_id,
                    draft.kind,
                    draft.summary,
                    draft.reason,
                    draft.requested_by,
                    iso(now),
                    makers,
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


def _refuse_too_many(store: CentralStore, cur: DbCursor, device: Device, now: datetime) -> None:
    # The window's requests one at a time (on PostgreSQL two would both count 9 and insert):
    # the per-hall advisory lock of the feeds, keyed by the window.
    store.lock_hall_feed(cur, "approval_requests", f"{device.hall}/{device.window}")
    held = store._exec(
        cur,
        f"SELECT count(*) FROM approval_requests WHERE hall = ? AND window_code = ? AND {_OPEN}",  # noqa: S608 - constant text
        (device.hall, device.window, _day_start(now)),
    ).fetchone()[0]
    if held >= OPEN_PER_WINDOW:
        log.warning(
            "approval request from device %s (window %s, hall %s) refused: %d open",
            device.device_id,
            device.window,
            device.hall,
            held,
        )
        raise TooManyOpenApprovals(
            f"本窗口已有 {held} 个审批请求等待值班长处理（每个窗口最多 {OPEN_PER_WINDOW} 个）："
            "请等候处理或撤回其中的请求，或请值班长到本机当场审批。",
            f"This window has {held} approval requests waiting for a supervisor (at most "
            f"{OPEN_PER_WINDOW} a window): wait for them or withdraw one, or ask a supervisor "
            "to approve at this screen.",
            details={"open": held, "most": OPEN_PER_WINDOW},
        )


def pending_requests(store: CentralStore, device: Device, nonce: str) -> list[dict[str, Any]]:
    """The open requests of ``device``'s hall, from every window, oldest first (an expired
    one is nobody's to decide any more)."""
    now = utc_now()
    with store.transaction() as cur:
        store._consume_nonce(cur, device.device_id, nonce)
        rows = store._exec(
            cur,
            f"{_SELECT} WHERE hall = ? AND {_OPEN} ORDER BY requested_at, request_id",
            (device.hall, _day_start(now)),
        ).fetchall()
    return [_as_held(row, now) for row in rows]


@dataclass(frozen=True)
class RequestChoice:
    """Which requests ``counter-central approvals list`` shows: a hall's, in one state (a key
    of ``APPROVAL_STATUSES``; None: every state), made from hall day ``since`` on, the newest
    ``limit``."""

    hall: str
    state: str | None
    since: date | None
    limit: int


def listed_requests(
    store: CentralStore, choice: RequestChoice
) -> tuple[list[dict[str, Any]], bool]:
    """The requests ``choice`` picks, newest first, and whether older ones were left off."""
    now = utc_now()
    where, params = ["hall = ?"], [choice.hall]
    if choice.state == "pending":
        where.append(_OPEN)
        params.append(_day_start(now))
    elif choice.state == "expired":
        where.append("status = 'pending' AND requested_at < ?")
        params.append(_day_start(now))
    elif choice.state is not None:
        where.append("status = ?")
        params.append(choice.state)
    if choice.since is not None:
        where.append("requested_at >= ?")
        params.append(hall_day_bounds(choice.since)[0])
    with store.snapshot() as cur:
        rows = store._exec(
            cur,
            f"{_SELECT} WHERE {' AND '.join(where)} "
            "ORDER BY requested_at DESC, request_id DESC LIMIT ?",
            (*params, choice.limit + 1),
        ).fetchall()
    return [_as_held(row, now) for row in rows[: choice.limit]], len(rows) > choice.limit


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
        if held["status"] == "expired":
            raise ApprovalExpired(
                f"该审批请求当日未获处理，已于 {hall_time_text(held['expires_at'])} 过期，不能再"
                "处理：如仍需要，请受理员重新发送请求。",
                f"This approval request was not decided on its day and expired at "
                f"{hall_time_text(held['expires_at'])}; it can no longer be decided. The clerk "
                "sends a new one if it is still needed.",
                details={"request_id": request_id, "status": "expired"},
            )
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
        if held["device_id"] != device.device_id or decision.decided_by != held["requested_by"]:
            raise OwnApproval(
                "只有提出请求的受理员可以在本窗口撤回该请求。",
                "Only the clerk who asked may cancel the request, at their window.",
                details={"request_id": held["request_id"]},
            )
        return
    if decision.decided_by in {held["requested_by"], *(held["makers"] or ())}:
        raise OwnApproval(
            *own_approval_words(decision.decided_by), details={"request_id": held["request_id"]}
        )
    if held["makers"] is None and held["kind"] in CASE_KINDS and decision.decision == "approved":
        # Sent by a window older than ``makers``: whether this supervisor made the case is
        # unknown here, and an approval the window then refuses leaves the case as it was.
        raise OwnApproval(
            "该请求由旧版本的窗口发出，未注明办件的经办人，平台无法核对双人复核：请到受理员的"
            "窗口当场审批（拒绝可在此处理）。",
            "This request came from an older window that does not say who made the case, so "
            "the platform cannot check four eyes: approve at the clerk's screen (refusing "
            "works here).",
            details={"request_id": held["request_id"], "reason": "makers_unknown"},
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
    return None if row is None else _as_held(row, utc_now())


def _as_held(row: Any, now: datetime) -> dict[str, Any]:
    """A stored row as the platform answers it at ``now``: its makers a list, when its hall
    day ends, and ``expired`` when it was still pending then."""
    held = dict(zip(_COLUMNS, row, strict=True))
    held["makers"] = None if held["makers"] is None else json.loads(held["makers"])
    requested = datetime.fromisoformat(held["requested_at"].replace("Z", "+00:00"))
    held["expires_at"] = hall_day_bounds(hall_today(requested))[1]
    if held["status"] == "pending" and held["expires_at"] <= iso(now):
        held["status"] = "expired"
    return held


def _day_start(now: datetime) -> str:
    """The start of ``now``'s hall day, as stored times compare with it."""
    return hall_day_bounds(hall_today(now))[0]
