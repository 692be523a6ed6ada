"""What an edit at the counter changes in a case's rows besides its new data version
(``case_writes.append_version``): its materials, and its applicant's name, phone and address,
re-encrypted under the applicant's contexts and re-indexed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from counter_app.domain.idnumber import mask_phone
from counter_app.store.case_writes import address_context, phone_context
from counter_app.store.pii import PiiCipher


@dataclass(frozen=True)
class MaterialChange:
    """What an edit changes in a material."""

    case_id: str
    code: str
    status: str
    form: str | None
    count: int
    exemption: str | None
    deadline: str | None

    @classmethod
    def of(cls, case_id: str, material: Mapping[str, Any]) -> MaterialChange:
        """The change that makes a material's row what ``material`` (one of a case
        document's ``materials``) says."""
        return cls(
            case_id=case_id,
            code=material["code"],
            status=material["status"],
            form=material["form"],
            count=material["count"],
            exemption=material["exemption"],
            deadline=material["deadline"],
        )


def update_materials(db: Database, changes: Sequence[MaterialChange]) -> None:
    db.conn.executemany(
        "UPDATE case_materials SET status = ?, form = ?, count = ?, exemption = ?, deadline = ?"
        " WHERE case_id = ? AND material_code = ?",
        [(c.status, c.form, c.count, c.exemption, c.deadline, c.case_id, c.code) for c in changes],
    )


def update_applicant_contact(
    db: Database,
    pii: PiiCipher,
    case_id: str,
    applicant_id: str,
    *,
    phone: str | None,
    address: str | None,
) -> None:
    """Replace the case's applicant's phone and/or address (None: unchanged, "": removed),
    re-encrypted (bound to ``applicant_id``) and re-indexed."""
    if phone is not None:
        db.execute(
            "UPDATE cases SET phone_enc = ?, phone_index = ?, phone_masked = ? WHERE case_id = ?",
            (
                pii.encrypt_text(phone, phone_context(applicant_id)) if phone else None,
                pii.blind_index(phone, "phone") if phone else None,
                mask_phone(phone) if phone else None,
                case_id,
            ),
        )
    if address is not None:
        db.execute(
            "UPDATE cases SET address_enc = ? WHERE case_id = ?",
            (
                pii.encrypt_text(address, address_context(applicant_id)) if address else None,
                case_id,
            ),
        )


def update_applicant_name(db: Database, pii: PiiCipher, case_id: str, name: str) -> None:
    """Replace the case's applicant's name (a typo corrected) and its blind index, so search
    finds the new one."""
    db.execute(
        "UPDATE cases SET name = ?, name_index = ? WHERE case_id = ?",
        (name, pii.blind_index(name, "name"), case_id),
    )
