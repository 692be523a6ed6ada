"""The items each clerk opened cases for and when last: the intake screen's recent items.

Reading them from ``cases`` took every case of the store (there is no index on ``clerk``,
and one would be written by every accept). So the store opening folds the cases written
since the last fold into ``clerk_items`` (the newest ``created_at`` per clerk and item), up
to the case rowid kept in ``meta``; a read merges those rows with the clerk's cases past that
rowid, which the table's own B-tree finds. The result is the one the scan gave: a case's
clerk, item and ``created_at`` never change, no case is deleted, and a new case's rowid is
above every earlier one (rowids stay as written: nothing VACUUMs the store, backups copy its
pages). The rowid, not ``created_at``, marks what was folded: a PC clock set back would
give a new case an earlier time.
"""

from __future__ import annotations

import sqlite3

FOLDED_THROUGH = "clerk_items_through"  # meta key: the highest cases rowid folded (m0030)


def fold_clerk_items(conn: sqlite3.Connection) -> None:
    """Fold the cases written since the last fold; call inside a write transaction.

    With nothing new, one lookup in ``meta`` and one failed seek in ``cases``: the same
    work on an empty store as on a big one (the store opening must not grow with size)."""
    (folded,) = conn.execute(
        "SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?", (FOLDED_THROUGH,)
    ).fetchone()
    if conn.execute("SELECT 1 FROM cases WHERE rowid > ? LIMIT 1", (folded,)).fetchone() is None:
        return
    (through,) = conn.execute("SELECT max(rowid) FROM cases").fetchone()
    conn.execute(
        "INSERT INTO clerk_items (clerk, service_item_code, last_at)"
        " SELECT clerk, service_item_code, max(created_at) FROM cases"
        " WHERE rowid > ? AND rowid <= ? GROUP BY clerk, service_item_code"
        " ON CONFLICT (clerk, service_item_code) DO UPDATE"
        " SET last_at = max(last_at, excluded.last_at)",
        (folded, through),
    )
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (FOLDED_THROUGH, str(through)),
    )


def recent_item_codes(conn: sqlite3.Connection, clerk: str, limit: int) -> list[str]:
    """The codes of the items ``clerk`` most recently opened cases for, newest first (a tie
    in time goes by code). One statement: the folded rows and the cases past them are read
    in one snapshot, whatever another process folds meanwhile."""
    rows = conn.execute(
        "SELECT service_item_code FROM ("
        " SELECT service_item_code, last_at FROM clerk_items WHERE clerk = ?1"
        " UNION ALL SELECT service_item_code, created_at FROM cases"
        " WHERE rowid > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?2)"
        " AND clerk = ?1"
        ") GROUP BY service_item_code ORDER BY max(last_at) DESC, service_item_code LIMIT ?3",
        (clerk, FOLDED_THROUGH, limit),
    ).fetchall()
    return [code for (code,) in rows]
