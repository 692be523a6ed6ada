"""Approval requests (``/v1/hall/approval-requests``): a clerk asks the hall's supervisors to
allow an action, a supervisor decides."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from sync.wire.base import NO_CONTROL_CHARACTERS, Code, UserName, WireModel

ApprovalKind = Literal["deferral", "reprint", "void", "correction", "over_limit"]
"""What a clerk asks a supervisor to allow: 容缺 acceptance, 补打, 作废, a correction of the
applicant's data, a decision over a limit."""
ApprovalStatus = Literal["pending", "approved", "refused", "cancelled"]
"""A request's ``status`` on the wire: the four a window of every release reads. One still
pending when its hall day ended (24:00 hall time) stays ``pending`` with ``expired`` true."""
# How a decided request stands, in words (Chinese, English): "已由 X 批准" / "approved by X".
DECIDED_WORDS: dict[str, tuple[str, str]] = {
    "approved": ("批准", "approved"),
    "refused": ("拒绝", "refused"),
    "cancelled": ("撤回", "cancelled"),
}
CASE_KINDS: tuple[ApprovalKind, ...] = ("void", "reprint", "correction")
"""The kinds about a case made already: each needs a reason (as at the window), and the
case's makers (``ApprovalRequestDraft.makers``) may not decide it."""
MAKERS_MAX = 20  # a 一件事's cases with every member's clerk, and then some


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
    makers: Annotated[list[UserName], Field(max_length=MAKERS_MAX)] | None = None
    """For a request about a case (``CASE_KINDS``): the clerks who made the case(s) it
    changes, as the window's own four-eyes check names them; none of them may decide it.
    None from a window older than this field: such a request of a ``CASE_KINDS`` kind is
    not approved remotely (the platform cannot tell who made the case)."""


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
    expires_at: datetime | None = None
    """When its hall day ends (24:00 hall time): pending until then, expired after (None
    from a platform older than expiry)."""
    makers: list[str] | None = None
    status: ApprovalStatus
    expired: bool = False
    """Its hall day ended with it still ``pending``: decided never (False from a platform
    older than expiry). Not a ``status`` of its own, which a window of the release before
    expiry could not read."""
    decided_by: str | None
    decision_reason: str | None
    decided_at: datetime | None
    decision_id: uuid.UUID | None

    @property
    def standing(self) -> str:
        """Where it stands: its ``status``, or ``expired``."""
        return "expired" if self.expired else self.status


class ApprovalRequestList(BaseModel):
    """``GET /v1/hall/approval-requests``: the device's hall's pending requests (expired ones
    left out), oldest first."""

    requests: list[ApprovalRequest]
