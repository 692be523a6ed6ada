"""The case numbers this database holds, as restore and enrolment need them: the highest
sequence issued per day, and the DEVICE parts of the numbers (a replaced PC's among them);
and moving the sequence past numbers the platform holds, which this database may lack."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from counter_app.domain.case_number import looks_like_case_number, parse_case_number
from counter_app.store.sequences import CASE_NUMBERS, advance, last_taken, note_issued


def issued_case_sequences(conn: sqlite3.Connection) -> dict[str, int]:
    """The highest sequence number per day that this database shows as issued: its sequence
    table and the numbers of the cases it holds, whichever is higher."""
    issued = last_taken(conn, CASE_NUMBERS)
    for (case_no,) in conn.execute("SELECT case_no FROM cases"):
        if looks_like_case_number(case_no):
            number = parse_case_number(case_no)
            note_issued(issued, number.day.isoformat(), number.seq)
    return issued


def case_number_devices(conn: sqlite3.Connection) -> frozenset[str]:
    """The DEVICE parts of the numbers of the cases held (as in the numbers, upper case):
    besides this workstation's own, those of a PC it replaced (restored from its backup)."""
    return frozenset(row[0] for row in conn.execute("SELECT DISTINCT upper(device_id) FROM cases"))


def move_past(conn: sqlite3.Connection, case_nos: Iterable[str]) -> dict[str, int]:
    """Move each day's case-number sequence past every one of ``case_nos`` (numbers the
    platform holds, which a store put back to an older copy lacks: none may be issued
    again), in the caller's write transaction; the days that moved, with their new last
    number."""
    issued: dict[str, int] = {}
    for case_no in case_nos:
        if looks_like_case_number(case_no):
            number = parse_case_number(case_no)
            note_issued(issued, number.day.isoformat(), number.seq)
    return advance(conn, CASE_NUMBERS, issued)
