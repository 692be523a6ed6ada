"""Cases in the store: the read API the UI, printing and sync use. The rows are written by
``counter_app.store.case_writes`` and the writers beside it only.

Reads return typed records with masked personal data only. Plain ID number, phone and
address come out through ``reveal_applicant``, which is audited; full case documents
through ``case_document``.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from counter_app.domain.case_number import looks_like_case_number, parse_case_number
from counter_app.domain.case_states import TERMINAL_STATES
from counter_app.domain.hall_time import HALL_TIMEZONE
from counter_app.errors import NotFound
from counter_app.store.case_writes import (
    address_context,
    id_number_context,
    phone_context,
    version_context,
)
from counter_app.store.database import Store
from counter_app.store.sequences import CASE_NUMBERS, last_taken, note_issued
from counter_app.store.timestamps import to_text

MOBILE_DIGITS = 11


# ----------------------------------------------------------------------------- sequences


def issued_case_sequences(conn: sqlite3.Connection) -> dict[str, int]:
    """The highest sequence number per day that this database shows as issued: its sequence
    table and the numbers of the cases it holds, whichever is higher."""
    issued = last_taken(conn, CASE_NUMBERS)
    for (case_no,) in conn.execute("SELECT case_no FROM cases"):
        if looks_like_case_number(case_no):
            number = parse_case_number(case_no)
            note_issued(issued, number.day.isoformat(), number.seq)
    return issued


# ----------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class CaseMaterial:
    code: str
    name: str
    required: bool
    core: bool
    status: str
    form: str | None
    count: int
    exemption: str | None
    deadline: str | None
    note: str | None


@dataclass(frozen=True)
class CaseRecord:
    case_id: str
    case_no: str
    request_id: str | None
    state: str
    sync_state: str
    service_item_code: str
    service_item_name: str
    catalog_version: int
    situation_code: str
    applicant_id: str
    applicant_type: str
    applicant_name: str
    applicant_id_type: str
    applicant_masked_id: str
    applicant_masked_phone: str | None
    hall_code: str
    window_code: str
    device_id: str
    clerk: str
    data_version: int
    day: str | None
    created_at: str
    accepted_at: str | None
    promised_date: str | None
    decision_reason: str | None
    legal_basis: str | None
    platform_ref: str | None
    receipt_printed: bool
    updated_at: str
    identity_source: dict[str, Any] | None  # IdentitySource.to_json(); None before it was kept
    expired_id_reason: str | None
    redirect_to: str | None  # a refusal's 建议向何处申请
    materials: tuple[CaseMaterial, ...]


@dataclass(frozen=True)
class CaseEvent:
    event_id: int
    at: str
    actor: str
    kind: str
    from_state: str | None
    to_state: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class CaseVersion:
    data_version: int
    content_hash: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class SyncAttempt:
    """One push of a data version to the platform and what came of it."""

    at: str
    data_version: int
    outcome: str
    detail: str


@dataclass(frozen=True)
class IssuedDocumentEntry:
    """A document issued for the case (receipt, notice, ...; a reprint has ``reprint_no`` > 0)."""

    issued_at: str
    kind: str
    reprint_no: int
    print_status: str
    issued_by: str


@dataclass(frozen=True)
class CaseHistory:
    """Everything that happened to a case, oldest first: events, data versions, pushes to the
    platform and documents issued."""

    events: tuple[CaseEvent, ...]
    versions: tuple[CaseVersion, ...]
    sync_attempts: tuple[SyncAttempt, ...]
    documents: tuple[IssuedDocumentEntry, ...]


@dataclass(frozen=True)
class RevealedApplicant:
    name: str
    id_type: str
    id_number: str
    phone: str | None
    address: str | None


_CASE_COLUMNS = (
    "c.case_id, c.case_no, c.request_id, c.state, c.sync_state, c.service_item_code,"
    " coalesce(s.name, c.service_item_code), c.catalog_version, c.situation_code, c.applicant_id,"
    " c.applicant_type, c.name, c.id_type, c.id_number_masked, c.phone_masked, c.hall_code,"
    " c.window_code, c.device_id, c.clerk, c.data_version, c.day, c.created_at, c.accepted_at,"
    " c.promised_date, c.decision_reason, c.legal_basis, c.platform_ref, c.receipt_printed,"
    " c.updated_at, c.identity_source, c.expired_id_reason, c.redirect_to"
)
_CASE_FROM = " FROM cases c LEFT JOIN service_items s ON s.catalog_version = c.catalog_version AND s.code = c.service_item_code"


def _records(
    store: Store, where: str, params: tuple[Any, ...], suffix: str = ""
) -> list[CaseRecord]:
    rows = store.db.execute(
        f"SELECT {_CASE_COLUMNS}{_CASE_FROM} WHERE {where}{suffix}", params
    ).fetchall()
    if not rows:
        return []
    materials: dict[str, list[CaseMaterial]] = {row[0]: [] for row in rows}
    marks = ",".join("?" * len(materials))
    columns = "case_id, material_code, name, required, core, status, form, count, exemption, deadline, note"
    query = (
        f"SELECT {columns} FROM case_materials WHERE case_id IN ({marks}) ORDER BY case_id, rowid"  # noqa: S608
    )
    for row in store.db.execute(query, tuple(materials)):
        materials[row[0]].append(
            CaseMaterial(
                row[1],
                row[2],
                bool(row[3]),
                bool(row[4]),
                row[5],
                row[6],
                row[7],
                row[8],
                row[9],
                row[10],
            )
        )
    names = [f.name for f in fields(CaseRecord)][:-1]
    return [
        CaseRecord(
            **{
                **dict(zip(names, row, strict=True)),
                "receipt_printed": bool(row[27]),
                "identity_source": json.loads(row[29]) if row[29] else None,
            },
            materials=tuple(materials[row[0]]),
        )
        for row in rows
    ]


def case_number_devices(store: Store) -> set[str]:
    """The DEVICE parts of the numbers of the cases held (as in the numbers, upper case):
    besides this workstation's own, those of a PC it replaced (restored from its backup)."""
    return {row[0] for row in store.db.execute("SELECT DISTINCT upper(device_id) FROM cases")}


