"""A supervisor's resolution of a case the platform refused or holds in conflict, written as
a data version the platform stores (kept once per instruction by
``counter_app.services.problems``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app.domain.case_states import Authority, CaseState
from counter_app.errors import ValidationError
from counter_app.services.case_changes import checked_reason, record_change
from counter_app.store import cases as case_rows
from counter_app.store.database import Store


def resolve_problem(
    store: Store,
    case_id: str,
    action: str,
    *,
    supervisor: str,
    reason: str,
    platform_version: int,
    platform_document: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> int:
    """Resolve a case the platform refused or holds in conflict, as ``supervisor`` decided
    (authenticated by the caller, here or at the window that issued the instruction); the
    data version written, above ``platform_version`` so the platform stores it:

    - ``resend``: this workstation's version again, as corrected and approved;
    - ``adopt``: the platform's version (``platform_document``), its state included;
    - ``void``: 作废 with ``reason``."""
    text = checked_reason(reason)
    detail = {"resolution": action, "reason": text, "approved_by": supervisor}
    if action == "void":
        return record_change(
            store,
            case_id,
            supervisor,
            Authority.SUPERVISOR,
            CaseState.VOIDED,
            change=lambda d: {**d, "void_reason": text, "voided_by": supervisor},
            now=now,
            detail=detail,
            above=platform_version,
        )
    if action == "resend":
        return record_change(
            store,
            case_id,
            supervisor,
            Authority.SUPERVISOR,
            None,
            change=lambda d: d,
            now=now,
            detail=detail,
            action="case.resend_corrected",
            after_end=True,
            above=platform_version,
        )
    if action != "adopt":
        raise ValidationError(
            "处理方式应为重新提交、采用平台版本或作废。",
            "The resolution is resend, adopt (the platform's version) or void.",
            field="action",
        )
    if platform_document is None:
        raise ValidationError(
            "平台没有该办件的版本可以采用，请选择重新提交或作废。",
            "The platform holds no version of this case to adopt; resend it or void it.",
            field="action",
        )
    adopted = CaseState(platform_document["state"])
    current = CaseState(case_rows.get_case(store, case_id).state)
    applicant = {
        key: value
        for key in ("name", "phone", "address")
        if (value := platform_document["applicant"].get(key)) is not None
    }
    return record_change(
        store,
        case_id,
        supervisor,
        Authority.SUPERVISOR,
        adopted if adopted != current else None,
        change=lambda d: dict(platform_document),
        now=now,
        detail=detail,
        applicant=applicant,
        action="case.adopt_platform_version",
        after_end=True,
        above=platform_version,
    )
