"""The platform store's tables, written once for both SQLite and PostgreSQL.

``{serial}`` becomes each engine's never-reused, monotonic row number: the change feeds'
sequences and cursors rely on it; ``{bytes}`` its binary type. Timestamps are ISO 8601 UTC
text with ``Z``. Case payloads are stored sealed (``central.sealing``), never as plaintext.

Version 2: payloads sealed at rest (version 1, pre-release, kept them as plaintext JSON).
The tables are in ``central.store.tables``: version 2's, and the blocks added since, which
only create new tables (IF NOT EXISTS), and the columns added to a table since stores were
made with it (``ADDED_COLUMNS``), which each engine adds where they are missing, before the
blocks run (a later block may index one; a table a block makes now has them already). Each block
and column added after version 2 counts one more version (``SCHEMA_VERSION``): a store opened
by this program records it, and an older program, which lacks some of them, refuses the store
instead of writing past tables it does not know.
"""

from __future__ import annotations

import re

from central.store.tables import (
    appeals,
    applicants,
    cases,
    devices,
    exports,
    hall,
    hall_hours,
    online,
    operator_log,
    version2,
)

# The first released version (payloads sealed); older stores are pre-release.
FIRST_RELEASED_VERSION = 2

# The blocks in the order a store runs them (PostgreSQL needs a table before a REFERENCES
# to it); a block added later goes at the end.
_BLOCKS = (
    version2.VERSION_2_TABLES,
    devices.AUDIT_CHAIN_TABLES,
    devices.PREFIX_ENROL_TABLES,
    cases.CORRECTION_TABLES,
    cases.PAYMENT_TABLES,
    cases.HALL_QUEUE_TABLES,
    cases.DELIVERY_TABLES,
    hall.DAY_SIGN_OFF_TABLES,
    hall.NOTICE_AUTHOR_TABLES,
    cases.SERVICE_FACT_TABLES,
    hall.STAFF_TABLES,
    hall.STAFF_LOCKOUT_TABLES,
    devices.REPLACEMENT_TABLES,
    hall.APPROVAL_REQUEST_TABLES,
    online.ARRIVAL_TABLES,
    cases.TRACKING_TABLES,
    devices.DEVICE_HEALTH_TABLES,
    online.ELICENCE_TABLES,
    hall.INSTRUCTION_TABLES,
    hall.TICKET_TABLES,
    cases.RATED_CASE_TABLES,
    hall.STAFF_SECOND_FACTOR_TABLES,
    hall.STAFF_CHANGE_AUTHOR_TABLES,
    online.APPOINTMENT_OUTCOME_INDEXES,
    hall_hours.HALL_HOURS_TABLES,
    applicants.CASE_APPLICANT_TABLES,
    cases.BUNDLE_TABLES,
    online.ELICENCE_LOOKUP_INDEXES,
    hall.STAFF_FAILED_ATTEMPT_TABLES,
    devices.PREFIX_HOLDER_INDEXES,
    cases.CASE_TAKEN_INDEXES,
    appeals.APPEAL_DECISION_TABLES,
    online.ARRIVAL_HOLDER_INDEXES,
    online.ARRIVAL_SLOT_INDEXES,
    exports.EXPORT_TABLES,
    operator_log.OPERATOR_LOG_TABLES,
    online.ELICENCE_REVOCATION_TABLES,
)

# Columns a table's block gained after stores were made with it: (table, column, type).
# Rows stored before read NULL there.
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("case_summaries", "decision", "TEXT"),
    ("arrivals", "holder_index", "TEXT"),
    # When the device's latest push batch was stored (``central.store.devices.record_push``):
    # one of its last contacts, kept on its row rather than read off every version it pushed.
    ("devices", "last_push_at", "TEXT"),
    # How many appointments a hall's slot takes (``central.opening_hours``); NULL: the default.
    ("hall_hours", "slot_capacity", "INTEGER"),
    # An appointment's slot, counted against that capacity; NULL for rows stored before.
    ("arrivals", "slot_at", "TEXT"),
    # A case's time limit and department from its newest version (``central.store.case_dates``):
    # counter-central cases --overdue, --due-soon and --summary choose and count by them.
    ("cases", "promised_date", "TEXT"),
    ("cases", "statutory_date", "TEXT"),
    ("cases", "department", "TEXT"),
    # Who made the case an approval request is about (``ApprovalRequestDraft.makers``), JSON.
    ("approval_requests", "makers", "TEXT"),
    # When a catalog version comes into force (``catalog publish --effective-from``, a hall
    # day's midnight); NULL: when it was published.
    ("feed_documents", "effective_from", "TEXT"),
)

SCHEMA_VERSION = FIRST_RELEASED_VERSION + len(_BLOCKS) - 1 + len(ADDED_COLUMNS)

SQLITE_SERIAL = "INTEGER PRIMARY KEY AUTOINCREMENT"
POSTGRES_SERIAL = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
SQLITE_BYTES = "BLOB"
POSTGRES_BYTES = "BYTEA"
# Each engine's triggers keeping the operator log append-only, known by its serial.
_APPEND_ONLY = {
    SQLITE_SERIAL: operator_log.SQLITE_APPEND_ONLY,
    POSTGRES_SERIAL: operator_log.POSTGRES_APPEND_ONLY,
}


def statements(serial: str, binary: str) -> list[str]:
    """The DDL as separate statements with ``{serial}``, ``{bytes}`` and ``{append_only}``
    filled in for one engine. A statement ends at a ";" that ends a line: a trigger's body,
    written on its statement's one line, keeps its own."""
    script = (
        "".join(_BLOCKS)
        .replace("{serial}", serial)
        .replace("{bytes}", binary)
        .replace("{append_only}", _APPEND_ONLY[serial])
    )
    lines = [line.split("--", 1)[0].rstrip() for line in script.splitlines()]
    return [s.strip() for s in re.split(r";$", "\n".join(lines), flags=re.MULTILINE) if s.strip()]
