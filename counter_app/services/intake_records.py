"""What an intake decision writes beside its case row and document: its material rows, the
detail its history shows beside the decision, and the e-licence checks behind its
exemptions."""

from __future__ import annotations

import hashlib
from typing import Any

from counter_app.domain.case_document import EligibilityOverride, OverLimitRecord
from counter_app.domain.catalog import MaterialRequirement
from counter_app.domain.checklist import SubmittedMaterial
from counter_app.domain.exemptions import LicenceFound
from counter_app.identity.provenance import IdentitySource
from counter_app.services.auth import User
from counter_app.services.intake_request import IntakeRequest
from counter_app.store import case_writes
from counter_app.store.database import Database, Store
from counter_app.store.elicence_checks import (
    ElicenceCheck,
    LicenceDocument,
    attach_document,
    insert_check,
)


def material_row(
    case_id: str, req: MaterialRequirement, mark: SubmittedMaterial
) -> case_writes.MaterialRow:
    return case_writes.MaterialRow(
        case_id=case_id,
        code=req.code,
        name=req.name,
        required=req.required,
        core=req.core,
        status=mark.status.value,
        form=mark.form.value if mark.form else None,
        copies=mark.count,
        exemption=mark.exemption,
        deadline=mark.deadline.isoformat() if mark.deadline else None,
        note=mark.note,
    )


def transition_detail(
    supervisor: User | None,
    source: IdentitySource | None,
    expired_reason: str,
    override: EligibilityOverride | None,
    over_limit: OverLimitRecord | None,
) -> dict[str, Any]:
    """What the case history shows beside the decision: approver, identity source, the
    reasons given for accepting on an expired document or against the card's facts, and
    the supervisor who approved it past the paused intake, and why."""
    detail: dict[str, Any] = {}
    if supervisor is not None:
        detail["approved_by"] = supervisor.username
    if source is not None:
        detail["identity_source"] = source.kind.value
    if expired_reason:
        detail["expired_id_reason"] = expired_reason
    if override is not None:
        detail["eligibility_reason"] = override.reason
    if over_limit is not None:
        detail["over_limit"] = over_limit.limit
        detail["over_limit_approved_by"] = over_limit.approved_by
        detail["over_limit_reason"] = over_limit.reason
    return detail


def record_licence_check(
    db: Database,
    store: Store,
    request: IntakeRequest,
    licence: LicenceFound,
    *,
    case_id: str,
    clerk: User,
    at: str,
) -> None:
    code = request.elicence_consent_code
    insert_check(
        db,
        ElicenceCheck(
            case_id=case_id,
            case_no="",
            material_code=licence.material_code,
            licence_type=licence.licence_type,
            consent_kind="code" if code else "card_read",
            consent_code=code,
            consented_at=at,
            clerk=clerk.username,
            state=licence.verification.value,
            licence_number=licence.number,
            issuer=licence.issuer,
            detail=None,
        ),
        lookup_id=licence.lookup_id,
        at=at,
    )
    if licence.document is not None and licence.number is not None:
        # The register's copy, its hash checked at the lookup: attached to the case.
        attach_document(
            db,
            store.pii,
            case_id,
            licence.material_code,
            LicenceDocument(
                licence.licence_type,
                licence.number,
                hashlib.sha256(licence.document).hexdigest(),
                licence.document,
                at,
            ),
        )
