"""A case on its way to the result: progress reported by the platform, the result handed
over at the window or posted (出件, with ``counter_app.services.delivery``).

Progress from the platform changes the state and records an event, but makes no version: it
came from the platform.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from counter_app.domain.case_states import Authority, CaseState, check_transition, parse_state
from counter_app.services.auth import User
from counter_app.services.case_changes import PLATFORM_ACTOR, record_change
from counter_app.store import cases as case_rows
from counter_app.store import sync_writes
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text, utc_now


def apply_progress(
    store: Store,
    case_id: str,
    to_state: str,
    *,
    note: str = "",
    at: datetime | None = None,
    materials: Sequence[str] = (),
    fields: Sequence[str] = (),
) -> bool:
    """A status update from the platform (in process, suspended, correction requested,
    completed, result ready, or withdrawn: the applicant withdrew a case in process, which
    only the platform may record, its reason the ``note``); a correction request names the
    ``materials`` (codes) and applicant ``fields`` to correct. Returns False when the case is already in that state
    (a feed may repeat itself)."""
    target = parse_state(to_state)
    correction = None
    if target is CaseState.CORRECTION_REQUESTED:
        names = {m.code: m.name for m in case_rows.get_case(store, case_id).materials}
        correction = {
            "materials": list(materials),
            "material_names": [names.get(code, code) for code in materials],
            "fields": list(fields),
        }
    moment = to_text(at or utc_now())
    with store.transaction() as db:
        record = case_rows.get_case(store, case_id)
        current = CaseState(record.state)
        if current == target:
            return False
        check_transition(current, target, Authority.PLATFORM)
        sync_writes.record_platform_progress(
            db,
            store.audit,
            case_id=case_id,
            from_state=current.value,
            to_state=target.value,
            note=note,
            actor=PLATFORM_ACTOR,
            at=moment,
            correction=correction,
        )
    return True


def hand_over(
    store: Store,
    case_id: str,
    clerk: User,
    handover: dict[str, Any],
    *,
    now: datetime | None = None,
) -> int:
    """出件: the result handed over at the window (``handover``, the case document's part
    saying who collected it); the case becomes delivered."""
    return record_change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        CaseState.DELIVERED,
        change=lambda d: {**d, "handover": handover},
        now=now,
        detail={"collector": handover["collector"]},
    )


def record_posting(
    store: Store, case_id: str, clerk: User, waybill: str, *, now: datetime | None = None
) -> int:
    """The result was posted (EMS) with ``waybill``; the case stays result_ready until the
    platform reports it delivered."""
    moment = now or utc_now()

    def change(document: dict[str, Any]) -> dict[str, Any]:
        chosen = document.get("delivery") or {"method": "post", "address": None}
        posted = {**chosen, "waybill": waybill, "posted_at": to_text(moment)}
        return {**document, "delivery": posted}

    return record_change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        None,
        change=change,
        now=moment,
        # Not the waybill: an all-digit one would read as personal data to the audit log.
        detail={"posted": True},
        action="case.posted",
    )
