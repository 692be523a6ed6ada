"""A case ended at the counter before its decision: withdrawn by the applicant (撤回) or
voided by a supervisor (作废)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from counter_app.domain.case_states import Authority, CaseState
from counter_app.errors import ValidationError
from counter_app.services.approval import may_approve, refuse_own_approval
from counter_app.services.auth import User
from counter_app.services.case_changes import checked_reason, record_change
from counter_app.store import cases as case_rows
from counter_app.store.database import Store

WithdrawalConfirmation = Literal["in_person", "outside_program"]


def withdraw(
    store: Store,
    case_id: str,
    clerk: User,
    reason: str,
    *,
    applicant_confirmed: bool,
    confirmation: WithdrawalConfirmation = "in_person",
    now: datetime | None = None,
) -> int:
    """The applicant withdraws the application: the reason is required, and so is the
    applicant's own confirmation (撤回 is their act, not the clerk's). ``confirmation`` says
    how it was taken, for the record: ``in_person`` at the window, or ``outside_program``
    (a written request, say) by the actor who vouches for it."""
    text = checked_reason(reason)
    if not applicant_confirmed:
        raise ValidationError(
            "撤回须经申请人本人确认（命令行：--applicant-confirmed）。",
            "A withdrawal needs the applicant's own confirmation (command line: "
            "--applicant-confirmed).",
            field="applicant_confirmed",
        )
    return record_change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        CaseState.WITHDRAWN,
        change=lambda d: {**d, "withdrawal_reason": text},
        now=now,
        detail={"reason_given": True, "applicant_confirmed": True, "confirmation": confirmation},
    )


def void_case(
    store: Store,
    case_id: str,
    clerk: User,
    supervisor: User,
    reason: str,
    *,
    now: datetime | None = None,
) -> int:
    """Void a case made in error; ``supervisor`` is a user the caller has just authenticated."""
    if not may_approve(supervisor):
        raise ValidationError(
            "作废办件须经值班长（主管）审批。",
            "Voiding a case needs a supervisor's approval.",
            field="supervisor",
        )
    refuse_own_approval(supervisor, (clerk.username, case_rows.get_case(store, case_id).clerk))
    text = checked_reason(reason)
    return record_change(
        store,
        case_id,
        clerk.username,
        Authority.SUPERVISOR,
        CaseState.VOIDED,
        change=lambda d: {**d, "void_reason": text, "voided_by": supervisor.username},
        now=now,
        detail={"approved_by": supervisor.username},
    )
