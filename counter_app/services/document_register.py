"""Documents the system issues on its own. Every document is entered once in the register
under its serial, with a case event and an audit entry, by
``document_writes.mark_document_issued`` (``printing.service`` enters what it renders).
:func:`issue_unrendered` enters a document the system issues on its own, where nothing can
render it (the 终止受理通知书 of a deferral that expired in a sync run): the case shows it
as not printed, and its first print, at the window or with ``counter-app print``, renders it
under that serial and time as the original.
"""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.documents import DocumentKind
from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.store.database import Store
from counter_app.store.document_serials import next_document_serial
from counter_app.store.document_writes import DocumentRow, mark_document_issued
from counter_app.store.timestamps import to_text

# The paper and language of a document nobody chose them for; its first print may change them.
UNRENDERED_FORMAT = "a4"
UNRENDERED_LANG = "zh"


def issue_unrendered(
    store: Store, case_id: str, kind: DocumentKind, *, actor: str, now: datetime
) -> str:
    """Issue ``kind`` for the case without rendering it (see the module docstring); returns
    its serial. Call it in the transaction of the change that calls for the document."""
    with store.transaction() as db:
        serial = next_document_serial(db, store.config.hall, now.astimezone(HALL_TIMEZONE).date())
        mark_document_issued(
            db,
            store.audit,
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
            approved_by=None,
        )
    return serial
