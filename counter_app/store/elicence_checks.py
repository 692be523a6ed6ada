"""E-licence checks of cases (``elicence_checks``): each material a case holds exempt by an
e-licence, and whether the register confirmed it (see ``m0024_i14elicence_elicence_checks``);
and the licence documents attached to cases (``elicence_documents``, sealed)."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.errors import IllegalTransition
from counter_app.store.database import Database, Store
from counter_app.store.pii import PiiCipher


@dataclass(frozen=True)
class ElicenceCheck:
    case_id: str
    case_no: str
    material_code: str
    licence_type: str
    consent_kind: str  # code | card_read
    consent_code: str | None
    consented_at: str
    clerk: str
    state: str  # pending | verified | failed | paper (the task closed with the paper material)
    licence_number: str | None
    issuer: str | None
    detail: str | None


# A failed check's detail is the register's answer in both languages, Chinese first.
_DETAIL_SEPARATOR = " / "


def failed_detail(zh: str, en: str) -> str:
    """The detail kept for a check the register did not confirm."""
    return f"{zh}{_DETAIL_SEPARATOR}{en}"


def detail_in(detail: str | None, lang: str) -> str:
    """A check's detail in ``lang`` (``zh`` or ``en``): its part in that language when it
    holds both (``failed_detail``), else as kept."""
    zh, separator, en = (detail or "").partition(_DETAIL_SEPARATOR)
    if not separator:
        return detail or ""
    return en if lang == "en" else zh


_COLUMNS = (
    "k.case_id, c.case_no, k.material_code, k.licence_type, k.consent_kind, k.consent_code, "
    "k.consented_at, k.clerk, k.state, k.licence_number, k.issuer, k.detail"
)


def insert_check(db: Database, check: ElicenceCheck, *, lookup_id: str | None, at: str) -> None:
    """Record a material exempt by an e-licence, in the intake's transaction."""
    db.execute(
        "INSERT INTO elicence_checks (case_id, material_code, licence_type, consent_kind,"
        " consent_code, consented_at, clerk, state, created_at, checked_at, licence_number,"
        " issuer, lookup_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            check.case_id,
            check.material_code,
            check.licence_type,
            check.consent_kind,
            check.consent_code,
            check.consented_at,
            check.clerk,
            check.state,
            at,
            None if check.state == "pending" else at,
            check.licence_number,
            check.issuer,
            lookup_id,
            check.detail,
        ),
    )


def checks_in_state(store: Store, state: str) -> list[ElicenceCheck]:
    """Checks in ``state``, oldest first: ``pending`` ones to verify, ``failed`` ones are
    the clerk's and the supervisor's tasks."""
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM elicence_checks k JOIN cases c ON c.case_id = k.case_id"  # noqa: S608
        " WHERE k.state = ? ORDER BY k.created_at, k.case_id, k.material_code",
        (state,),
    ).fetchall()
    return [ElicenceCheck(*row) for row in rows]


def material_names(store: Store, state: str) -> dict[tuple[str, str], str]:
    """The name each check in ``state`` has in its case's materials list, by (case id,
    material code): what the tasks tab shows, read in one statement."""
    rows = store.db.execute(
        "SELECT k.case_id, k.material_code, m.name FROM elicence_checks k"
        " JOIN case_materials m ON m.case_id = k.case_id AND m.material_code = k.material_code"
        " WHERE k.state = ?",
        (state,),
    ).fetchall()
    return {(case_id, code): name for case_id, code, name in rows}


def unverified_cases(store: Store) -> frozenset[str]:
    """Ids of the cases with an e-licence the register did not confirm (their queue flag)."""
    rows = store.db.execute(
        "SELECT DISTINCT case_id FROM elicence_checks WHERE state = 'failed'"
    ).fetchall()
    return frozenset(row[0] for row in rows)


def update_check(
    db: Database,
    check: ElicenceCheck,
    *,
    state: str,
    licence_number: str | None,
    issuer: str | None,
    lookup_id: str | None,
    detail: str | None,
    at: str,
) -> None:
    """The register's answer to a pending check (``verified`` or ``failed``), or how a
    failed one was closed, in the transaction that also writes the case's new version.
    ``IllegalTransition`` (rolling that back) when the check is no longer in the state
    ``check`` was read in: the clerk and the supervisor settled it at the same time."""
    changed = db.execute(
        "UPDATE elicence_checks SET state = ?, checked_at = ?, licence_number = ?,"
        " issuer = ?, lookup_id = ?, detail = ?"
        " WHERE case_id = ? AND material_code = ? AND state = ?",
        (
            state,
            at,
            licence_number,
            issuer,
            lookup_id,
            detail,
            check.case_id,
            check.material_code,
            check.state,
        ),
    ).rowcount
    if not changed:
        raise IllegalTransition(
            f"办件 {check.case_no} 材料 {check.material_code} 的电子证照核验已由他人处理，"
            "请刷新后查看。",
            f"The e-licence check of material {check.material_code} of case {check.case_no} "
            "was settled by someone else meanwhile; refresh to see it.",
            field="material",
        )


def open_task(store: Store, case_no: str, material_code: str) -> ElicenceCheck | None:
    """The failed check of ``material_code`` in case ``case_no``: an open task, or None."""
    return next(
        (
            task
            for task in checks_in_state(store, "failed")
            if (task.case_no, task.material_code) == (case_no, material_code)
        ),
        None,
    )


@dataclass(frozen=True)
class LicenceDocument:
    """A licence's document file attached to a case, opened."""

    licence_type: str
    number: str
    file_sha256: str
    content: bytes
    fetched_at: str


def _document_context(case_id: str, material_code: str, file_sha256: str) -> bytes:
    return f"elicence_documents:{case_id}:{material_code}:{file_sha256}".encode()


def attach_document(
    db: Database,
    pii: PiiCipher,
    case_id: str,
    material_code: str,
    document: LicenceDocument,
) -> None:
    """Keep ``document`` with the case, sealed, in the transaction that writes the case's
    version naming the licence; one per material (a newer lookup's replaces it)."""
    db.execute(
        "INSERT INTO elicence_documents (case_id, material_code, licence_type, number,"
        " file_sha256, document_enc, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (case_id, material_code) DO UPDATE SET licence_type ="
        " excluded.licence_type, number = excluded.number, file_sha256 = excluded.file_sha256,"
        " document_enc = excluded.document_enc, fetched_at = excluded.fetched_at",
        (
            case_id,
            material_code,
            document.licence_type,
            document.number,
            document.file_sha256,
            pii.encrypt(
                document.content, _document_context(case_id, material_code, document.file_sha256)
            ),
            document.fetched_at,
        ),
    )


def attached_documents(store: Store, case_id: str) -> dict[str, str]:
    """``material code -> file SHA-256`` of the licence documents attached to the case."""
    rows = store.db.execute(
        "SELECT material_code, file_sha256 FROM elicence_documents WHERE case_id = ?",
        (case_id,),
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def licence_document(store: Store, case_id: str, material_code: str) -> LicenceDocument | None:
    """The licence document attached to ``material_code`` of the case, opened; None when
    none is (pending, paper, or the register holds no file)."""
    row = store.db.execute(
        "SELECT licence_type, number, file_sha256, document_enc, fetched_at"
        " FROM elicence_documents WHERE case_id = ? AND material_code = ?",
        (case_id, material_code),
    ).fetchone()
    if row is None:
        return None
    content = store.pii.decrypt(row[3], _document_context(case_id, material_code, row[2]))
    return LicenceDocument(row[0], row[1], row[2], content, row[4])
