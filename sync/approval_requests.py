"""Remote approval through the platform (``/v1/hall/approval-requests``): a clerk sends a
request for 容缺, 补打, 作废, a correction or an over-the-limit decision to the hall's
supervisors instead of calling one to this screen; a supervisor at any other window of the
hall approves or refuses it in their own session; the asking window polls the request
(:data:`ANSWER_POLL_SECONDS`) while it waits and completes or drops the waiting action.

Online only, like hall notices: a request that cannot reach the platform is not queued (a
supervisor hours later would approve something nobody waits for); the clerk calls the
supervisor to the screen instead, as always. No personal data leaves: the summary names
the item, the case number and what is asked.

Exactly once: the platform stores a request once per id and decides it once (four eyes on
both sides: a request about a case names its makers, whom the platform refuses as deciders
as this window would); this window applies a decision once (``record_decision``), learnt
while it waits or, for a request left waiting (a window closed, a crash), at the next sync
run (``pull_decisions``). A request not decided on its hall day expires.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Literal

from counter_app.errors import NotFound
from counter_app.services.approval import (
    SUPERVISOR_ROLES,
    SamePerson,
    refuse_own_approval,
    require_role,
)
from counter_app.services.auth import User
from counter_app.store import cases as case_rows
from counter_app.store.approval_requests import (
    SentRequest,
    oldest_open,
    record_decision,
    record_sent,
    sent_request,
)
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text, to_text
from sync.device_transport import call_platform
from sync.errors import PlatformRefused, PlatformUnreachable, SyncError
from sync.transport import PlatformTransport, Timeouts
from sync.wire.approvals import (
    CASE_KINDS,
    ApprovalDecision,
    ApprovalKind,
    ApprovalRequest,
    ApprovalRequestDraft,
    ApprovalRequestList,
)

log = logging.getLogger(__name__)

APPROVALS_PATH = "/v1/hall/approval-requests"
# How often a waiting window asks for its decision: a supervisor's answer shows within about
# this long, and one small signed GET a second is far below the platform's rate limit.
ANSWER_POLL_SECONDS = 1.0
# A poll shares the window's worker with the clerk's work: it gives up quickly on a platform
# that does not answer, and the next poll comes (the caller backs off after failures).
POLL_TIMEOUT: Timeouts = (2.0, 3.0)
# Open requests a sync run asks the decision of, oldest first: the platform keeps at most 10
# a window open, so a run reaches them all; the bound keeps a run short whatever is held.
PULL_LIMIT = 20


class ApprovalNotSent(SyncError):
    """The platform could not be reached: the request was not sent (nor kept)."""

    code = "approval_not_sent"


class ApprovalNotDecided(SyncError):
    """The platform could not be reached: the decision was not recorded."""

    code = "approval_not_decided"


@dataclass(frozen=True)
class Decision:
    """A decision this window applied: ``applied`` is False when it was applied before."""

    request: SentRequest
    applied: bool


def send_request(
    store: Store,
    clerk: User,
    kind: ApprovalKind,
    *,
    target: str,
    summary: str,
    reason: str = "",
    request_id: str | None = None,
    timeouts: Timeouts | None = None,
) -> SentRequest:
    """Ask the hall's supervisors to approve ``kind`` for ``target`` (what waits: the
    intake's request id or a case id) as ``clerk``; the request as kept here, pending.

    ``request_id`` stays the same while the same request is sent again; ``timeouts``, as
    every function here takes them, for a caller that cannot wait the sync's. Raises
    ``ApprovalNotSent`` offline (a supervisor approves at this screen instead) and the
    platform's refusal as ``PlatformRefused``."""
    draft = ApprovalRequestDraft(
        request_id=uuid.UUID(request_id) if request_id else uuid.uuid4(),
        hall=store.config.hall.hall_code,
        kind=kind,
        summary=summary,
        reason=reason,
        requested_by=clerk.username,
        makers=_makers(store, kind, target),
    )
    try:
        held = _call(store, "POST", APPROVALS_PATH, draft.model_dump(mode="json"), timeouts)
    except PlatformUnreachable as exc:
        raise ApprovalNotSent(
            f"审批请求未发出：{exc.zh} 请值班长到本机输入账号和密码审批。",
            f"The approval request was not sent: {exc.en} Ask a supervisor to approve at "
            "this screen.",
        ) from exc
    sent = SentRequest(
        str(held.request_id),
        kind,
        target,
        held.summary,
        held.reason,
        held.requested_by,
        to_text(held.requested_at),
        "pending",
        None,
        None,
        None,
    )
    record_sent(store, sent)
    with store.reading():
        return sent_request(store, sent.request_id)


