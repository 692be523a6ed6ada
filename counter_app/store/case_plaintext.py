"""What a case keeps sealed, in clear: the case document of a data version
(``case_document``) and the applicant's ID number, phone and address (``reveal_applicant``,
audited). Every other read of a case gives masked personal data only
(``counter_app.store.cases``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from counter_app.store.case_writes import (
    address_context,
    id_number_context,
    phone_context,
    version_context,
)
from counter_app.store.cases import case_not_found
from counter_app.store.database import Store


@dataclass(frozen=True)
class RevealedApplicant:
    name: str
    id_type: str
    id_number: str
    phone: str | None
    address: str | None


def case_document(store: Store, case_id: str, data_version: int | None = None) -> dict[str, Any]:
    """The decrypted case document of one data version (default: the latest)."""
    if data_version is None:
        row = store.db.execute(
            "SELECT data_version, content_enc FROM case_versions WHERE case_id = ?"
            " ORDER BY data_version DESC LIMIT 1",
            (case_id,),
        ).fetchone()
    else:
        row = store.db.execute(
            "SELECT data_version, content_enc FROM case_versions WHERE case_id = ? AND data_version = ?",
            (case_id, data_version),
        ).fetchone()
    if row is None:
        raise case_not_found(case_id)
    document: dict[str, Any] = json.loads(
        store.pii.decrypt(row[1], version_context(case_id, row[0]))
    )
    return document


def reveal_applicant(store: Store, case_id: str, *, actor: str, purpose: str) -> RevealedApplicant:
    """The applicant's personal data in clear, for a named purpose; the access is audited."""
    row = store.db.execute(
        "SELECT applicant_id, name, id_type, id_number_enc, phone_enc, address_enc"
        " FROM cases WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    if row is None:
        raise case_not_found(case_id)
    applicant_id, name, id_type, id_enc, phone_enc, address_enc = row
    pii = store.pii
    revealed = RevealedApplicant(
        name=name,
        id_type=id_type,
        id_number=pii.decrypt_text(id_enc, id_number_context(applicant_id)),
        phone=pii.decrypt_text(phone_enc, phone_context(applicant_id)) if phone_enc else None,
        address=pii.decrypt_text(address_enc, address_context(applicant_id))
        if address_enc
        else None,
    )
    store.audit.record(actor, "applicant.reveal", case_id, {"purpose": purpose})
    return revealed
