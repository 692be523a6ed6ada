"""What a case keeps sealed, in clear: the case document of a data version
(``case_document``) and the applicant's ID number, phone and address (``reveal_applicant``,
audited); both refuse a case whose personal data was purged (``store.retention``), saying
when. Every other read of a case gives masked personal data only
(``counter_app.store.cases``)."""

from __future__ import annotations

import json
from collections.abc import Collection
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
from counter_app.store.retention import PersonalDataPurged, purge_of

# What ``reveal_applicant`` can decrypt: the applicant's sealed fields.
SEALED_FIELDS = ("id_number", "phone", "address")


@dataclass(frozen=True)
class RevealedApplicant:
    """The fields asked for in clear; a field not asked for (or not given) is None."""

    name: str
    id_type: str
    id_number: str | None
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
    if not row[1]:
        _refuse_purged(store, case_id)
    document: dict[str, Any] = json.loads(
        store.pii.decrypt(row[1], version_context(case_id, row[0]))
    )
    return document


def reveal_applicant(
    store: Store,
    case_id: str,
    *,
    actor: str,
    purpose: str,
    fields: Collection[str] = SEALED_FIELDS,
) -> RevealedApplicant:
    """The applicant's personal data in clear, for a named purpose: only ``fields`` of it
    are decrypted (what the purpose needs, PIPL art. 6). The access is audited, with the
    fields revealed when not all of them."""
    unknown = set(fields) - set(SEALED_FIELDS)
    if unknown:
        raise ValueError(f"not sealed fields: {sorted(unknown)}")
    row = store.db.execute(
        "SELECT applicant_id, name, id_type, id_number_enc, phone_enc, address_enc"
        " FROM cases WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    if row is None:
        raise case_not_found(case_id)
    applicant_id, name, id_type, id_enc, phone_enc, address_enc = row
    if not id_enc:
        _refuse_purged(store, case_id)
    pii = store.pii
    sealed = {
        "id_number": (id_enc, id_number_context(applicant_id)),
        "phone": (phone_enc, phone_context(applicant_id)),
        "address": (address_enc, address_context(applicant_id)),
    }
    clear = {
        field: pii.decrypt_text(blob, context) if field in fields and blob else None
        for field, (blob, context) in sealed.items()
    }
    revealed = RevealedApplicant(name=name, id_type=id_type, **clear)
    detail: dict[str, object] = {"purpose": purpose}
    if set(fields) != set(SEALED_FIELDS):
        detail["fields"] = sorted(fields)
    store.audit.record(actor, "applicant.reveal", case_id, detail)
    return revealed


def _refuse_purged(store: Store, case_id: str) -> None:
    """``PersonalDataPurged`` for a case whose sealed data the retention period cleared (an
    empty ciphertext of a case not purged is damage: its decryption says so)."""
    purge = purge_of(store, case_id)
    if purge is not None:
        raise PersonalDataPurged.of(purge)
