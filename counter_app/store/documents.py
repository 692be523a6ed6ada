"""The documents register as the window and printing read it: whether a case's document is on
paper, the originals issued and never printed, the cases whose documents never were printed.
Written by ``counter_app.store.document_writes``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.store.database import Store


def serial_registered(db: Database, serial: str) -> bool:
    """Whether the register holds a document under ``serial``."""
    return db.execute("SELECT 1 FROM documents WHERE serial = ?", (serial,)).fetchone() is not None


def copy_kept(db: Database, serial: str) -> bool:
    """Whether the register holds a document under ``serial`` whose archived copy it keeps
    (the retention purge has not cleared its ``pdf_path``)."""
    row = db.execute(
        "SELECT 1 FROM documents WHERE serial = ? AND pdf_path IS NOT NULL", (serial,)
    ).fetchone()
    return row is not None


def issued_copies(db: Database, case_id: str, kind: str, *, since: str = "") -> tuple[int, int]:
    """How many ``kind`` documents were issued for the case (at or after ``since``: a 补正
    round's start), and the highest reprint number among them (0: originals only; an
    original issued anew in another paper or language is not a reprint)."""
    row = db.execute(
        "SELECT count(*), coalesce(max(reprint_no), 0) FROM documents"
        " WHERE case_id = ? AND kind = ? AND issued_at >= ?",
        (case_id, kind, since),
    ).fetchone()
    return int(row[0]), int(row[1])


def document_printed(store: Store, case_id: str, kind: str) -> bool:
    """Whether a ``kind`` document of the case is on paper already (a further copy is a 补打)."""
    row = store.db.execute(
        "SELECT 1 FROM documents WHERE case_id = ? AND kind = ? AND print_status = 'printed'"
        " LIMIT 1",
        (case_id, kind),
    ).fetchone()
    return row is not None


def is_printed(store: Store, document_id: int) -> bool:
    """Whether this issued document is on paper (printing it again would be an unmarked copy)."""
    row = store.db.execute(
        "SELECT print_status FROM documents WHERE document_id = ?", (document_id,)
    ).fetchone()
    return row is not None and row[0] == "printed"


@dataclass(frozen=True)
class UnprintedDocument:
    document_id: int
    serial: str
    kind: str
    issued_at: str
    pdf_path: str | None  # None: entered unrendered by the system, or its copy purged
    format: str
    lang: str
    reprint_no: int  # 0: the original; N: the Nth 补打, whose print failed


# A document never on paper, and the newest of its kind for the case: no copy was issued after
# it. Issuing put it in the register, nobody printed it (稍后打印, a failed print, or a document
# the system issued unrendered). One superseded by a copy issued anew in another paper or
# language is not: the newest is.
_UNPRINTED = (
    "SELECT d.document_id, d.serial, d.kind, d.issued_at, d.pdf_path, d.format, d.lang,"
    " d.reprint_no FROM documents d WHERE d.case_id = ? AND d.print_status != 'printed'"
    " AND NOT EXISTS (SELECT 1 FROM documents o"
    " WHERE o.case_id = d.case_id AND o.kind = d.kind AND o.document_id > d.document_id)"
)


def unprinted_document(
    store: Store, case_id: str, kind: str, *, since: str = ""
) -> UnprintedDocument | None:
    """The case's ``kind`` document issued (at or after ``since``: a 补正 round's start) and
    never printed, with no copy issued after it: an original, whose first print is that
    original under its serial and time of issue (only a copy after a print is a 补打), or a
    补打 whose print failed, retried under its serial, number and approval."""
    row = store.db.execute(
        _UNPRINTED + " AND d.kind = ? AND d.issued_at >= ?", (case_id, kind, since)
    ).fetchone()
    return UnprintedDocument(*row) if row else None


def unprinted_originals(store: Store, case_id: str) -> list[UnprintedDocument]:
    """Every unprinted original of the case (one per kind at most), newest first."""
    rows = store.db.execute(
        _UNPRINTED + " AND d.reprint_no = 0 ORDER BY d.document_id DESC", (case_id,)
    ).fetchall()
    return [UnprintedDocument(*row) for row in rows]


def unprinted_cases(store: Store, case_ids: list[str]) -> set[str]:
    """Of ``case_ids``, those with a document issued but never on paper (the applicant left
    without it: "回执未打印", when the case's state still calls for it: the window checks
    that). Cases no document was issued for here (imported) and voided cases are not."""
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
