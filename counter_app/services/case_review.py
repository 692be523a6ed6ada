"""What happens to a case after intake: the applicant's return after a one-time notice,
容缺 materials supplied or their deadline missed, withdrawal, voiding by a supervisor, edits
(supervisor-approved for the applicant's data), 补正 corrections, the result handed over or
posted (出件, with ``counter_app.services.delivery``), and progress reported by the platform.

Every change the counter makes is a new data version (2, 3, ...): the whole case document
again, kept in ``case_versions`` and queued in the outbox, in the same transaction as the
state change, its event and its audit entry. Progress from the platform changes the state
and records an event, but makes no version: it came from the platform.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Literal

from sqlite_utils import Database

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import (
    STATE_NAMES,
    TERMINAL_STATES,
    Authority,
    CaseState,
    check_transition,
    parse_state,
)
from counter_app.domain.catalog import Situation
from counter_app.domain.checklist import (
    Checklist,
    MaterialForm,
    MaterialStatus,
    SubmittedMaterial,
    assess,
)
from counter_app.domain.fees import fee_facts
from counter_app.domain.hall_time import hall_today
from counter_app.domain.idnumber import mask_address, mask_phone
from counter_app.domain.names import mask_name, validate_name
from counter_app.errors import CounterError, IllegalTransition, ValidationError
from counter_app.identity.provenance import IdentitySource
from counter_app.services.approval import may_approve, refuse_own_approval
from counter_app.services.auth import User
from counter_app.services.intake import ApplicantInput, IntakeRejected
from counter_app.services.intake_checks import REASON_MAX_CHARS, eligibility_override
from counter_app.services.intake_validation import normalize_phone
from counter_app.store import case_edits, case_writes, payment_writes, sync_writes
from counter_app.store import cases as case_rows
from counter_app.store.audit import AuditFact
from counter_app.store.calendar import working_calendar
from counter_app.store.catalog import get_item
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text, to_text, utc_now

_SUPPLIED = (MaterialStatus.RECEIVED, MaterialStatus.EXEMPT, MaterialStatus.COMMITMENT)
PLATFORM_ACTOR = "platform"
WithdrawalConfirmation = Literal["in_person", "outside_program"]


def accept_returned(
    store: Store,
    case_id: str,
    clerk: User,
    received: Sequence[str],
    *,
    now: datetime | None = None,
    eligibility_reason: str = "",
) -> int:
    """The applicant returns after a one-time notice with the materials it listed: the same
    case moves from notified to accepted. What was checked at the first visit is carried
    over, ``received`` (material codes) adds what was brought now, and every required
    material must then be in. The promised and statutory dates count working days from the
    acceptance day. As at intake, accepting although the identity document contradicts the
    situation's eligibility rule needs ``eligibility_reason``. Returns the new data version."""
    moment = now or utc_now()
    record = case_rows.get_case(store, case_id)
    item = get_item(store, record.service_item_code, record.catalog_version)
    situation = item.situation(record.situation_code)
    if situation is None:
        raise ValidationError(
            f"办件的情形“{record.situation_code}”已不在目录中，无法继续受理。",
            f"The case's situation '{record.situation_code}' is no longer in the catalog.",
            field="situation",
        )
    today = hall_today(moment)
    calendar = working_calendar(store)
    promised = calendar.add_working_days(today, item.promised_days)
    statutory = calendar.add_working_days(today, item.statutory_days)
    override, eligibility_problems = _stored_applicant_override(
        store, case_id, situation, today, eligibility_reason
    )
    detail: dict[str, Any] = {"returned_after_notice": True}
    if override is not None:
        detail["eligibility_reason"] = override["reason"]

    def change(document: dict[str, Any]) -> dict[str, Any]:
        marks = [
            SubmittedMaterial(
                m["code"],
                MaterialStatus(m["status"]),
                MaterialForm(m["form"]) if m["form"] else None,
                m["count"],
                m["exemption"],
            )
            for m in document["materials"]
            if m["status"] in _SUPPLIED and m["code"] not in received
        ]
        problems: list[CounterError] = []
        for code in received:
            requirement = situation.material(code)
            if requirement is None:
                problems.append(
                    ValidationError(
                        f"材料编码“{code}”不属于情形“{situation.name}”，请核对。",
                        f"Material code '{code}' is not part of '{situation.name}'.",
                        field="received",
                    )
                )
                continue
            marks.append(
                SubmittedMaterial(
                    code, MaterialStatus.RECEIVED, requirement.forms[0], requirement.count
                )
            )
        checklist = assess(situation, marks)
        problems.extend(checklist.problems_for_accept())
        problems.extend(eligibility_problems)
        if problems:
            raise IntakeRejected(problems)
        accepted = {
            **document,
            "materials": _material_lines(checklist),
            "shortfalls": [],
            "promised_date": promised.isoformat(),
            "statutory_date": statutory.isoformat(),
            **fee_facts(item.fee_cents, document["case_no"]),
        }
        if override is not None:
            accepted["eligibility_override"] = override
        return accepted

    return _change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        CaseState.ACCEPTED,
        change=change,
        now=moment,
        detail=detail,
        promised=promised,
    )


