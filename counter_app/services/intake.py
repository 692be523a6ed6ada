"""Intake: the counter's decision on an application — accept, accept with non-core
materials deferred (容缺), one-time notice of what is missing (一次性告知), or refuse.

Each decision on a request (``intake_request.IntakeRequest``) is validated completely
(every problem reported at once, with its field, in ``intake_checks.IntakeRejected``: the
request by ``intake_validation``, the decision by ``intake_checks``) and written in ONE
transaction, validated first under its write lock: applicant (personal data encrypted,
blind indexes, masked forms), case, materials, data version 1 (``intake_document``),
event, audit entry and outbox entry. A ``request_id`` makes a
resubmission return the case the first submission created instead of a second one. A
decision that would create a case while the hall's offline policy pauses intake raises
``offline_policy.IntakePaused``, unless a supervisor at the window approves that one
decision past the limit (``over_limit``: recorded in the document, history and audit log).
Qt-free: the GUI and the CLI both call this.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from counter_app.domain.case_number import CaseNumber
from counter_app.domain.case_states import CaseState
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.fees import fee_facts, payment_reference
from counter_app.errors import ValidationError
from counter_app.identity.provenance import IdentitySource
from counter_app.services.auth import User
from counter_app.services.intake_checks import (
    CheckedDecision,
    IntakeRejected,
    PlannedRequest,
    check_decision,
)
from counter_app.services.intake_document import case_document_of, shortfall_dict
from counter_app.services.intake_records import (
    material_row,
    record_licence_check,
    transition_detail,
)
from counter_app.services.intake_request import IntakeRequest
from counter_app.services.offline_policy import OverLimitApproval
from counter_app.store import case_plaintext, case_writes, delivery_writes, payment_writes
from counter_app.store import cases as case_rows
from counter_app.store.arrivals import Consumption, record_consumption
from counter_app.store.audit import AuditFact
from counter_app.store.database import Database, Store
from counter_app.store.timestamps import to_text
from counter_app.store.window_tickets import bind_current_ticket

_CANONICAL_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


@dataclass(frozen=True)
class IntakeResult:
    case_id: str
    case_no: str
    item_code: str  # the service item decided
    state: CaseState
    created: bool  # False when a resubmitted request found its earlier case
    promised_date: str | None = None
    statutory_date: str | None = None
    shortfalls: tuple[dict[str, str], ...] = field(default=())  # what the notice lists


def accept(
    store: Store,
    request: IntakeRequest,
    clerk: User,
    *,
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
) -> IntakeResult:
    """受理: every required material received, exempt or replaced by a commitment.
    ``over_limit`` (every decision takes it): a supervisor's approval of this decision
    while the offline policy pauses intake."""
    return _decide(store, request, clerk, CaseState.ACCEPTED, over_limit=over_limit, now=now)


def accept_deferred(
    store: Store,
    request: IntakeRequest,
    clerk: User,
    supervisor: User,
    *,
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
) -> IntakeResult:
    """容缺受理: non-core materials deferred (deadline at the latest on the promised date;
    when none is given, ``hall.deferral_working_days`` after acceptance), approved by
    ``supervisor`` — a user the caller has just authenticated (``Accounts.authenticate``)
    whose role is supervisor or admin."""
    return _decide(
        store,
        request,
        clerk,
        CaseState.ACCEPTED_DEFERRED,
        supervisor=supervisor,
        over_limit=over_limit,
        now=now,
    )


def notify(
    store: Store,
    request: IntakeRequest,
    clerk: User,
    *,
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
) -> IntakeResult:
    """一次性告知: records the case as notified; ``shortfalls`` lists exactly the required
    materials that are missing or do not conform, for the notice. A material marked
    deferred is recorded missing (``notice_marks``)."""
    request = replace(request, materials=notice_marks(request.materials))
    return _decide(store, request, clerk, CaseState.NOTIFIED, over_limit=over_limit, now=now)


def notice_marks(marks: Sequence[SubmittedMaterial]) -> tuple[SubmittedMaterial, ...]:
    """The clerk's marks as a one-time notice records them: a notice grants no 容缺, so a
    material marked deferred was not handed in (missing, no deadline) and the notice lists
    it to bring."""
    return tuple(
        SubmittedMaterial(mark.code, MaterialStatus.MISSING)
        if mark.status == MaterialStatus.DEFERRED
        else mark
        for mark in marks
    )


def refuse(
    store: Store,
    request: IntakeRequest,
    clerk: User,
    *,
    reason: str,
    legal_basis: str,
    redirect_to: str = "",
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
) -> IntakeResult:
    """不予受理: the reason and the legal basis are required (both go on the notice);
    ``redirect_to``, where the applicant may apply instead, is printed when given."""
    return _decide(
        store,
        request,
        clerk,
        CaseState.REFUSED,
        reason=reason,
        legal_basis=legal_basis,
        redirect_to=redirect_to,
        over_limit=over_limit,
        now=now,
    )


def request_uuid(raw: str) -> str:
    """``raw`` as the canonical text of a UUID; ``IntakeRejected`` when it is none."""
    if _CANONICAL_UUID.match(raw):
        return raw  # what str(uuid.UUID(raw)) gives back, without building the UUID
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise IntakeRejected(
            [
                ValidationError(
                    "请求编号应为UUID。", "The request id must be a UUID.", field="request_id"
                )
            ]
        ) from None


def _decide(
    store: Store,
    request: IntakeRequest,
    clerk: User,
    decision: CaseState,
    *,
    supervisor: User | None = None,
    reason: str = "",
    legal_basis: str = "",
    redirect_to: str = "",
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
) -> IntakeResult:
    """The decision checked and written in one transaction. The checks run under the write
    lock: their reads need no read transaction each (before BEGIN every statement is one),
    and the case is written under the catalog and calendar versions it was checked against.
    A rejection rolls back a transaction that wrote nothing."""
    with store.transaction() as db:
        return decide_within(
            db,
            store,
            request,
            clerk,
            decision,
            supervisor=supervisor,
            reason=reason,
            legal_basis=legal_basis,
            redirect_to=redirect_to,
            over_limit=over_limit,
            now=now,
        )


def decide_within(
    db: Database,
    store: Store,
    request: IntakeRequest,
    clerk: User,
    decision: CaseState,
    *,
    supervisor: User | None = None,
    reason: str = "",
    legal_basis: str = "",
    redirect_to: str = "",
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
    planned: PlannedRequest | None = None,
) -> IntakeResult:
    """The decision checked and written inside the caller's transaction ``db`` (of
    ``store``): one decision's, or every member's of a bundle (``bundle_intake``), which
    then commit or roll back together; ``planned``: the bundle's day and the member's
    validation, done once for the bundle (see ``check_decision``)."""
    request_id = request_uuid(request.request_id) if request.request_id else None
    if request_id is not None:
        # A resubmission gets its earlier case whatever has changed since (a pause, the
        # catalog); so does the same request another process has just stored.
        earlier = case_rows.case_by_request(store, request_id)
        if earlier is not None:
            return earlier_result(store, earlier)
    checked = check_decision(
        store,
        request,
        clerk,
        decision,
        supervisor=supervisor,
        reason=reason,
        legal_basis=legal_basis,
        redirect_to=redirect_to,
        over_limit=over_limit,
        now=now,
        planned=planned,
    )
    (
        valid,
        checklist,
        moment,
        local_day,
        promised,
        statutory,
        expired_reason,
        override,
        passed_limit,
    ) = checked
    reason, legal_basis, redirect_to = reason.strip(), legal_basis.strip(), redirect_to.strip()
    hall = store.config.hall
    source = request.identity_source
    state = decision.value
    at = to_text(moment)
    case_id = case_writes.new_row_id()
    shortfalls = (
        tuple(shortfall_dict(s) for s in checklist.shortfalls)
        if decision == CaseState.NOTIFIED
        else ()
    )
    number = CaseNumber(
        hall=hall.hall_code.upper(),
        window=hall.window_code.upper(),
        device=hall.device_id.upper(),
        day=local_day,
        seq=case_writes.next_case_sequence(db, local_day),
    )
    case_no = str(number)
    applicant = case_writes.seal_applicant(
        store.pii,
        case_writes.new_row_id(),
        case_writes.ApplicantRow(
            applicant_type=request.applicant.applicant_type,
            name=valid.name,
            id_type=valid.identity.id_type.value,
            id_number=valid.identity.number,
            phone=valid.phone,
            address=valid.address,
        ),
    )
    accepted_at = at if promised is not None else None
    case_writes.insert_case(
        db,
        case_writes.CaseRow(
            case_id=case_id,
            case_no=case_no,
            state=state,
            service_item_code=valid.item.code,
            catalog_version=valid.catalog_version,
            situation_code=valid.situation.code,
            applicant=applicant,
            hall_code=hall.hall_code,
            window_code=hall.window_code,
            device_id=hall.device_id,
            clerk=clerk.username,
            created_at=at,
            accepted_at=accepted_at,
            promised_date=promised.isoformat() if promised else None,
            decision_reason=reason or None,
            legal_basis=legal_basis or None,
            updated_at=at,
            request_id=request_id,
            day=local_day.isoformat(),
            identity_source=json.dumps(source.to_json(), ensure_ascii=False) if source else None,
            expired_id_reason=expired_reason or None,
            redirect_to=redirect_to or None,
            card_read_at=to_text(request.card_read_at) if request.card_read_at else None,
            bundle_id=request.bundle.id if request.bundle else None,
            bundle_code=request.bundle.code if request.bundle else None,
            bundle_name=request.bundle.name if request.bundle else None,
        ),
    )
    ticket = bind_current_ticket(db, case_id, at)
    if valid.delivery is not None:
        delivery_writes.record_delivery_choice(
            db,
            store.pii,
            case_id=case_id,
            method=valid.delivery.method.value,
            address=valid.delivery.address,
        )
    case_writes.insert_materials(
        db,
        [material_row(case_id, line.requirement, line.mark) for line in checklist.lines],
    )
    fees = fee_facts(valid.item.fee_cents, case_no) if promised is not None else {}
    if fees:
        payment_writes.record_payment_due(
            db,
            case_id=case_id,
            fee_cents=valid.item.fee_cents,
            reference=payment_reference(case_no),
        )
    document = case_document_of(
        request,
        valid,
        checklist,
        case_id=case_id,
        case_no=case_no,
        decision=decision,
        hall=hall,
        clerk=clerk,
        supervisor=supervisor,
        at=at,
        accepted_at=accepted_at,
        promised=promised,
        statutory=statutory,
        reason=reason,
        legal_basis=legal_basis,
        redirect_to=redirect_to,
        shortfalls=shortfalls,
        expired_reason=expired_reason,
        override=override,
        over_limit=passed_limit,
        ticket_id=ticket.ticket_id if ticket is not None else None,
    )
    if fees:  # a copy with the fee fields; a free item's document is used as built
        document = document.model_copy(update=fees)
    decided: dict[str, Any] = {
        "case_no": case_no,
        "item": valid.item.code,
        "catalog_version": valid.catalog_version,
    }
    if supervisor is not None:
        decided["approved_by"] = supervisor.username
    if ticket is not None:
        decided["ticket"] = ticket.number
    if source is not None:
        decided["identity_source"] = source.kind.value
    if request.bundle is not None:
        decided["bundle"] = request.bundle.code
    case_writes.insert_version_and_outbox(
        db,
        store.pii,
        store.audit,
        case_id=case_id,
        data_version=1,
        document=document,
        fact=AuditFact(clerk.username, f"case.{state}", decided),
        at=at,
        also=_further_audit_facts(clerk, case_no, request.document_read(), checked),
    )
    if request.preapp_id is not None and accepted_at is not None:
        record_consumption(
            store, Consumption(request.preapp_id, case_id, case_no, clerk.username, at)
        )
    case_writes.insert_event(
        db,
        case_id=case_id,
        at=at,
        actor=clerk.username,
        kind="transition",
        from_state=CaseState.RECEIVED.value,
        to_state=state,
        detail=transition_detail(supervisor, source, expired_reason, override, passed_limit),
    )
    for exemption in valid.exemptions.values():
        if exemption.licence is not None:
            record_licence_check(
                db, store, request, exemption.licence, case_id=case_id, clerk=clerk, at=at
            )
    return IntakeResult(
        case_id=case_id,
        case_no=case_no,
        item_code=valid.item.code,
        state=decision,
        created=True,
        promised_date=promised.isoformat() if promised else None,
        statutory_date=statutory.isoformat() if statutory else None,
        shortfalls=shortfalls,
    )


def _further_audit_facts(
    clerk: User, case_no: str, source: IdentitySource | None, checked: CheckedDecision
) -> list[AuditFact]:
    """The audit entries a decision records beside its own: an expired document accepted,
    an eligibility override, a supervisor's approval past the offline limit."""
    expired_reason, override, passed_limit = (
        checked.expired_reason,
        checked.override,
        checked.over_limit,
    )
    also: list[AuditFact] = []
    if expired_reason and source is not None:
        also.append(
            AuditFact(
                clerk.username,
                "case.expired_id_accepted",
                {"case_no": case_no, "valid_to": source.valid_to, "reason": expired_reason},
            )
        )
    if override is not None:
        also.append(
            AuditFact(
                clerk.username,
                "case.eligibility_override",
                {
                    "case_no": case_no,
                    "concerns": [c.code for c in override.concerns],
                    "reason": override.reason,
                },
            )
        )
    if passed_limit is not None:
        also.append(
            AuditFact(
                passed_limit.approved_by,
                "case.over_limit_approved",
                {
                    "case_no": case_no,
                    "clerk": clerk.username,
                    "reason": passed_limit.reason,
                    "limit": passed_limit.limit,
                    "allowed": passed_limit.allowed,
                    "reached": passed_limit.reached,
                },
            )
        )
    return also


def earlier_result(store: Store, record: case_rows.CaseRecord) -> IntakeResult:
    """The result a resubmitted request gets: the earlier case, as it was decided."""
    document = case_plaintext.case_document(store, record.case_id, 1)
    return IntakeResult(
        case_id=record.case_id,
        case_no=record.case_no,
        item_code=record.service_item_code,
        state=CaseState(document["state"]),
        created=False,
        promised_date=document.get("promised_date"),
        statutory_date=document.get("statutory_date"),
        shortfalls=tuple(document.get("shortfalls") or ()),
    )
