"""The phone's one stored form (m0038): a phone stored before ``normalize_phone`` made every
way of writing a number one form (139-1234-5678, 021-64381234转8001, 02164381234) is sealed,
indexed and masked again in that form, so a search by the number finds its case."""

from __future__ import annotations

import logging

from sqlite_utils import Database

from counter_app.domain.idnumber import mask_phone, normalize_phone
from counter_app.errors import ValidationError
from counter_app.store.case_writes import phone_context
from counter_app.store.pii import DecryptionError, PiiCipher

log = logging.getLogger(__name__)

# The masked form of a mobile stored as its 11 digits (139****5678). An older phone masked
# so is that mobile already, or has fewer digits than a mobile and no other form to take:
# only the other rows are decrypted.
_MOBILE_MASK = "1[3-9][0-9][*][*][*][*][0-9][0-9][0-9][0-9]"


def m0038_phone_canonical_form(db: Database) -> None:
    # The schema does not change. Sealing a phone again needs the key file, which a
    # migration has not: the store opening runs canonicalise_stored_phones in this
    # migration's transaction (counter_app.store.database._apply_migrations).
    del db


def canonicalise_stored_phones(db: Database, pii: PiiCipher) -> int:
    """Seal, index and mask again each case's phone whose stored form is not the one
    ``normalize_phone`` gives it now; returns how many. A phone it refuses (a number the
    earlier rules took, such as ten digits) stays as stored: it is still shown and found
    as it was. So does one that no longer decrypts (damaged: ``doctor`` reports it), logged
    with its case number, rather than keep the whole window from opening."""
    rows = db.execute(
        "SELECT case_no, applicant_id, phone_enc FROM cases"
        " WHERE phone_enc IS NOT NULL AND coalesce(phone_masked, '') NOT GLOB ?",
        (_MOBILE_MASK,),
    ).fetchall()
    changed = []
    for case_no, applicant_id, sealed in rows:
        context = phone_context(applicant_id)
        try:
            stored = pii.decrypt_text(sealed, context)
        except DecryptionError as exc:
            log.warning("the phone of case %s was left as stored: %s", case_no, exc.en)
            continue
        try:
            phone = normalize_phone(stored)
        except ValidationError:
            continue
        if phone != stored:
            changed.append(
                (
                    pii.encrypt_text(phone, context),
                    pii.blind_index(phone, "phone"),
                    mask_phone(phone),
                    case_no,
                )
            )
    db.conn.executemany(
        "UPDATE cases SET phone_enc = ?, phone_index = ?, phone_masked = ? WHERE case_no = ?",
        changed,
    )
    return len(changed)