def _stored_applicant_override(
    store: Store, case_id: str, situation: Situation, today: date, reason: str
) -> tuple[dict[str, Any] | None, list[CounterError]]:
    """``eligibility_override`` for the applicant as the case stored them (no birth date or
    nationality beyond what the ID number carries: what is unknown is no contradiction)."""
    applicant = case_rows.case_document(store, case_id)["applicant"]
    source = applicant.get("identity_source")
    override, problems = eligibility_override(
        situation,
        ApplicantInput(
            name=applicant["name"],
            id_type=applicant["id_type"],
            id_number=applicant["id_number"],
            doc_kind=applicant["doc_kind"],
            address=applicant["address"],
        ),
        IdentitySource.from_json(source) if source else None,
        today,
        reason,
    )
    return (override.model_dump(mode="json") if override else None), problems


def _material_lines(checklist: Checklist) -> list[dict[str, Any]]:
    """The case document's materials as a checklist now stands."""
    return [
        {
            "code": line.requirement.code,
            "name": line.requirement.name,
            "required": line.requirement.required,
            "core": line.requirement.core,
            "status": line.mark.status.value,
            "form": line.mark.form.value if line.mark.form else None,
            "count": line.mark.count,
            "exemption": line.mark.exemption,
            "deadline": line.mark.deadline.isoformat() if line.mark.deadline else None,
            "note": line.mark.note,
        }
        for line in checklist.lines
    ]


def complete_deferred(
    store: Store,
    case_id: str,
    clerk: User,
    supplied: Sequence[SubmittedMaterial],
    *,
    now: datetime | None = None,
) -> int:
    """容缺 materials arrived (received, exempt or commitment), at any window of the hall.
    Each must be one of the case's still deferred materials; when none is left deferred the
    case becomes accepted, before that each supply is a version of its own. Returns the new
    data version."""
    record = case_rows.get_case(store, case_id)
    outstanding = {m.code for m in record.materials if m.status == MaterialStatus.DEFERRED.value}
    names = {m.code: m.name for m in record.materials}
    problems: list[CounterError] = []
    if not supplied:
        problems.append(
            ValidationError(
                "请选择补交的容缺材料。",
                "Choose the deferred material(s) that were supplied.",
                field="materials",
            )
        )
    for mark in supplied:
        name = names.get(mark.code, mark.code)
        if mark.code not in outstanding:
            problems.append(
                ValidationError(
                    f"“{name}”（{mark.code}）不是本办件待补的容缺材料。",
                    f"'{name}' ({mark.code}) is not a deferred material this case still waits for.",
                    field=f"materials.{mark.code}",
                )
            )
        elif mark.status not in _SUPPLIED:
            problems.append(
                ValidationError(
                    f"容缺材料“{name}”须标记为已收取、免提交或告知承诺。",
                    f"Mark the deferred material '{name}' as received, exempt or a commitment.",
                    field=f"materials.{mark.code}.status",
                )
            )
    if problems:
        raise IntakeRejected(problems)
    by_code = {m.code: m for m in supplied}

    def change(document: dict[str, Any]) -> dict[str, Any]:
        for index, material in enumerate(document["materials"]):
            mark = by_code.get(material["code"])
            if mark is None or material["status"] != MaterialStatus.DEFERRED.value:
                continue
            document["materials"][index] = {
                **material,
                "status": mark.status.value,
                "form": mark.form.value if mark.form else None,
                "count": mark.count,
                "exemption": mark.exemption,
                # The deadline stays: it marks the material as one supplied late (补齐回执).
            }
        return document

    last = outstanding <= set(by_code)
    return _change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        CaseState.ACCEPTED if last else None,
        change=change,
        now=now,
        detail={"supplied": sorted(by_code)},
    )


