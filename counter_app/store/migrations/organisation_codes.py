"""An organisation's number shown in full (m0046): an enterprise's or other organisation's
统一社会信用代码 is public registration data, printed on its 营业执照, so screens and lists show
it whole (``domain.idnumber.shown_applicant_number``); a case stored before kept it masked
like a person's ID number. Each such case's shown number is taken again from its sealed
one, when it is a credit code under 990 (an older release took other numbers for an
organisation: those stay masked)."""

from __future__ import annotations

import logging

from sqlite_utils import Database

from counter_app.domain.idnumber import shown_applicant_number
from counter_app.store.case_writes import id_number_context
from counter_app.store.pii import DecryptionError, PiiCipher

log = logging.getLogger(__name__)


def m0046_organisation_codes_shown(db: Database) -> None:
    # The schema does not change. Opening a number needs the key file, which a migration
    # has not: the store opening runs show_organisation_codes in this migration's
    # transaction (counter_app.store.database._apply_migrations).
    del db


def show_organisation_codes(db: Database, pii: PiiCipher) -> int:
    """Show each organisation's number in full where it is masked; returns how many. One
    that no longer decrypts (damaged: ``doctor`` reports it) stays masked, logged with its
    case number, rather than keep the window from opening."""
    # A purged case (retention) holds no sealed number: it keeps its mask.
    rows = db.execute(
        "SELECT case_no, applicant_id, id_type, id_number_enc FROM cases"
        " WHERE applicant_type IN ('enterprise', 'other') AND id_type = '990'"
        " AND id_number_masked GLOB '*[*]*' AND length(id_number_enc) > 0"
    ).fetchall()
    shown = []
    for case_no, applicant_id, id_type, sealed in rows:
        try:
            number = pii.decrypt_text(sealed, id_number_context(applicant_id))
        except DecryptionError as exc:
            log.warning("the number of case %s was left masked: %s", case_no, exc.en)
            continue
        # An older release's organisation with a number that is no credit code stays masked.
        if (full := shown_applicant_number(number, organisation=True, id_type=id_type)) == number:
            shown.append((full, case_no))
    db.conn.executemany("UPDATE cases SET id_number_masked = ? WHERE case_no = ?", shown)
    return len(shown)
