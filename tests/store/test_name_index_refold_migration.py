"""Names stored before the fold took ⸱, a full stop between two Chinese parts and curly
apostrophes keep their form, and their name index is built again from the folded form when
the store is upgraded (m0044), so the case is found by the name however it is typed; a name
the rules now refuse (a private-use character) keeps its index."""

from __future__ import annotations

import sqlite3

from counter_app.config import Config
from counter_app.home import Home
from counter_app.store import database
from counter_app.store.cases import search_cases
from counter_app.store.database import open_store
from counter_app.store.migrations.registry import MIGRATIONS, NAME_REFOLD_MIGRATION
from counter_app.store.pii import PiiCipher, load_or_create_key

AT = "2026-01-05T01:00:00.000000Z"
# case id -> the name as the earlier program stored it (and indexed it as it was).
EARLIER = {
    "c1": "买买提.艾力",
    "c2": "O\u2019BRIEN MARY",
    "c3": "阿依古丽\u2e31买买提",
    "c4": "王\ue000明",
    "c5": "张三",
}


def _seed_before_m0044(home: Home, config: Config) -> None:
    pii = PiiCipher(
        load_or_create_key(home.key_path), config.store.cipher, config.store.blind_index
    )
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before=NAME_REFOLD_MIGRATION)
    conn: sqlite3.Connection = db.conn
    with conn:
        for number, (case_id, name) in enumerate(EARLIER.items(), start=1):
            conn.execute(
                "INSERT INTO cases (case_id, case_no, state, service_item_code, catalog_version,"
                " situation_code, applicant_id, hall_code, window_code, device_id, clerk,"
                " created_at, updated_at, applicant_type, name, name_index, id_type,"
                " id_number_enc, id_number_index, id_number_masked)"
                " VALUES (?, ?, 'accepted', 'ITEM', 1, 'S1', ?, 'H', 'W01', 'D1', 'clerk1', ?, ?,"
                " 'person', ?, ?, '111', x'00', ?, '1101**********0012')",
                (
                    case_id,
                    f"H-W01-D1-20260105-{number:04d}",
                    f"a{number}",
                    AT,
                    AT,
                    name,
                    pii.blind_index(name, "name"),
                    f"id-index-{number}",
                ),
            )
    conn.close()


def test_an_upgraded_store_finds_each_name_as_it_is_typed_now(home: Home, config: Config) -> None:
    _seed_before_m0044(home, config)
    with open_store(home, config) as store:
        names = dict(store.db.execute("SELECT case_id, name FROM cases").fetchall())
        assert names == EARLIER  # each name stays as it was decided

        def found(typed: str) -> list[str]:
            return [record.case_id for record in search_cases(store, typed).records]

        assert found("买买提·艾力") == found("买买提・艾力") == ["c1"]
        assert found("O'BRIEN MARY") == found("O\u2019BRIEN MARY") == ["c2"]
        assert found("阿依古丽·买买提") == ["c3"]
        assert found("张三") == ["c5"]
        kept = store.db.execute("SELECT name_index FROM cases WHERE case_id = 'c4'").fetchone()
        assert kept[0] == store.pii.blind_index("王\ue000明", "name")
        assert found("王\ue000明") == ["c4"]  # refused as a new name, found as it was stored
