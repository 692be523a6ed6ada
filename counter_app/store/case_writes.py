"""The writer of a case's core rows: the case (with its applicant sealed), its materials, its
data versions with their outbox rows, and its events. The other writers of the case tables
sit beside it and follow its rules: ``case_edits`` (an edit's materials and applicant),
``sync_writes`` (the platform's answers, requeue, its progress), ``document_writes`` (the
documents register), ``delivery_writes`` (出件), ``payment_writes`` and ``rating_writes``
(好差评). Every other package, the test seeders and the benchmark seeder call these named
operations of ``counter_app.store``; none writes those tables itself.

Each operation runs in the caller's ``store.transaction()`` (``db``), so an intake, an edit
or a batch of sync answers stays one transaction. The rules that live here:

- exactly once: a data version and its outbox row are written together
  (``insert_version_and_outbox``, ``append_version``); the outbox row says which version
  sync sends (the document itself is the version's ciphertext, kept once), and
  ``(case_id, data_version, content_hash)`` is its idempotency key;
- encryption: every ciphertext is bound to its row by an AEAD context (``*_context``; a
  delivery's in ``delivery_writes``), so a ciphertext copied to another row or version does
  not decrypt;
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

from counter_app.domain.agents import is_organisation
from counter_app.domain.case_document import CaseDocument, hash_canonical
from counter_app.domain.idnumber import mask_phone, shown_applicant_number
from counter_app.store.audit import AuditFact, AuditLog
from counter_app.store.pii import PiiCipher
from counter_app.store.sequences import CASE_NUMBERS, take_next


def columns_of(row_type: type) -> Callable[[Any], tuple[Any, ...]]:
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
    id_number_masked: str  # as screens show it: an organisation's credit code in full
    phone_enc: bytes | None
    phone_index: str | None
    phone_masked: str | None
    address_enc: bytes | None


_applicant_values = columns_of(SealedApplicant)


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
        shown_applicant_number(
            applicant.id_number,
            organisation=is_organisation(applicant.applicant_type),
            id_type=applicant.id_type,
        ),
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
    bundle_id: str | None = None  # 一件事: the UUID of the bundle decided together
    bundle_code: str | None = None  # and that bundle's code and name
    bundle_name: str | None = None


_case_fields = operator.attrgetter(*(f.name for f in fields(CaseRow) if f.name != "applicant"))


def _case_values(case: CaseRow) -> tuple[Any, ...]:
    return (*_case_fields(case), *_applicant_values(case.applicant))


_INSERT_CASE = (
    "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version,"
    " situation_code, hall_code, window_code, device_id, clerk, created_at, accepted_at,"
    " promised_date, decision_reason, legal_basis, updated_at, request_id, day, identity_source,"
    " expired_id_reason, sync_state, receipt_printed, redirect_to, card_read_at, bundle_id,"
    " bundle_code, bundle_name, applicant_id, applicant_type, name, name_index, id_type,"
    " id_number_enc, id_number_index, id_number_masked, phone_enc, phone_index, phone_masked, address_enc, data_version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
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


def insert_audited_event(
    db: Database,
    audit: AuditLog,
    fact: AuditFact,
    *,
    case_id: str,
    at: str,
    kind: str,
    detail: dict[str, Any],
) -> None:
    """An event that changes no state (the news of a second payment, say) with its audit
    entry: ``fact``'s actor is the event's."""
    insert_event(
        db,
        case_id=case_id,
        at=at,
        actor=fact.actor,
        kind=kind,
        from_state=None,
        to_state=None,
        detail=detail,
    )
    audit.append(db, case_id, fact)


def insert_events(db: Database, events: Sequence[EventRow]) -> None:
    db.conn.executemany(_INSERT_EVENT, [_event_values(e) for e in events])
