"""The one writer of the case tables: cases (with their applicant), materials, data versions, outbox,
events, sync attempts and the documents register. Every other package, the test seeders
and the benchmark seeder call these named operations; none writes those tables itself.

Each operation runs in the caller's ``store.transaction()`` (``db``), so an intake, an edit
or a batch of sync answers stays one transaction. The rules that live here:

- exactly once: a data version and its outbox row are written together
  (``insert_version_and_outbox``, ``append_version``); the outbox row says which version
  sync sends (the document itself is the version's ciphertext, kept once), and
  ``(case_id, data_version, content_hash)`` is its idempotency key;
- encryption: every ciphertext is bound to its row by an AEAD context (``*_context``), so a
  ciphertext copied to another row or version does not decrypt;
- events: what happened to a case is appended to ``case_events`` by the same operation
  where the operation is itself an event (platform progress, sync answers, requeue);
- audit: an operation that changes a case appends its audit entry (``store.audit``) in the
  same transaction. The caller says who acted, the action and its detail (an
  ``AuditFact``) where only it knows them (a decision, an edit); the operation adds what
  only it knows (data version, content hash). No service writes a case's audit entry.
"""

from __future__ import annotations

import json
import operator
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, NamedTuple

from sqlite_utils import Database

from counter_app.domain.case_document import CaseDocument, hash_canonical
from counter_app.domain.idnumber import mask_address, mask_id_number, mask_phone
from counter_app.store.audit import AuditFact, AuditLog
from counter_app.store.pii import PiiCipher
from counter_app.store.sequences import CASE_NUMBERS, take_next


def _columns(row_type: type) -> Callable[[Any], tuple[Any, ...]]:
    """A row dataclass's fields as a tuple, in declaration order: the order of its INSERT's
    columns (one C-level getter: the benchmark seeder writes millions of rows)."""
    return operator.attrgetter(*(f.name for f in fields(row_type)))


# ----------------------------------------------------------------------- encryption contexts
# The applicant's ciphertexts are bound to the applicant id under the name of the table they
# were first stored in: the columns moved into the case row (m0029), the contexts did not,
# so the ciphertexts written before still decrypt.


def id_number_context(applicant_id: str) -> bytes:
    return f"applicants.id_number:{applicant_id}".encode()


def phone_context(applicant_id: str) -> bytes:
    return f"applicants.phone:{applicant_id}".encode()


def address_context(applicant_id: str) -> bytes:
    return f"applicants.address:{applicant_id}".encode()


def version_context(case_id: str, data_version: int) -> bytes:
    return f"case_versions:{case_id}:{data_version}".encode()


# ----------------------------------------------------------------------------- intake


