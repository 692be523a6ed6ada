"""The register of the documents issued for cases: each entered once under its serial, with
a case event and an audit entry, in the caller's transaction.

``printing.service`` enters what it renders. :func:`issue_unrendered` enters a document the
system issues on its own, where nothing can render it (the 终止受理通知书 of a deferral that
expired in a sync run): the case shows it as not printed, and its first print, at the window
or with ``counter-app print``, renders it under that serial and time as the original.
"""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.documents import DocumentKind
from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.store.case_writes import DocumentRow, insert_event, mark_document_issued
from counter_app.store.database import Store
from counter_app.store.document_serials import next_document_serial
from counter_app.store.timestamps import to_text

# The paper and language of a document nobody chose them for; its first print may change them.
UNRENDERED_FORMAT = "a4"
UNRENDERED_LANG = "zh"


def enter_document(store: Store, row: DocumentRow, *, approved_by: str | None = None) -> int:
    """Enter ``row`` in the register, with its case event and audit entry (``document.issue``,
    or ``document.reprint`` with the reason and ``approved_by`` for a 补打); returns its
    ``document_id``."""
    document_id = mark_document_issued(store.db, row)
    detail: dict[str, object] = {
        "document_id": document_id,
        "serial": row.serial,
        "kind": row.kind,
        "format": row.format,
        "lang": row.lang,
        "reprint_no": row.reprint_no,
    }
    if row.reprint_no:
        detail["reprint_reason"] = row.reprint_reason
        detail["approved_by"] = approved_by or ""
    insert_event(
        store.db,
        case_id=row.case_id,
        at=row.issued_at,
        actor=row.issued_by,
        kind="print",
        from_state=None,
        to_state=None,
        detail={"action": "issued", **detail},
    )
    store.audit.record(
        row.issued_by,
        "document.reprint" if row.reprint_no else "document.issue",
        row.case_id,
        detail,
    )
    return document_id


def issue_unrendered(
    store: Store, case_id: str, kind: DocumentKind, *, actor: str, now: datetime
) -> str:
    """Issue ``kind`` for the case without rendering it (see the module docstring); returns
    its serial. Call it in the transaction of the change that calls for the document."""
    with store.transaction() as db:
        serial = next_document_serial(db, store.config.hall, now.astimezone(HALL_TIMEZONE).date())
        enter_document(
            store,
            DocumentRow(
                serial=serial,
                case_id=case_id,
                kind=kind.value,
                format=UNRENDERED_FORMAT,
                lang=UNRENDERED_LANG,
                issued_at=to_text(now),
                issued_by=actor,
                reprint_no=0,
                reprint_reason=None,
                pdf_path=None,
            ),
        )
    return serial
