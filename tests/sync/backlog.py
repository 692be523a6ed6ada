"""Seed a store with accepted cases and their outbox rows, as the intake service leaves them
(encrypted applicant, case row, materials, case version, outbox row with the encrypted
payload, audit entry), fast enough for 10,000-case backlogs. The rows are built from the
document sealed (so they say what the version says, as ``case_integrity`` checks). The
payloads carry real-looking ID numbers and phones, so tests can check that none of them
reaches a log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from central.simulator import synthetic_payload
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import CaseState
from counter_app.domain.hall_time import hall_today
from counter_app.domain.idnumber import check_character
from counter_app.store import case_writes
from counter_app.store.audit import AuditFact
from counter_app.store.database import Store
from counter_app.store.document_rows import case_rows_of
from counter_app.store.timestamps import now_text, to_text

SEEDED_AT = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 10:00 in the hall
CLERK = "clerk1"


@dataclass(frozen=True)
class SeededCase:
    case_id: str
    case_no: str
    data_version: int
    content_hash: str
    id_number: str
    phone: str
    taken_at: str  # store timestamp text: the document's received_at


def id_number_for(index: int) -> str:
    first17 = (
        f"31010419{80 + index % 20:02d}0{1 + index % 9}{10 + index % 18:02d}{index % 1000:03d}"
    )
    return first17 + check_character(first17)


def case_payload(
    case_id: str,
    case_no: str,
    version: int,
    id_number: str,
    phone: str,
    remarks: str = "",
    *,
    taken_at: str = to_text(SEEDED_AT),
) -> CaseDocument:
    """Version ``version`` of a case accepted by ``CLERK`` at ``taken_at``."""
    document = synthetic_payload(uuid.UUID(case_id), version, case_no)
    applicant = document.applicant.model_copy(
        update={"name": "𠮷祥·测试", "id_number": id_number, "phone": phone}
    )
    return document.model_copy(
        update={
            "applicant": applicant,
            "remarks": remarks or "x" * (40 + version),
            "clerk": CLERK,
            "received_at": taken_at,
            "accepted_at": taken_at,
        }
    )


def seed_cases(
    store: Store,
    count: int,
    *,
    hall: str,
    window: str = "W01",
    start: int = 0,
    at: datetime = SEEDED_AT,
    queued_at: datetime | None = None,
) -> list[SeededCase]:
    """``count`` accepted cases taken at ``at`` (numbered with its hall day), in one
    transaction, written with the store's own writers from the document sealed and numbered
    with the store's own device id, the one its enrolment stated; queued for the platform at
    ``queued_at`` (default: now)."""
    now = to_text(queued_at) if queued_at is not None else now_text()
    taken, day = to_text(at), hall_today(at)
    device = store.config.hall.device_id.upper()
    seeded: list[SeededCase] = []
    with store.transaction() as db:
        for index in range(start, start + count):
            case_id = str(uuid.uuid4())
            case_no = f"{hall}-{window}-{device}-{day:%Y%m%d}-{index + 1:06d}"  # from 1
            id_number, phone = id_number_for(index), f"139{index:08d}"
            payload = case_payload(case_id, case_no, 1, id_number, phone, taken_at=taken)
            case, materials = case_rows_of(
                store.pii, payload, applicant_id=case_writes.new_row_id()
            )
            case_writes.insert_case(db, case)
            case_writes.insert_materials(db, materials)
            digest = case_writes.insert_version_and_outbox(
                db,
                store.pii,
                store.audit,
                case_id=case_id,
                data_version=1,
                document=payload,
                fact=AuditFact(CLERK, "case.accepted", {"case_no": case_no}),
                at=now,
            )
            seeded.append(SeededCase(case_id, case_no, 1, digest, id_number, phone, taken))
    return seeded


def add_version(
    store: Store, case: SeededCase, note: str, *, state: str = "accepted"
) -> SeededCase:
    """A change after acceptance (an edit, or a withdrawal with ``state``): data version N+1
    with new content, queued in the outbox."""
    version = case.data_version + 1
    payload = case_payload(
        case.case_id,
        case.case_no,
        version,
        case.id_number,
        case.phone,
        note,
        taken_at=case.taken_at,
    ).model_copy(update={"state": CaseState(state)})
    now = now_text()
    with store.transaction() as db:
        digest = case_writes.append_version(
            db,
            store.pii,
            store.audit,
            case_id=case.case_id,
            data_version=version,
            state=state,
            document=payload,
            fact=AuditFact(CLERK, f"case.{state}" if state != "accepted" else "case.edit"),
            at=now,
        )
    return SeededCase(
        case.case_id, case.case_no, version, digest, case.id_number, case.phone, case.taken_at
    )
