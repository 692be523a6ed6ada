"""The register's revocations came after its licences: their table is a block of its own,
so a platform store that has it records a newer schema version than one without, and a
store of the program before gains it when this one opens it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from central.store import open_store
from central.store.ddl import SCHEMA_VERSION, SQLITE_BYTES, SQLITE_SERIAL, statements
from central.store.tables import online


def _recorded(db: Path) -> int:
    with sqlite3.connect(db) as raw:
        return int(raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])


def test_revocations_are_a_block_of_their_own_and_counted(tmp_path: Path) -> None:
    assert "elicence_revocations" not in online.ELICENCE_TABLES
    made = [s for s in statements(SQLITE_SERIAL, SQLITE_BYTES) if "elicence_revocations (" in s]
    assert len(made) == 1 and made[0] in online.ELICENCE_REVOCATION_TABLES
    db = tmp_path / "central.sqlite3"
    open_store(str(db)).close()
    with sqlite3.connect(db) as raw:  # the store as the program before this block left it
        raw.execute("DROP TABLE elicence_revocations")
        raw.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION - 1),)
        )

    open_store(str(db)).close()

    assert _recorded(db) == SCHEMA_VERSION
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT count(*) FROM elicence_revocations").fetchone() == (0,)
