"""A case on its way to the result: progress reported by the platform, the result handed
over at the window or posted (出件, with ``counter_app.services.delivery``).

Progress from the platform changes the state and records an event, but makes no version: it
came from the platform. One exception: a case back in process after a special procedure
(特别程序) gets a version with its dates moved on by the working days it waited, as a 补正
does, so that the platform's hall queue and progress page show the promised date that binds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from counter_app.domain.case_states import Authority, CaseState, check_transition, parse_state
from counter_app.domain.hall_time import hall_today
from counter_app.services.auth import User
from counter_app.services.case_changes import PLATFORM_ACTOR, record_change
from counter_app.store import case_plaintext, sync_writes
from counter_app.store import cases as case_rows
from counter_app.store.calendar import working_calendar
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text, to_text, utc_now

# Who writes the version that moves a resumed case's dates: the window, on the platform's word.
CLOCK_ACTOR = "system:suspension-clock"


def apply_progress(
    store: Store,
    case_id: str,
    to_state: str,
    *,
    note: str = "",
    at: datetime | None = None,
    materials: Sequence[str] = (),
    fields: Sequence[str] = (),
    department: str | None = None,
) -> bool:
    """A status update from the platform (in process, suspended, correction requested,
    completed, result ready, or withdrawn: the applicant withdrew a case in process, which
    only the platform may record, its reason the ``note``); a correction request names the
    ``materials`` (codes) and applicant ``fields`` to correct. ``department`` (全市通办): the
    handling department that recorded it, the event's actor (``department:<code>``); None:
    the platform's own operator. A case back in process after a suspension has its promised
    and statutory dates moved on by the working days it waited (:func:`_restart_clock`). Returns False when the case is already in that state
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
    resumed = at or utc_now()
    moment = to_text(resumed)
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
            actor=PLATFORM_ACTOR if department is None else department_actor(department),
            at=moment,
            correction=correction,
        )
        if current is CaseState.SUSPENDED and target is CaseState.IN_PROCESS:
            _restart_clock(store, case_id, resumed)
    return True


def department_actor(department: str) -> str:
    """Who recorded a step a handling department recorded on the platform (全市通办), as the
    platform's hall queue names them: ``department:<code>`` (the window labels it 承办部门)."""
    return f"department:{department}"


def _suspended_on(store: Store, case_id: str) -> date | None:
    """The hall-local day the case's newest suspension began (None: no suspension recorded)."""
    row = store.db.execute(
        "SELECT at FROM case_events WHERE case_id = ? AND kind = 'progress' AND to_state = ?"
        " ORDER BY event_id DESC LIMIT 1",
        (case_id, CaseState.SUSPENDED.value),
    ).fetchone()
    return hall_today(from_text(row[0])) if row else None


def _restart_clock(store: Store, case_id: str, resumed: datetime) -> None:
    """特别程序 does not count against the time limit: the case back in process on
    ``resumed`` gets a data version with its promised and statutory dates moved on by the
    working days it waited (none waited: nothing written)."""
    paused_on = _suspended_on(store, case_id)
    if paused_on is None:
        return
    resumed_on = hall_today(resumed)
    calendar = working_calendar(store)
    waited = calendar.working_days_between(paused_on, resumed_on)
    if waited == 0:
        return
    promised_before = case_plaintext.case_document(store, case_id)["promised_date"]

    def moved(day: str | None) -> str | None:
        return (
            calendar.extend_for_pause(date.fromisoformat(day), paused_on, resumed_on).isoformat()
            if day
            else None
        )

    def change(document: dict[str, Any]) -> dict[str, Any]:
        return {
            **document,
            "promised_date": moved(document["promised_date"]),
            "statutory_date": moved(document["statutory_date"]),
        }

    new_promised = moved(promised_before)
    record_change(
        store,
        case_id,
        CLOCK_ACTOR,
        Authority.PLATFORM,
        None,
        change=change,
        now=resumed,
        detail={
            "resumed": True,
            "waited_working_days": waited,
            "promised_before": promised_before,
            "promised_date": new_promised,
        },
        action="case.resumed",
        promised=date.fromisoformat(new_promised) if new_promised else None,
    )


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
