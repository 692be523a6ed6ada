"""Migrations of the applicant's personal data: the name index (m0010), and the applicants
table folded into the case row (m0029) with every ciphertext still decrypting."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from counter_app.config import Config
from counter_app.errors import StoreError
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.case_plaintext import reveal_applicant
from counter_app.store.case_writes import address_context, id_number_context, phone_context
from counter_app.store.cases import find_by_id_number, search_cases
from counter_app.store.database import Store, open_store
from counter_app.store.delivery_writes import delivery_address_context
from counter_app.store.migrations.registry import (
    APPLICANT_FOLD_MIGRATION,
    MIGRATIONS,
    NAME_INDEX_MIGRATION,
)
from counter_app.store.pii import PiiCipher, load_or_create_key

AT = "2026-01-05T01:00:00.000000Z"


@dataclass(frozen=True)
class OldApplicant:
    case_id: str
    applicant_id: str
    name: str
    id_number: str
    phone: str | None
    address: str | None
    applicant_type: str = "person"


def _cipher(home: Home, config: Config) -> PiiCipher:
    return PiiCipher(
        load_or_create_key(home.key_path), config.store.cipher, config.store.blind_index
    )


def _old_store(home: Home, stop_before: str) -> sqlite3.Connection:
    """The store as a program before ``stop_before`` left it (foreign keys enforced)."""
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before=stop_before)
    return db.conn


def _insert_old_case(
    conn: sqlite3.Connection, pii: PiiCipher, number: int, applicant: OldApplicant
) -> None:
    """An applicant row and its case, as intake wrote them before m0029 (no name index
    before m0010: the columns given are those every schema up to m0028 has)."""
    a = applicant
    conn.execute(
        "INSERT INTO applicants (applicant_id, applicant_type, name, id_type, id_number_enc,"
        " id_number_index, id_number_masked, phone_enc, phone_index, phone_masked, address_enc,"
        " created_at) VALUES (?, ?, ?, '111', ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            a.applicant_id,
            a.applicant_type,
            a.name,
            pii.encrypt_text(a.id_number, id_number_context(a.applicant_id)),
            pii.blind_index(a.id_number, "id_number"),
            a.id_number[:4] + "**********" + a.id_number[-4:],
            pii.encrypt_text(a.phone, phone_context(a.applicant_id)) if a.phone else None,
            pii.blind_index(a.phone, "phone") if a.phone else None,
            a.phone[:3] + "****" + a.phone[-4:] if a.phone else None,
            pii.encrypt_text(a.address, address_context(a.applicant_id)) if a.address else None,
            AT,
        ),
    )
    conn.execute(
        "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version,"
        " situation_code, applicant_id, hall_code, window_code, device_id, clerk, created_at,"
        " updated_at) VALUES (?, ?, 'accepted', 'ITEM', 1, 'S1', ?, 'H', 'W01', 'D1', 'clerk1', ?, ?)",
        (a.case_id, f"H-W01-D1-20260105-{number:04d}", a.applicant_id, AT, AT),
    )


APPLICANTS = (
    OldApplicant(
        "c1", "a1", "张三", "110101199003070012", "13800138000", "上海市徐汇区漕溪北路 1 号"
    ),
    OldApplicant("c2", "a2", "李四", "11010119900307003X", None, None),
    # Edited after intake (as update_applicant_name / _contact did): renamed, new phone,
    # address removed.
    OldApplicant("c3", "a3", "王𠮷", "110101199003070055", "13900139000", "北京市东城区 5 号"),
    OldApplicant(
        "c4", "a4", "某某有限公司", "91310000MA1FL0000X", "13700137000", None, "enterprise"
    ),
)
EDITED = OldApplicant("c3", "a3", "王𠮷祥", "110101199003070055", "13600136000", None)


def _seed_m0028(home: Home, config: Config) -> None:
    pii = _cipher(home, config)
    conn = _old_store(home, APPLICANT_FOLD_MIGRATION)
    with conn:
        for number, applicant in enumerate(APPLICANTS, start=1):
            _insert_old_case(conn, pii, number, applicant)
            conn.execute(
                "UPDATE applicants SET name_index = ? WHERE applicant_id = ?",
                (pii.blind_index(applicant.name, "name"), applicant.applicant_id),
            )
        conn.execute(
            "UPDATE applicants SET name = ?, name_index = ?, phone_enc = ?, phone_index = ?,"
            " phone_masked = '136****0136', address_enc = NULL WHERE applicant_id = ?",
            (
                EDITED.name,
                pii.blind_index(EDITED.name, "name"),
                pii.encrypt_text(EDITED.phone or "", phone_context(EDITED.applicant_id)),
                pii.blind_index(EDITED.phone or "", "phone"),
                EDITED.applicant_id,
            ),
        )
        # Children of cases, which the rebuild of cases must leave pointing at their case.
        conn.execute(
            "INSERT INTO case_deliveries (case_id, method, address_enc, address_masked)"
            " VALUES ('c1', 'post', ?, '上海市徐汇区****')",
            (pii.encrypt_text("上海市徐汇区漕溪北路 1 号", delivery_address_context("c1")),),
        )
        conn.execute(
            "INSERT INTO case_materials (case_id, material_code, name, required, core, status)"
            " VALUES ('c2', 'M01', '身份证明', 1, 1, 'received')"
        )
        conn.execute(
            "INSERT INTO case_events (case_id, at, actor, kind) VALUES ('c3', ?, 'clerk1', 'edit')",
            (AT,),
        )
    conn.close()


def _schema(store: Store) -> list[tuple[str, str, str, str | None]]:
    return store.db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name != 'sqlite_sequence'"
        " ORDER BY type, name"
    ).fetchall()


def test_the_applicants_move_into_their_case_rows_and_still_decrypt(
    home: Home, config: Config, tmp_path: Path
) -> None:
    _seed_m0028(home, config)
    with open_store(home, config) as store:
        conn = store.db.conn
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert not store.db["applicants"].exists()
        for applicant in (*APPLICANTS[:2], EDITED, APPLICANTS[3]):
            revealed = reveal_applicant(store, applicant.case_id, actor="clerk1", purpose="test")
            assert (revealed.name, revealed.id_number, revealed.phone, revealed.address) == (
                applicant.name,
                applicant.id_number,
                applicant.phone,
                applicant.address,
            )
            [record] = find_by_id_number(store, applicant.id_number)
            assert (record.case_id, record.applicant_id) == (
                applicant.case_id,
                applicant.applicant_id,
            )
            assert record.applicant_type == applicant.applicant_type
            assert [r.case_id for r in search_cases(store, applicant.name).records] == [
                applicant.case_id
            ]
            if applicant.phone:
                assert [r.case_id for r in search_cases(store, applicant.phone).records] == [
                    applicant.case_id
                ]
        assert (
            search_cases(store, "王𠮷").records == []
            and search_cases(store, "13900139000").records == []
        )
        assert find_by_id_number(store, EDITED.id_number)[0].applicant_masked_phone == "136****0136"
        [sealed] = conn.execute("SELECT address_enc FROM case_deliveries WHERE case_id = 'c1'")
        address = store.pii.decrypt_text(sealed[0], delivery_address_context("c1"))
        assert address == "上海市徐汇区漕溪北路 1 号"
        migrated = _schema(store)
    fresh_home = Home(tmp_path / "fresh").ensure()
    fresh_home.config_path.write_bytes(home.config_path.read_bytes())
    with open_store(fresh_home, config) as fresh:
        assert migrated == _schema(fresh)


def test_a_case_whose_applicant_is_missing_stops_the_migration(home: Home, config: Config) -> None:
    _seed_m0028(home, config)
    conn = sqlite3.connect(home.db_path)
    with conn:
        conn.execute(
            "DELETE FROM applicants WHERE applicant_id = 'a2'"
        )  # foreign keys are off here
    conn.close()
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
        open_store(home, config)
    with sqlite3.connect(home.db_path) as after:
        assert after.execute("SELECT count(*) FROM applicants").fetchone() == (3,)


def test_a_row_pointing_at_a_missing_case_stops_the_migration(home: Home, config: Config) -> None:
    _seed_m0028(home, config)
    conn = sqlite3.connect(home.db_path)
    with conn:  # foreign keys are off here: damage no program of ours makes
        conn.execute(
            "INSERT INTO case_events (case_id, at, actor, kind) VALUES ('gone', ?, 'x', 'edit')",
            (AT,),
        )
    conn.close()
    with pytest.raises(StoreError) as caught:
        open_store(home, config)
    assert "case_events" in caught.value.en and "unchanged" in caught.value.en
    with sqlite3.connect(home.db_path) as after:
        assert after.execute("SELECT count(*) FROM applicants").fetchone() == (4,)


def test_applicants_stored_before_the_name_index_get_it_when_migrated(
    home: Home, config: Config
) -> None:
    conn = _old_store(home, NAME_INDEX_MIGRATION)
    with conn:
        _insert_old_case(conn, _cipher(home, config), 1, APPLICANTS[1])
    conn.close()
    with open_store(home, config) as store:
        stored = store.db.execute("SELECT name_index FROM cases").fetchone()[0]
        assert stored == store.pii.blind_index("李四", "name")