def get_case(store: Store, case_id: str) -> CaseRecord:
    found = _records(store, "c.case_id = ?", (case_id,))
    if not found:
        raise _not_found(case_id)
    return found[0]


def get_case_by_no(store: Store, case_no: str) -> CaseRecord:
    found = _records(store, "c.case_no = ?", (case_no.strip().upper(),))
    if not found:
        raise _not_found(case_no)
    return found[0]


def find_case(store: Store, reference: str) -> CaseRecord:
    """A case by its UUID or its case number (what a clerk or a scanner types)."""
    text = reference.strip()
    if looks_like_case_number(text):
        return get_case_by_no(store, text)
    try:
        return get_case(store, str(uuid.UUID(text)))
    except ValueError:
        raise _not_found(reference) from None


def case_by_request(store: Store, request_id: str) -> CaseRecord | None:
    # Intake asks this twice of every new request (before validating, and again under the
    # write lock): "none" comes from the unique index alone, without the joins of a record.
    row = store.db.execute("SELECT case_id FROM cases WHERE request_id = ?", (request_id,))
    found = row.fetchone()
    return None if found is None else get_case(store, found[0])


def find_by_id_number(store: Store, id_number: str, limit: int = 100) -> list[CaseRecord]:
    """Cases of the applicant with this ID number (through the keyed blind index)."""
    index = store.pii.blind_index(id_number, "id_number")
    return _records(
        store, "c.id_number_index = ?", (index,), f" ORDER BY c.created_at DESC LIMIT {int(limit)}"
    )


def find_by_phone(store: Store, phone: str, limit: int = 100) -> list[CaseRecord]:
    index = store.pii.blind_index(phone, "phone")
    return _records(
        store, "c.phone_index = ?", (index,), f" ORDER BY c.created_at DESC LIMIT {int(limit)}"
    )


