"""How every change to a case after its first decision is written (:func:`record_change`),
and what each needs: the decision's reason as kept, the actor of what the platform reports.

Every change the counter makes is a new data version (2, 3, ...): the whole case document
again, kept in ``case_versions`` and queued in the outbox, in the same transaction as the
state change, its event and its audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import (
    STATE_NAMES,
    TERMINAL_STATES,
    Authority,
    CaseState,
    check_transition,
)
from counter_app.domain.text import unprintable_error
from counter_app.errors import IllegalTransition, ValidationError
from counter_app.services.intake_checks import REASON_MAX_CHARS
from counter_app.store import case_plaintext, case_writes, version_rows
from counter_app.store import cases as case_rows
from counter_app.store.audit import AuditFact
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text, utc_now

PLATFORM_ACTOR = "platform"


def checked_reason(reason: str) -> str:
    """A decision's reason as kept: stripped, required, at most ``REASON_MAX_CHARS``."""
    text = reason.strip()
    if not text or len(text) > REASON_MAX_CHARS:
        raise ValidationError(
            f"请填写原因（最多{REASON_MAX_CHARS}字）。",
            f"Enter the reason (at most {REASON_MAX_CHARS} characters).",
            field="reason",
        )
    return printable_reason(text)


def printable_reason(text: str) -> str:
    """``text`` (a reason: kept, shown, printed) unless it holds a control character other
    than a line break; a terminal's escape sequence would reach screens and paper."""
    problem = unprintable_error(text, ("原因", "The reason"), field="reason", lines=True)
    if problem is not None:
        raise problem
    return text


def record_change(
    store: Store,
    case_id: str,
    actor: str,
    authority: Authority,
    target: CaseState | None,
    *,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    now: datetime | None,
    detail: dict[str, Any] | None = None,
    contact: tuple[str | None, str | None] = (None, None),
    promised: date | None = None,
    applicant: dict[str, str] | None = None,
    action: str | None = None,
    event_kind: str = "edit",
    after_end: bool = False,
    above: int = 0,
    move_check: Callable[[CaseState, CaseState], None] | None = None,
) -> int:
    """Write one change as data version N+1, with its event and audit entry (``action``,
    else ``case.<new state>``, or ``case.edit`` when ``target`` is None; ``detail`` goes
    into both, ``event_kind`` names the event): every flow built on this is audited by
    ``case_writes``. ``promised`` (with an acceptance or a correction) also sets the case
    row's promised date, which the documents print; ``applicant`` the corrected name, phone
    or address. ``after_end`` allows an edit of a case in a final state (a rating and its
    follow-up come after the decision). ``above``: a version number the new one must exceed
    (the platform's newest, when resolving a conflict). ``move_check`` decides whether the
    case may go from its state to ``target`` (raising ``IllegalTransition``) instead of the
    state machine's single transitions: adopting the platform's version takes its state,
    which the platform's own steps reached."""
    at = to_text(now or utc_now())
    with store.transaction() as db:
        record = case_rows.get_case(store, case_id)
        current = CaseState(record.state)
        if target is not None and move_check is not None:
            move_check(current, target)
        elif target is not None:
            check_transition(current, target, authority)
        elif current in TERMINAL_STATES and not after_end:
            zh_state, en_state = STATE_NAMES[current]
            raise IllegalTransition(
                f"办件状态为“{zh_state}”，不能再修改。",
                f"The case is '{en_state}'; it can no longer be edited.",
                field="state",
            )
        document = change(case_plaintext.case_document(store, case_id))
        version = max(record.data_version, above) + 1
        new_state = target or current
        document.update(
            data_version=version, state=new_state.value, updated_at=at, updated_by=actor
        )
        if target in (CaseState.ACCEPTED,) and not document.get("accepted_at"):
            document["accepted_at"] = at
        phone, address = contact
        fields = applicant or {}
        version_rows.keep_version_rows(
            db,
            store.pii,
            case_id,
            record.applicant_id,
            document,
            name=fields.get("name"),
            phone=fields.get("phone", phone),
            address=fields.get("address", address),
            promised=promised,
        )
        case_writes.append_version(
            db,
            store.pii,
            store.audit,
            case_id=case_id,
            data_version=version,
            state=new_state.value,
            document=CaseDocument.from_json(document),
            fact=AuditFact(
                actor,
                action or (f"case.{new_state.value}" if target else "case.edit"),
                detail or {},
            ),
            at=at,
        )
        case_writes.insert_event(
            db,
            case_id=case_id,
            at=at,
            actor=actor,
            kind="transition" if target else event_kind,
            from_state=current.value,
            to_state=new_state.value,
            detail={"data_version": version, **(detail or {})},
        )
    return version
