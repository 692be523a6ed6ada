"""What a new data version of a case the store holds changes in the case's rows besides the
version itself (``case_writes.append_version``): its materials, its fee and payment, its
applicant's name and contact, and its acceptance with the promised date. One path for the
counter's own changes (``services.case_changes.record_change``) and for a newer version
fetched back from the platform (``platform_cases``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlite_utils import Database

from counter_app.store import case_edits, case_writes, payment_writes
from counter_app.store.pii import PiiCipher


def keep_version_rows(
    db: Database,
    pii: PiiCipher,
    case_id: str,
    applicant_id: str,
    document: Mapping[str, Any],
    *,
    name: str | None = None,
    phone: str | None = None,
    address: str | None = None,
    promised: date | None = None,
) -> None:
    """The rows of case ``case_id`` as ``document`` (the new version's ``CaseDocument``
    fields) states them: its materials and payment always; the applicant's ``name``,
    ``phone`` and ``address`` when given ("": removed); the acceptance (the document's
    ``accepted_at``) with the ``promised`` date when given."""
    case_edits.update_materials(
        db, [case_edits.MaterialChange.of(case_id, m) for m in document["materials"]]
    )
    payment_writes.mirror_payment(db, case_id, document)
    if name is not None:
        case_edits.update_applicant_name(db, pii, case_id, name)
    case_edits.update_applicant_contact(
        db, pii, case_id, applicant_id, phone=phone, address=address
    )
    if promised is not None:
        case_writes.record_acceptance(
            db, case_id, accepted_at=document["accepted_at"], promised_date=promised
        )
