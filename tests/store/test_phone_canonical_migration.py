"""Phones stored before they had one form (139-1234-5678 as typed) are sealed, indexed and
masked again in it when the store is upgraded (m0038), in the migration's transaction, so
the case is found by the number however it is typed; a phone already in its form or one
the rules now refuse is left as it was."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from counter_app.config import Config
from counter_app.domain.idnumber import mask_phone
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.case_writes import phone_context
from counter_app.store.cases import search_cases
from counter_app.store.database import Store, open_store
from counter_app.store.migrations.registry import MIGRATIONS, PHONE_FORM_MIGRATION
from counter_app.store.pii import PiiCipher, load_or_create_key

AT = "2026-01-05T01:00:00.000000Z"
# case id -> the phone as the earlier program stored it (spaces removed, nothing else).
EARLIER = {
    "c1": "139-1234-5678",
    "c2": "13800138000",
    "c3": "021-64381234-8001",
    "c4": "02164381234",
    "c5": "1391234567",  # ten digits: taken then, refused now
    "c6": None,
}


def _seed_before_m0038(home: Home, config: Config) -> None:
    """Cases as intake wrote them before m0038: each phone sealed, indexed and masked as
    typed (the columns every schema from m0029 on has)."""
    pii = PiiCipher(
        load_or_create_key(home.key_path), config.store.cipher, config.store.blind_index
    )
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before=PHONE_FORM_MIGRATION)
    conn: sqlite3.Connection = db.conn
    with conn:
        for number, (case_id, phone) in enumerate(EARLIER.items(), start=1):
            applicant_id = f"a{number}"
            conn.execute(
                "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version,"
                " situation_code, applicant_id, hall_code, window_code, device_id, clerk,"
                " created_at, updated_at, applicant_type, name, id_type, id_number_enc,"
                " id_number_index, id_number_masked, phone_enc, phone_index, phone_masked)"
                " VALUES (?, ?, 'accepted', 'ITEM', 1, 'S1', ?, 'H', 'W01', 'D1', 'clerk1', ?, ?,"
                " 'person', '张三', '111', x'00', ?, '1101**********0012', ?, ?, ?)",
                (
                    case_id,
                    f"H-W01-D1-20260105-{number:04d}",
                    applicant_id,
                    AT,
                    AT,
                    f"id-index-{number}",
                    pii.encrypt_text(phone, phone_context(applicant_id)) if phone else None,
                    pii.blind_index(phone, "phone") if phone else None,
                    mask_phone(phone) if phone else None,
                ),
            )
    conn.close()


def _phones(store: Store) -> dict[str, str | None]:
    rows = store.db.execute("SELECT case_id, applicant_id, phone_enc FROM cases")
    return {
        case_id: store.pii.decrypt_text(sealed, phone_context(applicant_id)) if sealed else None
        for case_id, applicant_id, sealed in rows
    }


def _found(store: Store, typed: str) -> list[str]:
    return [record.case_id for record in search_cases(store, typed).records]


def test_phones_stored_as_typed_are_found_by_every_form_after_the_upgrade(
    home: Home, config: Config
) -> None:
    _seed_before_m0038(home, config)
    with open_store(home, config) as store:
        for typed in (
            "13912345678",
            "139-1234-5678",
            "+86 139 1234 5678",
            "１３９１２３４５６７８",
        ):
            assert _found(store, typed) == ["c1"], typed
        assert _found(store, "138 0013 8000") == ["c2"]
        assert _found(store, "021-64381234转8001") == ["c3"]
        assert _found(store, "(021)64381234") == ["c4"]
        stored = _phones(store)
        masked = dict(store.db.execute("SELECT case_id, phone_masked FROM cases").fetchall())
    assert stored == {
        "c1": "13912345678",
        "c2": "13800138000",
        "c3": "021-64381234-8001",
        "c4": "021-64381234",
        "c5": "1391234567",  # kept as stored: still shown and found as before
        "c6": None,
    }
    assert (masked["c1"], masked["c4"], masked["c6"]) == ("139****5678", "021*****1234", None)


def test_a_phone_that_no_longer_decrypts_is_left_and_logged_the_others_change(
    home: Home, config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    _seed_before_m0038(home, config)
    with sqlite3.connect(home.db_path) as conn:
        conn.execute("UPDATE cases SET phone_enc = x'0102' WHERE case_id = 'c1'")
    conn.close()
    with caplog.at_level(logging.WARNING), open_store(home, config) as store:
        row = store.db.execute("SELECT phone_enc, phone_masked FROM cases WHERE case_id = 'c1'")
        assert row.fetchone() == (b"\x01\x02", "139******5678")
        assert _found(store, "(021)64381234") == ["c4"]
    assert "H-W01-D1-20260105-0001" in caplog.text and "13912345678" not in caplog.text