def check_decision(store: Store, request_id: str) -> Decision | None:
    """Ask the platform for the decision on this window's request; the decision once there is
    one (applied here once, audited), None while it is pending. Transient failures raise
    ``PlatformUnreachable``, in words that say so: the caller asks again at its next poll."""
    held = _call(
        store, "GET", f"{APPROVALS_PATH}/{request_id}", timeouts=POLL_TIMEOUT, asks_again=True
    )
    if held.standing == "pending":
        return None
    return _apply(store, held)


def cancel_request(
    store: Store, clerk: User, request_id: str, *, timeouts: Timeouts | None = None
) -> Decision:
    """The clerk withdraws a pending request. When a supervisor decided it meanwhile, that
    decision is applied and returned instead (the platform decides a request once)."""
    body = ApprovalDecision(
        decision_id=uuid.uuid4(), decision="cancelled", decided_by=clerk.username, reason=""
    )
    path = f"{APPROVALS_PATH}/{request_id}/decision"
    try:
        held = _call(store, "POST", path, body.model_dump(mode="json"), timeouts)
    except PlatformRefused as exc:
        if exc.platform_code not in ("already_decided", "approval_expired"):
            raise
        held = _call(store, "GET", f"{APPROVALS_PATH}/{request_id}", timeouts=timeouts)
    return _apply(store, held)


def hall_requests(store: Store, *, timeouts: Timeouts | None = None) -> list[ApprovalRequest]:
    """The pending requests of this workstation's hall, from every window, oldest first."""
    listed = call_platform(
        store, "GET", APPROVALS_PATH, None, ApprovalRequestList, timeouts=timeouts
    )
    return listed.requests


def decide_request(
    store: Store,
    supervisor: User,
    request_id: str,
    decision: Literal["approved", "refused"],
    reason: str = "",
    *,
    timeouts: Timeouts | None = None,
) -> ApprovalRequest:
    """``supervisor`` (re-authenticated by the caller with their password, in their own
    session) approves or refuses (``reason`` required) a request of the hall. Audited here
    and on the platform.

    Raises ``WrongRole`` for a clerk, ``SamePerson`` for the clerk who asked or one who
    made the case (before anything is sent),
    ``ApprovalNotDecided`` offline (the supervisor goes to the clerk's screen), and the
    platform's refusal (``already_decided``…) as ``PlatformRefused``."""
    username = supervisor.username
    action = f"approval_request.{decision}"
    require_role(store.audit, supervisor, SUPERVISOR_ROLES, action=action, target=request_id)
    try:
        asked = _call(store, "GET", f"{APPROVALS_PATH}/{request_id}", timeouts=timeouts)
        try:
            refuse_own_approval(supervisor, (asked.requested_by, *(asked.makers or ())))
        except SamePerson:
            store.audit.record(
                username, "approval.refused", request_id, {"action": action, "reason": "four_eyes"}
            )
            raise
        body = ApprovalDecision(
            decision_id=uuid.uuid4(), decision=decision, decided_by=username, reason=reason
        )
        path = f"{APPROVALS_PATH}/{request_id}/decision"
        held = _call(store, "POST", path, body.model_dump(mode="json"), timeouts)
    except PlatformUnreachable as exc:
        raise ApprovalNotDecided(
            f"审批未能送达：{exc.zh} 请到受理员的窗口输入账号和密码当场审批。",
            f"The decision did not reach the platform: {exc.en} Approve at the clerk's "
            "screen instead.",
        ) from exc
    store.audit.record(
        username,
        action,
        request_id,
        {
            "kind": held.kind,
            "window": held.window_code,
            "requested_by": held.requested_by,
            "reason": reason,
        },
    )
    return held


