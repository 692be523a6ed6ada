"""The audit entries a restore replaced (m0047): a restore puts back the backup's log, whose
chain forks from the one it replaces by design (docs/operations.md section 5), so the entries
written after the backup are not carried into it; they are kept as they were, in their own
append-only table, for ``audit verify`` and ``audit list`` (counter_app.store.audit)."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

# IF NOT EXISTS: a restore creates the table in the backup's copy before the swap, when that
# copy's schema is older (the entries go in with the swap, in one step); this migration then
# finds it there.
_REPLACED_TABLE = """
    CREATE TABLE IF NOT EXISTS audit_log_replaced (
        -- The restore that replaced the entry: its entry's detail.replaced_log.restore_id.
        restore_id TEXT NOT NULL,
        -- The installation key the entry's log was chained under (its meta.pii_key_id) and
        -- that log's first keyed seq (its meta.audit_keyed_from).
        key_id TEXT,
        keyed_from INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        hall_code TEXT NOT NULL,
        window_code TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (restore_id, seq)
    );
    -- Append-only like audit_log (and as there, verify() catches what a dropped trigger lets
    -- someone change).
    CREATE TRIGGER IF NOT EXISTS audit_log_replaced_no_update BEFORE UPDATE ON audit_log_replaced
    BEGIN SELECT RAISE(ABORT, 'audit_log_replaced is append-only'); END;
    CREATE TRIGGER IF NOT EXISTS audit_log_replaced_no_delete BEFORE DELETE ON audit_log_replaced
    BEGIN SELECT RAISE(ABORT, 'audit_log_replaced is append-only'); END;
"""


def m0047_audit_log_replaced(db: Database) -> None:
    create_replaced_table(db.conn)


def create_replaced_table(conn: sqlite3.Connection) -> None:
    """Create ``audit_log_replaced`` and its triggers where they are not yet."""
    for statement in _REPLACED_TABLE.split(";\n"):
        if statement.strip():
            conn.execute(statement)