def find_by_name(store: Store, name: str, limit: int = 100) -> list[CaseRecord]:
    """Cases of applicants with exactly this name (through the keyed blind index)."""
    index = store.pii.blind_index(name, "name")
    return _records(
        store, "c.name_index = ?", (index,), f" ORDER BY c.created_at DESC LIMIT {int(limit)}"
    )


def search_cases(store: Store, text: str) -> list[CaseRecord]:
    """The cases a clerk means by ``text``: a case number, else an 11-digit mobile number,
    else an ID number (spaces ignored, letters upper-cased), else the applicant's exact
    name; newest first."""
    try:
        return [get_case_by_no(store, text)]
    except NotFound:
        pass
    compact = "".join(text.split()).upper()
    if compact.isdigit() and len(compact) == MOBILE_DIGITS:
        return find_by_phone(store, compact)
    return find_by_id_number(store, compact) or find_by_name(store, text)


def list_cases(
    store: Store,
    *,
    state: str | None = None,
    sync_state: str | None = None,
    day: date | None = None,
    limit: int | None = 200,
    offset: int = 0,
) -> list[CaseRecord]:
    """Cases, newest first, filtered by state, sync state and hall-local day."""
    clauses, params = ["1 = 1"], []
    if state:
        clauses.append("c.state = ?")
        params.append(state)
    if sync_state:
        clauses.append("c.sync_state = ?")
        params.append(sync_state)
    if day:
        # A case's day is the hall-local date of its creation: the bounds of that date in
        # created_at let the (column, created_at) indexes answer (no index on day).
        start = datetime.combine(day, time(), tzinfo=HALL_TIMEZONE)
        clauses.append("c.day = ? AND c.created_at >= ? AND c.created_at < ?")
        params += [day.isoformat(), to_text(start), to_text(start + timedelta(days=1))]
    return _records(
        store,
        " AND ".join(clauses),
        tuple(params),
        f" ORDER BY c.created_at DESC LIMIT {-1 if limit is None else int(limit)} OFFSET {int(offset)}",
    )


def case_history(store: Store, case_id: str) -> CaseHistory:
    def select(query: str) -> list[Any]:
        return store.db.execute(query, (case_id,)).fetchall()

    return CaseHistory(
        events=tuple(
            CaseEvent(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]))
            for row in select(
                "SELECT event_id, at, actor, kind, from_state, to_state, detail FROM case_events"
                " WHERE case_id = ? ORDER BY event_id"
            )
        ),
        versions=tuple(
            CaseVersion(*row)
            for row in select(
                "SELECT data_version, content_hash, created_at, created_by FROM case_versions"
                " WHERE case_id = ? ORDER BY data_version"
            )
        ),
        sync_attempts=tuple(
            SyncAttempt(*row)
            for row in select(
                "SELECT at, data_version, outcome, detail FROM sync_attempts WHERE case_id = ?"
                " ORDER BY attempt_id"
            )
        ),
        documents=tuple(
            IssuedDocumentEntry(*row)
            for row in select(
                "SELECT issued_at, kind, reprint_no, print_status, issued_by FROM documents"
                " WHERE case_id = ? ORDER BY document_id"
            )
        ),
    )


@dataclass(frozen=True)
class CorrectionRequest:
    """What the department asked to correct (补正), as the progress feed brought it."""

    requested_at: str
    materials: tuple[str, ...]  # material codes
    fields: tuple[str, ...]  # applicant fields: name, phone, address
    note: str


