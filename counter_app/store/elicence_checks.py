"""E-licence checks of cases (``elicence_checks``): each material a case holds exempt by an
e-licence, and whether the register confirmed it (see ``m0018_i14elicence_elicence_checks``)."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.store.database import Database, Store


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
    state: str  # pending | verified | failed
    licence_number: str | None
    issuer: str | None
    detail: str | None


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
    """The register's answer to a pending check (``verified`` or ``failed``), in the
    transaction that also writes the case's new version."""
    db.execute(
        "UPDATE elicence_checks SET state = ?, checked_at = ?, licence_number = ?,"
        " issuer = ?, lookup_id = ?, detail = ? WHERE case_id = ? AND material_code = ?",
        (state, at, licence_number, issuer, lookup_id, detail, check.case_id, check.material_code),
    )
