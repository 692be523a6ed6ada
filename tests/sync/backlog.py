"""Seed a store with accepted cases and their outbox rows, as the intake service leaves them
(encrypted applicant, case row, case version, outbox row with the encrypted payload), fast
enough for 10,000-case backlogs. The payloads carry real-looking ID numbers and phones, so
tests can check that none of them reaches a log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from counter_app.domain.idnumber import check_character, mask_id_number, mask_phone
from counter_app.store.cases import outbox_context
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text
from sync import wire


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
    case_id: str, case_no: str, version: int, id_number: str, phone: str
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "case_no": case_no,
        "data_version": version,
        "service_item": "310104-SHEBAO-001",
        "situation": "default",
        "state": "accepted",
        "applicant": {
            "type": "person",
            "id_type": "111",
            "id_number": id_number,
            "name": "𠮷祥·测试",
            "phone": phone,
        },
        "materials": [
            {"code": "M01", "status": "received", "form": "original", "count": 1},
            {"code": "M02", "status": "exempt", "form": "electronic", "count": 0},
        ],
        "accepted_at": "2026-11-27T09:00:00.000000Z",
        "note": "x" * (40 + version),
    }


def seed_cases(
    store: Store,
    count: int,
    *,
    hall: str,
    window: str = "W01",
    device: str = "DEV1",
    start: int = 0,
) -> list[SeededCase]:
    now = now_text()
    pii = store.pii
    seeded: list[SeededCase] = []
    applicants, cases, versions, outbox = [], [], [], []
    for index in range(start, start + count):
        case_id = str(uuid.uuid4())
        case_no = f"{hall}-{window}-{device}-20261127-{index:06d}"
        id_number, phone = id_number_for(index), f"139{index:08d}"
        applicant_id = str(uuid.uuid4())
        applicants.append(
            (
                applicant_id,
                "person",
                "𠮷祥·测试",
                "111",
                pii.encrypt_text(id_number, b"applicant:id_number"),
                pii.blind_index(id_number, "id_number"),
                mask_id_number(id_number),
                pii.encrypt_text(phone, b"applicant:phone"),
                pii.blind_index(phone, "phone"),
                mask_phone(phone),
                now,
            )
        )
        payload = case_payload(case_id, case_no, 1, id_number, phone)
        document = wire.canonical_json(payload)
        digest = wire.content_hash(payload)
        cases.append((case_id, case_no, applicant_id, hall, window, device, now, now, now))
        versions.append((case_id, pii.encrypt(document, b"case_version"), digest, now))
        outbox.append(
            (
                case_id,
                digest,
                pii.encrypt(document, outbox_context(case_id, 1)),
                len(document),
                now,
                now,
            )
        )
        seeded.append(SeededCase(case_id, case_no, 1, digest, id_number, phone))
    with store.transaction() as db:
        conn = db.conn
        conn.executemany(
            "INSERT INTO applicants (applicant_id, applicant_type, name, id_type, id_number_enc,"
            " id_number_index, id_number_masked, phone_enc, phone_index, phone_masked, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            applicants,
        )
        conn.executemany(
            "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version, situation_code,"
            " applicant_id, hall_code, window_code, device_id, clerk, created_at, accepted_at, updated_at)"
            " VALUES (?, ?, 'accepted', '310104-SHEBAO-001', 1, 'default', ?, ?, ?, ?, 'clerk1', ?, ?, ?)",
            cases,
        )
        conn.executemany(
            "INSERT INTO case_versions (case_id, data_version, content_enc, content_hash, created_at, created_by)"
            " VALUES (?, 1, ?, ?, ?, 'clerk1')",
            versions,
        )
        conn.executemany(
            "INSERT INTO outbox (case_id, data_version, content_hash, payload_enc, payload_bytes, created_at,"
            " updated_at) VALUES (?, 1, ?, ?, ?, ?, ?)",
            outbox,
        )
    return seeded


def add_version(store: Store, case: SeededCase, note: str) -> SeededCase:
    """An edit after acceptance: data version N+1 with new content, queued in the outbox."""
    version = case.data_version + 1
    payload = case_payload(case.case_id, case.case_no, version, case.id_number, case.phone)
    payload["note"] = note
    document = wire.canonical_json(payload)
    digest = wire.content_hash(payload)
    now = now_text()
    with store.transaction() as db:
        db.execute(
            "UPDATE cases SET data_version = ?, updated_at = ? WHERE case_id = ?",
            (version, now, case.case_id),
        )
        db.execute(
            "INSERT INTO case_versions (case_id, data_version, content_enc, content_hash, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, 'clerk1')",
            (case.case_id, version, store.pii.encrypt(document, b"case_version"), digest, now),
        )
        db.execute(
            "INSERT INTO outbox (case_id, data_version, content_hash, payload_enc, payload_bytes, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                case.case_id,
                version,
                digest,
                store.pii.encrypt(document, outbox_context(case.case_id, version)),
                len(document),
                now,
                now,
            ),
        )
    return SeededCase(case.case_id, case.case_no, version, digest, case.id_number, case.phone)
