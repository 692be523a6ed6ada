"""The case numbers this database holds, as restore and enrolment need them: the highest
sequence issued per day, and the DEVICE parts of the numbers (a replaced PC's among them)."""

from __future__ import annotations

import sqlite3

from counter_app.domain.case_number import looks_like_case_number, parse_case_number
from counter_app.store.sequences import CASE_NUMBERS, last_taken, note_issued


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
