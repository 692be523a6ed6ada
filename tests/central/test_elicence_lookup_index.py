"""The bound of distinct holders reads a device's e-licence lookups of the last day through
an index on the log's time, which a store made before the index gains when it is opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from central.store import open_store

HOLDER_COUNT = (
    "SELECT logged_at, record FROM elicence_lookups WHERE logged_at >= ? AND record LIKE ?"
)


def test_a_store_made_before_the_index_gains_it_and_the_count_uses_it(tmp_path: Path) -> None:
    db = tmp_path / "central.sqlite3"
    open_store(str(db)).close()
    with sqlite3.connect(db) as raw:
        raw.execute("DROP INDEX elicence_lookups_logged")  # as an older program made it
    open_store(str(db)).close()
    with sqlite3.connect(db) as raw:
        plan = raw.execute(f"EXPLAIN QUERY PLAN {HOLDER_COUNT}", ("2026-01-01", "%")).fetchall()
    assert any("USING INDEX elicence_lookups_logged" in row[-1] for row in plan), plan
