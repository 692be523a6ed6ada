"""Materials a case receives after its first decision: the applicant's return after a
one-time notice, 容缺 materials supplied or their deadline missed, and 补正 handed in (the
request comes with the platform's progress, ``counter_app.services.corrections`` checks it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from counter_app.domain.case_states import Authority, CaseState
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
from counter_app.errors import CounterError, ValidationError
from counter_app.identity.provenance import IdentitySource
from counter_app.services.applicant_edits import with_edited_values
from counter_app.services.auth import User
from counter_app.services.case_changes import record_change
from counter_app.services.intake_checks import IntakeRejected, eligibility_override
from counter_app.services.intake_request import ApplicantInput
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from counter_app.store.calendar import working_calendar
from counter_app.store.catalog import get_item
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text, to_text, utc_now

_SUPPLIED = (MaterialStatus.RECEIVED, MaterialStatus.EXEMPT, MaterialStatus.COMMITMENT)


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

    return record_change(
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
    applicant = case_plaintext.case_document(store, case_id)["applicant"]
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
    """容缺 materials arrived (received, exempt or commitment), at the window that accepted
    the case. Each must be one of the case's still deferred materials; when none is left
    deferred a case accepted with them becomes accepted (one the platform took into
    processing meanwhile stays where it is), before that each supply is a version of its
    own. Returns the new data version."""
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

    accepts = outstanding <= set(by_code) and record.state == CaseState.ACCEPTED_DEFERRED.value
    return record_change(
        store,
        case_id,
        clerk.username,
        Authority.COUNTER,
        CaseState.ACCEPTED if accepts else None,
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

    return record_change(
        store,
        case_id,
        actor,
        Authority.COUNTER,
        CaseState.DEFERRED_TERMINATED,
        change=change,
        now=moment,
    )


def record_correction(
    store: Store,
    case_id: str,
    clerk: User,
    request: history_rows.CorrectionRequest,
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
    document_now = case_plaintext.case_document(store, case_id)
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
        corrected = with_edited_values(document, fields)
        corrected.update(
            materials=lines,
            promised_date=moved(document["promised_date"]),
            statutory_date=moved(document["statutory_date"]),
            corrections=[*document.get("corrections", []), record],
        )
        return corrected

    new_promised = moved(promised_before)
    return record_change(
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
