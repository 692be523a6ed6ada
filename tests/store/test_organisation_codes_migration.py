"""An organisation's 统一社会信用代码 stored masked before it was shown in full is shown in
full when the store is upgraded (m0046), taken from its sealed number; a person's number
stays masked, so does an organisation's that is no credit code, one that no longer decrypts
(logged) and one purged."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from counter_app.config import Config
from counter_app.domain.idnumber import mask_id_number
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.case_writes import id_number_context
from counter_app.store.database import open_store
from counter_app.store.migrations.registry import MIGRATIONS, ORGANISATION_CODES_MIGRATION
from counter_app.store.pii import PiiCipher, load_or_create_key

AT = "2026-01-05T01:00:00.000000Z"
CODE = "91310104MA1FL5LX09"
PERSON = "11010519491231002X"
# case id -> (applicant type, ID type, number sealed; None: a damaged ciphertext, "": purged)
EARLIER = {
    "c1": ("enterprise", "990", CODE),
    "c2": ("person", "111", PERSON),
    "c3": ("other", "990", None),
    "c4": ("enterprise", "111", PERSON),  # an older release's organisation with a person's number
    "c5": ("other", "990", ""),
}


def _seed_before_m0046(home: Home, config: Config) -> None:
    pii = PiiCipher(
        load_or_create_key(home.key_path), config.store.cipher, config.store.blind_index
    )
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before=ORGANISATION_CODES_MIGRATION)
    conn: sqlite3.Connection = db.conn
    with conn:
        for number, (case_id, (kind, id_type, id_number)) in enumerate(EARLIER.items(), start=1):
            applicant_id = f"a{number}"
            sealed = (
                pii.encrypt_text(id_number, id_number_context(applicant_id))
                if id_number
                else b"\x00"
                if id_number is None
                else b""
            )
            conn.execute(
                "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version,"
                " situation_code, applicant_id, hall_code, window_code, device_id, clerk,"
                " created_at, updated_at, applicant_type, name, id_type, id_number_enc,"
                " id_number_index, id_number_masked)"
                " VALUES (?, ?, 'accepted', 'ITEM', 1, 'S1', ?, 'H', 'W01', 'D1', 'clerk1', ?, ?,"
                " ?, '某某', ?, ?, ?, ?)",
                (
                    case_id,
                    f"H-W01-D1-20260105-{number:04d}",
                    applicant_id,
                    AT,
                    AT,
                    kind,
                    id_type,
                    sealed,
                    f"id-index-{number}",
                    mask_id_number(id_number or CODE),
                ),
            )
    conn.close()


def test_an_organisations_code_is_shown_in_full_after_the_upgrade(
    home: Home, config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    _seed_before_m0046(home, config)
    with caplog.at_level(logging.WARNING), open_store(home, config) as store:
        shown = dict(store.db.execute("SELECT case_id, id_number_masked FROM cases"))
    assert shown == {
        "c1": CODE,
        "c2": mask_id_number(PERSON),
        "c3": mask_id_number(CODE),  # damaged: left as stored
        "c4": mask_id_number(PERSON),
        "c5": mask_id_number(CODE),
    }
    assert "the number of case H-W01-D1-20260105-0003 was left masked" in caplog.text
    assert "0005" not in caplog.text  # purged: nothing to open, nothing damaged
