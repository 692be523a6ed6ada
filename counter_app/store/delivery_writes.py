"""How a case's result goes out (``case_deliveries``), as it is written: the choice at
intake, the posting and where the post is, the handover at the window (a proxy's ID number
sealed under its own context). ``counter_app.store.deliveries`` reads it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from counter_app.domain.idnumber import mask_address, mask_id_number
from counter_app.store.audit import AuditFact, AuditLog
from counter_app.store.case_writes import insert_event
from counter_app.store.pii import PiiCipher


def delivery_address_context(case_id: str) -> bytes:
    return f"case_deliveries.address:{case_id}".encode()


def proxy_id_number_context(case_id: str) -> bytes:
    return f"case_deliveries.proxy_id_number:{case_id}".encode()


def record_delivery_choice(
    db: Database, pii: PiiCipher, *, case_id: str, method: str, address: str | None
) -> None:
    """The applicant's choice, at intake or changed later: pick-up, or post to ``address``
    (sealed, masked); a case without a row (picked up by default) gets one."""
    db.execute(
        "INSERT INTO case_deliveries (case_id, method, address_enc, address_masked)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET method = excluded.method,"
        " address_enc = excluded.address_enc, address_masked = excluded.address_masked",
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