def open_correction_request(store: Store, case_id: str) -> CorrectionRequest | None:
    """The correction a ``correction_requested`` case waits for (its newest request), or
    None when the case waits for none."""
    row = store.db.execute(
        "SELECT e.at, e.detail FROM cases c JOIN case_events e ON e.case_id = c.case_id"
        " WHERE c.case_id = ? AND c.state = 'correction_requested' AND e.kind = 'progress'"
        " AND e.to_state = 'correction_requested' ORDER BY e.event_id DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    if row is None:
        return None
    detail = json.loads(row[1])
    return CorrectionRequest(
        requested_at=row[0],
        materials=tuple(detail.get("materials", ())),
        fields=tuple(detail.get("fields", ())),
        note=detail.get("note", ""),
    )


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


def last_case_event(store: Store) -> int:
    """The newest case event's id: every change to a case (decision, print, sync outcome,
    platform progress) writes an event, so a list read at this id is current until it grows."""
    return int(store.db.execute("SELECT coalesce(max(event_id), 0) FROM case_events").fetchone()[0])


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


@dataclass(frozen=True)
class CasePayment:
    """The fee a case owes (integer cents) and, once paid, when, how and the receipt number."""

    fee_cents: int
    reference: str
    paid_at: str | None
    method: str | None  # pos | platform
    receipt_no: str | None

    @property
    def paid(self) -> bool:
        return self.paid_at is not None


def case_payment(store: Store, case_id: str) -> CasePayment | None:
    """The case's fee and payment; None for a case that owes nothing."""
    row = store.db.execute(
        "SELECT fee_cents, reference, paid_at, method, receipt_no FROM case_payments"
        " WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    return None if row is None else CasePayment(*row)


def unpaid_cases(store: Store, case_ids: list[str]) -> set[str]:
    """Of ``case_ids``, those still waiting for their fee ("待缴费"); a case whose story is
    over (withdrawn, voided, terminated) waits for nothing."""
    if not case_ids:
        return set()
    marks = ",".join("?" * len(case_ids))
    ended = ",".join(f"'{state.value}'" for state in TERMINAL_STATES)
    query = (
        "SELECT p.case_id FROM case_payments p JOIN cases c ON c.case_id = p.case_id"  # noqa: S608 - marks and enum values only
        f" WHERE p.case_id IN ({marks}) AND p.paid_at IS NULL AND c.state NOT IN ({ended})"
    )
    return {row[0] for row in store.db.execute(query, case_ids).fetchall()}


def case_document(store: Store, case_id: str, data_version: int | None = None) -> dict[str, Any]:
    """The decrypted case document of one data version (default: the latest)."""
    if data_version is None:
        row = store.db.execute(
            "SELECT data_version, content_enc FROM case_versions WHERE case_id = ?"
            " ORDER BY data_version DESC LIMIT 1",
            (case_id,),
        ).fetchone()
    else:
        row = store.db.execute(
            "SELECT data_version, content_enc FROM case_versions WHERE case_id = ? AND data_version = ?",
            (case_id, data_version),
        ).fetchone()
    if row is None:
        raise _not_found(case_id)
    document: dict[str, Any] = json.loads(
        store.pii.decrypt(row[1], version_context(case_id, row[0]))
    )
    return document


def reveal_applicant(store: Store, case_id: str, *, actor: str, purpose: str) -> RevealedApplicant:
    """The applicant's personal data in clear, for a named purpose; the access is audited."""
    row = store.db.execute(
        "SELECT applicant_id, name, id_type, id_number_enc, phone_enc, address_enc"
        " FROM cases WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    if row is None:
        raise _not_found(case_id)
    applicant_id, name, id_type, id_enc, phone_enc, address_enc = row
    pii = store.pii
    revealed = RevealedApplicant(
        name=name,
        id_type=id_type,
        id_number=pii.decrypt_text(id_enc, id_number_context(applicant_id)),
        phone=pii.decrypt_text(phone_enc, phone_context(applicant_id)) if phone_enc else None,
        address=pii.decrypt_text(address_enc, address_context(applicant_id))
        if address_enc
        else None,
    )
    store.audit.record(actor, "applicant.reveal", case_id, {"purpose": purpose})
    return revealed


def _not_found(reference: str) -> NotFound:
    return NotFound(
        f"找不到办件“{reference}”，请核对办件编号。",
        f"No case '{reference}'; check the case number.",
        field="case",
    )
