"""The documents register as the window and printing read it: whether a case's document is on
paper, the one the system issued unrendered, the cases whose documents never were printed.
Written by ``counter_app.store.document_writes``."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.store.database import Store


def document_printed(store: Store, case_id: str, kind: str) -> bool:
    """Whether a ``kind`` document of the case is on paper already (a further copy is a 补打)."""
    row = store.db.execute(
        "SELECT 1 FROM documents WHERE case_id = ? AND kind = ? AND print_status = 'printed'"
        " LIMIT 1",
        (case_id, kind),
    ).fetchone()
    return row is not None


@dataclass(frozen=True)
class UnrenderedDocument:
    document_id: int
    serial: str
    kind: str
    issued_at: str


def unrendered_document(store: Store, case_id: str, kind: str) -> UnrenderedDocument | None:
    """The case's ``kind`` document entered in the register but never rendered nor printed,
    and the only one of its kind: what the system issues on its own (the 终止受理通知书 of an
    expired deferral). Its first print renders it under its serial as the original."""
    row = store.db.execute(
        "SELECT d.document_id, d.serial, d.kind, d.issued_at FROM documents d"
        " WHERE d.case_id = ? AND d.kind = ? AND d.pdf_path IS NULL AND d.reprint_no = 0"
        " AND d.print_status = 'not_printed' AND NOT EXISTS (SELECT 1 FROM documents o"
        " WHERE o.case_id = d.case_id AND o.kind = d.kind AND o.document_id != d.document_id)",
        (case_id, kind),
    ).fetchone()
    return UnrenderedDocument(*row) if row else None


def unprinted_cases(store: Store, case_ids: list[str]) -> set[str]:
    """Of ``case_ids``, those with a document issued but never on paper (the applicant left
    without it: "回执未打印"). Cases no document was issued for here (imported) and voided
    cases are not."""
    if not case_ids:
        return set()
    marks = ",".join("?" * len(case_ids))
    query = (
        "SELECT d.case_id FROM documents d JOIN cases c ON c.case_id = d.case_id"  # noqa: S608 - marks only
        f" WHERE d.case_id IN ({marks}) AND c.state != 'voided'"
        " GROUP BY d.case_id, d.kind HAVING max(d.print_status = 'printed') = 0"
    )
    rows = store.db.execute(query, case_ids).fetchall()
    return {row[0] for row in rows}
