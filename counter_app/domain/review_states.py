"""Review states of a case, in the spirit of ODK Central's: ``received`` and ``edited`` are
the system's (a case as it arrived; a case changed since it arrived or since a supervisor
reviewed it), ``has_issues``, ``approved`` and ``rejected`` a supervisor's (rejection, and a
case with issues, need a reason). A review holds for the version it was given on."""

from __future__ import annotations

RECEIVED = "received"
EDITED = "edited"
HAS_ISSUES = "has_issues"
APPROVED = "approved"
REJECTED = "rejected"
SUPERVISOR_STATES = (HAS_ISSUES, APPROVED, REJECTED)
REVIEW_STATES = (RECEIVED, EDITED, *SUPERVISOR_STATES)
# A supervisor's state that must say why.
NEEDS_REASON = (HAS_ISSUES, REJECTED)

REVIEW_NAMES = {
    RECEIVED: ("已接收", "Received"),
    EDITED: ("已修改", "Edited"),
    HAS_ISSUES: ("有问题", "Has issues"),
    APPROVED: ("已审核通过", "Approved"),
    REJECTED: ("已驳回", "Rejected"),
}


def review_state(data_version: int, reviewed: tuple[str, int] | None) -> str:
    """The state of a case at ``data_version``, given its newest review (state and the
    version it was given on), if any."""
    if reviewed is not None and reviewed[1] >= data_version:
        return reviewed[0]
    return EDITED if data_version > 1 else RECEIVED
