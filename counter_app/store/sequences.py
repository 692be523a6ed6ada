"""Per-device daily sequences behind the numbers that go on paper: case numbers
(``case_number_sequence``) and document serials (``document_serial_sequence``).

Each table holds, per hall-local day (``YYYY-MM-DD``), the last number taken. A number is
taken inside the transaction that uses it, so a rolled-back intake or issue gives it back
and none is used twice; a restore moves a day past every number already issued
(``counter_app.store.backup``), because the rows lost with the replaced database are
still on paper.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Literal

from sqlite_utils import Database

SequenceTable = Literal["case_number_sequence", "document_serial_sequence"]
CASE_NUMBERS: SequenceTable = "case_number_sequence"
DOCUMENT_SERIALS: SequenceTable = "document_serial_sequence"


def take_next(db: Database, table: SequenceTable, day: date) -> int:
    """Take the next number of ``day`` (in the caller's write transaction: between the
    UPDATE and the INSERT of a day's first number no other writer can come)."""
    if not db.conn.in_transaction:
        raise RuntimeError("take_next needs the caller's open transaction")
    key = (day.isoformat(),)
    # Every number of a day but its first updates the day's row. An UPDATE and a SELECT
    # cost about half the CPU of one upsert with RETURNING, whose row SQLite collects in a
    # temporary table first.
    if db.execute(
        f"UPDATE {table} SET last_seq = last_seq + 1 WHERE day = ?",  # noqa: S608 - a fixed table name
        key,
    ).rowcount:
        row = db.execute(f"SELECT last_seq FROM {table} WHERE day = ?", key).fetchone()  # noqa: S608 - a fixed table name
        return int(row[0])
    db.execute(f"INSERT INTO {table} (day, last_seq) VALUES (?, 1)", key)  # noqa: S608 - a fixed table name
    return 1


def note_issued(issued: dict[str, int], day: str, seq: int) -> None:
    """Record that number ``seq`` of ``day`` was issued (keeping the highest per day)."""
    issued[day] = max(issued.get(day, 0), seq)


def note_all_issued(issued: dict[str, int], more: dict[str, int]) -> None:
    for day, seq in more.items():
        note_issued(issued, day, seq)


def last_taken(conn: sqlite3.Connection, table: SequenceTable) -> dict[str, int]:
    """The last number taken per day; empty when the database predates ``table``."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if exists is None:
        return {}
    return {
        str(day): int(last_seq)
        for day, last_seq in conn.execute(f"SELECT day, last_seq FROM {table}")  # noqa: S608 - a fixed table name
    }


def advance(
    conn: sqlite3.Connection, table: SequenceTable, issued: dict[str, int]
) -> dict[str, int]:
    """Move each day's sequence to at least ``issued`` (so the next number is past every one
    already printed); return the days that moved, with their new last number."""
    current = last_taken(conn, table)
    moved: dict[str, int] = {}
    for day, last_seq in sorted(issued.items()):
        if current.get(day, 0) < last_seq:
            conn.execute(
                f"INSERT INTO {table} (day, last_seq) VALUES (?, ?)"  # noqa: S608 - a fixed table name
                " ON CONFLICT (day) DO UPDATE SET last_seq = excluded.last_seq",
                (day, last_seq),
            )
            moved[day] = last_seq
    return moved
