"""What someone with the database file (and the sqlite3 shell) does to the audit log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from counter_app.store.audit import GENESIS_HASH, _row_hash


def rewrite_with_public_rule(db_path: Path, keep: int) -> None:
    """The attack of issue 10: drop the triggers, delete the newest entries, and rewrite
    the chain and the head in meta with the public (unkeyed SM3) rule."""
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("DROP TRIGGER audit_log_no_delete")
        raw.execute("DELETE FROM audit_log WHERE seq > ?", (keep,))
        prev = GENESIS_HASH
        rows = raw.execute(
            "SELECT seq, at, actor, hall_code, window_code, action, target, detail FROM audit_log ORDER BY seq"
        ).fetchall()
        for row in rows:
            row_hash = _row_hash(prev, tuple(row))
            raw.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                (prev, row_hash, row[0]),
            )
            prev = row_hash
        raw.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{keep}:{prev}",))
