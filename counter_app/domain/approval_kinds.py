"""What a clerk asks the hall's supervisors to approve (an approval request's ``kind``) and
where the request stands (its ``status``), as the command lines and the printed end of day
name them (the window's names are in Linguist)."""

from __future__ import annotations

APPROVAL_KINDS: dict[str, tuple[str, str]] = {
    "deferral": ("容缺受理", "deferred acceptance"),
    "reprint": ("补打", "reprint"),
    "void": ("作废", "void"),
    "correction": ("更正", "correction"),
    "over_limit": ("超限决定", "over-the-limit decision"),
}
APPROVAL_STATUSES: dict[str, tuple[str, str]] = {
    "pending": ("待审批", "pending"),
    "approved": ("批准", "approved"),
    "refused": ("驳回", "refused"),
    "cancelled": ("已撤回", "withdrawn"),
    "expired": ("过期未审批", "expired undecided"),
}
