"""The documents register as it is written: a document issued for a case (its serial, a
reprint's reason and approver), how its printing ended, its archived copy rendered or
purged; with the case's event and audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from counter_app.store.audit import AuditFact, AuditLog
from counter_app.store.case_writes import columns_of, insert_event


@dataclass(frozen=True)
class DocumentRow:
    """A document issued for a case, as the register keeps it."""

    serial: str
    case_id: str
    kind: str
    format: str
    lang: str
    issued_at: str
    issued_by: str
    reprint_no: int
    reprint_reason: str | None
    pdf_path: str | None  # None: entered unrendered (rendered under its serial when printed)


_document_values = columns_of(DocumentRow)


def mark_document_issued(
    db: Database,
    audit: AuditLog,
    document: DocumentRow,
    *,
    approved_by: str | None,
    supersedes: str | None = None,
) -> int:
    """Enter the document in the register (not printed yet), with an event and an audit
    entry (``document.reprint`` with its reason and approver, else ``document.issue``);
    returns its ``document_id``. ``supersedes``: the serial of the unprinted original this
    one replaces as the original (issued anew in another paper or language), which stays in
    the register with its copy."""
    cursor = db.execute(
        "INSERT INTO documents (serial, case_id, kind, format, lang, issued_at, issued_by,"
        " reprint_no, reprint_reason, pdf_path, print_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*_document_values(document), "not_printed"),
    )
    document_id = int(cursor.lastrowid or 0)
    detail: dict[str, Any] = {
        "document_id": document_id,
        "serial": document.serial,
        "kind": document.kind,
        "format": document.format,
        "lang": document.lang,
        "reprint_no": document.reprint_no,
    }
    if supersedes:
        detail["supersedes"] = supersedes
    reprint = document.reprint_no > 0
    if reprint:
        detail["reprint_reason"] = document.reprint_reason
        detail["approved_by"] = approved_by or ""
    insert_event(
        db,
        case_id=document.case_id,
        at=document.issued_at,
        actor=document.issued_by,
        kind="print",
        from_state=None,
        to_state=None,
        detail={"action": "issued", **detail},
    )
    action = "document.reprint" if reprint else "document.issue"
    audit.append(db, document.case_id, AuditFact(document.issued_by, action, detail))
    return document_id


def mark_document_printed(
    db: Database,
    audit: AuditLog,
    *,
    document_id: int,
    case_id: str,
    status: str,
    error: str | None,
    is_receipt: bool,
    actor: str,
    at: str,
    detail: dict[str, Any],
) -> None:
    """How printing ended (``status`` printed or failed), with an event and an audit entry
    (``detail``: the printer, job and serial); a printed receipt marks its case."""
    db.execute(
        "UPDATE documents SET print_status = ?, print_error = ? WHERE document_id = ?",
        (status, error, document_id),
    )
    if status == "printed" and is_receipt:
        db.execute("UPDATE cases SET receipt_printed = 1 WHERE case_id = ?", (case_id,))
    outcome = {"action": status, "document_id": document_id, **detail}
    insert_event(
        db,
        case_id=case_id,
        at=at,
        actor=actor,
        kind="print",
        from_state=None,
        to_state=None,
        detail=outcome,
    )
    action = "document.printed" if status == "printed" else "document.print_failed"
    audit.append(db, case_id, AuditFact(actor, action, outcome))


def record_document_copy(
    db: Database, document_id: int, *, pdf_path: str, fmt: str, lang: str
) -> None:
    """A document without a copy (entered unrendered, or its copy purged or lost) was
    rendered under its serial: its archived copy, paper and language."""
    db.execute(
        "UPDATE documents SET pdf_path = ?, format = ?, lang = ? WHERE document_id = ?",
        (pdf_path, fmt, lang, document_id),
    )


def forget_document_copy(db: Database, document_id: int) -> None:
    """The archived PDF was purged; the register row stays."""
    db.execute("UPDATE documents SET pdf_path = NULL WHERE document_id = ?", (document_id,))
