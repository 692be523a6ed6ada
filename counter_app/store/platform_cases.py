"""The writer of a case this workstation accepted as the platform holds it: its newest
version fetched back after the store was restored from a backup older than that version
(``sync.own_cases``). The platform has the version already, so it is kept synced, with no
outbox row (as the benchmark seeder keeps versions the platform holds), in the state the
platform says the case stands in (a back-office step moves it without a version).

A case the store lacks gets its rows built from the document: the case with its applicant
sealed and its materials. A case the store holds at an older version gets what the version
changes in its rows (materials, applicant's name and contact, acceptance and promised date).
Either way the case gets the version, its state, its fee and 出件 rows as the version states
them, and an event and an audit entry saying where the version came from. The other case
writers' rules hold here (``case_writes``). A 好差评 rating and its follow-up stay in the
version only (their rows are not rebuilt); the earlier versions and the documents issued
are not on the platform and do not come back.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from sqlite_utils import Database

from counter_app.domain.case_document import CaseDocument, hash_canonical
from counter_app.domain.case_number import looks_like_case_number, parse_case_number
from counter_app.store import case_writes, delivery_writes, payment_writes, version_rows
from counter_app.store.audit import AuditFact, AuditLog
from counter_app.store.database import Store
from counter_app.store.document_rows import case_rows_of
from counter_app.store.issued_case_numbers import case_number_devices
from counter_app.store.pii import PiiCipher

ACTION = "case.recovered_from_platform"
# The ``sync`` event's outcome: the version came from the platform, not from this window's push.
OUTCOME = "recovered_from_platform"
# The last finished walk of the platform's listing (``sync.own_cases``), for ``sync status``:
# JSON {"at", "count"}.
META_RECOVERED = "sync.own_cases_recovered"
# Present while a walk is due or under way: JSON {"after": the case number walked up to
# ("" from the first), "recovered": cases kept so far, "catalog_asked": whether the walk
# had the catalog feed read again for a case naming a version the store lacks}.
META_WALK = "sync.own_cases_walk"
# The cases a walk left on the platform for a newer program (their version has fields this
# one does not know: a window rolled back), asked for one by one at each sync run until this
# window's upgrade lets it keep them: JSON [{"case_id", "case_no", "after": the case number
# listed right before it ("" for the first)}]. Not a recovery due: a window may run the
# older release for months, and its catalog is pruned meanwhile; one of these cases naming
# a version pruned by then has a walk started for it, which has the catalog read again.
META_LEFT_FOR_NEWER = "sync.own_cases_left_for_newer"
# The audit log read up to for restores (its seq): each run reads only the entries after.
META_AUDIT_READ = "sync.own_cases_audit_read"
RESTORE_ACTION = "backup.restore"


def numbered_here(store: Store, case_no: str) -> bool:
    """Whether ``case_no`` carries one of this workstation's own prefixes: its hall and
    window, and its device id or that of a PC it replaced (whose cases it holds), the
    prefixes its enrolment stated. Such a case the store lacks was accepted here and lost
    with a restore from an older backup."""
    if not looks_like_case_number(case_no):
        return False
    number, hall = parse_case_number(case_no), store.config.hall
    if (number.hall, number.window) != (hall.hall_code.upper(), hall.window_code.upper()):
        return False
    return number.device == hall.device_id.upper() or number.device in case_number_devices(
        store.db.conn
    )


def recovery_due(store: Store) -> bool:
    """Whether cases of this workstation may still come back from the platform: a walk is
    due or under way, or a restore was audited since the walks last read the audit log (the
    next sync run starts one for it). Cases only waiting for a newer program
    (``META_LEFT_FOR_NEWER``) do not count."""
    return store.meta(META_WALK) is not None or restore_unread(store)


def restore_unread(store: Store) -> bool:
    """Whether ``counter-app restore`` was audited since the walks last read the audit log
    (the next sync run starts a walk for it)."""
    return store.audit.recorded_since(RESTORE_ACTION, int(store.meta(META_AUDIT_READ) or 0))


def catalog_version_held(store: Store, version: int) -> bool:
    """Whether the store holds catalog ``version`` (a case kept under one it lacks could
    take no later step: its items, fees and time limits are not here)."""
    row = store.db.execute("SELECT 1 FROM catalog_versions WHERE version = ?", (version,))
    return row.fetchone() is not None


def keep_platform_case(
    db: Database,
    pii: PiiCipher,
    audit: AuditLog,
    document: CaseDocument,
    *,
    state: str,
    actor: str,
    at: str,
) -> None:
    """Keep ``document`` (the platform's newest version of a case of this workstation) as the
    case's newest version, synced, the case standing in ``state``; inside the caller's
    transaction. The caller checked that the store lacks the case or holds an older
    version of it with nothing waiting to upload."""
    case_id = document.case_id
    held = db.execute(
        "SELECT data_version, applicant_id FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    content = document.model_dump(mode="json")
    if held is None:
        _insert_case(db, pii, document, content, at)
    else:
        _update_case(db, pii, case_id, str(held[1]), content)
    body = document.canonical()
    digest = hash_canonical(body)
    version = case_writes.seal_version(
        pii,
        case_id=case_id,
        data_version=document.data_version,
        body=body,
        digest=digest,
        by=document.updated_by or document.clerk,
        at=document.updated_at or document.received_at,
    )
    case_writes.insert_sealed_versions(db, [version], [])
    db.execute(
        "UPDATE cases SET state = ?, data_version = ?, sync_state = 'synced', updated_at = ?"
        " WHERE case_id = ?",
        (state, document.data_version, at, case_id),
    )
    _keep_delivery(db, pii, document)
    detail = {
        "case_no": document.case_no,
        "data_version": document.data_version,
        "content_hash": digest,
        "held_version": None if held is None else int(held[0]),
    }
    case_writes.insert_event(
        db,
        case_id=case_id,
        at=at,
        actor=actor,
        kind="sync",
        from_state=None,
        to_state=state,
        detail={
            "data_version": document.data_version,
            "outcome": OUTCOME,
            "held_version": detail["held_version"],
        },
    )
    audit.append(db, case_id, AuditFact(actor, ACTION, detail))


def _insert_case(
    db: Database, pii: PiiCipher, document: CaseDocument, content: dict[str, Any], at: str
) -> None:
    source = content["applicant"].get("identity_source")
    case, materials = case_rows_of(pii, document, applicant_id=case_writes.new_row_id())
    case_writes.insert_case(
        db,
        replace(
            case,
            updated_at=at,
            identity_source=None if source is None else json.dumps(source, ensure_ascii=False),
            sync_state="synced",
        ),
    )
    case_writes.insert_materials(db, materials)
    payment_writes.mirror_payment(db, document.case_id, content)


def _update_case(
    db: Database, pii: PiiCipher, case_id: str, applicant_id: str, content: dict[str, Any]
) -> None:
    """What a newer version changes in the rows of a case the store holds."""
    applicant = content["applicant"]
    accepted = content["accepted_at"] and content["promised_date"]
    version_rows.keep_version_rows(
        db,
        pii,
        case_id,
        applicant_id,
        content,
        name=applicant["name"],
        phone=applicant["phone"] or "",
        address=applicant["address"] or "",
        promised=date.fromisoformat(content["promised_date"]) if accepted else None,
    )


def _keep_delivery(db: Database, pii: PiiCipher, document: CaseDocument) -> None:
    """The case's 出件 rows as the version states them: the applicant's choice (kept once),
    a posting's waybill, the hand-over at the window."""
    case_id = document.case_id
    held = db.execute(
        "SELECT waybill FROM case_deliveries WHERE case_id = ?", (case_id,)
    ).fetchone()
    if document.delivery is not None:
        if held is None:
            delivery_writes.record_delivery_choice(
                db,
                pii,
                case_id=case_id,
                method=document.delivery.method.value,
                address=document.delivery.address,
            )
        waybill, posted_at = document.delivery.waybill, document.delivery.posted_at
        # A waybill held already stands, with the carrier's news the progress feed brought.
        if waybill and posted_at and (held is None or held[0] is None):
            delivery_writes.record_postal_status(
                db, case_id=case_id, waybill=waybill, status="posted", at=posted_at
            )
    if document.handover is not None:
        handover = document.handover
        delivery_writes.record_handover(
            db,
            pii,
            delivery_writes.HandoverRow(
                case_id=case_id,
                collector=handover.collector.value,
                proxy_name=handover.proxy_name,
                proxy_id_number=handover.proxy_id_number,
                power_of_attorney=handover.power_of_attorney,
                at=handover.handed_over_at,
                by=handover.handed_over_by,
            ),
        )


def last_recovery(store: Store) -> tuple[str, int] | None:
    """When the last walk ended and how many cases it fetched back; None before any."""
    kept = store.meta(META_RECOVERED)
    if kept is None:
        return None
    last = json.loads(kept)
    return str(last["at"]), int(last["count"])