def pull_decisions(store: Store, transport: PlatformTransport) -> int:
    """At a sync run: the decisions on this window's open requests (the oldest
    ``PULL_LIMIT``) made or expired while nobody here waited, recorded and audited as the
    wait records them, an approval or refusal kept as news for a wait that comes back to
    it (``record_decision``); how many were recorded. A request the platform does not know (sent
    from this store before a move to another hall) is closed here as expired (``_forget``); a
    transient failure ends the run (re-raised)."""
    recorded = 0
    for request_id in oldest_open(store, PULL_LIMIT):
        try:
            held = transport.parsed(
                ApprovalRequest,
                transport.request_json("GET", f"{APPROVALS_PATH}/{request_id}"),
            )
        except PlatformRefused as exc:
            log.warning("approval request %s not read from the platform: %s", request_id, exc.en)
            if exc.platform_code == UNKNOWN_REQUEST and _forget(store, request_id):
                recorded += 1
            continue
        if held.standing != "pending" and _apply(store, held, waited=False).applied:
            recorded += 1
    return recorded


# The platform's answer for a request it does not hold (sent from this store before a move to
# another hall, or lost with a platform restored from an older backup).
UNKNOWN_REQUEST = "unknown_approval_request"


def _forget(store: Store, request_id: str) -> bool:
    """Close here a request the platform does not hold: nobody can decide it any more, and
    left pending it would take one of the pulled places at every run. Recorded as expired,
    by the system, with why."""
    return record_decision(
        store,
        request_id,
        status="expired",
        decided_by="",
        reason="平台没有该请求 / the platform does not hold this request",
        decided_at=now_text(),
        waited=False,
    )


def remote_approver(request: SentRequest) -> User:
    """The supervisor who approved ``request`` at another window, as the waiting action
    records its approver. Not an account of this workstation: their window authenticated
    them and checked their role, and the platform vouches for that window and for four
    eyes (the action checks four eyes again against the clerk)."""
    assert request.status == "approved" and request.decided_by is not None
    return User(request.decided_by, request.decided_by, "supervisor", None, False)


def _makers(store: Store, kind: ApprovalKind, target: str) -> list[str]:
    """Who made the case(s) a request of ``kind`` about ``target`` changes, as this window's
    four-eyes checks name them (``case_endings.void_case``, the reprint's, the correction's
    across a 一件事's cases); none for a request about an intake not yet a case."""
    if kind not in CASE_KINDS:
        return []
    with store.reading():
        try:
            asked = case_rows.get_case(store, target)
        except NotFound:
            return []
        members = case_rows.other_bundle_cases(store, asked) if kind == "correction" else []
    return sorted({asked.clerk, *(member.clerk for member in members)})


def _apply(store: Store, held: ApprovalRequest, *, waited: bool = True) -> Decision:
    request_id = str(held.request_id)
    applied = record_decision(
        store,
        request_id,
        status=held.standing,
        decided_by=held.decided_by or "",
        reason=held.decision_reason or "",
        decided_at=to_text(held.decided_at) if held.decided_at else now_text(),
        waited=waited,
    )
    with store.reading():
        return Decision(sent_request(store, request_id), applied)


def _call(
    store: Store,
    method: str,
    path: str,
    payload: dict[str, object] | None = None,
    timeouts: Timeouts | None = None,
    *,
    asks_again: bool = False,
) -> ApprovalRequest:
    return call_platform(
        store, method, path, payload, ApprovalRequest, timeouts=timeouts, asks_again=asks_again
    )
