"""The store's last enrolment is kept in ``meta`` beside its audit entry, for intake to read
before every case without searching the audit log: an upgraded store gets it from the last
``device.enrol`` entry, a store never enrolled ``{}``; a backup from before reads its log."""

from __future__ import annotations

import json
import sqlite3

from counter_app.home import Home
from counter_app.store import database
from counter_app.store.migrations.registry import MIGRATIONS
from counter_app.store.restore_guards import ENROLMENT_META, RecordedEnrolment, recorded_enrolment

BEFORE = "m0037_enrolment_in_meta"


def _old_store(home: Home) -> sqlite3.Connection:
    db = database.connect(home.db_path, 5000)
    MIGRATIONS.apply(db, stop_before=BEFORE)
    return db.conn


def _enrol_entry(conn: sqlite3.Connection, seq: int, device: str, window: str) -> None:
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, hall_code, window_code, action, target, detail,"
        " prev_hash, hash) VALUES (?, '2026-12-01T01:00:00.000000Z', 'cli:it', '310104', ?,"
        " 'device.enrol', ?, ?, 'x', 'y')",
        (seq, window, device, json.dumps({"hall": "310104", "window": window})),
    )


def test_an_upgraded_store_keeps_its_last_enrolment_in_meta(home: Home) -> None:
    conn = _old_store(home)
    _enrol_entry(conn, 1, "DEV-OLD", "W01")
    _enrol_entry(conn, 2, "DEV-NEW", "W02")
    conn.commit()
    assert recorded_enrolment(conn) == RecordedEnrolment("DEV-NEW", "310104", "W02")  # the log
    MIGRATIONS.apply(database.connect(home.db_path, 5000))
    kept = conn.execute("SELECT value FROM meta WHERE key = ?", (ENROLMENT_META,)).fetchone()
    assert json.loads(kept[0]) == {"device_id": "DEV-NEW", "hall": "310104", "window": "W02"}
    assert recorded_enrolment(conn) == RecordedEnrolment("DEV-NEW", "310104", "W02")


def test_a_store_never_enrolled_records_none(home: Home) -> None:
    conn = _old_store(home)
    MIGRATIONS.apply(database.connect(home.db_path, 5000))
    kept = conn.execute("SELECT value FROM meta WHERE key = ?", (ENROLMENT_META,)).fetchone()
    assert json.loads(kept[0]) == {}
    assert recorded_enrolment(conn) is None