def new_row_id() -> str:
    """A new case's or applicant's id: a UUID of version 7 (RFC 9562), the Unix time in
    milliseconds in its first 48 bits and random bits after. New ids sort after the ones
    already stored, so each index keyed on a case id (the cases', materials', versions',
    outbox's, events' ...) grows at its right-hand end, in pages
    the accept before has just written, instead of at a random cold page that a store of
    a million cases must first read and soon split."""
    return row_id_at(time.time_ns() // 1_000_000, int.from_bytes(os.urandom(10), "big"))


def row_id_at(millis: int, rand: int) -> str:
    """The version 7 UUID of Unix time ``millis`` with 74 of the 80 bits of ``rand`` after it
    (``new_row_id``; the benchmark seeder gives its cases the ids intake would have given
    them when they were accepted)."""
    value = (
        (millis & (1 << 48) - 1) << 80
        | 0x7 << 76  # version 7
        | (rand >> 62 & 0xFFF) << 64
        | 0b10 << 62  # the RFC 4122 variant
        | rand & (1 << 62) - 1
    )
    # str(uuid.UUID(int=value)), spelled out: the UUID object is not needed, only its text.
    hex_ = f"{value:032x}"
    return f"{hex_[:8]}-{hex_[8:12]}-{hex_[12:16]}-{hex_[16:20]}-{hex_[20:]}"


def next_case_sequence(db: Database, day: date) -> int:
    """Take the next number of this device's daily sequence (inside the intake transaction,
    so a rolled-back intake gives its number back and no number is ever used twice)."""
    return take_next(db, CASE_NUMBERS, day)


@dataclass(frozen=True)
class ApplicantRow:
    applicant_type: str
    name: str
    id_type: str
    id_number: str
    phone: str | None
    address: str | None


@dataclass(frozen=True)
class SealedApplicant:
    """The applicant's columns of a case row: personal data encrypted, blind-indexed and
    masked; ``applicant_id`` is the encryption context (no table is keyed on it)."""

    applicant_id: str
    applicant_type: str
    name: str
    name_index: str
    id_type: str
    id_number_enc: bytes
    id_number_index: str
    id_number_masked: str
    phone_enc: bytes | None
    phone_index: str | None
    phone_masked: str | None
    address_enc: bytes | None


_applicant_values = _columns(SealedApplicant)


def seal_applicant(pii: PiiCipher, applicant_id: str, applicant: ApplicantRow) -> SealedApplicant:
    phone = applicant.phone or None
    return SealedApplicant(
        applicant_id,
        applicant.applicant_type,
        applicant.name,
        pii.blind_index(applicant.name, "name"),
        applicant.id_type,
        pii.encrypt_text(applicant.id_number, id_number_context(applicant_id)),
        pii.blind_index(applicant.id_number, "id_number"),
        mask_id_number(applicant.id_number),
        pii.encrypt_text(phone, phone_context(applicant_id)) if phone else None,
        pii.blind_index(phone, "phone") if phone else None,
        mask_phone(phone) if phone else None,
        pii.encrypt_text(applicant.address, address_context(applicant_id))
        if applicant.address
        else None,
    )


def index_applicant_names(db: Database, pii: PiiCipher) -> int:
    """Give the applicants stored before the name index (in their case rows) theirs; returns
    how many."""
    rows = db.execute("SELECT case_id, name FROM cases WHERE name_index IS NULL")
    indexes = [(pii.blind_index(name, "name"), case_id) for case_id, name in rows]
    db.conn.executemany("UPDATE cases SET name_index = ? WHERE case_id = ?", indexes)
    return len(indexes)


@dataclass(frozen=True)
class CaseRow:
    """A new case as decided at the counter (data version 1), with its applicant sealed."""

    case_id: str
    case_no: str
    state: str
    service_item_code: str
    catalog_version: int
    situation_code: str
    applicant: SealedApplicant
    hall_code: str
    window_code: str
    device_id: str
    clerk: str
    created_at: str
    accepted_at: str | None
    promised_date: str | None
    decision_reason: str | None
    legal_basis: str | None
    updated_at: str
    request_id: str | None
    day: str
    identity_source: str | None  # IdentitySource.to_json() as JSON text
    expired_id_reason: str | None
    sync_state: str = "pending"
    receipt_printed: bool = False
    redirect_to: str | None = None  # a refusal's 建议向何处申请
    card_read_at: str | None = None  # when the identity document was read (service start)


_case_fields = operator.attrgetter(*(f.name for f in fields(CaseRow) if f.name != "applicant"))


def _case_values(case: CaseRow) -> tuple[Any, ...]:
    return (*_case_fields(case), *_applicant_values(case.applicant))


_INSERT_CASE = (
    "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version,"
    " situation_code, hall_code, window_code, device_id, clerk, created_at, accepted_at,"
    " promised_date, decision_reason, legal_basis, updated_at, request_id, day, identity_source,"
    " expired_id_reason, sync_state, receipt_printed, redirect_to, card_read_at, applicant_id,"
    " applicant_type, name, name_index, id_type, id_number_enc, id_number_index,"
    " id_number_masked, phone_enc, phone_index, phone_masked, address_enc, data_version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
)


def insert_case(db: Database, case: CaseRow) -> None:
    db.execute(_INSERT_CASE, _case_values(case))


def insert_cases(db: Database, cases: Sequence[CaseRow]) -> None:
    db.conn.executemany(_INSERT_CASE, [_case_values(case) for case in cases])


class MaterialRow(NamedTuple):
    """One material of a case, its fields in the order of the INSERT's columns. A named
    tuple costs less to build than a dataclass and is taken apart by ``tuple(row)``: the
    statement gets plain tuples, whose items sqlite3 binds directly (a subclass's it reads
    through the sequence protocol, about 1 µs more per row). An accept of four materials
    saves about 5 µs of CPU so."""

    case_id: str
    code: str
    name: str
    required: bool  # sqlite stores a bool as 0 or 1
    core: bool
    status: str
    form: str | None
    copies: int  # column count (the name of a tuple's method)
    exemption: str | None
    deadline: str | None
    note: str | None


def insert_materials(db: Database, materials: Sequence[MaterialRow]) -> None:
    db.conn.executemany(
        "INSERT INTO case_materials (case_id, material_code, name, required, core, status, form,"
        " count, exemption, deadline, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [tuple(material) for material in materials],
    )


# ------------------------------------------------------------------ data versions, outbox


class SealedVersion(NamedTuple):
    """One data version as ``case_versions`` keeps it: the document encrypted; a tuple in
    the order of the INSERT's columns (see ``MaterialRow``)."""

    case_id: str
    data_version: int
    content_enc: bytes
    content_hash: str
    created_at: str
    created_by: str


class OutboxEntry(NamedTuple):
    """One data version queued for the platform; sync sends the version's document. A tuple
    in the order of the INSERT's columns (see ``MaterialRow``)."""

    case_id: str
    data_version: int
    content_hash: str
    payload_bytes: int  # the document's length, for sizing batches without decrypting
    created_at: str
    updated_at: str


def seal_version(
    pii: PiiCipher, *, case_id: str, data_version: int, body: bytes, digest: str, by: str, at: str
) -> SealedVersion:
    """``body``: the document's canonical JSON; ``digest``: its content hash."""
    return SealedVersion(
        case_id,
        data_version,
        pii.encrypt(body, version_context(case_id, data_version)),
        digest,
        at,
        by,
    )


def outbox_entry(version: SealedVersion, body: bytes) -> OutboxEntry:
    """The outbox row of ``version`` (``body``: its document's canonical JSON)."""
    return OutboxEntry(
        version.case_id,
        version.data_version,
        version.content_hash,
        len(body),
        version.created_at,
        version.created_at,
    )


_INSERT_VERSION = (
    "INSERT INTO case_versions (case_id, data_version, content_enc, content_hash, created_at,"
    " created_by) VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_OUTBOX = (
    "INSERT INTO outbox (case_id, data_version, content_hash, payload_bytes, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?)"
)


def insert_version_and_outbox(
    db: Database,
    pii: PiiCipher,
    audit: AuditLog,
    *,
    case_id: str,
    data_version: int,
    document: CaseDocument,
    fact: AuditFact,
    at: str,
    also: Sequence[AuditFact] = (),
) -> str:
    """Keep one data version (ciphertext) and queue it for the platform, together (the
    exactly-once rule), and audit it: ``fact`` (its actor made the version) with the
    version and content hash added, then ``also`` as given. Returns the content hash."""
    body = document.canonical()
    digest = hash_canonical(body)
    version = seal_version(
        pii,
        case_id=case_id,
        data_version=data_version,
        body=body,
        digest=digest,
        by=fact.actor,
        at=at,
    )
    db.execute(_INSERT_VERSION, tuple(version))
    db.execute(_INSERT_OUTBOX, tuple(outbox_entry(version, body)))
    detail = {**fact.detail, "data_version": data_version, "content_hash": digest}
    audit.append(db, case_id, AuditFact(fact.actor, fact.action, detail))
    for extra in also:
        audit.append(db, case_id, extra)
    return digest


def append_version(
    db: Database,
    pii: PiiCipher,
    audit: AuditLog,
    *,
    case_id: str,
    data_version: int,
    state: str,
    document: CaseDocument,
    fact: AuditFact,
    at: str,
) -> str:
    """A change made at the counter: data version N+1 kept, queued and audited (as in
    ``insert_version_and_outbox``), and the case row moved to it (state, version, waiting
    for sync); returns the version's content hash."""
    digest = insert_version_and_outbox(
        db,
        pii,
        audit,
        case_id=case_id,
        data_version=data_version,
        document=document,
        fact=fact,
        at=at,
    )
    db.execute(
        "UPDATE cases SET state = ?, data_version = ?, sync_state = 'pending', updated_at = ? WHERE case_id = ?",
        (state, data_version, at, case_id),
    )
    return digest


def record_acceptance(db: Database, case_id: str, *, accepted_at: str, promised_date: date) -> None:
    """A case accepted after its first decision (a notified case the applicant returned to):
    the case row gets the acceptance time and the promised date the receipt prints."""
    db.execute(
        "UPDATE cases SET accepted_at = ?, promised_date = ? WHERE case_id = ?",
        (accepted_at, promised_date.isoformat(), case_id),
    )


def insert_sealed_versions(
    db: Database, versions: Sequence[SealedVersion], queued: Sequence[OutboxEntry]
) -> None:
    """Versions sealed elsewhere (the benchmark seeder), ``queued`` of them still in the
    outbox: a seeded store holds cases the platform already has."""
    db.conn.executemany(_INSERT_VERSION, [tuple(version) for version in versions])
    db.conn.executemany(_INSERT_OUTBOX, [tuple(entry) for entry in queued])


@dataclass(frozen=True)
class MaterialChange:
    """What an edit changes in a material."""

    case_id: str
    code: str
    status: str
    form: str | None
    count: int
    exemption: str | None
    deadline: str | None


def update_materials(db: Database, changes: Sequence[MaterialChange]) -> None:
    db.conn.executemany(
        "UPDATE case_materials SET status = ?, form = ?, count = ?, exemption = ?, deadline = ?"
        " WHERE case_id = ? AND material_code = ?",
        [(c.status, c.form, c.count, c.exemption, c.deadline, c.case_id, c.code) for c in changes],
    )


def update_applicant_contact(
    db: Database,
    pii: PiiCipher,
    case_id: str,
    applicant_id: str,
    *,
    phone: str | None,
    address: str | None,
) -> None:
    """Replace the case's applicant's phone and/or address (None: unchanged, "": removed),
    re-encrypted (bound to ``applicant_id``) and re-indexed."""
    if phone is not None:
        db.execute(
            "UPDATE cases SET phone_enc = ?, phone_index = ?, phone_masked = ? WHERE case_id = ?",
            (
                pii.encrypt_text(phone, phone_context(applicant_id)) if phone else None,
                pii.blind_index(phone, "phone") if phone else None,
                mask_phone(phone) if phone else None,
                case_id,
            ),
        )
    if address is not None:
        db.execute(
            "UPDATE cases SET address_enc = ? WHERE case_id = ?",
            (
                pii.encrypt_text(address, address_context(applicant_id)) if address else None,
                case_id,
            ),
        )


def update_applicant_name(db: Database, pii: PiiCipher, case_id: str, name: str) -> None:
    """Replace the case's applicant's name (a typo corrected) and its blind index, so search
    finds the new one."""
    db.execute(
        "UPDATE cases SET name = ?, name_index = ? WHERE case_id = ?",
        (name, pii.blind_index(name, "name"), case_id),
    )


# ----------------------------------------------------------------------------- events


@dataclass(frozen=True)
class EventRow:
    case_id: str
    at: str
    actor: str
    kind: str  # transition, progress, edit, sync, print, evaluation
    from_state: str | None
    to_state: str | None
    detail: dict[str, Any]


_INSERT_EVENT = (
    "INSERT INTO case_events (case_id, at, actor, kind, from_state, to_state, detail)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)


_event_head = operator.attrgetter("case_id", "at", "actor", "kind", "from_state", "to_state")
# An event's detail as JSON text: one encoder for every event (json.dumps with an option
# builds a new one per call).
_detail_json = json.JSONEncoder(ensure_ascii=False).encode


def _event_values(e: EventRow) -> tuple[Any, ...]:
    return (*_event_head(e), _detail_json(e.detail))


def insert_event(
    db: Database,
    *,
    case_id: str,
    at: str,
    actor: str,
    kind: str,
    from_state: str | None,
    to_state: str | None,
    detail: dict[str, Any] | None = None,
) -> None:
    db.execute(
        _INSERT_EVENT, (case_id, at, actor, kind, from_state, to_state, _detail_json(detail or {}))
    )


def insert_events(db: Database, events: Sequence[EventRow]) -> None:
    db.conn.executemany(_INSERT_EVENT, [_event_values(e) for e in events])


def record_platform_progress(
    db: Database,
    audit: AuditLog,
    *,
    case_id: str,
    from_state: str,
    to_state: str,
    note: str,
    actor: str,
    at: str,
    correction: dict[str, Any] | None = None,
) -> None:
    """The platform moved the case (no data version: the change came from the platform);
    an event and an audit entry ``case.<state>``. ``correction`` (materials and fields a 补正
    asks for) is kept in the event: the request the window shows and the correction answers
    is the newest such event."""
    db.execute(
        "UPDATE cases SET state = ?, updated_at = ? WHERE case_id = ?", (to_state, at, case_id)
    )
    insert_event(
        db,
        case_id=case_id,
        at=at,
        actor=actor,
        kind="progress",
        from_state=from_state,
        to_state=to_state,
        detail={**({"note": note} if note else {}), **(correction or {})},
    )
    audit.append(db, case_id, AuditFact(actor, f"case.{to_state}", {"from": from_state}))


# ----------------------------------------------------------------------------- sync


@dataclass(frozen=True)
class SyncOutcome:
    """The platform's answer for one outbox row."""

    outbox_id: int
    case_id: str
    data_version: int
    status: str  # stored, duplicate, conflict, rejected
    reference: str | None
    reason: str | None
    error: str | None  # JSON of the platform's reason and messages (conflict, rejected)
    event_detail: str  # JSON for the case's history


# Answers that wait for a supervisor (``sync requeue``) instead of counting as delivered.
SUPERVISOR_STATES = ("conflict", "rejected")


# SQL: the held outbox row still waits for a supervisor, i.e. no later version of its case
# exists. A resolution writes one above the platform's, and the platform only ever needs a
# case's latest version: the held one is settled by it and must never be sent again.
UNSETTLED = (
    "NOT EXISTS (SELECT 1 FROM outbox later WHERE later.case_id = outbox.case_id"
    " AND later.data_version > outbox.data_version)"
)


def record_sync_outcomes(
    db: Database, outcomes: Sequence[SyncOutcome], actor: str, at: str
) -> None:
    """One batch of answers: outbox rows done or flagged, one attempt and one event per row,
    and each case's sync state. A row already answered (not pending) is left as it is."""
    conn = db.conn
    conn.executemany(
        "UPDATE outbox SET state = ?, platform_ref = ?, last_error = ?, attempts = attempts + 1,"
        " next_attempt_at = NULL, updated_at = ? WHERE outbox_id = ? AND state = 'pending'",
        [(o.status, o.reference, o.error, at, o.outbox_id) for o in outcomes],
    )
    conn.executemany(
        "INSERT INTO sync_attempts (case_id, data_version, at, outcome, detail) VALUES (?, ?, ?, ?, ?)",
        [(o.case_id, o.data_version, at, o.status, o.reason or "") for o in outcomes],
    )
    conn.executemany(
        "INSERT INTO case_events (case_id, at, actor, kind, detail) VALUES (?, ?, ?, 'sync', ?)",
        [(o.case_id, at, actor, o.event_detail) for o in outcomes],
    )
    # A newer version still waiting keeps the case 'pending': only what was sent is done.
    conn.executemany(
        "UPDATE cases SET sync_state = 'synced', platform_ref = COALESCE(?, platform_ref)"
        " WHERE case_id = ? AND sync_state NOT IN ('conflict', 'rejected') AND NOT EXISTS"
        " (SELECT 1 FROM outbox o WHERE o.case_id = cases.case_id AND o.state = 'pending')",
        [(o.reference, o.case_id) for o in outcomes if o.status not in SUPERVISOR_STATES],
    )
    conn.executemany(
        "UPDATE cases SET sync_state = ? WHERE case_id = ?",
        [(o.status, o.case_id) for o in outcomes if o.status in SUPERVISOR_STATES],
    )


@dataclass(frozen=True)
class TransientFailure:
    """A row the platform did not answer: counted, and retried at ``next_attempt_at``."""

    outbox_id: int
    case_id: str
    data_version: int
    next_attempt_at: str
    error: str


def record_transient_failures(db: Database, failures: Sequence[TransientFailure], at: str) -> None:
    db.conn.executemany(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ?"
        " WHERE outbox_id = ? AND state = 'pending'",
        [(f.next_attempt_at, f.error, at, f.outbox_id) for f in failures],
    )
    db.conn.executemany(
        "INSERT INTO sync_attempts (case_id, data_version, at, outcome, detail) VALUES (?, ?, ?, ?, ?)",
        [(f.case_id, f.data_version, at, "transient", f.error) for f in failures],
    )


# What goes back to pending: a named case's conflicts too, or only rejections.
_REQUEUE = {
    True: "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL,"  # noqa: S608
    f" updated_at = ? WHERE case_id = ? AND state IN ('conflict', 'rejected') AND {UNSETTLED}",
    False: "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL,"  # noqa: S608
    f" updated_at = ? WHERE case_id = ? AND state = 'rejected' AND {UNSETTLED}",
}


REQUEUE_ACTION = "sync.requeue"


def requeue(
    db: Database, audit: AuditLog, case_id: str, *, conflicts: bool, actor: str, at: str
) -> int:
    """Send a case's rejected (and, with ``conflicts``, conflicting) versions again, with an
    event and an audit entry; returns how many went back to pending (0: nothing was
    written)."""
    updated = int(db.execute(_REQUEUE[conflicts], (at, case_id)).rowcount)
    if not updated:
        return 0
    # A conflict left out keeps the case in front of the supervisor.
    db.execute(
        "UPDATE cases SET sync_state = CASE WHEN EXISTS (SELECT 1 FROM outbox WHERE case_id = ?"  # noqa: S608
        f" AND state = 'conflict' AND {UNSETTLED}) THEN 'conflict' ELSE 'pending' END"
        " WHERE case_id = ?",
        (case_id, case_id),
    )
    detail = {"requeued_versions": updated}
    db.execute(
        "INSERT INTO case_events (case_id, at, actor, kind, detail) VALUES (?, ?, ?, 'sync', ?)",
        (case_id, at, actor, json.dumps(detail)),
    )
    audit.append(db, case_id, AuditFact(actor, REQUEUE_ACTION, detail))
    return updated


# ----------------------------------------------------------------------------- documents


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


_document_values = _columns(DocumentRow)


def mark_document_issued(
    db: Database, audit: AuditLog, document: DocumentRow, *, approved_by: str | None
) -> int:
    """Enter the document in the register (not printed yet), with an event and an audit
    entry (``document.reprint`` with its reason and approver, else ``document.issue``);
    returns its ``document_id``."""
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
    """An unrendered document was rendered (its first print): its archived copy, paper and
    language."""
    db.execute(
        "UPDATE documents SET pdf_path = ?, format = ?, lang = ? WHERE document_id = ?",
        (pdf_path, fmt, lang, document_id),
    )


def forget_document_copy(db: Database, document_id: int) -> None:
    """The archived PDF was purged; the register row stays."""
    db.execute("UPDATE documents SET pdf_path = NULL WHERE document_id = ?", (document_id,))


# ----------------------------------------------------------------------------- deliveries


def delivery_address_context(case_id: str) -> bytes:
    return f"case_deliveries.address:{case_id}".encode()


def proxy_id_number_context(case_id: str) -> bytes:
    return f"case_deliveries.proxy_id_number:{case_id}".encode()


def insert_delivery(
    db: Database, pii: PiiCipher, *, case_id: str, method: str, address: str | None
) -> None:
    """The applicant's choice at intake: pick-up, or post to ``address`` (sealed, masked)."""
    db.execute(
        "INSERT INTO case_deliveries (case_id, method, address_enc, address_masked)"
        " VALUES (?, ?, ?, ?)",
        (
            case_id,
            method,
            pii.encrypt_text(address, delivery_address_context(case_id)) if address else None,
            mask_address(address) if address else None,
        ),
    )


def record_postal_status(db: Database, *, case_id: str, waybill: str, status: str, at: str) -> bool:
    """A posted result's waybill and where it is (posted, delivered), from the window or the
    platform; a case without a choice on record was posted all the same. Returns False when
    nothing changed (the same report again)."""
    cursor = db.execute(
        "INSERT INTO case_deliveries (case_id, method, waybill, postal_status, posted_at)"
        " VALUES (?, 'post', ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET"
        " waybill = excluded.waybill, postal_status = excluded.postal_status,"
        " posted_at = coalesce(case_deliveries.posted_at, excluded.posted_at)"
        " WHERE case_deliveries.waybill IS NOT excluded.waybill"
        " OR case_deliveries.postal_status IS NOT excluded.postal_status",
        (case_id, waybill, status, at),
    )
    return bool(cursor.rowcount)


def record_platform_posting(
    db: Database, audit: AuditLog, *, case_id: str, actor: str, note: str, at: str
) -> None:
    """The platform reported the result posted: the state stays; an event and an audit entry
    say so in the case's history."""
    insert_event(
        db,
        case_id=case_id,
        at=at,
        actor=actor,
        kind="progress",
        from_state=None,
        to_state=None,
        detail={"note": note},
    )
    audit.append(db, case_id, AuditFact(actor, "case.posted", {}))


def record_handover_refused(
    db: Database, audit: AuditLog, *, case_id: str, actor: str, proxy: bool
) -> None:
    """A card that is neither the applicant's nor backed by their power of attorney was
    presented for the result: nothing changes but the audit entry."""
    audit.append(db, case_id, AuditFact(actor, "case.handover_refused", {"proxy": proxy}))


@dataclass(frozen=True)
class HandoverRow:
    """Who collected a result at the window; the proxy fields only for 代领."""

    case_id: str
    collector: str
    proxy_name: str | None
    proxy_id_number: str | None
    power_of_attorney: bool
    at: str
    by: str


def record_handover(db: Database, pii: PiiCipher, handover: HandoverRow) -> None:
    """The result handed over at the window (a case without a choice on record was a pick-up)."""
    number = handover.proxy_id_number
    db.execute(
        "INSERT INTO case_deliveries (case_id, method, collector, proxy_name, proxy_id_number_enc,"
        " proxy_id_number_index, proxy_id_number_masked, power_of_attorney, handed_over_at,"
        " handed_over_by) VALUES (?, 'pickup', ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id)"
        " DO UPDATE SET collector = excluded.collector, proxy_name = excluded.proxy_name,"
        " proxy_id_number_enc = excluded.proxy_id_number_enc,"
        " proxy_id_number_index = excluded.proxy_id_number_index,"
        " proxy_id_number_masked = excluded.proxy_id_number_masked,"
        " power_of_attorney = excluded.power_of_attorney,"
        " handed_over_at = excluded.handed_over_at, handed_over_by = excluded.handed_over_by",
        (
            handover.case_id,
            handover.collector,
            handover.proxy_name,
            pii.encrypt_text(number, proxy_id_number_context(handover.case_id)) if number else None,
            pii.blind_index(number, "id_number") if number else None,
            mask_id_number(number) if number else None,
            handover.power_of_attorney,
            handover.at,
            handover.by,
        ),
    )


# ----------------------------------------------------------------------------- payments


def record_payment_due(db: Database, *, case_id: str, fee_cents: int, reference: str) -> None:
    """The case owes ``fee_cents`` from its acceptance on, payable with ``reference``."""
    db.execute(
        "INSERT INTO case_payments (case_id, fee_cents, reference) VALUES (?, ?, ?)",
        (case_id, fee_cents, reference),
    )


def record_payment(
    db: Database, *, case_id: str, paid_at: str, method: str, receipt_no: str | None
) -> None:
    """The fee was paid (at the window's POS terminal, or on the payment platform)."""
    db.execute(
        "UPDATE case_payments SET paid_at = ?, method = ?, receipt_no = ? WHERE case_id = ?",
        (paid_at, method, receipt_no, case_id),
    )


# ----------------------------------------------------------------------------- 好差评


@dataclass(frozen=True)
class EvaluationRow:
    case_id: str
    level: int | None  # None: declined
    declined: bool
    reason_code: str | None
    reason: str | None
    window_code: str
    clerk: str
    at: str


def record_evaluation(db: Database, evaluation: EvaluationRow) -> None:
    """The applicant's rating (or refusal to rate), beside the case version that carries it."""
    db.execute(
        "INSERT INTO evaluations (case_id, level, declined, reason_code, reason, window_code,"
        " clerk, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        _columns(EvaluationRow)(evaluation),
    )


@dataclass(frozen=True)
class OnlineRatingRow:
    case_id: str
    level: int
    reason_code: str | None
    window_code: str
    clerk: str
    at: str


def record_online_rating(db: Database, rating: OnlineRatingRow) -> None:
    """The applicant's rating from the progress page, beside the case version carrying it."""
    db.execute(
        "INSERT INTO online_ratings (case_id, level, reason_code, window_code, clerk, at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        _columns(OnlineRatingRow)(rating),
    )


def open_rating_followup(
    db: Database, *, case_id: str, level: int, opened_at: str, due: tuple[date, date, date]
) -> None:
    """A bad rating's follow-up, due (contact, settle, rectify)."""
    db.execute(
        "INSERT INTO rating_followups (case_id, level, opened_at, due_contact, due_settle,"
        " due_rectify) VALUES (?, ?, ?, ?, ?, ?)",
        (case_id, level, opened_at, *(day.isoformat() for day in due)),
    )


def record_followup_step(
    db: Database, *, case_id: str, step: str, note: str, by: str, at: str, state: str
) -> None:
    """One step of a follow-up, and the state it leaves the follow-up in."""
    db.execute(
        "INSERT INTO rating_followup_steps (case_id, step, note, by_user, at) VALUES (?, ?, ?, ?, ?)",
        (case_id, step, note, by, at),
    )
    db.execute("UPDATE rating_followups SET state = ? WHERE case_id = ?", (state, case_id))