def terminate_deferred(
    store: Store, case_id: str, actor: str, *, now: datetime | None = None
) -> int:
    """容缺 deadline missed: the case ends as deferred_terminated. Refused while no deferred
    material is overdue (hall-local date)."""
    moment = now or utc_now()
    today = hall_today(moment)

    def change(document: dict[str, Any]) -> dict[str, Any]:
        overdue = [
            m
            for m in document["materials"]
            if m["status"] == MaterialStatus.DEFERRED.value
            and m["deadline"]
            and date.fromisoformat(m["deadline"]) < today
        ]
        if not overdue:
            raise ValidationError(
                "容缺材料尚未逾期，不能终止。",
                "No deferred material is overdue yet; the deferral cannot be terminated.",
                field="deadline",
            )
        return document

    return _change(
        store,
        case_id,
        actor,
        Authority.COUNTER,
        CaseState.DEFERRED_TERMINATED,
        change=change,
        now=moment,
    )


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
    return _change(
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
    return _change(
        store,
        case_id,
        clerk.username,
        Authority.SUPERVISOR,
        CaseState.VOIDED,
        change=lambda d: {**d, "void_reason": text, "voided_by": supervisor.username},
        now=now,
        detail={"approved_by": supervisor.username},
    )


def edit_case(
    store: Store,
    case_id: str,
    clerk: User,
    *,
    phone: str | None = None,
    address: str | None = None,
    remarks: str | None = None,
    now: datetime | None = None,
) -> int:
    """Correct the applicant's contact data or the remarks; a new data version, the state
    unchanged. Only what is passed (not None) changes."""
    if phone:
        phone = normalize_phone(phone)
    if address is not None:
        address = _checked_address(address)

    def change(document: dict[str, Any]) -> dict[str, Any]:
        applicant = dict(document["applicant"])
        if phone is not None:
            applicant["phone"] = phone or None
        if address is not None:
            applicant["address"] = address or None
        result = {**document, "applicant": applicant}
        if remarks is not None:
            result["remarks"] = remarks
        return result

    return _change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        None,
        change=change,
        now=now,
        contact=(phone, address),
    )


_MASKS: dict[str, Callable[[str], str]] = {
    "name": mask_name,
    "phone": mask_phone,
    "address": mask_address,
}
_ADDRESS_MAX_CHARS = 200


def _checked_address(address: str) -> str:
    text = address.strip()
    if len(text) > _ADDRESS_MAX_CHARS:
        raise ValidationError("地址过长。", "The address is too long.", field="applicant.address")
    return text


def applicant_value(field: str, value: str) -> str:
    """``value`` for the applicant's ``field`` as stored, checked like at intake."""
    if field == "name":
        return validate_name(value, field="applicant.name")
    if field == "phone":
        return normalize_phone(value)
    if field == "address":
        if not value.strip():
            raise ValidationError("请填写地址。", "Enter the address.", field="applicant.address")
        return _checked_address(value)
    raise ValidationError(
        f"不能修改“{field}”：只能更正姓名（name）、联系电话（phone）或地址（address）；"
        "证件号码有误的须作废后重新受理。",
        f"'{field}' cannot be corrected: only name, phone or address; a wrong ID number "
        "means voiding the case and taking it again.",
        field="field",
    )


def masked(field: str, value: str | None) -> str:
    """How a history shown to anyone gives an applicant value."""
    return _MASKS[field](value) if value else ""


