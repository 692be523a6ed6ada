"""What an intake decision writes beside its case row and document: its material rows, the
detail its history shows beside the decision, and the e-licence checks behind its
exemptions with the applicant's consent to their lookups as it was given."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_app.domain.case_document import EligibilityOverride, OverLimitRecord
from counter_app.domain.catalog import MaterialRequirement
from counter_app.domain.checklist import SubmittedMaterial
from counter_app.domain.exemptions import LicenceFound
from counter_app.errors import ValidationError
from counter_app.identity.provenance import IdentitySource, SourceKind
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
from counter_app.store.timestamps import to_text


@dataclass(frozen=True)
class LicenceConsent:
    """The applicant's authorisation of the e-licence lookups, as given: their app code
    (``code``), or their own card read at this window (``code`` None) at ``given_at``."""

    code: str | None
    given_at: datetime | None  # a code's time is the decision's

    @property
    def kind(self) -> str:
        return "code" if self.code else "card_read"


def licence_consent(request: IntakeRequest) -> LicenceConsent | None:
    """The consent ``request`` carries: an authorisation code, else the applicant's own
    document read here (a typed number, a passport's MRZ or the agent's card is none); None
    when the applicant gave none."""
    if request.elicence_consent_code:
        return LicenceConsent(request.elicence_consent_code, None)
    source = request.identity_source
    if source is not None:
        own_read = source.kind is SourceKind.CARD
    else:  # not said (a caller of the core): the document read is theirs unless the agent's
        own_read = request.agent_identity_source is None
    if request.card_read_at is not None and own_read:
        return LicenceConsent(None, request.card_read_at)
    return None


def no_consent_error() -> ValidationError:
    return ValidationError(
        "电子证照免于提交须有申请人对查询的授权：请在本窗口读取申请人的身份证，或请申请人在"
        "“随申办”生成授权码，再查询电子证照（F4）；或收取纸质材料。",
        "An e-licence exemption needs the applicant's authorisation of the lookup: read the "
        "applicant's ID card at this window, or have them make an authorisation code in the "
        "app, then look the e-licences up (F4); or collect the paper material.",
        field="materials",
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
    """Record the check behind ``licence``'s exemption with the consent ``request`` carries
    (``validate_request`` refuses one without), and attach the register's document."""
    consent = licence_consent(request)
    if consent is None:
        raise no_consent_error()
    insert_check(
        db,
        ElicenceCheck(
            case_id=case_id,
            case_no="",
            material_code=licence.material_code,
            licence_type=licence.licence_type,
            consent_kind=consent.kind,
            consent_code=consent.code,
            consented_at=to_text(consent.given_at) if consent.given_at else at,
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
