"""The rows a case document stands for: the case row (its applicant sealed) and its material
rows, every field taken from the document. What a case fetched back from the platform is kept
as (``platform_cases``), and what the test and benchmark seeders write beside the versions
they seal, so a case's rows say what its sealed version says (``case_integrity``)."""

from __future__ import annotations

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.hall_time import hall_today
from counter_app.store.case_writes import (
    ApplicantRow,
    CaseRow,
    MaterialRow,
    seal_applicant,
)
from counter_app.store.pii import PiiCipher
from counter_app.store.timestamps import from_text


def case_rows_of(
    pii: PiiCipher, document: CaseDocument, *, applicant_id: str
) -> tuple[CaseRow, list[MaterialRow]]:
    """The case row (its applicant sealed under ``applicant_id``, last updated when it was
    received, no identity document's read, no request id) and the material rows of
    ``document``. Its day is the hall date of ``received_at``, as intake writes it."""
    applicant = document.applicant
    sealed = seal_applicant(
        pii,
        applicant_id,
        ApplicantRow(
            applicant.type,
            applicant.name,
            applicant.id_type.value,
            applicant.id_number,
            applicant.phone,
            applicant.address,
        ),
    )
    case = CaseRow(
        case_id=document.case_id,
        case_no=document.case_no,
        state=document.state.value,
        service_item_code=document.service_item.code,
        catalog_version=document.service_item.catalog_version,
        situation_code=document.situation.code,
        applicant=sealed,
        hall_code=document.hall,
        window_code=document.window,
        device_id=document.device,
        clerk=document.clerk,
        created_at=document.received_at,
        accepted_at=document.accepted_at,
        promised_date=document.promised_date,
        decision_reason=document.reason,
        legal_basis=document.legal_basis,
        updated_at=document.received_at,
        request_id=None,
        day=hall_today(from_text(document.received_at)).isoformat(),
        identity_source=None,
        expired_id_reason=document.expired_id_reason,
        redirect_to=document.redirect_to,
        card_read_at=document.card_read_at,
    )
    materials = [
        MaterialRow(
            document.case_id,
            m.code,
            m.name,
            m.required,
            m.core,
            m.status.value,
            None if m.form is None else m.form.value,
            m.count,
            m.exemption,
            m.deadline,
            m.note,
        )
        for m in document.materials
    ]
    return case, materials
