"""The case document an intake decision records and syncs (data version 1), and the lines
of the one-time notice it lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from counter_app.config import HallConfig
from counter_app.domain.case_document import CaseDocument, EligibilityOverride, OverLimitRecord
from counter_app.domain.case_states import CaseState
from counter_app.domain.checklist import Checklist, Shortfall
from counter_app.domain.exemptions import Exemption
from counter_app.domain.tracking import new_track_token
from counter_app.services.auth import User
from counter_app.services.intake_request import IntakeRequest
from counter_app.services.intake_validation import ValidatedRequest
from counter_app.store.timestamps import to_text


def case_document_of(
    request: IntakeRequest,
    valid: ValidatedRequest,
    checklist: Checklist,
    *,
    case_id: str,
    case_no: str,
    decision: CaseState,
    hall: HallConfig,
    clerk: User,
    supervisor: User | None,
    at: str,
    accepted_at: str | None,
    promised: date | None,
    statutory: date | None,
    reason: str,
    legal_basis: str,
    redirect_to: str,
    shortfalls: Sequence[dict[str, str]],
    expired_reason: str,
    override: EligibilityOverride | None,
    over_limit: OverLimitRecord | None,
    ticket_id: str | None,
) -> CaseDocument:
    """Data version 1 of a case: the decision as the counter records and syncs it;
    ``ticket_id`` the queue ticket served when it was decided (None: none was)."""
    # Given as JSON values and validated once, in pydantic's core, rather than part by part
    # (each part's constructor is a validation call of its own): the accept's hot path.
    source = request.identity_source
    item = valid.item
    delivery = valid.delivery
    return CaseDocument.model_validate(
        {
            "case_id": case_id,
            "case_no": case_no,
            "data_version": 1,
            "state": decision,
            "service_item": {
                "code": item.code,
                "name": item.name,
                "catalog_version": valid.catalog_version,
                "case_type": item.case_type,
                "department": item.department,
                "handling_department": item.handling_department,
            },
            "situation": {"code": valid.situation.code, "name": valid.situation.name},
            "applicant": {
                "type": request.applicant.applicant_type,
                "name": valid.name,
                "id_type": valid.identity.id_type,
                "doc_kind": valid.identity.doc_kind,
                "id_number": valid.identity.number,
                "phone": valid.phone,
                "address": valid.address,
                "identity_source": source.to_json() if source else None,
                "english_name": valid.english_name,
                **_holder_facts(valid),
            },
            "agent": valid.agent,
            "materials": [
                {
                    "code": line.requirement.code,
                    "name": line.requirement.name,
                    "required": line.requirement.required,
                    "core": line.requirement.core,
                    "status": line.mark.status,
                    "form": line.mark.form,
                    "count": line.mark.count,
                    "exemption": line.mark.exemption,
                    "deadline": line.mark.deadline.isoformat() if line.mark.deadline else None,
                    "note": line.mark.note,
                    **_exemption_fields(valid.exemptions.get(line.requirement.code)),
                }
                for line in checklist.lines
            ],
            "hall": hall.hall_code,
            "hall_name": hall.hall_name or None,  # a hall configured without one: its code
            "window": hall.window_code,
            "device": hall.device_id,
            "clerk": clerk.username,
            "approved_by": supervisor.username if supervisor else None,
            "received_at": at,
            "card_read_at": to_text(request.card_read_at) if request.card_read_at else None,
            "accepted_at": accepted_at,
            "promised_date": promised.isoformat() if promised else None,
            "statutory_date": statutory.isoformat() if statutory else None,
            "reason": reason or None,
            "legal_basis": legal_basis or None,
            "redirect_to": redirect_to or None,
            "shortfalls": shortfalls,
            "expired_id_reason": expired_reason or None,
            "delivery": {
                "method": delivery.method,
                "address": delivery.address,
                "waybill": None,
                "posted_at": None,
            }
            if delivery
            else None,
            "document_language": valid.language,
            "eligibility_override": override,
            "over_limit_approval": over_limit,
            "preapp_id": request.preapp_id,
            "track_token": new_track_token(),
            "ticket_id": ticket_id,
            "bundle": request.bundle,
        }
    )


def _holder_facts(valid: ValidatedRequest) -> dict[str, str | None]:
    """The nationality and birth date given for the applicant, kept beside the number: a
    passport's or permit's number identifies no one without its issuing country, and carries
    no birth date (a GB 11643 number does: not repeated)."""
    facts = valid.facts
    carried = valid.identity.birth_date is not None
    return {
        # As the MRZ gives it, without its fillers (``D<<`` is Germany's ``D``).
        "nationality": facts.nationality.upper().rstrip("<") or None,
        "birth_date": None if carried or facts.birth_date is None else facts.birth_date.isoformat(),
    }


def _exemption_fields(exemption: Exemption | None) -> dict[str, Any]:
    if exemption is None:
        return {}
    licence = exemption.licence
    return {
        "exemption_kind": exemption.kind.value,
        "licence": None
        if licence is None
        else {
            "licence_type": licence.licence_type,
            "number": licence.number,
            "issuer": licence.issuer,
            "valid_to": licence.valid_to,
            "file_sha256": licence.file_sha256,
            "lookup_id": licence.lookup_id,
            "verification": licence.verification.value,
        },
    }


def shortfall_dict(shortfall: Shortfall) -> dict[str, str]:
    """One line of the one-time notice (a notice's marks have none deferred:
    ``intake.notice_marks``)."""
    zh, en = shortfall.describe()
    req = shortfall.line.requirement
    return {
        "code": req.code,
        "name": req.name,
        "kind": shortfall.kind.value,
        "message": zh,
        "message_en": en,
        "standard": req.standard,
    }
