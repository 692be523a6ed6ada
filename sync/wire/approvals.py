"""Approval requests (``/v1/hall/approval-requests``): a clerk asks the hall's supervisors to
allow an action, a supervisor decides."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints

from sync.wire.base import NO_CONTROL_CHARACTERS, Code, UserName, WireModel

ApprovalKind = Literal["deferral", "reprint", "void", "correction", "over_limit"]
"""What a clerk asks a supervisor to allow: 容缺 acceptance, 补打, 作废, a correction of the
applicant's data, a decision over a limit."""
ApprovalStatus = Literal["pending", "approved", "refused", "cancelled"]
# How a decided request stands, in words (Chinese, English): "已由 X 批准" / "approved by X".
DECIDED_WORDS: dict[str, tuple[str, str]] = {
    "approved": ("批准", "approved"),
    "refused": ("拒绝", "refused"),
    "cancelled": ("撤回", "cancelled"),
}


_ApprovalText = Annotated[str, StringConstraints(max_length=500, pattern=NO_CONTROL_CHARACTERS)]


class ApprovalRequestDraft(WireModel):
    """``POST /v1/hall/approval-requests``: a clerk asks the hall's supervisors to approve an
    action. No personal data: ``summary`` names the item, the case number and what is asked,
    never the applicant."""

    request_id: uuid.UUID
    """Chosen by the device: the same draft sent again is stored once (the first answer)."""
    hall: Code
    """The device's hall; any other is refused (403 ``wrong_hall``)."""
    kind: ApprovalKind
    summary: Annotated[
        str, StringConstraints(min_length=1, max_length=500, pattern=NO_CONTROL_CHARACTERS)
    ]
    reason: _ApprovalText
    """Why the clerk asks (may be empty where the action needs no reason)."""
    requested_by: UserName
    """The clerk's user name at that window: nobody of that name may answer (four eyes)."""


class ApprovalDecision(WireModel):
    """``POST /v1/hall/approval-requests/{request_id}/decision``: a supervisor approves or
    refuses (with a reason) a pending request of the device's hall, or the requesting window
    cancels its own. A request is decided once: the same ``decision_id`` again answers the
    request as decided; any other decision of a decided request is 409 ``already_decided``."""

    decision_id: uuid.UUID
    decision: Literal["approved", "refused", "cancelled"]
    decided_by: UserName
    """The supervisor (or, for ``cancelled``, the clerk) at the deciding window."""
    reason: _ApprovalText
    """Required for ``refused``: the clerk reads it."""


class ApprovalRequest(BaseModel):
    """A request as the platform holds it (every approval-request endpoint answers one)."""

    request_id: uuid.UUID
    hall: str
    window_code: str
    kind: ApprovalKind
    summary: str
    reason: str
    requested_by: str
    requested_at: datetime
    status: ApprovalStatus
    decided_by: str | None
    decision_reason: str | None
    decided_at: datetime | None
    decision_id: uuid.UUID | None


class ApprovalRequestList(BaseModel):
    """``GET /v1/hall/approval-requests``: the device's hall's pending requests, oldest
    first."""

    requests: list[ApprovalRequest]
