"""Seed a store with accepted cases and their outbox rows, as the intake service leaves them
(encrypted applicant, case row, case version, outbox row with the encrypted payload, audit
entry), fast enough for 10,000-case backlogs. The payloads carry real-looking ID numbers and
phones, so tests can check that none of them reaches a log."""

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
from counter_app.store.timestamps import now_text, to_text
from tests.sample_items import accepted_case_row

SEEDED_AT = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 10:00 in the hall


@dataclass(frozen=True)
class SeededCase:
    case_id: str
    case_no: str
    data_version: int
    content_hash: str
    id_number: str
    phone: str


def id_number_for(index: int) -> str:
    first17 = (
        f"31010419{80 + index % 20:02d}0{1 + index % 9}{10 + index % 18:02d}{index % 1000:03d}"
    )
    return first17 + check_character(first17)


def case_payload(
    case_id: str, case_no: str, version: int, id_number: str, phone: str, remarks: str = ""
) -> CaseDocument:
    document = synthetic_payload(uuid.UUID(case_id), version, case_no)
    applicant = document.applicant.model_copy(
        update={"name": "𠮷祥·测试", "id_number": id_number, "phone": phone}
    )
    return document.model_copy(
        update={"applicant": applicant, "remarks": remarks or "x" * (40 + version)}
    )


def seed_cases(
    store: Store,
    count: int,
    *,
    hall: str,
    window: str = "W01",
    start: int = 0,
    at: datetime = SEEDED_AT,
) -> list[SeededCase]:
    """``count`` accepted cases taken at ``at`` (numbered with its hall day), in one
    transaction, written with the store's own writers and numbered with the store's own
    device id, the one its enrolment stated; queued for the platform now."""
    now = now_text()
    taken, day = to_text(at), hall_today(at)
    device = store.config.hall.device_id.upper()
    seeded: list[SeededCase] = []
    with store.transaction() as db:
        for index in range(start, start + count):
            case_id = str(uuid.uuid4())
            case_no = f"{hall}-{window}-{device}-{day:%Y%m%d}-{index + 1:06d}"  # from 1
            id_number, phone = id_number_for(index), f"139{index:08d}"
            applicant = case_writes.seal_applicant(
                store.pii,
                case_writes.new_row_id(),
                case_writes.ApplicantRow("person", "𠮷祥·测试", "111", id_number, phone, None),
            )
            case_writes.insert_case(
                db,
                accepted_case_row(
                    case_id=case_id,
                    case_no=case_no,
                    applicant=applicant,
                    hall=hall,
                    window=window,
                    device=device,
                    at=taken,
                ),
            )
            payload = case_payload(case_id, case_no, 1, id_number, phone)
            digest = case_writes.insert_version_and_outbox(
                db,
                store.pii,
                store.audit,
                case_id=case_id,
                data_version=1,
                document=payload,
                fact=AuditFact("clerk1", "case.accepted", {"case_no": case_no}),
                at=now,
            )
            seeded.append(SeededCase(case_id, case_no, 1, digest, id_number, phone))
    return seeded


def add_version(
    store: Store, case: SeededCase, note: str, *, state: str = "accepted"
) -> SeededCase:
    """A change after acceptance (an edit, or a withdrawal with ``state``): data version N+1
    with new content, queued in the outbox."""
    version = case.data_version + 1
    payload = case_payload(
        case.case_id, case.case_no, version, case.id_number, case.phone, note
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
            fact=AuditFact("clerk1", f"case.{state}" if state != "accepted" else "case.edit"),
            at=now,
        )
    return SeededCase(case.case_id, case.case_no, version, digest, case.id_number, case.phone)
