"""Document serials: ``WS-HALL-WINDOW-DEVICE-YYYYMMDD-SEQ``, printed on every receipt and
notice and naming its archived PDF (``<serial>.pdf`` under ``<home>/documents/``).

SEQ comes from the per-day ``document_serial_sequence`` (``counter_app.store.sequences``),
never from the documents present: after a same-day restore the register lacks serials
already on paper. Restore moves the sequence past the serials of the restored database, of
the replaced one and of the archived PDFs, as it does for case numbers. A sequence rather
than "the highest of register and archive" at every issue, because the replaced database is
gone after the restore (only a row in the restored one can remember what it had issued), and
because it keeps one rule for both numbers that go on paper.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from counter_app.config import HallConfig
from counter_app.store.sequences import DOCUMENT_SERIALS, last_taken, note_issued, take_next

_SERIAL_TAIL = re.compile(r"^WS-.*-([0-9]{4})([0-9]{2})([0-9]{2})-([0-9]+)$")


def next_document_serial(db: Database, hall: HallConfig, day: date) -> str:
    """The next serial of this device and hall-local ``day``, taken in the issuing
    transaction: two documents never share a serial, even across windows."""
    parts = ("WS", _part(hall.hall_code), _part(hall.window_code), _part(hall.device_id))
    return f"{'-'.join(parts)}-{day:%Y%m%d}-{take_next(db, DOCUMENT_SERIALS, day):04d}"


def serial_day_and_seq(serial: str) -> tuple[str, int] | None:
    """``(YYYY-MM-DD, SEQ)`` of a document serial; ``None`` for any other text."""
    match = _SERIAL_TAIL.match(serial)
    if match is None:
        return None
    year, month, day, seq = (int(group) for group in match.groups())
    try:
        return date(year, month, day).isoformat(), seq
    except ValueError:
        return None


def issued_document_sequences(conn: sqlite3.Connection) -> dict[str, int]:
    """The highest SEQ per day that this database shows as issued: its sequence table (if it
    has one yet) and the serials in its register, whichever is higher."""
    issued = last_taken(conn, DOCUMENT_SERIALS)
    for (serial,) in conn.execute("SELECT serial FROM documents"):
        _note_serial(issued, serial)
    return issued


def archived_document_sequences(documents_dir: Path) -> dict[str, int]:
    """The highest SEQ per day among the archived PDFs (their names are serials)."""
    issued: dict[str, int] = {}
    for pdf in documents_dir.rglob("*.pdf"):
        _note_serial(issued, pdf.stem)
    return issued


def _note_serial(issued: dict[str, int], serial: str) -> None:
    parsed = serial_day_and_seq(serial)
    if parsed is not None:
        note_issued(issued, *parsed)


def _part(code: str) -> str:
    return "".join(c for c in code.upper() if c.isascii() and c.isalnum())
