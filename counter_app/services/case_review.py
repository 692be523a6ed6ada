"""What happens to a case after intake: the applicant's return after a one-time notice,
容缺 materials supplied or their deadline missed, withdrawal, voiding by a supervisor, edits, the
result handed over or posted (出件, with ``counter_app.services.delivery``), and progress
reported by the platform.

Every change the counter makes is a new data version (2, 3, ...): the whole case document
again, kept in ``case_versions`` and queued in the outbox, in the same transaction as the
state change, its event and its audit entry. Progress from the platform changes the state
and records an event, but makes no version: it came from the platform.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import (
    STATE_NAMES,
    TERMINAL_STATES,
    Authority,
    CaseState,
    check_transition,
    parse_state,
)
from counter_app.domain.checklist import (
    Checklist,
    MaterialForm,
    MaterialStatus,
    SubmittedMaterial,
    assess,
)
from counter_app.domain.hall_time import hall_today
from counter_app.errors import CounterError, IllegalTransition, ValidationError
from counter_app.services.approval import may_approve, refuse_own_approval
from counter_app.services.auth import User
from counter_app.services.intake import (
    REASON_MAX_CHARS,
    IntakeRejected,
    normalize_phone,
)
from counter_app.store import case_writes
from counter_app.store import cases as case_rows
from counter_app.store.calendar import working_calendar
from counter_app.store.catalog import get_item
from counter_app.store.database import Store
from counter_app.store.timestamps import to_text, utc_now

_SUPPLIED = (MaterialStatus.RECEIVED, MaterialStatus.EXEMPT, MaterialStatus.COMMITMENT)
PLATFORM_ACTOR = "platform"


def accept_returned(
    store: Store,
    case_id: str,
    clerk: User,
    received: Sequence[str],
    *,
    now: datetime | None = None,
) -> int:
    """The applicant returns after a one-time notice with the materials it listed: the same
    case moves from notified to accepted. What was checked at the first visit is carried
    over, ``received`` (material codes) adds what was brought now, and every required
    material must then be in. The promised and statutory dates count working days from the
    acceptance day. Returns the new data version."""
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
        if problems:
            raise IntakeRejected(problems)
        return {
            **document,
            "materials": _material_lines(checklist),
            "shortfalls": [],
            "promised_date": promised.isoformat(),
            "statutory_date": statutory.isoformat(),
        }

    return _change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        CaseState.ACCEPTED,
        change=change,
        now=moment,
        detail={"returned_after_notice": True},
        promised=promised,
    )


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
    now: datetime | None = None,
) -> int:
    """The applicant withdraws the application: the reason is required, and so is the
    applicant's own confirmation (撤回 is their act, not the clerk's)."""
    text = _reason(reason)
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
        detail={"reason_given": True, "applicant_confirmed": True},
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
    text = _reason(reason)
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
    if address is not None and len(address) > 200:
        raise ValidationError("地址过长。", "The address is too long.", field="applicant.address")

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


def apply_progress(
    store: Store, case_id: str, to_state: str, *, note: str = "", at: datetime | None = None
) -> bool:
    """A status update from the platform (in process, suspended, completed, result ready).
    Returns False when the case is already in that state (a feed may repeat itself)."""
    target = parse_state(to_state)
    moment = to_text(at or utc_now())
    with store.transaction() as db:
        record = case_rows.get_case(store, case_id)
        current = CaseState(record.state)
        if current == target:
            return False
        check_transition(current, target, Authority.PLATFORM)
        case_writes.record_platform_progress(
            db,
            case_id=case_id,
            from_state=current.value,
            to_state=target.value,
            note=note,
            actor=PLATFORM_ACTOR,
            at=moment,
        )
        store.audit.record(PLATFORM_ACTOR, f"case.{target.value}", case_id, {"from": current.value})
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


def _reason(reason: str) -> str:
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
    action: str | None = None,
) -> int:
    """Write one change as data version N+1; ``promised`` (with an acceptance) also sets the
    case row's acceptance time and promised date, which the receipt prints. ``action`` names
    the audit entry of a change that keeps the state (default ``case.edit``)."""
    at = to_text(now or utc_now())
    with store.transaction() as db:
        record = case_rows.get_case(store, case_id)
        current = CaseState(record.state)
        if target is not None:
            check_transition(current, target, authority)
        elif current in TERMINAL_STATES:
            zh_state, en_state = STATE_NAMES[current]
            raise IllegalTransition(
                f"办件状态为“{zh_state}”，不能再修改。",
                f"The case is '{en_state}'; it can no longer be edited.",
                field="state",
            )
        document = change(case_rows.case_document(store, case_id))
        version = record.data_version + 1
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
        case_writes.update_materials(
            db, [_material_change(case_id, material) for material in document["materials"]]
        )
        phone, address = contact
        if phone is not None or address is not None:
            case_writes.update_applicant_contact(
                db, store.pii, record.applicant_id, phone=phone, address=address
            )
        digest = case_writes.append_version(
            db,
            store.pii,
            case_id=case_id,
            data_version=version,
            state=new_state.value,
            document=CaseDocument.from_json(document),
            by=actor,
            at=at,
        )
        case_writes.insert_event(
            db,
            case_id=case_id,
            at=at,
            actor=actor,
            kind="transition" if target else "edit",
            from_state=current.value,
            to_state=new_state.value,
            detail={"data_version": version, **(detail or {})},
        )
        store.audit.record(
            actor,
            f"case.{new_state.value}" if target else action or "case.edit",
            case_id,
            {"data_version": version, "content_hash": digest, **(detail or {})},
        )
    return version


def _material_change(case_id: str, material: dict[str, Any]) -> case_writes.MaterialChange:
    return case_writes.MaterialChange(
        case_id=case_id,
        code=material["code"],
        status=material["status"],
        form=material["form"],
        count=material["count"],
        exemption=material["exemption"],
        deadline=material["deadline"],
    )