def _applicant_change(document: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    return {**document, "applicant": {**document["applicant"], **values}}


def _applicant_edit(store: Store, case_id: str, field: str, value: str) -> tuple[str, str]:
    """The applicant datum's old value and the checked new one, which must differ."""
    new = applicant_value(field, value)
    old = str(case_rows.case_document(store, case_id)["applicant"][field] or "")
    if old == new:
        raise ValidationError(
            "新值与原值相同，无需更正。",
            "The new value is the same as the old one; nothing to correct.",
            field="value",
        )
    return old, new


def masked_applicant_edit(store: Store, case_id: str, field: str, value: str) -> tuple[str, str]:
    """The old and new value of a correction, checked and masked as a history shows them:
    what a supervisor at another window reads before approving it."""
    old, new = _applicant_edit(store, case_id, field, value)
    return masked(field, old), masked(field, new)


def edit_applicant(
    store: Store,
    case_id: str,
    clerk: User,
    supervisor: User,
    *,
    field: str,
    value: str,
    reason: str,
    now: datetime | None = None,
) -> int:
    """Correct a typo in the applicant's name, phone or address after acceptance, approved by
    ``supervisor`` (authenticated by the caller; not the clerk, not the case's own clerk).
    The history keeps the old and new values masked; the versions keep them in clear,
    encrypted. Returns the new data version."""
    if not may_approve(supervisor):
        raise ValidationError(
            "更正申请人信息须经值班长（主管）审批。",
            "Correcting the applicant's data needs a supervisor's approval.",
            field="supervisor",
        )
    refuse_own_approval(supervisor, (clerk.username, case_rows.get_case(store, case_id).clerk))
    old, new = _applicant_edit(store, case_id, field, value)
    text = checked_reason(reason)
    moment = to_text(now or utc_now())
    record = {
        "field": field,
        "reason": text,
        "approved_by": supervisor.username,
        "edited_at": moment,
        "edited_by": clerk.username,
    }

    def change(document: dict[str, Any]) -> dict[str, Any]:
        edited = _applicant_change(document, {field: new})
        edited["applicant_edits"] = [*document.get("applicant_edits", []), record]
        return edited

    return _change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        None,
        change=change,
        now=now,
        detail={
            "field": field,
            "old": masked(field, old),
            "new": masked(field, new),
            "approved_by": supervisor.username,
        },
        applicant={field: new},
    )


def record_correction(
    store: Store,
    case_id: str,
    clerk: User,
    request: case_rows.CorrectionRequest,
    *,
    materials: Sequence[SubmittedMaterial],
    fields: dict[str, str],
    now: datetime | None = None,
) -> int:
    """补正 handed in (checked by the caller against ``request``): the materials marked
    received, the fields replaced, and the case back in processing. The days it waited do
    not count: the promised and statutory dates move on by the working days from the
    request's day to today (hall-local). Returns the new data version."""
    moment = now or utc_now()
    at = to_text(moment)
    asked_on, brought_on = hall_today(from_text(request.requested_at)), hall_today(moment)
    calendar = working_calendar(store)
    waited = calendar.working_days_between(asked_on, brought_on)
    by_code = {m.code: m for m in materials}
    document_now = case_rows.case_document(store, case_id)
    promised_before = document_now["promised_date"]

    def moved(day: str | None) -> str | None:
        return (
            calendar.extend_for_pause(date.fromisoformat(day), asked_on, brought_on).isoformat()
            if day
            else None
        )

    def change(document: dict[str, Any]) -> dict[str, Any]:
        lines = [
            {
                **material,
                "status": mark.status.value,
                "form": mark.form.value if mark.form else None,
                "count": mark.count,
            }
            if (mark := by_code.get(material["code"]))
            else material
            for material in document["materials"]
        ]
        record = {
            "requested_at": request.requested_at,
            "note": request.note,
            "materials": sorted(by_code),
            "fields": sorted(fields),
            "corrected_at": at,
            "corrected_by": clerk.username,
            "waited_working_days": waited,
            "promised_before": promised_before,
        }
        corrected = _applicant_change(document, fields)
        corrected.update(
            materials=lines,
            promised_date=moved(document["promised_date"]),
            statutory_date=moved(document["statutory_date"]),
            corrections=[*document.get("corrections", []), record],
        )
        return corrected

    new_promised = moved(promised_before)
    return _change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        CaseState.IN_PROCESS,
        change=change,
        now=moment,
        detail={
            "corrected": sorted(by_code),
            "corrected_names": [
                m["name"] for m in document_now["materials"] if m["code"] in by_code
            ],
            "fields": sorted(fields),
            "waited_working_days": waited,
        },
        applicant=fields,
        promised=date.fromisoformat(new_promised) if new_promised else None,
    )


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
    completed, result ready); a correction request names the ``materials`` (codes) and
    applicant ``fields`` to correct. Returns False when the case is already in that state
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
    return _change(
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

    return _change(
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
        return _change(
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
        return _change(
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
    return _change(
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


def checked_reason(reason: str) -> str:
    """A decision's reason as kept: stripped, required, at most ``REASON_MAX_CHARS``."""
    text = reason.strip()
    if not text or len(text) > REASON_MAX_CHARS:
        raise ValidationError(
            f"请填写原因（最多{REASON_MAX_CHARS}字）。",
            f"Enter the reason (at most {REASON_MAX_CHARS} characters).",
            field="reason",
        )
    return text


def _change(
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
) -> int:
    """Write one change as data version N+1, with its event and audit entry (``case.<new
    state>``, or ``action`` — default ``case.edit`` — when ``target`` is None; ``detail``
    goes into both, ``event_kind`` names the event): every flow built on this is audited by
    ``case_writes``. ``promised`` (with an acceptance or a correction) also sets the case
    row's promised date, which the documents print; ``applicant`` the corrected name, phone
    or address. ``after_end`` allows an edit of a case in a final state (a rating and its
    follow-up come after the decision). ``above``: a version number the new one must exceed
    (the platform's newest, when resolving a conflict)."""
    at = to_text(now or utc_now())
    with store.transaction() as db:
        record = case_rows.get_case(store, case_id)
        current = CaseState(record.state)
        if target is not None:
            check_transition(current, target, authority)
        elif current in TERMINAL_STATES and not after_end:
            zh_state, en_state = STATE_NAMES[current]
            raise IllegalTransition(
                f"办件状态为“{zh_state}”，不能再修改。",
                f"The case is '{en_state}'; it can no longer be edited.",
                field="state",
            )
        document = change(case_rows.case_document(store, case_id))
        version = max(record.data_version, above) + 1
        new_state = target or current
        document.update(
            data_version=version, state=new_state.value, updated_at=at, updated_by=actor
        )
        if target in (CaseState.ACCEPTED,) and not document.get("accepted_at"):
            document["accepted_at"] = at
        if promised is not None:
            case_writes.record_acceptance(
                db, case_id, accepted_at=document["accepted_at"], promised_date=promised
            )
        case_edits.update_materials(
            db, [_material_change(case_id, material) for material in document["materials"]]
        )
        _mirror_payment(db, store, case_id, document)
        phone, address = contact
        if applicant:
            phone, address = applicant.get("phone", phone), applicant.get("address", address)
            if "name" in applicant:
                case_edits.update_applicant_name(db, store.pii, case_id, applicant["name"])
        if phone is not None or address is not None:
            case_edits.update_applicant_contact(
                db, store.pii, case_id, record.applicant_id, phone=phone, address=address
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
                f"case.{new_state.value}" if target else action or "case.edit",
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


def _mirror_payment(db: Database, store: Store, case_id: str, document: dict[str, Any]) -> None:
    """Keep the case's payment row (what the case list marks 待缴费 from) as the new version
    states it: a fee due from acceptance on, then its payment."""
    if document.get("fee_cents") is None:
        return
    payment = case_rows.case_payment(store, case_id)
    if payment is None:
        payment_writes.record_payment_due(
            db,
            case_id=case_id,
            fee_cents=document["fee_cents"],
            reference=document["payment_reference"],
        )
    if document.get("paid_at") and (payment is None or not payment.paid):
        payment_writes.record_payment(
            db,
            case_id=case_id,
            paid_at=document["paid_at"],
            method=document["payment_method"],
            receipt_no=document.get("payment_receipt_no"),
        )


def _material_change(case_id: str, material: dict[str, Any]) -> case_edits.MaterialChange:
    return case_edits.MaterialChange(
        case_id=case_id,
        code=material["code"],
        status=material["status"],
        form=material["form"],
        count=material["count"],
        exemption=material["exemption"],
        deadline=material["deadline"],
    )
